"""County-wide figures are computed once per change of the data (reports.cache): a second reader does not
re-aggregate the county, and any change, however it was written, shows on the next request."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.utils import bulk_create_with_history

from orgs.models import Unit, WomenOrganisation
from reports.cache import cache_key, data_version
from reports.selectors import make_scope
from tests.factories import UnitFactory, WomenOrganisationFactory

AGGREGATED_TABLES = ("orgs_womenorganisation", "orgs_post", "training_attendance", "demo_sites_application")


@pytest.fixture
def two_townships(township1, township2):
    """8 of 10 villages have a women's organisation (3 of 4 in 萧江镇, 5 of 6 in 水头镇)."""
    for township, villages in ((township1, 3), (township2, 5)):
        for _ in range(villages):
            WomenOrganisationFactory(unit=UnitFactory(parent=township))
        UnitFactory(parent=township, name=f"{township.name}未建村")
    return township1, township2


def _get(client, url: str = "/reports/dashboard/"):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    tables = {table for table in AGGREGATED_TABLES for q in captured.captured_queries if f'"{table}"' in q["sql"]}
    return response.content.decode(), tables


def test_a_second_reader_gets_the_figures_without_aggregating_the_county(client_for, county_staff, leader,
                                                                        two_townships):
    first, first_tables = _get(client_for(county_staff))
    second, second_tables = _get(client_for(leader))

    assert "80.0%" in first and "80.0%" in second
    assert first_tables == set(AGGREGATED_TABLES)
    assert second_tables == set()


def test_the_status_report_is_computed_once_per_change(client_for, leader, two_townships):
    client = client_for(leader)
    first, first_tables = _get(client, "/reports/status-report/")
    again, again_tables = _get(client, "/reports/status-report/")

    assert first_tables and not again_tables
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert csrf.sub("", first) == csrf.sub("", again)


def test_a_change_made_in_the_admin_shows_on_the_next_request(client_for, county_staff, two_townships, township1):
    client = client_for(county_staff)
    assert "80.0%" in _get(client)[0]
    village = Unit.objects.get(name=f"{township1.name}未建村")

    response = client.post("/admin/orgs/womenorganisation/add/", {
        "unit": village.pk, "name": "新建村妇联", "form": "federation", "formation": "single", "status": "operating",
        "established_on": "2025-03-08", "term_years": "5",
        "posts-TOTAL_FORMS": "0", "posts-INITIAL_FORMS": "0",
        "term_elections-TOTAL_FORMS": "0", "term_elections-INITIAL_FORMS": "0",
    })

    assert response.status_code == 302
    assert "90.0%" in _get(client)[0]


def test_a_bulk_write_with_history_shows_on_the_next_request(client_for, leader, two_townships, township1, township2):
    client = client_for(leader)
    assert "80.0%" in _get(client)[0]
    villages = Unit.objects.filter(name__endswith="未建村")

    bulk_create_with_history(
        [WomenOrganisation(unit=v, township_id=v.township_id, name=f"{v.name}妇联",
                           established_on=datetime.date(2025, 3, 8)) for v in villages],
        WomenOrganisation,
    )

    assert "100.0%" in _get(client)[0]


def test_township_and_county_figures_are_kept_apart(client_for, county_staff, town01, two_townships):
    county_page = _get(client_for(county_staff))[0]
    township_page = _get(client_for(town01))[0]

    assert "水头镇" in county_page and "80.0%" in county_page
    assert "水头镇" not in township_page and "75.0%" in township_page


def test_figures_are_keyed_by_year_township_day_and_data_version(county_staff, township1, two_townships):
    scope = make_scope(user=county_staff, year=2026, today=datetime.date(2026, 11, 30))
    keys = {
        cache_key("f", scope),
        cache_key("f", make_scope(user=county_staff, year=2025, today=datetime.date(2026, 11, 30))),
        cache_key("f", make_scope(user=county_staff, year=2026, township_id=township1.pk,
                                  today=datetime.date(2026, 11, 30))),
        cache_key("f", make_scope(user=county_staff, year=2026, today=datetime.date(2026, 12, 1))),
    }
    version = data_version()
    UnitFactory(parent=township1)

    assert len(keys) == 4
    assert data_version() != version


def test_the_cache_is_shared_by_every_app_server():
    backend = settings.CACHES["default"]["BACKEND"]

    assert backend in ("django.core.cache.backends.db.DatabaseCache", "django.core.cache.backends.redis.RedisCache")


def test_migrate_drops_figures_computed_by_the_previous_release(county_staff):
    from django.core.cache import cache
    from django.core.management import call_command

    cache.set("reports:old-release", {"基层单位": 1})

    call_command("migrate", verbosity=0)

    assert cache.get("reports:old-release") is None


@pytest.mark.django_db
def test_postgresql_does_not_jit_compile_the_portals_queries():
    """JIT compilation cost 0.2 s a query on the county-wide aggregates, more than running them."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"

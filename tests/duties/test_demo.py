"""The demo county's 执委履职: this year's scheme (base 60, items to add and subtract) and records for the
执委 of about half of the villages and communities, linked to their township's activities."""

from __future__ import annotations

import pytest
from django.db.models import Count, F

from duties import selectors
from duties.models import DutyScheme, DutyScoreEntry, ExecutiveDutyRecord, executives, judged_on
from orgs.models import Unit
from tests.demo_county import demo_county_loaded

YEAR = 2025
LOADERS = ["orgs.sample_county.load", "training.sample_county.load", "duties.sample_county.load"]


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    with demo_county_loaded(django_db_blocker, seed=2026, year=YEAR, loaders=LOADERS) as output:
        yield output


pytestmark = [pytest.mark.usefixtures("demo_output"), pytest.mark.django_db]


def test_the_scheme_has_base_60_and_items_to_add_and_subtract(demo_output):
    scheme = DutyScheme.objects.get(year=YEAR)
    assert scheme.base_points == 60
    assert {item.kind for item in scheme.items.all()} == {"add", "subtract"}
    assert "执委履职记录" in demo_output


@pytest.mark.parametrize("kind", [Unit.Kind.VILLAGE, Unit.Kind.COMMUNITY])
def test_about_half_of_the_villages_and_communities_have_records(kind):
    units = Unit.objects.filter(kind=kind).count()
    with_records = (
        ExecutiveDutyRecord.objects.filter(year=YEAR, cadre__unit__kind=kind).values("cadre__unit").distinct().count()
    )
    assert 0.35 * units < with_records < 0.65 * units
    # Every record belongs to a 执委 of that year, in her own township.
    on = judged_on(YEAR)
    assert not ExecutiveDutyRecord.objects.filter(year=YEAR).exclude(cadre__in=executives(on)).exists()
    assert not ExecutiveDutyRecord.objects.exclude(township_id=F("cadre__township_id")).exists()


def test_records_look_plausible():
    records = ExecutiveDutyRecord.objects.filter(year=YEAR).with_points()
    points = [r.points for r in records]
    women = [r.women_in_touch for r in records]
    assert min(points) >= 0 and 60 < sum(points) / len(points) < 90
    assert 10 <= sorted(women)[len(women) // 2] <= 30
    linked = records.annotate(n=Count("activities")).filter(n__gt=0)
    assert linked.count() > len(points) // 2
    # Activities are linked only to her own township's or to events she attended.
    assert not (
        ExecutiveDutyRecord.activities.through.objects.exclude(event__township=F("executivedutyrecord__township"))
        .exclude(event__attendances__cadre=F("executivedutyrecord__cadre"))
        .exists()
    )
    assert DutyScoreEntry.objects.exclude(item__scheme__year=YEAR).count() == 0


def test_every_township_has_some_missing_executives(django_user_model):
    county = django_user_model.objects.get(username="county")
    rows = selectors.missing_by_township(user=county, year=YEAR)
    townships = [row for row in rows if row["township_id"]]
    assert len(townships) == Unit.objects.filter(kind=Unit.Kind.TOWNSHIP).count()
    assert all(row["missing"] > 0 for row in townships)
    assert (
        sum(row["reported"] for row in rows)
        == ExecutiveDutyRecord.objects.filter(year=YEAR, cadre__in=executives(judged_on(YEAR))).count()
    )

"""The demo county's 联系点: every township has a contact person, the 现场推进会's examples are the leader's
with visits, nobody holds more than the "123" quota, visits fall in the year and carry history."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.db.models import Count

from liaison.models import ContactPoint, Visit
from orgs.models import Unit
from tests.demo_county import demo_county_loaded

YEAR = 2025
SEED = 2026


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    loaders = [
        "orgs.sample_county.load",
        "training.sample_county.load",
        "demo_sites.sample_county.load",
        "liaison.sample_county.load",
    ]
    with demo_county_loaded(django_db_blocker, seed=SEED, year=YEAR, loaders=loaders) as output:
        yield output


pytestmark = pytest.mark.usefixtures("demo_output")


def test_every_township_has_a_contact_person(db):
    townships = Unit.objects.filter(kind=Unit.Kind.TOWNSHIP)
    covered = ContactPoint.objects.filter(year=YEAR, unit__kind=Unit.Kind.TOWNSHIP).values("unit").distinct()
    assert covered.count() == townships.count() == 11


def test_the_on_site_meetings_examples_are_the_leaders_and_were_visited(db):
    points = ContactPoint.objects.filter(unit__name__in=("桃源社区", "沿河社区", "立天控股集团"), year=YEAR)
    assert sorted(points.values_list("unit__name", flat=True)) == ["桃源社区", "沿河社区", "立天控股集团"]
    assert set(points.values_list("person__username", flat=True)) == {"leader"}
    assert all(point.visits.count() >= 2 for point in points)


def test_nobody_holds_more_than_the_quota(db):
    rows = ContactPoint.objects.values("person", "year", "category").annotate(n=Count("pk"))
    assert all(row["n"] <= settings.CONTACT_POINT_QUOTA[row["category"]] for row in rows)


def test_visits_fall_in_the_year_with_history_and_some_follow_ups_open(db):
    visits = Visit.objects.all()
    assert visits.count() > 50
    assert all(datetime.date(YEAR, 1, 1) <= v.visited_on <= datetime.date(YEAR, 12, 31) for v in visits)
    assert Visit.history.count() == visits.count()
    assert visits.open_follow_ups().exists() and visits.filter(follow_up_done=True).exists()

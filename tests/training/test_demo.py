"""The demo county's training record carries the seed report's events and figures."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.db.models import F

from orgs.models import Cadre, Post, Unit
from tests.demo_county import demo_county_loaded
from training import selectors
from training.models import Attendance, Event

YEAR = 2025
SEED = 2026
SEED_EVENTS = [
    "县科局级妇女干部素质提升班",
    "全县女性“两代表一委员”培训交流会",
    "新上任的村级妇女干部培训班",
    "城乡社区妇联主席培训班",
]


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    # Only the loaders training builds on, so that this module tests this app's demo data alone.
    loaders = ["orgs.sample_county.load", "training.sample_county.load"]
    with demo_county_loaded(django_db_blocker, seed=SEED, year=YEAR, loaders=loaders) as output:
        yield output


pytestmark = pytest.mark.usefixtures("demo_output")


def test_seed_report_courses_are_county_trainings_with_attendance(db):
    for title in SEED_EVENTS:
        event = Event.objects.get(title=title)
        assert event.category == Event.Category.TRAINING and event.township is None
        assert event.starts_on.year == YEAR
        assert event.attendances.filter(status=Attendance.Status.ATTENDED).count() > 10


def test_on_site_meeting_of_25_september_in_xiaojiang_has_more_than_90_participants(db):
    meeting = Event.objects.get(kind=Event.Kind.ON_SITE, starts_on=datetime.date(YEAR, 9, 25))
    attendees = Cadre.objects.filter(attendances__event=meeting, attendances__status=Attendance.Status.ATTENDED)
    chairs = Post.objects.current(datetime.date(YEAR, 12, 31)).chairs()

    assert "萧江镇" in meeting.place
    assert attendees.count() > 90
    assert set(chairs.filter(organisation__unit__kind=Unit.Kind.COMMUNITY).values_list("cadre", flat=True)) <= set(
        attendees.values_list("pk", flat=True)
    )
    assert attendees.filter(unit__kind=Unit.Kind.TOWNSHIP).count() == 11
    assert attendees.filter(unit__kind=Unit.Kind.VILLAGE).exists()
    assert attendees.filter(unit__name="立天控股集团").exists()


@pytest.fixture
def county_staff(db):
    """The demo's own county account (the suite's cast would clash with its username)."""
    return User.objects.get(username="county")


def test_more_than_50_culture_stage_activities_since_march(county_staff):
    stages = Event.objects.filter(activity_kind=Event.ActivityKind.CULTURE_STAGE, starts_on__year=YEAR)
    counts = {
        r["activity_kind"]: r["activities"]
        for r in selectors.activity_counts(user=county_staff, year=YEAR, since=datetime.date(YEAR, 3, 1))
    }

    assert counts["culture_stage"] > 50
    assert not stages.filter(starts_on__lt=datetime.date(YEAR, 3, 1)).exists()
    assert not stages.filter(starts_on__gt=datetime.date(YEAR, 12, 31)).exists()


def test_every_township_ran_its_own_trainings(db):
    townships = Unit.objects.filter(kind=Unit.Kind.TOWNSHIP)
    organised = set(
        Event.objects.filter(
            category=Event.Category.TRAINING, starts_on__year=YEAR, township__isnull=False
        ).values_list("township", flat=True)
    )

    assert organised == set(townships.values_list("pk", flat=True))


def test_attendance_is_plentiful_scoped_to_the_cadre_township_and_has_history(db):
    assert Attendance.objects.count() >= 5000
    assert not Attendance.objects.filter(cadre__township__isnull=False).exclude(township=F("cadre__township")).exists()
    assert not Attendance.objects.filter(cadre__township__isnull=True, township__isnull=False).exists()
    assert Attendance.history.count() == Attendance.objects.count()


def test_some_chairs_in_post_were_not_trained_this_year(county_staff):
    untrained = selectors.untrained_cadres(
        user=county_staff, year=YEAR, position=Cadre.Position.CHAIR, unit_kind="village"
    )
    shares = {r["unit_kind"]: r for r in selectors.chair_training_share(user=county_staff, year=YEAR)}

    assert 0 < untrained.count() < shares["village"]["chairs"]
    assert shares["village"]["chairs"] - shares["village"]["trained"] == untrained.count()
    assert shares["community"]["share"] > 80

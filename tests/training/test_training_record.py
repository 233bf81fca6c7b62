"""A cadre's record per year, and the list of cadres in a post not trained this year."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from orgs.models import Cadre
from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    CadreFactory,
    EventFactory,
    PostFactory,
    UnitFactory,
    WomenOrganisationFactory,
)
from training import selectors

THIS_YEAR = timezone.localdate().year


def _chair(township, name, kind="village"):
    organisation = WomenOrganisationFactory(unit=UnitFactory(parent=township, kind=kind, name=f"{name}所在单位"))
    return PostFactory(organisation=organisation, cadre__name=name).cadre


@pytest.fixture
def roster(township1, township2):
    """Chairs in 萧江镇 with different records this year, and one in 水头镇."""
    trained = _chair(township1, "已参训")
    absent = _chair(township1, "缺席者")
    last_year = _chair(township1, "去年参训")
    activity_only = _chair(township1, "只参加活动")
    never = _chair(township1, "从未参训")
    community = _chair(township1, "社区主席", kind="community")
    left = _chair(township1, "已离任")
    left.posts.update(ended_on=datetime.date(THIS_YEAR - 1, 12, 31))
    no_post = CadreFactory(unit=UnitFactory(parent=township1), name="无任职")
    other = _chair(township2, "水头未参训")

    course = EventFactory(starts_on=datetime.date(THIS_YEAR, 3, 1), ends_on=datetime.date(THIS_YEAR, 3, 1))
    AttendanceFactory(event=course, cadre=trained)
    AttendanceFactory(event=course, cadre=absent, status="absent")
    old = EventFactory(starts_on=datetime.date(THIS_YEAR - 1, 6, 1), ends_on=datetime.date(THIS_YEAR - 1, 6, 1))
    AttendanceFactory(event=old, cadre=last_year)
    stage = ActivityFactory(starts_on=datetime.date(THIS_YEAR, 4, 1), ends_on=datetime.date(THIS_YEAR, 4, 1))
    AttendanceFactory(event=stage, cadre=activity_only)
    return locals()


def _names(queryset) -> set[str]:
    return {c.name for c in queryset}


def test_untrained_list_holds_exactly_the_cadres_in_post_without_training(county_staff, roster):
    names = _names(selectors.untrained_cadres(user=county_staff, year=THIS_YEAR))

    assert names == {"缺席者", "去年参训", "只参加活动", "从未参训", "社区主席", "水头未参训"}


def test_untrained_list_filters_by_position_kind_and_township(county_staff, township2, roster):
    village_chairs = selectors.untrained_cadres(
        user=county_staff, year=THIS_YEAR, position=Cadre.Position.CHAIR, unit_kind="community"
    )
    in_township2 = selectors.untrained_cadres(user=county_staff, year=THIS_YEAR, township_id=township2.pk)

    assert _names(village_chairs) == {"社区主席"}
    assert _names(in_township2) == {"水头未参训"}


def test_last_year_list_counts_last_year_training(county_staff, roster):
    names = _names(selectors.untrained_cadres(user=county_staff, year=THIS_YEAR - 1))

    assert "去年参训" not in names and "已参训" in names


def test_township_staff_sees_only_her_untrained_cadres(client_for, town01, roster):
    page = client_for(town01).get("/training/untrained/", {"unit_kind": "village"}).content.decode()

    assert "从未参训" in page and "缺席者" in page
    assert "水头未参训" not in page and "已参训</a>" not in page and "社区主席" not in page


def test_cadre_page_shows_trainings_and_hours_per_year(client_for, township1, town01):
    cadre = _chair(township1, "王秀英")
    for month, hours in ((3, 8), (5, 6)):
        day = datetime.date(THIS_YEAR, month, 1)
        AttendanceFactory(
            event=EventFactory(starts_on=day, ends_on=day, hours=hours, title=f"{month}月培训"), cadre=cadre
        )
    old = datetime.date(THIS_YEAR - 1, 9, 1)
    AttendanceFactory(event=EventFactory(starts_on=old, ends_on=old, hours=4), cadre=cadre)

    response = client_for(town01).get(f"/training/cadres/{cadre.pk}/")

    years = {row["year"]: (row["trainings"], row["hours"]) for row in response.context["years"]}
    assert years == {THIS_YEAR: (2, 14), THIS_YEAR - 1: (1, 4)}
    page = response.content.decode()
    assert "3月培训" in page and "5月培训" in page
    # county events are listed but not linked for a township user, who cannot open them
    assert "/training/events/" not in page


def test_county_filters_the_untrained_page_by_township(client_for, county_staff, township2, roster):
    page = client_for(county_staff).get("/training/untrained/", {"township": township2.pk}).content.decode()

    assert "水头未参训" in page and "从未参训" not in page

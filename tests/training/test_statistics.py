"""Figures the reports read: per kind, audience and township, chairs trained, hours, activities."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    EventFactory,
    PostFactory,
    UnitFactory,
    WomenOrganisationFactory,
)
from training import selectors
from training.models import Audience

THIS_YEAR = timezone.localdate().year
MARCH = datetime.date(THIS_YEAR, 3, 5)


def _chair(township, kind="village"):
    return PostFactory(organisation=WomenOrganisationFactory(unit=UnitFactory(parent=township, kind=kind))).cadre


def _event(**kwargs):
    return EventFactory(starts_on=kwargs.pop("starts_on", MARCH), ends_on=kwargs.pop("ends_on", MARCH), **kwargs)


def test_share_of_chairs_trained_this_year(county_staff, township1, township2):
    villages = [_chair(township1) for _ in range(3)] + [_chair(township2)]
    communities = [_chair(township1, "community") for _ in range(2)]
    course = _event()
    for cadre in villages[:2] + communities[:1]:
        AttendanceFactory(event=course, cadre=cadre)
    AttendanceFactory(event=course, cadre=villages[2], status="absent")
    last_year = _event(starts_on=datetime.date(THIS_YEAR - 1, 5, 1), ends_on=datetime.date(THIS_YEAR - 1, 5, 1))
    AttendanceFactory(event=last_year, cadre=villages[3])

    rows = {r["unit_kind"]: r for r in selectors.chair_training_share(user=county_staff, year=THIS_YEAR)}

    assert (rows["village"]["chairs"], rows["village"]["trained"], rows["village"]["share"]) == (4, 2, Decimal("50.0"))
    assert (rows["community"]["chairs"], rows["community"]["trained"]) == (2, 1)
    assert (rows[""]["chairs"], rows[""]["trained"], rows[""]["share"]) == (6, 3, Decimal("50.0"))


def test_chair_share_of_a_township_counts_only_her_chairs(town01, township1, township2):
    mine = _chair(township1)
    _chair(township2)
    AttendanceFactory(event=_event(), cadre=mine)

    rows = selectors.chair_training_share(user=town01, year=THIS_YEAR)

    assert rows[-1] == {"unit_kind": "", "label": "合计", "chairs": 1, "trained": 1, "share": Decimal("100.0")}


def test_events_and_participants_per_kind_and_audience(county_staff, township1):
    audience = Audience.objects.get(name="城乡社区妇联主席")
    course = _event(kind="course")
    course.audiences.add(audience)
    meeting = _event(kind="meeting", organiser=township1)
    cadres = [_chair(township1) for _ in range(3)]
    for cadre in cadres:
        AttendanceFactory(event=course, cadre=cadre)
    AttendanceFactory(event=meeting, cadre=cadres[0])
    AttendanceFactory(event=meeting, cadre=None, name="赵女士")
    AttendanceFactory(event=meeting, cadre=cadres[1], status="absent")

    kinds = {r["kind"]: r for r in selectors.training_by_kind(user=county_staff, year=THIS_YEAR)}
    audiences = {r["audience"]: r for r in selectors.training_by_audience(user=county_staff, year=THIS_YEAR)}

    assert (kinds["course"]["events"], kinds["course"]["participants"], kinds["course"]["cadres"]) == (1, 3, 3)
    assert (kinds["meeting"]["events"], kinds["meeting"]["participants"], kinds["meeting"]["cadres"]) == (1, 2, 1)
    assert kinds["study_tour"] == {
        "kind": "study_tour",
        "label": "外出考察",
        "events": 0,
        "participants": 0,
        "cadres": 0,
    }
    assert audiences["城乡社区妇联主席"] == {"audience": "城乡社区妇联主席", "events": 1, "participants": 3}


def test_per_township_rows_count_own_events_and_own_cadres(county_staff, town01, township1, township2):
    _event(organiser=township1)
    ActivityFactory(organiser=township1, starts_on=MARCH, ends_on=MARCH)
    county_course = _event()
    AttendanceFactory(event=county_course, cadre=_chair(township1))
    AttendanceFactory(event=county_course, cadre=_chair(township2))

    county_rows = {r["township"]: r for r in selectors.training_by_township(user=county_staff, year=THIS_YEAR)}
    town_rows = selectors.training_by_township(user=town01, year=THIS_YEAR)

    assert (
        county_rows["萧江镇"]["trainings"],
        county_rows["萧江镇"]["activities"],
        county_rows["萧江镇"]["cadres"],
    ) == (1, 1, 1)
    assert (county_rows["县妇联"]["trainings"], county_rows["水头镇"]["cadres"]) == (1, 1)
    assert [r["township"] for r in town_rows] == ["萧江镇"]


def test_hours_per_cadre_add_up_this_year_trainings_only(county_staff, township1):
    cadre = _chair(township1)
    AttendanceFactory(event=_event(hours=8), cadre=cadre)
    AttendanceFactory(event=_event(hours=6), cadre=cadre)
    AttendanceFactory(event=_event(hours=4), cadre=cadre, status="absent")
    AttendanceFactory(
        event=_event(starts_on=datetime.date(THIS_YEAR - 1, 3, 1), ends_on=datetime.date(THIS_YEAR - 1, 3, 1)),
        cadre=cadre,
    )
    _chair(township1)  # never trained: not listed

    rows = [(c, c.trainings, c.hours) for c in selectors.hours_per_cadre(user=county_staff, year=THIS_YEAR)]

    assert rows == [(cadre, 2, Decimal("14"))]


def test_activity_counts_per_kind_since_a_date(county_staff, township1):
    for month in (2, 3, 4):
        day = datetime.date(THIS_YEAR, month, 1)
        ActivityFactory(organiser=township1, starts_on=day, ends_on=day, participant_count=100)
    day = datetime.date(THIS_YEAR, 4, 2)
    ActivityFactory(activity_kind="condolence", starts_on=day, ends_on=day, participant_count=7)

    since_march = {
        r["activity_kind"]: r
        for r in selectors.activity_counts(user=county_staff, year=THIS_YEAR, since=datetime.date(THIS_YEAR, 3, 1))
    }
    summary = selectors.training_summary(user=county_staff, year=THIS_YEAR)

    assert (since_march["culture_stage"]["activities"], since_march["culture_stage"]["participants"]) == (2, 200)
    assert since_march["condolence"]["activities"] == 1
    assert (summary["activities"], summary["activity_participants"]) == (4, 307)


def test_statistics_cost_the_same_queries_for_few_and_many_rows(county_staff, township1):
    def run() -> int:
        with CaptureQueriesContext(connection) as context:
            selectors.training_summary(user=county_staff, year=THIS_YEAR)
            selectors.training_by_kind(user=county_staff, year=THIS_YEAR)
            selectors.training_by_audience(user=county_staff, year=THIS_YEAR)
            selectors.training_by_township(user=county_staff, year=THIS_YEAR)
            selectors.chair_training_share(user=county_staff, year=THIS_YEAR)
            selectors.activity_counts(user=county_staff, year=THIS_YEAR)
            list(selectors.hours_per_cadre(user=county_staff, year=THIS_YEAR))
        return len(context)

    def grow(n: int) -> None:
        for _ in range(n):
            event = _event(organiser=township1)
            ActivityFactory(organiser=township1, starts_on=MARCH, ends_on=MARCH)
            AttendanceFactory(event=event, cadre=_chair(township1))

    grow(1)
    run()  # the user's scope is looked up once, then cached on the user object
    small = run()
    grow(15)
    assert run() == small

"""履职积分 = the year's base points + additions − subtractions, never below 0; and what a record refuses."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from duties import services
from duties.models import DutyScheme, DutyScoreEntry, ExecutiveDutyRecord
from tests.duties.conftest import YEAR, item, make_executives
from tests.factories import ActivityFactory, PostFactory

pytestmark = pytest.mark.django_db


def _save(cadre, by, scores=None, year=YEAR, **fields):
    return services.record_save(
        cadre=cadre, year=year, women_in_touch=fields.pop("women_in_touch", 12), scores=scores or {}, by=by, **fields
    )


def _points(record) -> int:
    return ExecutiveDutyRecord.objects.with_points().get(pk=record.pk).points


def test_a_record_without_items_scores_the_base_points(scheme, executive1, town01):
    assert _points(_save(executive1, town01)) == 60


def test_points_are_base_plus_additions_minus_subtractions(scheme, executive1, town01):
    record = _save(
        executive1,
        town01,
        {item(scheme, "组织").pk: 3, item(scheme, "参加").pk: 2, item(scheme, "无故").pk: 1},
    )
    assert _points(record) == 60 + 3 * 5 + 2 * 3 - 10  # 71


def test_points_never_fall_below_zero(scheme, executive1, town01):
    subtract = item(scheme, "无故")
    exactly_zero = _save(executive1, town01, {subtract.pk: 6})  # 60 − 60
    assert _points(exactly_zero) == 0
    below = _save(executive1, town01, {subtract.pk: 7})  # 60 − 70
    assert _points(below) == 0
    one_above = _save(executive1, town01, {subtract.pk: 5, item(scheme, "组织").pk: 1})  # 60 − 50 + 5
    assert _points(one_above) == 15


def test_changing_the_schemes_base_changes_every_records_points(scheme, executive1, town01):
    record = _save(executive1, town01, {item(scheme, "组织").pk: 1})
    DutyScheme.objects.filter(pk=scheme.pk).update(base_points=80)
    assert _points(record) == 85


def test_saving_again_replaces_the_entries(scheme, executive1, town01):
    record = _save(executive1, town01, {item(scheme, "组织").pk: 3, item(scheme, "参加").pk: 1})
    again = _save(executive1, town01, {item(scheme, "组织").pk: 0, item(scheme, "参加").pk: 4})
    assert again.pk == record.pk
    assert list(DutyScoreEntry.objects.values_list("item__name", "times")) == [("参加妇联会议", 4)]
    assert _points(record) == 72


def test_an_item_of_another_years_scheme_is_refused_and_nothing_is_saved(scheme, executive1, town01):
    other = DutyScheme.objects.create(year=YEAR - 1, base_points=50)
    stale = other.items.create(name="组织开展妇女活动", kind="add", points=5)
    with pytest.raises(ValidationError, match="不属于本年度"):
        _save(executive1, town01, {stale.pk: 1})
    assert not ExecutiveDutyRecord.objects.exists()


@pytest.mark.parametrize("times", [100, -1])
def test_a_count_out_of_range_is_refused(scheme, executive1, town01, times):
    with pytest.raises(ValidationError, match="次数"):
        _save(executive1, town01, {item(scheme, "组织").pk: times})
    assert not ExecutiveDutyRecord.objects.exists()


def test_without_the_countys_scheme_nothing_can_be_filled_in(executive1, town01):
    with pytest.raises(ValidationError, match="尚未设置"):
        _save(executive1, town01)
    assert not ExecutiveDutyRecord.objects.exists()


def test_a_cadre_who_was_no_executive_that_year_has_no_record(scheme, township1, town01):
    chair = PostFactory(organisation__unit__parent=township1, position="chair").cadre
    with pytest.raises(ValidationError, match="未担任执委"):
        _save(chair, town01)
    left = make_executives(township1, 1, "沿河村", started_on=datetime.date(YEAR - 3, 1, 1))[0]
    left.posts.update(ended_on=datetime.date(YEAR - 1, 12, 31))
    with pytest.raises(ValidationError, match="未担任执委"):
        _save(left, town01)


def test_a_year_still_to_come_is_refused(scheme, executive1, town01):
    DutyScheme.objects.create(year=YEAR + 1)
    with pytest.raises(ValidationError, match="年度"):
        _save(executive1, town01, year=YEAR + 1)


def test_one_record_per_executive_and_year_each_change_in_history(scheme, executive1, town01):
    event = ActivityFactory(organiser=executive1.township)
    record = _save(executive1, town01, {item(scheme, "组织").pk: 1}, activities=[event])
    _save(executive1, town01, {item(scheme, "组织").pk: 2}, activities=[], women_in_touch=15)

    assert ExecutiveDutyRecord.objects.count() == 1
    history = list(record.history.order_by("history_id").values_list("history_type", "women_in_touch"))
    # Linking activities writes a history row of its own (django-simple-history's m2m tracking).
    assert history[0] == ("+", 12) and history[-1] == ("~", 15)
    entry = DutyScoreEntry.objects.get()
    assert list(entry.history.order_by("history_id").values_list("times", flat=True)) == [1, 2]
    linked = [[a.event_id for a in row.activities.all()] for row in record.history.order_by("history_id")]
    assert [event.pk] in linked and linked[-1] == []


def test_leadership_may_not_write(scheme, executive1, leader):
    with pytest.raises(PermissionDenied):
        _save(executive1, leader)


def test_deleting_a_record_takes_its_entries_and_keeps_history(scheme, executive1, town01):
    record = _save(executive1, town01, {item(scheme, "组织").pk: 1})
    services.record_delete(record=record, by=town01)
    assert not ExecutiveDutyRecord.objects.exists() and not DutyScoreEntry.objects.exists()
    assert ExecutiveDutyRecord.history.filter(history_type="-").count() == 1

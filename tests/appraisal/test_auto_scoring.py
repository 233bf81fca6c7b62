"""Automatic items are scored from the portal's own figures, exactly at the target's boundary, and say how."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from appraisal import auto_scoring
from appraisal.models import Assessment, TaskItem
from appraisal.services import WorkflowError, task_list_auto_score
from tests.factories import UnitFactory, WomenOrganisationFactory

RULE = auto_scoring.RULES["villages_rate"]
FIVE = Decimal(5)


@pytest.mark.parametrize(
    ("numerator", "denominator", "target", "reached"),
    [
        (19, 20, "95", True),  # exactly the target
        (18, 20, "95", False),
        (29, 100, "29", True),  # 0.29 × 100 is 28.999… in floating point: compared exactly
        (949, 1000, "95", False),
        (1, 1, "100", True),
        (0, 3, "100", False),
    ],
)
def test_rate_reaches_the_target_exactly_at_its_boundary(numerator, denominator, target, reached):
    outcome = auto_scoring.evaluate_rate(
        RULE, numerator=numerator, denominator=denominator, target=Decimal(target), points=FIVE
    )
    assert outcome.reached is reached
    assert outcome.score == (FIVE if reached else 0)


def test_explanation_says_the_figure_the_target_and_the_score():
    outcome = auto_scoring.evaluate_rate(RULE, numerator=59, denominator=60, target=Decimal(95), points=FIVE)
    assert outcome.explanation == "村级妇女组织组建率 98.3%（59/60），目标 ≥ 95%，得 5 分"


def test_a_rate_just_short_never_shows_as_the_target():
    outcome = auto_scoring.evaluate_rate(RULE, numerator=9499, denominator=10000, target=Decimal(95), points=FIVE)
    assert not outcome.reached and "94.9%" in outcome.explanation


def test_nothing_to_count_counts_as_done():
    outcome = auto_scoring.evaluate_rate(RULE, numerator=0, denominator=0, target=Decimal(95), points=FIVE)
    assert outcome.reached and "视同完成" in outcome.explanation


def test_confirmation_on_the_deadline_is_on_time():
    rule = auto_scoring.RULES["figures_confirmed"]
    deadline = datetime.date(2026, 12, 31)
    assert auto_scoring.evaluate_confirmation(rule, confirmed_on=deadline, deadline=deadline, points=FIVE).reached
    late = auto_scoring.evaluate_confirmation(
        rule, confirmed_on=deadline + datetime.timedelta(days=1), deadline=deadline, points=FIVE
    )
    assert not late.reached and late.score == 0


def _villages(township, total: int, established: int) -> None:
    for index in range(total):
        unit = UnitFactory(parent=township)
        if index < established:
            WomenOrganisationFactory(unit=unit)


def test_service_scores_every_township_from_its_figures(auto_item, township1, township2, county_staff):
    _villages(township1, 20, 19)  # 95%: reached
    _villages(township2, 20, 18)  # 90%: not
    changed = task_list_auto_score(task_list=auto_item.task_list, by=county_staff)
    assert changed == 2
    mine = Assessment.objects.get(item=auto_item, unit=township1)
    theirs = Assessment.objects.get(item=auto_item, unit=township2)
    assert (mine.status, mine.score) == (Assessment.Status.SCORED, FIVE)
    assert mine.explanation == "村级妇女组织组建率 95.0%（19/20），目标 ≥ 95%，得 5 分"
    assert theirs.score == 0 and "90.0%（18/20）" in theirs.explanation
    auto_item.task_list.refresh_from_db()
    assert auto_item.task_list.computed_at is not None
    # Computing again with the same figures changes nothing and adds no trail rows.
    trail = mine.changes.count()
    assert task_list_auto_score(task_list=auto_item.task_list, by=county_staff) == 0
    assert mine.changes.count() == trail


def test_township_staff_cannot_compute_scores(auto_item, town01):
    with pytest.raises(WorkflowError, match="没有考核评分的权限"):
        task_list_auto_score(task_list=auto_item.task_list, by=town01)
    assert not Assessment.objects.filter(item=auto_item, status=Assessment.Status.SCORED).exists()


def test_an_automatic_item_needs_a_rule_and_a_target(township_list):
    item = TaskItem(
        task_list=township_list,
        heading="组织建设",
        name="组建率",
        content="x",
        points=FIVE,
        done_criteria="x",
        deadline=datetime.date(township_list.year, 11, 30),
        scoring=TaskItem.Scoring.AUTOMATIC,
        rule="villages_rate",
    )
    with pytest.raises(Exception, match="须填写目标值"):
        item.full_clean()

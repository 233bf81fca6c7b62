"""Automatic scoring: each automatic item of a published township list, for every township, from the
figures the portal already reports (``reports.indicators.figures``) and the year's 填报确认.

County staff press 自动评分 (or the demo county does); every township's item gets the rule's score and the
sentence that says how (``auto_scoring``), and the list remembers when it was computed. A score that did not
change writes nothing, so recomputing leaves the trail as it was."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from appraisal import auto_scoring
from appraisal.models import Assessment, Category, TaskItem, TaskList
from appraisal.services.tasks import assessments_ensure
from appraisal.services.workflow import SCORE, WorkflowError, record_transition
from reports.indicators import figures
from reports.indicators.catalogue import BY_CODE
from reports.models import YearConfirmation
from reports.selectors import make_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Status = Assessment.Status
AUTO_COMMENT = "系统自动评分"


def outcome_for(item: TaskItem, table: figures.FigureTable, township_id: int, confirmed: dict) -> auto_scoring.Outcome:
    """The rule's outcome for one township (pure given the figures and the confirmations)."""
    rule = item.rule_spec
    assert rule is not None, f"item {item.pk} has no rule"
    if rule.kind == auto_scoring.CONFIRMED_ON_TIME:
        return auto_scoring.evaluate_confirmation(
            rule, confirmed_on=confirmed.get(township_id), deadline=item.deadline, points=item.points
        )
    row = table.row_for(township_id)
    values = row.values if row is not None else {}
    indicator = BY_CODE[rule.indicator]

    def count(code: str) -> int:
        return figures.derive(BY_CODE[code], values) or 0

    if rule.kind == auto_scoring.RATE:
        assert indicator.numerator and indicator.denominator
        return auto_scoring.evaluate_rate(
            rule,
            numerator=count(indicator.numerator),
            denominator=count(indicator.denominator),
            target=item.target,
            points=item.points,
        )
    return auto_scoring.evaluate_count(rule, value=count(indicator.code), target=item.target, points=item.points)


def confirmations(year: int) -> dict[int, datetime.date]:
    """township id -> the day its figures of ``year`` were confirmed (those confirmed and not returned)."""
    rows = YearConfirmation.objects.filter(year=year, status=YearConfirmation.Status.CONFIRMED).values_list(
        "township_id", "confirmed_at"
    )
    return {township_id: timezone.localdate(at) for township_id, at in rows}


@transaction.atomic
def task_list_auto_score(*, task_list: TaskList, by: User, today: datetime.date | None = None) -> int:
    """Score every automatic item of ``task_list`` for every township; returns how many scores changed."""
    if not by.has_perm(SCORE):
        raise WorkflowError("您没有考核评分的权限。")
    locked = TaskList.objects.select_for_update().select_related("category").get(pk=task_list.pk)
    if not locked.is_published:
        raise WorkflowError("该工作任务尚未发布，不能评分。")
    if locked.category.assessee != Category.Assessee.TOWNSHIP:
        raise WorkflowError("只有乡镇（街道）的工作任务可以按统计数据自动评分。")
    items = [item for item in locked.items.all() if item.is_automatic]
    assessments_ensure(task_list=locked, by=by)
    now = timezone.now()
    if items:
        table = figures.for_scope(make_scope(user=None, year=locked.year, today=today))
        confirmed = confirmations(locked.year)
        rows = (
            Assessment.objects.select_for_update(of=("self",))
            .filter(item__in=items)
            .select_related("item__task_list__category", "unit")
        )
        changed = 0
        for assessment in rows:
            outcome = outcome_for(assessment.item, table, assessment.unit_id, confirmed)
            if (
                assessment.status == Status.SCORED
                and assessment.score == outcome.score
                and assessment.explanation == outcome.explanation
            ):
                continue
            record_transition(
                assessment,
                Status.SCORED,
                by,
                AUTO_COMMENT,
                tell=False,
                score=outcome.score,
                explanation=outcome.explanation,
                scored_by=by,
                scored_at=now,
            )
            changed += 1
    else:
        changed = 0
    locked.computed_at = now
    locked.save(update_fields=["computed_at", "updated_at"])
    return changed

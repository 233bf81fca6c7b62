"""The township's 待办 names her 考核 items returned for more evidence, and those due soon or overdue."""

from __future__ import annotations

import datetime

from appraisal.services import assessment_report, assessment_return
from tests.appraisal.conftest import pdf
from workbench.todo import township_todos


def test_returned_item_is_an_urgent_todo_with_the_county_comment(mine, town01, county_staff):
    assessment_report(assessment=mine, by=town01, note="已完成。", uploads=[pdf()])
    assessment_return(assessment=mine, by=county_staff, comment="请补充来访登记表。")
    todo = next(t for t in township_todos(user=town01) if t.kind == "appraisal_returned")
    assert todo.urgent and todo.title == "考核任务被退回补充：妇女儿童维权服务"
    assert todo.details == ("县妇联意见：请补充来访登记表。",) and todo.url == f"/appraisal/assessments/{mine.pk}/"


def test_items_due_within_30_days_are_announced_and_overdue_ones_urgent(mine, town01, manual_item):
    deadline = manual_item.deadline
    far = township_todos(user=town01, today=deadline - datetime.timedelta(days=31))
    assert not [t for t in far if t.kind == "appraisal_due"]
    near = next(
        t
        for t in township_todos(user=town01, today=deadline - datetime.timedelta(days=30))
        if t.kind == "appraisal_due"
    )
    assert near.title == "1 项考核任务待报送" and not near.urgent
    late = next(
        t for t in township_todos(user=town01, today=deadline + datetime.timedelta(days=1)) if t.kind == "appraisal_due"
    )
    assert late.urgent


def test_reported_and_automatic_items_are_not_todos(mine, town01):
    assessment_report(assessment=mine, by=town01, note="已完成。", uploads=[pdf()])
    today = mine.item.deadline
    assert not [t for t in township_todos(user=town01, today=today) if t.kind.startswith("appraisal")]

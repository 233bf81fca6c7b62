"""The 考核 workflow: a township reports an item with a note and evidence, the county scores it or returns it
for more evidence; every move leaves a trail row and tells the other side; illegal moves change nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from appraisal.models import Assessment, AssessmentAttachment, AssessmentChange, TaskList
from appraisal.services import (
    TRANSITIONS,
    WorkflowError,
    assessment_report,
    assessment_return,
    assessment_score,
    task_list_publish,
)
from notices.models import Message
from tests.appraisal.conftest import make_item, make_list, pdf

Status = Assessment.Status


def _snapshot():
    return (
        list(Assessment.objects.values_list("pk", "status", "score", "note", "comment").order_by("pk")),
        AssessmentChange.objects.count(),
        AssessmentAttachment.objects.count(),
        Message.objects.count(),
    )


def test_township_reports_with_evidence_and_the_county_is_told(mine, town01):
    assessment_report(assessment=mine, by=town01, note="全年受理来访12件，均已办结。", uploads=[pdf()])
    mine.refresh_from_db()
    assert mine.status == Status.REPORTED and mine.reported_at is not None
    assert mine.attachments.get().original_name == "活动照片.pdf"
    change = mine.changes.get()
    assert (change.from_status, change.to_status, change.by) == (Status.PENDING, Status.REPORTED, town01)
    message = Message.objects.get()
    assert message.township is None and "萧江镇报送了" in message.subject and "待评分" in message.subject


def test_report_without_the_evidence_asked_for_is_refused(mine, town01):
    before = _snapshot()
    with pytest.raises(WorkflowError, match="要求提供佐证材料"):
        assessment_report(assessment=mine, by=town01, note="已完成。")
    assert _snapshot() == before


def test_report_without_a_note_is_refused(mine, town01):
    before = _snapshot()
    with pytest.raises(WorkflowError, match="请填写完成情况说明"):
        assessment_report(assessment=mine, by=town01, note="  ", uploads=[pdf()])
    assert _snapshot() == before


def test_county_scores_and_the_township_is_told(mine, town01, county_staff):
    assessment_report(assessment=mine, by=town01, note="已完成。", uploads=[pdf()])
    assessment_score(assessment=mine, by=county_staff, score="4.5", comment="台账不够规范，扣0.5分。")
    mine.refresh_from_db()
    assert (mine.status, mine.score, mine.comment) == (Status.SCORED, Decimal("4.5"), "台账不够规范，扣0.5分。")
    assert mine.changes.last().score == Decimal("4.5")
    told = Message.objects.get(township=mine.township)
    assert "已评分：4.5 分" in told.subject and "台账不够规范" in told.body


@pytest.mark.parametrize(
    ("score", "message"), [("5.5", "不能超过该项分值 5 分"), ("-1", "不能为负数"), ("x", "请填写得分")]
)
def test_score_outside_the_items_points_is_refused(mine, town01, county_staff, score, message):
    assessment_report(assessment=mine, by=town01, note="已完成。", uploads=[pdf()])
    before = _snapshot()
    with pytest.raises(WorkflowError, match=message):
        assessment_score(assessment=mine, by=county_staff, score=score)
    assert _snapshot() == before


def test_return_for_more_evidence_then_report_again(mine, town01, county_staff):
    assessment_report(assessment=mine, by=town01, note="已完成。", uploads=[pdf()])
    with pytest.raises(WorkflowError, match="写明需要补充的材料"):
        assessment_return(assessment=mine, by=county_staff, comment="")
    assessment_return(assessment=mine, by=county_staff, comment="请补充来访登记表。")
    mine.refresh_from_db()
    assert mine.status == Status.RETURNED
    assert "被退回补充" in Message.objects.get(township=mine.township).subject
    assessment_report(assessment=mine, by=town01, note="已补充。", uploads=[pdf("登记表.pdf")])
    mine.refresh_from_db()
    assert mine.status == Status.REPORTED and mine.attachments.count() == 2
    assert [c.to_status for c in mine.changes.all()] == [Status.REPORTED, Status.RETURNED, Status.REPORTED]
    assert "补充报送" in Message.objects.filter(township=None).order_by("pk").last().subject


def test_township_staff_cannot_score_or_return(mine, town01):
    assessment_report(assessment=mine, by=town01, note="已完成。", uploads=[pdf()])
    before = _snapshot()
    with pytest.raises(WorkflowError, match="没有评分的权限"):
        assessment_score(assessment=mine, by=town01, score="5")
    with pytest.raises(WorkflowError, match="没有退回补充的权限"):
        assessment_return(assessment=mine, by=town01, comment="x")
    assert _snapshot() == before


def test_leader_changes_nothing(mine, town01, leader):
    assessment_report(assessment=mine, by=town01, note="已完成。", uploads=[pdf()])
    before = _snapshot()
    with pytest.raises(WorkflowError):
        assessment_score(assessment=mine, by=leader, score="5")
    assert _snapshot() == before


def test_township_cannot_report_another_townships_item(theirs, town01):
    before = _snapshot()
    with pytest.raises(WorkflowError, match="其他乡镇"):
        assessment_report(assessment=theirs, by=town01, note="已完成。", uploads=[pdf()])
    assert _snapshot() == before


def test_a_scored_item_cannot_be_reported_again(mine, town01, county_staff):
    assessment_report(assessment=mine, by=town01, note="已完成。", uploads=[pdf()])
    assessment_score(assessment=mine, by=county_staff, score="5")
    before = _snapshot()
    with pytest.raises(WorkflowError, match="当前状态为“已评分”，不能报送"):
        assessment_report(assessment=mine, by=town01, note="再报。", uploads=[pdf()])
    assert _snapshot() == before


def test_automatic_items_are_neither_reported_nor_scored_by_hand(auto_item, township1, town01, county_staff):
    assessment = Assessment.objects.get(item=auto_item, unit=township1)
    with pytest.raises(WorkflowError, match="自动评分"):
        assessment_report(assessment=assessment, by=town01, note="已完成。")
    with pytest.raises(WorkflowError, match="自动评分"):
        assessment_score(assessment=assessment, by=county_staff, score="5")


def test_every_transition_names_a_permission_of_this_app():
    assert all(perm.startswith("appraisal.") for perm in TRANSITIONS.values())
    assert (Status.SCORED, Status.REPORTED) not in TRANSITIONS  # a score stands; the county revises it


def test_publishing_opens_every_item_to_every_assessee(township_category, year, township1, township2, county_staff):
    task_list = make_list(township_category, year, status=TaskList.Status.DRAFT)
    make_item(task_list, 1)
    make_item(task_list, 2)
    assert not Assessment.objects.exists()
    task_list_publish(task_list=task_list, by=county_staff)
    assert Assessment.objects.filter(item__task_list=task_list, status=Status.PENDING).count() == 4
    with pytest.raises(WorkflowError, match="已发布"):
        task_list_publish(task_list=task_list, by=county_staff)


def test_township_staff_cannot_publish(township_category, year, town01):
    task_list = make_list(township_category, year, status=TaskList.Status.DRAFT)
    make_item(task_list, 1)
    with pytest.raises(WorkflowError, match="没有发布"):
        task_list_publish(task_list=task_list, by=town01)


def test_an_item_of_an_organ_list_cannot_be_automatic(organ_category, year):
    task_list = make_list(organ_category, year, status=TaskList.Status.DRAFT)
    item = make_item(task_list, 1, scoring="automatic", rule="villages_rate", target=Decimal(95))
    with pytest.raises(ValidationError, match="只能报送评分"):
        item.full_clean()


def test_points_cannot_drop_below_a_score_given(mine, town01, county_staff, manual_item):
    assessment_report(assessment=mine, by=town01, note="已完成。", uploads=[pdf()])
    assessment_score(assessment=mine, by=county_staff, score="5")
    manual_item.points = Decimal("4")
    with pytest.raises(ValidationError, match="不能把分值改小"):
        manual_item.full_clean()

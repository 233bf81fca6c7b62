"""The steps of one assessment: the township (or the county, for an organ) reports an item with a note and
evidence; county staff score it with a comment or return it for more evidence; automatic items are scored
from the portal's figures (``auto_score``)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from appraisal.models import Assessment, AssessmentAttachment, points_text
from appraisal.services.workflow import (
    REPORT,
    WorkflowError,
    lock_assessment,
    lock_for_transition,
    record_transition,
)
from files.storage import save_with_file

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Status = Assessment.Status


def _add_attachment(locked: Assessment, upload, by: User) -> AssessmentAttachment:
    attachment = AssessmentAttachment(
        assessment=locked,
        file=upload,
        original_name=(upload.name or "附件")[-200:],
        size=upload.size or 0,
        uploaded_by=by,
    )
    attachment.full_clean()
    save_with_file(attachment)  # the file, then the row: a crash leaves at worst a file no row names
    return attachment


@transaction.atomic
def assessment_report(*, assessment: Assessment, by: User, note: str, uploads: Iterable = ()) -> Assessment:
    """报送: the note on what was done and any new evidence; an item that asks for evidence needs at least
    one file. Reporting again after 退回补充 keeps the earlier files."""
    locked = lock_for_transition(assessment, Status.REPORTED, by)
    if locked.item.is_automatic:
        raise WorkflowError("该任务由系统根据统计数据自动评分，无需报送。")
    note = note.strip()
    if not note:
        raise WorkflowError({"note": "请填写完成情况说明。"})
    uploads = list(uploads)
    if uploads and not by.has_perm("appraisal.add_assessmentattachment"):
        raise WorkflowError("您没有上传佐证材料的权限。")
    for upload in uploads:
        _add_attachment(locked, upload, by)
    if locked.item.evidence_required.strip() and not locked.attachments.exists():
        raise WorkflowError(
            {"uploads": f"该任务要求提供佐证材料（{locked.item.evidence_required.strip()}），请上传后再报送。"}
        )
    record_transition(locked, Status.REPORTED, by, note, note=note, reported_at=timezone.now())
    return locked


@transaction.atomic
def attachment_delete(*, attachment: AssessmentAttachment, by: User) -> None:
    locked = lock_assessment(attachment.assessment, by)
    if not (by.has_perm(REPORT) and by.has_perm("appraisal.delete_assessmentattachment")):
        raise WorkflowError("您没有删除佐证材料的权限。")
    if not locked.is_reportable:
        raise WorkflowError(f"该任务当前状态为“{locked.get_status_display()}”，不能删除佐证材料。")
    stored = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))


def _score_value(raw, points: Decimal) -> Decimal:
    try:
        score = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError) as exc:
        raise WorkflowError({"score": "请填写得分（数字）。"}) from exc
    if not score.is_finite() or score < 0:
        raise WorkflowError({"score": "得分不能为负数。"})
    if score > points:
        raise WorkflowError({"score": f"得分不能超过该项分值 {points_text(points)} 分。"})
    if score != score.quantize(Decimal("0.1")):
        raise WorkflowError({"score": "得分最多保留一位小数。"})
    return score


@transaction.atomic
def assessment_score(*, assessment: Assessment, by: User, score, comment: str = "") -> Assessment:
    """评分: a manual item's score (0 to the item's points, one decimal) and the county's comment."""
    locked = lock_for_transition(assessment, Status.SCORED, by)
    if locked.item.is_automatic:
        raise WorkflowError("该任务由系统根据统计数据自动评分，不能手工评分。")
    value = _score_value(score, locked.item.points)
    comment = comment.strip()
    record_transition(
        locked,
        Status.SCORED,
        by,
        comment,
        score=value,
        comment=comment,
        scored_by=by,
        scored_at=timezone.now(),
    )
    return locked


@transaction.atomic
def assessment_return(*, assessment: Assessment, by: User, comment: str) -> Assessment:
    """退回补充: the county asks for more evidence; the township reports again."""
    locked = lock_for_transition(assessment, Status.RETURNED, by)
    comment = comment.strip()
    if not comment:
        raise WorkflowError({"comment": "退回时请写明需要补充的材料。"})
    record_transition(locked, Status.RETURNED, by, comment, comment=comment)
    return locked

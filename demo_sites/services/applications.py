"""Applications (申报): creating, editing, submitting and deleting them, their attachments, and the county's
acceptance decision, which names the 示范点 when it passes."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from demo_sites.models import (
    Acceptance,
    AcceptanceScore,
    Application,
    Attachment,
    Decision,
    Designation,
    DesignationChange,
    SelfAssessment,
    plain,
)
from demo_sites.services.criteria import criteria_set_for, parse_score, scored_rows
from demo_sites.services.designations import State, record_designation_change, refuse_second_designation
from demo_sites.services.workflow import (
    DECISION_STATUS,
    Status,
    WorkflowError,
    lock_application,
    lock_for_transition,
    record_creation,
    record_transition,
)
from files.storage import save_with_file
from orgs import ownership, scoping
from orgs.models import Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from orgs.scoping import AnyUser

# --- applications (township) ----------------------------------------------------------------------


def _require_editable(locked: Application, by: User) -> None:
    if not by.has_perm("demo_sites.change_application"):
        raise WorkflowError("您没有修改申报的权限。")
    if not locked.is_editable:
        raise WorkflowError(f"该申报当前状态为“{locked.get_status_display()}”，不能修改。", code="not_editable")


@transaction.atomic
def application_create(
    *, unit: Unit, category: str, level: str, year: int, by: User, summary: str = "", contact: str = ""
) -> Application:
    if not by.has_perm("demo_sites.add_application"):
        raise WorkflowError("您没有新建申报的权限。")
    if not scoping.scope(Unit.objects.filter(pk=unit.pk), by).exists():
        raise WorkflowError("只能为本乡镇的单位申报。")
    criteria_set = criteria_set_for(category=category, year=year)
    application = Application(
        unit=unit,
        category=category,
        level=level,
        year=year,
        criteria_set=criteria_set,
        summary=summary,
        contact=contact,
        created_by=by,
    )
    application.set_default_deadline()
    application.full_clean()
    application.save()
    assessments = [SelfAssessment(application=application, criterion=c) for c in criteria_set.criteria.all()]
    ownership.assign_townships(assessments)
    SelfAssessment.objects.bulk_create(assessments)
    record_creation(application, by, "新建申报")
    return application


@transaction.atomic
def application_update(
    *, application: Application, by: User, summary: str, contact: str, assessments: Mapping[int, tuple[str, object]]
) -> Application:
    """Save the self-assessment: criterion id -> (evidence, score). Scores may stay empty until submission."""
    locked = lock_application(application, by)
    _require_editable(locked, by)
    criteria = {c.pk: c for c in locked.criteria_set.criteria.all()}
    unknown = set(assessments) - set(criteria)
    if unknown:
        raise ValidationError("评分项与该申报的评价标准不一致，请刷新页面后重试。")
    rows = {row.criterion_id: row for row in locked.self_assessments.all()}
    changed = []
    for criterion_id, (evidence, raw_score) in assessments.items():
        score = parse_score(raw_score, criteria[criterion_id], required=False)
        row = rows.get(criterion_id) or SelfAssessment(application=locked, criterion=criteria[criterion_id])
        if row.pk is None or row.evidence != evidence or row.score != score:
            row.evidence, row.score = evidence, score
            changed.append(row)
    for row in changed:
        row.save()
    locked.summary, locked.contact = summary, contact
    locked.full_clean()
    locked.save(update_fields=["summary", "contact", "updated_at"])
    return locked


@transaction.atomic
def application_submit(*, application: Application, by: User, comment: str = "") -> Application:
    """提交 (or 整改后重新提交): every criterion needs evidence and a self score; a resubmission
    says what was rectified."""
    locked = lock_for_transition(application, Status.SUBMITTED, by)
    rows = list(locked.self_assessments.select_related("criterion"))
    missing = [row.criterion.name for row in rows if row.score is None or not row.evidence.strip()]
    if missing or not rows:
        raise WorkflowError(
            f"以下评分项尚未填写自评情况或自评分：{'、'.join(missing)}。" if missing else "该申报没有评分项。"
        )
    if locked.status == Status.RECTIFYING and not comment.strip():
        raise WorkflowError("重新提交时请说明整改落实情况。")
    record_transition(locked, Status.SUBMITTED, by, comment or "提交申报", submitted_at=timezone.now())
    return locked


def may_delete(*, application: Application, user: AnyUser) -> bool:
    """Whether to offer 删除草稿 (``application_delete`` re-checks under the lock)."""
    return (
        application.status == Status.DRAFT
        and user.has_perm("demo_sites.delete_application")
        and scoping.in_scope(user, application.township_id)
        and (application.township_id is None or scoping.township_id_of(user) == application.township_id)
    )


@transaction.atomic
def application_delete(*, application: Application, by: User) -> None:
    """删除草稿: only a draft, only by its own township (the county for its organs' drafts). Its attachments'
    files go once the deletion is committed; the rows' history (django-simple-history) keeps what it was."""
    locked = lock_application(application, by)
    if not by.has_perm("demo_sites.delete_application"):
        raise WorkflowError("您没有删除申报的权限。")
    if locked.status != Status.DRAFT:
        raise WorkflowError(
            f"该申报当前状态为“{locked.get_status_display()}”，只能删除草稿；已提交的申报及其验收记录须保留。",
            code="not_deletable",
        )
    if locked.township_id is not None and scoping.township_id_of(by) != locked.township_id:
        raise WorkflowError("申报草稿只能由填报的乡镇删除。")
    stored = [(a.file.storage, a.file.name) for a in locked.attachments.all()]
    # Read by django-simple-history for the deletion's history row; the model does not declare it.
    locked._history_user = by  # type: ignore[attr-defined]
    locked.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])


@transaction.atomic
def attachment_add(*, application: Application, by: User, upload, description: str = "") -> Attachment:
    locked = lock_application(application, by)
    if not by.has_perm("demo_sites.add_attachment"):
        raise WorkflowError("您没有上传附件的权限。")
    if not locked.is_editable:
        raise WorkflowError(f"该申报当前状态为“{locked.get_status_display()}”，不能上传附件。")
    attachment = Attachment(
        application=locked,
        file=upload,
        original_name=(upload.name or "附件")[-200:],
        size=upload.size or 0,
        description=description,
        uploaded_by=by,
    )
    attachment.full_clean()
    save_with_file(attachment)  # the file, then the row: a crash leaves at worst a file no row names
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, by: User) -> None:
    locked = lock_application(attachment.application, by)
    if not by.has_perm("demo_sites.delete_attachment"):
        raise WorkflowError("您没有删除附件的权限。")
    if not locked.is_editable:
        raise WorkflowError(f"该申报当前状态为“{locked.get_status_display()}”，不能删除附件。")
    stored = attachment.file.name
    attachment.delete()
    # Remove the bytes only once the row is gone for good.
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))


# --- acceptance (county) --------------------------------------------------------------------------


@transaction.atomic
def acceptance_decide(
    *,
    application: Application,
    by: User,
    inspected_on: datetime.date,
    inspectors: str,
    by_site_visit: bool = False,
    by_document_review: bool = False,
    by_discussion: bool = False,
    scores: Mapping[int, tuple[object, str]],
    decision: str,
    rectifications: str = "",
    reasons: str = "",
    override_reason: str = "",
    certificate_number: str = "",
    designated_on: datetime.date | None = None,
    designation_level: str | None = None,
) -> Acceptance:
    """验收: record one inspection round with a score and comment per criterion and decide.

    通过 designates the unit (挂牌); 整改 returns the application with its rectifications; 不通过 closes it.
    The pass rule of the criteria set is checked; 通过 on a failing score needs ``override_reason``.
    The row lock makes two simultaneous decisions end in exactly one (the second sees it is decided).
    """
    to_status = DECISION_STATUS.get(decision)
    if to_status is None:
        raise ValidationError("请选择验收结论。")
    locked = lock_for_transition(application, to_status, by)
    if not inspectors.strip():
        raise ValidationError("请填写验收人员。")
    if not (by_site_visit or by_document_review or by_discussion):
        raise ValidationError("请至少选择一种验收方式。")
    if inspected_on > timezone.localdate():
        raise ValidationError("验收日期不能晚于今天。")
    criteria = list(locked.criteria_set.criteria.all())
    parsed = scored_rows(criteria, scores)
    numbers = {pk: score for pk, (score, _) in parsed.items()}
    problems = locked.criteria_set.evaluate(numbers, criteria)
    total = sum(numbers.values(), Decimal(0))
    if decision == Decision.ACCEPTED and problems and not override_reason.strip():
        raise ValidationError(
            f"评分未达到通过标准（{'；'.join(problems)}）。如仍决定通过，请填写未达标仍予通过的理由。",
            code="override_required",
        )
    if decision == Decision.RECTIFY and not rectifications.strip():
        raise ValidationError("退回整改时请逐条列出整改要求。")
    if decision == Decision.REJECTED and not reasons.strip():
        raise ValidationError("作出“不通过”决定时请填写理由。")
    if decision == Decision.ACCEPTED:
        if designated_on is None:
            raise ValidationError("请填写挂牌日期。")
        refuse_second_designation(
            unit=locked.unit, category=locked.category, level=designation_level or locked.level, on=designated_on
        )
    acceptance = Acceptance(
        application=locked,
        round_number=locked.acceptances.count() + 1,
        inspected_on=inspected_on,
        inspectors=inspectors.strip(),
        by_site_visit=by_site_visit,
        by_document_review=by_document_review,
        by_discussion=by_discussion,
        total_score=total,
        meets_pass_rule=not problems,
        decision=decision,
        rectifications=rectifications.strip() if decision == Decision.RECTIFY else "",
        reasons=reasons.strip(),
        override_reason=override_reason.strip() if decision == Decision.ACCEPTED and problems else "",
        decided_by=by,
        decided_at=timezone.now(),
    )
    acceptance.full_clean()
    acceptance.save()
    for criterion in criteria:
        score, comment = parsed[criterion.pk]
        AcceptanceScore(acceptance=acceptance, criterion=criterion, score=score, comment=comment).save()
    comments: dict[str, str] = {
        Decision.ACCEPTED: f"验收通过，总分 {plain(total)} 分"
        + (f"；未达标通过理由：{override_reason.strip()}" if problems else ""),
        Decision.RECTIFY: f"退回整改，总分 {plain(total)} 分：\n{rectifications.strip()}",
        Decision.REJECTED: f"验收不通过，总分 {plain(total)} 分：{reasons.strip()}",
    }
    comment = comments[decision]
    record_transition(locked, to_status, by, comment, decided_at=acceptance.decided_at)
    if decision == Decision.ACCEPTED:
        assert designated_on is not None  # required for 通过, checked above
        designation = Designation(
            unit=locked.unit,
            category=locked.category,
            level=designation_level or locked.level,
            year=locked.year,
            application=locked,
            certificate_number=certificate_number.strip(),
            designated_on=designated_on,
        )
        designation.full_clean()
        designation.save()
        record_designation_change(
            designation,
            action=DesignationChange.Action.DESIGNATE,
            from_state="",
            to_state=State.IN_FORCE,
            by=by,
            comment=f"第{acceptance.round_number}轮验收通过，挂牌"
            + (f"，编号 {designation.certificate_number}" if designation.certificate_number else ""),
        )
    return acceptance

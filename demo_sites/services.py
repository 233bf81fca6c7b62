"""Writes of the 示范点 workflow.

Every status move is one of the step services (``application_submit``, ``acceptance_decide``) and goes
through the same core: ``_lock_for_transition`` re-reads the row under ``select_for_update`` and checks
the table ``TRANSITIONS`` (which move, which permission) and the user's township; ``_record_transition``
saves the new status and writes the ``StatusChange`` row. There is deliberately no public "set status"
service: a decision without its scored acceptance round could otherwise be recorded. Illegal moves raise
``WorkflowError`` with a Chinese message and, the services being atomic, change nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from demo_sites.models import (
    CATEGORY_UNIT_KINDS,
    Acceptance,
    AcceptanceScore,
    Application,
    Attachment,
    Category,
    CriteriaSet,
    Criterion,
    Decision,
    Designation,
    DesignationChange,
    Level,
    Review,
    ReviewScore,
    SelfAssessment,
    StatusChange,
    Subsidy,
    plain,
)
from orgs import ownership, scoping
from orgs.models import Unit
from orgs.storage import save_with_file

Status = Application.Status


class WorkflowError(ValidationError):
    """An illegal or unauthorised step; its message is shown to the user as it is."""


# (from, to) -> the permission the acting user needs. Anything not listed is illegal.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.SUBMITTED): "demo_sites.submit_application",
    (Status.RECTIFYING, Status.SUBMITTED): "demo_sites.submit_application",
    (Status.SUBMITTED, Status.ACCEPTED): "demo_sites.decide_application",
    (Status.SUBMITTED, Status.RECTIFYING): "demo_sites.decide_application",
    (Status.SUBMITTED, Status.REJECTED): "demo_sites.decide_application",
}

DECISION_STATUS = {
    Decision.ACCEPTED: Status.ACCEPTED,
    Decision.RECTIFY: Status.RECTIFYING,
    Decision.REJECTED: Status.REJECTED,
}

_VERBS = {
    Status.SUBMITTED: "提交",
    Status.ACCEPTED: "作出“通过”决定",
    Status.RECTIFYING: "退回整改",
    Status.REJECTED: "作出“不通过”决定",
}


def allowed_transitions(*, application: Application, user) -> list[str]:
    """Statuses ``user`` may move ``application`` to now (for showing buttons; the services re-check)."""
    return [
        to for (frm, to), perm in TRANSITIONS.items()
        if frm == application.status and user.has_perm(perm) and scoping.in_scope(user, application.township_id)
    ]


def _lock(application: Application, user) -> Application:
    """Re-read the row under a lock, so that of two people acting at once the second sees the first's result."""
    try:
        locked = Application.objects.select_for_update().get(pk=application.pk)
    except Application.DoesNotExist as exc:
        raise WorkflowError("该申报不存在或已被删除。") from exc
    if not scoping.in_scope(user, locked.township_id):
        raise WorkflowError("您无权处理其他乡镇的申报。")
    return locked


def _lock_for_transition(application: Application, to_status: str, by) -> Application:
    locked = _lock(application, by)
    permission = TRANSITIONS.get((locked.status, to_status))
    verb = _VERBS.get(to_status, Status(to_status).label)
    if permission is None:
        raise WorkflowError(f"该申报当前状态为“{locked.get_status_display()}”，不能{verb}。", code="illegal_transition")
    if not by.has_perm(permission):
        raise WorkflowError(f"您没有{verb}的权限。", code="permission_denied")
    return locked


def _record_transition(locked: Application, to_status: str, by, comment: str, **fields) -> StatusChange:
    from_status = locked.status
    now = timezone.now()
    locked.status = to_status
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save(update_fields=["status", "updated_at", *fields])
    change = StatusChange(
        application=locked, from_status=from_status, to_status=to_status, by=by, at=now, comment=comment
    )
    change.full_clean()
    change.save()
    return change


# --- criteria -------------------------------------------------------------------------------------


@transaction.atomic
def criteria_set_for(*, category: str, year: int) -> CriteriaSet:
    """The rubric of ``category`` for ``year``; if the county has not entered one yet, a copy of the
    most recent earlier one (or, failing that, the nearest later one) becomes that year's set."""
    existing = CriteriaSet.objects.filter(category=category, year=year).first()
    if existing is not None:
        return existing
    template = (
        CriteriaSet.objects.filter(category=category, year__lt=year).order_by("-year").first()
        or CriteriaSet.objects.filter(category=category, year__gt=year).order_by("year").first()
    )
    if template is None:
        raise ValidationError(f"{Category(category).label}尚未设置评价标准，请联系县妇联。")
    criteria = list(template.criteria.all())
    copy = CriteriaSet.objects.create(
        category=category, year=year, name=template.name, pass_total=template.pass_total,
        pass_min_per_criterion=template.pass_min_per_criterion, notes=template.notes,
    )
    Criterion.objects.bulk_create(
        [
            Criterion(criteria_set=copy, code=c.code, group=c.group, name=c.name, description=c.description,
                      max_score=c.max_score, order=c.order)
            for c in criteria
        ]
    )
    return copy


def _parse_score(value, criterion: Criterion, *, required: bool) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise ValidationError(f"请为“{criterion.name}”打分。")
        return None
    try:
        score = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(f"“{criterion.name}”的分数不是有效数字。") from exc
    if score < 0 or score > criterion.max_score:
        raise ValidationError(f"“{criterion.name}”的分数应在 0 到 {plain(criterion.max_score)} 分之间。")
    return score


# --- applications (township) ----------------------------------------------------------------------


def _require_editable(locked: Application, by) -> None:
    if not by.has_perm("demo_sites.change_application"):
        raise WorkflowError("您没有修改申报的权限。")
    if not locked.is_editable:
        raise WorkflowError(f"该申报当前状态为“{locked.get_status_display()}”，不能修改。", code="not_editable")


@transaction.atomic
def application_create(*, unit: Unit, category: str, level: str, year: int, by, summary: str = "",
                       contact: str = "") -> Application:
    if not by.has_perm("demo_sites.add_application"):
        raise WorkflowError("您没有新建申报的权限。")
    if not scoping.scope(Unit.objects.filter(pk=unit.pk), by).exists():
        raise WorkflowError("只能为本乡镇的单位申报。")
    criteria_set = criteria_set_for(category=category, year=year)
    application = Application(
        unit=unit, category=category, level=level, year=year, criteria_set=criteria_set, summary=summary,
        contact=contact, created_by=by,
    )
    application.set_default_deadline()
    application.full_clean()
    application.save()
    assessments = [SelfAssessment(application=application, criterion=c) for c in criteria_set.criteria.all()]
    ownership.assign_townships(assessments)
    SelfAssessment.objects.bulk_create(assessments)
    StatusChange.objects.create(application=application, from_status="", to_status=Status.DRAFT, by=by, comment="新建申报")
    return application


@transaction.atomic
def application_update(*, application: Application, by, summary: str, contact: str,
                       assessments: Mapping[int, tuple[str, object]]) -> Application:
    """Save the self-assessment: criterion id -> (evidence, score). Scores may stay empty until submission."""
    locked = _lock(application, by)
    _require_editable(locked, by)
    criteria = {c.pk: c for c in locked.criteria_set.criteria.all()}
    unknown = set(assessments) - set(criteria)
    if unknown:
        raise ValidationError("评分项与该申报的评价标准不一致，请刷新页面后重试。")
    rows = {row.criterion_id: row for row in locked.self_assessments.all()}
    changed = []
    for criterion_id, (evidence, raw_score) in assessments.items():
        score = _parse_score(raw_score, criteria[criterion_id], required=False)
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
def application_submit(*, application: Application, by, comment: str = "") -> Application:
    """提交 (or 整改后重新提交): every criterion needs evidence and a self score; a resubmission
    says what was rectified."""
    locked = _lock_for_transition(application, Status.SUBMITTED, by)
    rows = list(locked.self_assessments.select_related("criterion"))
    missing = [row.criterion.name for row in rows if row.score is None or not row.evidence.strip()]
    if missing or not rows:
        raise WorkflowError(f"以下评分项尚未填写自评情况或自评分：{'、'.join(missing)}。" if missing else "该申报没有评分项。")
    if locked.status == Status.RECTIFYING and not comment.strip():
        raise WorkflowError("重新提交时请说明整改落实情况。")
    _record_transition(locked, Status.SUBMITTED, by, comment or "提交申报", submitted_at=timezone.now())
    return locked


def may_delete(*, application: Application, user) -> bool:
    """Whether to offer 删除草稿 (``application_delete`` re-checks under the lock)."""
    return (
        application.status == Status.DRAFT and user.has_perm("demo_sites.delete_application")
        and scoping.in_scope(user, application.township_id)
        and (application.township_id is None or scoping.township_id_of(user) == application.township_id)
    )


@transaction.atomic
def application_delete(*, application: Application, by) -> None:
    """删除草稿: only a draft, only by its own township (the county for its organs' drafts). Its attachments'
    files go once the deletion is committed; the rows' history (django-simple-history) keeps what it was."""
    locked = _lock(application, by)
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
    locked._history_user = by
    locked.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])


@transaction.atomic
def attachment_add(*, application: Application, by, upload, description: str = "") -> Attachment:
    locked = _lock(application, by)
    if not by.has_perm("demo_sites.add_attachment"):
        raise WorkflowError("您没有上传附件的权限。")
    if not locked.is_editable:
        raise WorkflowError(f"该申报当前状态为“{locked.get_status_display()}”，不能上传附件。")
    attachment = Attachment(
        application=locked, file=upload, original_name=(upload.name or "附件")[-200:], size=upload.size or 0,
        description=description, uploaded_by=by,
    )
    attachment.full_clean()
    save_with_file(attachment)  # the file, then the row: a crash leaves at worst a file no row names
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, by) -> None:
    locked = _lock(attachment.application, by)
    if not by.has_perm("demo_sites.delete_attachment"):
        raise WorkflowError("您没有删除附件的权限。")
    if not locked.is_editable:
        raise WorkflowError(f"该申报当前状态为“{locked.get_status_display()}”，不能删除附件。")
    stored = attachment.file.name
    attachment.delete()
    # Remove the bytes only once the row is gone for good.
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))


# --- acceptance (county) --------------------------------------------------------------------------


def _scored_rows(criteria: list[Criterion], scores: Mapping[int, tuple[object, str]]):
    missing = [c.name for c in criteria if c.pk not in scores]
    if missing:
        raise ValidationError(f"请为以下各项打分：{'、'.join(missing)}。")
    parsed = {c.pk: (_parse_score(scores[c.pk][0], c, required=True), (scores[c.pk][1] or "").strip()) for c in criteria}
    return parsed


@transaction.atomic
def acceptance_decide(
    *,
    application: Application,
    by,
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
    locked = _lock_for_transition(application, to_status, by)
    if not inspectors.strip():
        raise ValidationError("请填写验收人员。")
    if not (by_site_visit or by_document_review or by_discussion):
        raise ValidationError("请至少选择一种验收方式。")
    if inspected_on > timezone.localdate():
        raise ValidationError("验收日期不能晚于今天。")
    criteria = list(locked.criteria_set.criteria.all())
    parsed = _scored_rows(criteria, scores)
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
    if decision == Decision.ACCEPTED and designated_on is None:
        raise ValidationError("请填写挂牌日期。")
    if decision == Decision.ACCEPTED:
        _refuse_second_designation(
            unit=locked.unit, category=locked.category, level=designation_level or locked.level, on=designated_on
        )
    acceptance = Acceptance(
        application=locked, round_number=locked.acceptances.count() + 1, inspected_on=inspected_on,
        inspectors=inspectors.strip(), by_site_visit=by_site_visit, by_document_review=by_document_review,
        by_discussion=by_discussion, total_score=total, meets_pass_rule=not problems, decision=decision,
        rectifications=rectifications.strip() if decision == Decision.RECTIFY else "",
        reasons=reasons.strip(), override_reason=override_reason.strip() if decision == Decision.ACCEPTED and problems else "",
        decided_by=by, decided_at=timezone.now(),
    )
    acceptance.full_clean()
    acceptance.save()
    for criterion in criteria:
        score, comment = parsed[criterion.pk]
        AcceptanceScore(acceptance=acceptance, criterion=criterion, score=score, comment=comment).save()
    comment = {
        Decision.ACCEPTED: f"验收通过，总分 {plain(total)} 分" + (f"；未达标通过理由：{override_reason.strip()}" if problems else ""),
        Decision.RECTIFY: f"退回整改，总分 {plain(total)} 分：\n{rectifications.strip()}",
        Decision.REJECTED: f"验收不通过，总分 {plain(total)} 分：{reasons.strip()}",
    }[decision]
    _record_transition(locked, to_status, by, comment, decided_at=acceptance.decided_at)
    if decision == Decision.ACCEPTED:
        designation = Designation(
            unit=locked.unit, category=locked.category, level=designation_level or locked.level, year=locked.year,
            application=locked, certificate_number=certificate_number.strip(), designated_on=designated_on,
        )
        designation.full_clean()
        designation.save()
        _record_designation_change(
            designation, action=DesignationChange.Action.DESIGNATE, from_state="", to_state=State.IN_FORCE, by=by,
            comment=f"第{acceptance.round_number}轮验收通过，挂牌" + (f"，编号 {designation.certificate_number}" if designation.certificate_number else ""),
        )
    return acceptance


# --- designations -------------------------------------------------------------------------------

State = DesignationChange.State


def _record_designation_change(designation: Designation, *, action: str, from_state: str, to_state: str, by,
                               comment: str, review: Review | None = None) -> DesignationChange:
    """The audit row of a decision on a designation: every service that decides on one writes it."""
    change = DesignationChange(
        designation=designation, action=action, from_state=from_state, to_state=to_state, review=review, by=by,
        at=timezone.now(), comment=comment,
    )
    change.full_clean()
    change.save()
    return change



def _refuse_second_designation(*, unit: Unit, category: str, level: str, on: datetime.date) -> None:
    """A unit holds a category and level once at a time (the database says so too): naming it again at a
    level it still holds on ``on`` is refused, to be done after the earlier designation is revoked. Two
    namings at once are settled by the constraint, which ``full_clean`` and the insert check again."""
    existing = Designation.objects.held(unit_id=unit.pk, category=category, level=level, on=on).first()
    if existing is not None:
        raise WorkflowError(
            f"{unit.name}已是在挂牌的{existing.get_level_display()}{existing.get_category_display()}"
            f"（{existing.year}年命名），不能再命名同级示范点；如需重新命名，请先将原示范点摘牌。",
            code="level_already_held",
        )


def _lock_designation(designation: Designation, by) -> Designation:
    try:
        locked = Designation.objects.select_for_update().get(pk=designation.pk)
    except Designation.DoesNotExist as exc:
        raise WorkflowError("该示范点不存在。") from exc
    if not scoping.sees_whole_county(by):
        raise WorkflowError("只有县妇联可以处理示范点。")
    return locked


@transaction.atomic
def designation_record(*, unit: Unit, category: str, level: str, year: int, designated_on: datetime.date,
                       by, certificate_number: str = "") -> Designation:
    """Register a designation granted outside this system's acceptance (e.g. 市级 or 省级 by the city or province)."""
    if not by.has_perm("demo_sites.add_designation") or not scoping.sees_whole_county(by):
        raise WorkflowError("只有县妇联可以登记示范点。")
    if level == Level.COUNTY:
        raise ValidationError("县级示范点须经申报和验收产生，请通过申报流程办理。")
    designation = Designation(
        unit=unit, category=category, level=level, year=year, designated_on=designated_on,
        certificate_number=certificate_number.strip(),
    )
    if unit.kind not in CATEGORY_UNIT_KINDS[Category(category)]:
        raise ValidationError("该单位类别与示范点类别不符。")
    _refuse_second_designation(unit=unit, category=category, level=level, on=designated_on)
    designation.full_clean()
    designation.save()
    _record_designation_change(
        designation, action=DesignationChange.Action.DESIGNATE, from_state="", to_state=State.IN_FORCE, by=by,
        comment=f"登记{designation.get_level_display()}命名" + (f"，编号 {designation.certificate_number}" if designation.certificate_number else ""),
    )
    return designation


@transaction.atomic
def designation_revoke(*, designation: Designation, by, revoked_on: datetime.date, reason: str) -> Designation:
    """摘牌: from ``revoked_on`` the site no longer counts as designated."""
    locked = _lock_designation(designation, by)
    _revoke(locked, by=by, revoked_on=revoked_on, reason=reason)
    _record_designation_change(
        locked, action=DesignationChange.Action.REVOKE, from_state=State.IN_FORCE, to_state=State.REVOKED, by=by,
        comment=f"{revoked_on:%Y年%m月%d日}起摘牌：{locked.revoke_reason}",
    )
    return locked


def _revoke(locked: Designation, *, by, revoked_on: datetime.date, reason: str) -> None:
    if not by.has_perm("demo_sites.revoke_designation"):
        raise WorkflowError("您没有摘牌的权限。")
    if locked.revoked_on is not None:
        raise WorkflowError(f"该示范点已于{locked.revoked_on:%Y年%m月%d日}摘牌。")
    if not reason.strip():
        raise ValidationError("请填写摘牌原因。")
    if revoked_on < locked.designated_on:
        raise ValidationError("摘牌日期不能早于挂牌日期。")
    locked.revoked_on, locked.revoke_reason, locked.revoked_by = revoked_on, reason.strip(), by
    locked.full_clean()
    locked.save(update_fields=["revoked_on", "revoke_reason", "revoked_by"])


@transaction.atomic
def review_record(*, designation: Designation, by, reviewed_on: datetime.date, inspectors: str,
                  scores: Mapping[int, tuple[object, str]], outcome: str, comments: str = "",
                  criteria_set: CriteriaSet | None = None) -> Review:
    """复核: a new scored round on a designated site against ``criteria_set`` (by default the set of the
    review's year); outcome 摘牌 revokes it as of the review date."""
    locked = _lock_designation(designation, by)
    if not by.has_perm("demo_sites.review_designation"):
        raise WorkflowError("您没有复核的权限。")
    if not locked.is_in_force(reviewed_on):
        raise WorkflowError("该示范点在复核日期已不在命名有效期内。")
    if outcome not in Review.Outcome.values:
        raise ValidationError("请选择复核结论。")
    if not inspectors.strip():
        raise ValidationError("请填写复核人员。")
    if outcome == Review.Outcome.REVOKED and not comments.strip():
        raise ValidationError("复核结论为摘牌时请填写复核意见（摘牌原因）。")
    criteria_set = criteria_set or criteria_set_for(category=locked.category, year=reviewed_on.year)
    if criteria_set.category != locked.category:
        raise ValidationError("评价标准与示范点类别不一致。")
    criteria = list(criteria_set.criteria.all())
    parsed = _scored_rows(criteria, scores)
    numbers = {pk: score for pk, (score, _) in parsed.items()}
    review = Review(
        designation=locked, criteria_set=criteria_set, reviewed_on=reviewed_on, inspectors=inspectors.strip(),
        total_score=sum(numbers.values(), Decimal(0)), meets_pass_rule=not criteria_set.evaluate(numbers, criteria),
        outcome=outcome, comments=comments.strip(), reviewed_by=by,
    )
    review.full_clean()
    review.save()
    for criterion in criteria:
        score, comment = parsed[criterion.pk]
        ReviewScore(review=review, criterion=criterion, score=score, comment=comment).save()
    verdict = f"复核总分 {plain(review.total_score)} 分（{'达标' if review.meets_pass_rule else '未达标'}）"
    if outcome == Review.Outcome.REVOKED:
        _revoke(locked, by=by, revoked_on=reviewed_on, reason=f"复核未通过：{comments.strip()}")
        _record_designation_change(
            locked, action=DesignationChange.Action.REVIEW, from_state=State.IN_FORCE, to_state=State.REVOKED, by=by,
            review=review, comment=f"{verdict}，{reviewed_on:%Y年%m月%d日}起摘牌：{comments.strip()}",
        )
    else:
        _record_designation_change(
            locked, action=DesignationChange.Action.REVIEW, from_state=State.IN_FORCE, to_state=State.IN_FORCE, by=by,
            review=review, comment=f"{verdict}，保留称号" + (f"：{comments.strip()}" if comments.strip() else ""),
        )
    return review


@transaction.atomic
def subsidy_grant(*, designation: Designation, by, granted_on: datetime.date, amount: Decimal, purpose: str) -> Subsidy:
    """补助资金 for a site that is designated on the day of the grant."""
    locked = _lock_designation(designation, by)
    if not by.has_perm("demo_sites.add_subsidy"):
        raise WorkflowError("您没有登记补助资金的权限。")
    if not locked.is_in_force(granted_on):
        raise ValidationError("拨付日期时该单位不是有效的示范点（尚未挂牌或已摘牌）。")
    subsidy = Subsidy(designation=locked, granted_on=granted_on, amount=amount, purpose=purpose.strip(), created_by=by)
    subsidy.full_clean()
    subsidy.save()
    return subsidy

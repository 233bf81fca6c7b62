"""The core of the 考核 workflow that every step shares, in the shape of the 示范点 workflow.

``lock_for_transition`` re-reads the assessment under ``select_for_update`` and checks the table
``TRANSITIONS`` (which move, which permission) and the user's township; ``record_transition`` saves the new
status, writes the ``AssessmentChange`` row, the audit event, and tells the other side (``telling``).
Illegal moves raise ``WorkflowError`` with a Chinese message and, the services being atomic, change nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone

from appraisal.models import Assessment, AssessmentChange
from appraisal.services.telling import tell_transition
from audit.log import audit_transition
from orgs import scoping

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from orgs.scoping import AnyUser

Status = Assessment.Status


class WorkflowError(ValidationError):
    """An illegal or unauthorised step; its message is shown to the user as it is."""


REPORT = "appraisal.report_assessment"
SCORE = "appraisal.score_assessment"

# (from, to) -> the permission the acting user needs. Anything not listed is illegal.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.PENDING, Status.REPORTED): REPORT,
    (Status.RETURNED, Status.REPORTED): REPORT,
    (Status.REPORTED, Status.RETURNED): SCORE,
    (Status.REPORTED, Status.SCORED): SCORE,
    # An item nobody reported is scored as it stands (an automatic one always is); a score may be revised.
    (Status.PENDING, Status.SCORED): SCORE,
    (Status.SCORED, Status.SCORED): SCORE,
}

_VERBS: dict[str, str] = {
    Status.REPORTED: "报送",
    Status.RETURNED: "退回补充",
    Status.SCORED: "评分",
}


def allowed_transitions(*, assessment: Assessment, user: AnyUser) -> list[str]:
    """Statuses ``user`` may move ``assessment`` to now (for showing buttons; the services re-check)."""
    if not assessment.item.task_list.is_published or assessment.item.is_automatic:
        return []  # an automatic item is scored by ``auto``, never by hand
    return [
        to
        for (frm, to), perm in TRANSITIONS.items()
        if frm == assessment.status and user.has_perm(perm) and scoping.in_scope(user, assessment.township_id)
    ]


def lock_assessment(assessment: Assessment, user: AnyUser) -> Assessment:
    """Re-read the row under a lock, so that of two people acting at once the second sees the first's result."""
    try:
        locked = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("item__task_list__category", "unit")
            .get(pk=assessment.pk)
        )
    except Assessment.DoesNotExist as exc:
        raise WorkflowError("该考核任务不存在或已被删除。") from exc
    if not scoping.in_scope(user, locked.township_id):
        raise WorkflowError("您无权处理其他乡镇的考核任务。")
    if not locked.item.task_list.is_published:
        raise WorkflowError("该工作任务尚未发布。")
    return locked


def lock_for_transition(assessment: Assessment, to_status: str, by: User) -> Assessment:
    locked = lock_assessment(assessment, by)
    permission = TRANSITIONS.get((locked.status, to_status))
    verb = _VERBS.get(to_status, Status(to_status).label)
    if permission is None:
        raise WorkflowError(f"该任务当前状态为“{locked.get_status_display()}”，不能{verb}。", code="illegal_transition")
    if not by.has_perm(permission):
        raise WorkflowError(f"您没有{verb}的权限。", code="permission_denied")
    return locked


def record_transition(
    locked: Assessment, to_status: str, by: User, reason: str, *, tell: bool = True, **fields
) -> AssessmentChange:
    """Save the move with ``fields``, its trail row (``reason`` as the row's 说明) and audit event; tell."""
    from_status = locked.status
    locked.status = to_status
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save(update_fields=["status", "updated_at", *fields])
    change = AssessmentChange(
        assessment=locked,
        from_status=from_status,
        to_status=to_status,
        score=locked.score if to_status == Status.SCORED else None,
        by=by,
        at=timezone.now(),
        comment=reason,
    )
    change.full_clean()
    change.save()
    audit_transition(by=by, subject=f"{locked.item.task_list}·{locked.item.name}·{locked.unit.name}", change=change)
    if tell:
        tell_transition(locked, change)
    return change

"""The core of the 示范点 workflow that every step shares.

Every status move is one of the step services (``application_submit``, ``acceptance_decide``) and goes
through the same core: ``lock_for_transition`` re-reads the row under ``select_for_update`` and checks
the table ``TRANSITIONS`` (which move, which permission) and the user's township; ``record_transition``
saves the new status, writes the ``StatusChange`` row and tells whoever must act next (``telling``). There
is deliberately no public "set status" service: a decision without its scored acceptance round could
otherwise be recorded. Illegal moves raise ``WorkflowError`` with a Chinese message and, the services being
atomic, change nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.log import audit_transition
from demo_sites.models import (
    Application,
    Decision,
    StatusChange,
)
from demo_sites.services.telling import tell_transition
from orgs import scoping

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from orgs.scoping import AnyUser

Status = Application.Status


class WorkflowError(ValidationError):
    """An illegal or unauthorised step; its message is shown to the user as it is."""


# The "from" of a move that creates its application (推荐市级 starts a recommendation in 待市级审核).
NEW = ""

# (from, to) -> the permission the acting user needs. Anything not listed is illegal.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.SUBMITTED): "demo_sites.submit_application",
    (Status.RECTIFYING, Status.SUBMITTED): "demo_sites.submit_application",
    (Status.SUBMITTED, Status.ACCEPTED): "demo_sites.decide_application",
    (Status.SUBMITTED, Status.RECTIFYING): "demo_sites.decide_application",
    (Status.SUBMITTED, Status.REJECTED): "demo_sites.decide_application",
    # 推荐市级 (``services.city``): county staff recommend an in-force 县级 site, then record the city's decision.
    (NEW, Status.RECOMMENDED): "demo_sites.recommend_to_city",
    (Status.RECOMMENDED, Status.CITY_ACCEPTED): "demo_sites.record_city_decision",
    (Status.RECOMMENDED, Status.CITY_REJECTED): "demo_sites.record_city_decision",
}

# 验收 decision (a ``Decision`` value, as posted) -> the status it moves the application to.
DECISION_STATUS: dict[str, str] = {
    Decision.ACCEPTED: Status.ACCEPTED,
    Decision.RECTIFY: Status.RECTIFYING,
    Decision.REJECTED: Status.REJECTED,
}

_VERBS: dict[str, str] = {
    Status.SUBMITTED: "提交",
    Status.ACCEPTED: "作出“通过”决定",
    Status.RECTIFYING: "退回整改",
    Status.REJECTED: "作出“不通过”决定",
    Status.RECOMMENDED: "推荐市级",
    Status.CITY_ACCEPTED: "登记市级审核结果",
    Status.CITY_REJECTED: "登记市级审核结果",
}


def allowed_transitions(*, application: Application, user: AnyUser) -> list[str]:
    """Statuses ``user`` may move ``application`` to now (for showing buttons; the services re-check)."""
    return [
        to
        for (frm, to), perm in TRANSITIONS.items()
        if frm == application.status and user.has_perm(perm) and scoping.in_scope(user, application.township_id)
    ]


def lock_application(application: Application, user: AnyUser) -> Application:
    """Re-read the row under a lock, so that of two people acting at once the second sees the first's result."""
    try:
        locked = Application.objects.select_for_update().get(pk=application.pk)
    except Application.DoesNotExist as exc:
        raise WorkflowError("该申报不存在或已被删除。") from exc
    if not scoping.in_scope(user, locked.township_id):
        raise WorkflowError("您无权处理其他乡镇的申报。")
    return locked


def lock_for_transition(application: Application, to_status: str, by: User) -> Application:
    locked = lock_application(application, by)
    permission = TRANSITIONS.get((locked.status, to_status))
    verb = _VERBS.get(to_status, Status(to_status).label)
    if permission is None:
        raise WorkflowError(f"该申报当前状态为“{locked.get_status_display()}”，不能{verb}。", code="illegal_transition")
    if not by.has_perm(permission):
        raise WorkflowError(f"您没有{verb}的权限。", code="permission_denied")
    return locked


def require_creation(to_status: str, by: User) -> None:
    """The check of a move that creates its application (``NEW`` -> ``to_status``): the table's permission."""
    permission = TRANSITIONS[(NEW, to_status)]
    if not by.has_perm(permission):
        raise WorkflowError(f"您没有{_VERBS.get(to_status, Status(to_status).label)}的权限。", code="permission_denied")


def record_creation(application: Application, by: User, comment: str) -> StatusChange:
    """The first row of an application's status log (from nothing to its first status), audited and told."""
    change = StatusChange(
        application=application, from_status=NEW, to_status=application.status, by=by, comment=comment
    )
    change.full_clean()
    change.save()
    audit_transition(by=by, subject=application, change=change)
    tell_transition(application, change)
    return change


def record_transition(locked: Application, to_status: str, by: User, comment: str, **fields) -> StatusChange:
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
    audit_transition(by=by, subject=locked, change=change)
    tell_transition(locked, change)
    return change


# --- criteria -------------------------------------------------------------------------------------

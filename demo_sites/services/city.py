"""推荐市级: the county recommends one of its in-force 县级 sites to the city federation, which designates
市级 sites; county staff then record the city's decision.

A recommendation is an ``Application`` at level 市级 for the same unit and category, with
``recommended_from`` naming the 县级 designation it rests on. It moves through the same core as every
application (``workflow.TRANSITIONS``, ``lock_for_transition``, ``record_transition``): created in 待市级审核
(``NEW`` -> ``RECOMMENDED``), then 市级通过 (a 市级 ``Designation`` with the city's 文号 and date, and the
scanned 命名文件 kept as the recommendation's attachment) or 市级不通过 (with the city's reasons). The 县级
designation stays as it is: how a site holding both counts is the 口径 of the 示范点 indicators.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from demo_sites.models import Application, Attachment, Designation, DesignationChange, Level
from demo_sites.services.criteria import criteria_set_for
from demo_sites.services.designations import State, record_designation_change, refuse_second_designation
from demo_sites.services.workflow import (
    Status,
    WorkflowError,
    lock_for_transition,
    record_creation,
    record_transition,
    require_creation,
)
from files.storage import save_with_file
from orgs import scoping

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The city's decision as posted -> the status it moves the recommendation to.
CITY_DECISIONS: dict[str, str] = {"accepted": Status.CITY_ACCEPTED, "rejected": Status.CITY_REJECTED}


def may_recommend(*, designation: Designation, user) -> bool:
    """Whether to offer 推荐市级 on a designation's page (``city_recommend`` re-checks under the lock)."""
    return (
        user.has_perm("demo_sites.recommend_to_city")
        and scoping.sees_whole_county(user)
        and designation.level == Level.COUNTY
        and designation.is_in_force()
    )


def _refuse_recommendation(designation: Designation, today: datetime.date) -> None:
    if designation.level != Level.COUNTY:
        raise WorkflowError(
            f"只能推荐县级示范点，该示范点是{designation.get_level_display()}。", code="not_county_level"
        )
    if not designation.is_in_force(today):
        raise WorkflowError("该县级示范点已摘牌（或尚未挂牌），不能推荐市级。", code="not_in_force")
    held = Designation.objects.held(
        unit_id=designation.unit_id, category=designation.category, level=Level.CITY, on=today
    ).first()
    if held is not None:
        raise WorkflowError(
            f"{designation.unit.name}已是在挂牌的市级{designation.get_category_display()}（{held.year}年命名），"
            "不能再推荐市级。",
            code="level_already_held",
        )
    waiting = Application.objects.awaiting_city().filter(unit_id=designation.unit_id, category=designation.category)
    if waiting.exists():
        raise WorkflowError(
            f"{designation.unit.name}已推荐市级，正等待市妇联审核，不能重复推荐。", code="already_recommended"
        )


@transaction.atomic
def city_recommend(*, designation: Designation, by: User, note: str) -> Application:
    """推荐市级: recommend the unit of an in-force 县级 ``designation`` to the city, with the county's ``note``
    (推荐意见). Refused (nothing changed) for a site that is not an in-force 县级 one, that is already 市级,
    or that already waits for the city."""
    require_creation(Status.RECOMMENDED, by)
    if not scoping.sees_whole_county(by):
        raise WorkflowError("只有县妇联可以推荐市级示范点。")
    try:
        locked = Designation.objects.select_for_update().select_related("unit").get(pk=designation.pk)
    except Designation.DoesNotExist as exc:
        raise WorkflowError("该示范点不存在。") from exc
    today = timezone.localdate()
    _refuse_recommendation(locked, today)
    if not note.strip():
        raise ValidationError({"note": "请填写推荐意见。"})
    application = Application(
        unit=locked.unit,
        category=locked.category,
        level=Level.CITY,
        year=today.year,
        criteria_set=criteria_set_for(category=locked.category, year=today.year),
        status=Status.RECOMMENDED,
        recommended_from=locked,
        summary=note.strip(),
        submitted_at=timezone.now(),
        created_by=by,
    )
    application.set_default_deadline()
    application.full_clean()
    application.save()
    record_creation(application, by, f"推荐市级：{note.strip()}")
    return application


@transaction.atomic
def city_decision_record(
    *,
    application: Application,
    by: User,
    decision: str,
    decided_on: datetime.date,
    document_number: str = "",
    scan=None,
    reasons: str = "",
) -> Application:
    """Record the city's decision on a recommendation waiting for it (待市级审核).

    通过 (``decision="accepted"``) names the site 市级 from ``decided_on`` with the city's ``document_number``
    (文号); the scanned 命名文件 ``scan`` is kept as the recommendation's attachment. 不通过 needs the city's
    ``reasons``. Anything else, or a recommendation not waiting, is refused and nothing changes."""
    to_status = CITY_DECISIONS.get(decision)
    if to_status is None:
        raise ValidationError({"decision": "请选择市级审核结果。"})
    locked = lock_for_transition(application, to_status, by)
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "日期不能晚于今天。"})
    if to_status == Status.CITY_REJECTED:
        if not reasons.strip():
            raise ValidationError({"reasons": "市级审核不通过时请填写理由。"})
        record_transition(
            locked,
            to_status,
            by,
            f"市妇联{decided_on:%Y年%m月%d日}审核不通过：{reasons.strip()}",
            decided_at=timezone.now(),
        )
        return locked
    if not document_number.strip():
        raise ValidationError({"document_number": "请填写市妇联命名文件的文号。"})
    if scan is None:
        raise ValidationError({"scan": "请上传市妇联命名文件的扫描件。"})
    refuse_second_designation(unit=locked.unit, category=locked.category, level=Level.CITY, on=decided_on)
    attachment = Attachment(
        application=locked,
        file=scan,
        original_name=(scan.name or "市级命名文件")[-200:],
        size=scan.size or 0,
        description=f"市妇联命名文件（{document_number.strip()}）"[:100],
        uploaded_by=by,
    )
    attachment.full_clean()  # the scan is checked (type, content) before anything is written
    record_transition(
        locked,
        to_status,
        by,
        f"市妇联{decided_on:%Y年%m月%d日}命名为市级示范点，文号 {document_number.strip()}",
        decided_at=timezone.now(),
    )
    designation = Designation(
        unit=locked.unit,
        category=locked.category,
        level=Level.CITY,
        year=decided_on.year,
        application=locked,
        document_number=document_number.strip(),
        designated_on=decided_on,
    )
    designation.full_clean()
    designation.save()
    save_with_file(attachment)  # the file, then the row: a crash leaves at worst a file no row names
    record_designation_change(
        designation,
        action=DesignationChange.Action.DESIGNATE,
        from_state="",
        to_state=State.IN_FORCE,
        by=by,
        comment=f"经县妇联推荐，市妇联命名为市级示范点，文号 {designation.document_number}",
    )
    return locked

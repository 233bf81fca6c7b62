"""Who is told of a 示范点 move, and what they read (消息, ``notices``).

The township hears when its application is returned for 整改 (with the county's requirements), accepted or
rejected, when the city decides on a site of its that the county recommended (推荐市级; the recommendation
itself is the county's own step, told to nobody), and when a site of its is revoked (摘牌) or reviewed (复核);
the county hears when an application is submitted or resubmitted. An application or site with no township
(a county organ's) is the county's own, so its news goes to the county's inbox.

``record_transition`` and ``record_designation_change`` call ``tell_transition`` / ``tell_designation_change``
once, where the move is recorded, so no move can happen untold; ``transition_message`` and
``designation_message`` are pure (the demo county writes its messages with them too). Each message is keyed by
the move's own row, so every move is told once and two moves on one day are two messages.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from demo_sites.models import Application, Designation, DesignationChange, StatusChange
from notices.models import Message
from notices.services import notify

Status = Application.Status
Kind = Message.Kind
DEFAULT_COMMENTS = {"提交申报", ""}


def _what(application: Application) -> str:
    return f"{application.year}年{application.get_level_display()}{application.get_category_display()}申报"


def _who(unit_name: str, township_name: str | None) -> str:
    return f"{township_name}{unit_name}" if township_name and township_name != unit_name else unit_name


def transition_message(
    application: Application, change: StatusChange, *, unit_name: str, township_name: str | None
) -> dict[str, Any] | None:
    """``notify``'s arguments for one status move of ``application`` (None: nobody is told of it, e.g. a new
    draft). ``unit_name`` and ``township_name`` name the applicant (the caller has them at hand or in a join)."""
    from_status, to_status = change.from_status, change.to_status
    link = reverse("demo_sites:application_detail", args=[application.pk])
    when = timezone.localtime(change.at)
    what = _what(application)
    township_id = application.township_id
    comment = change.comment.strip()
    if to_status == Status.SUBMITTED:
        resubmitted = from_status == Status.RECTIFYING
        kind = Kind.APPLICATION_RESUBMITTED if resubmitted else Kind.APPLICATION_SUBMITTED
        subject = (
            f"{_who(unit_name, township_name)}的{what}" + ("已整改并重新提交" if resubmitted else "已提交") + "，待验收"
        )
        body = f"{when:%Y年%m月%d日 %H:%M}" + ("重新提交。" if resubmitted else "提交。")
        if resubmitted:
            body += f"\n整改落实情况：{comment}"
        elif comment not in DEFAULT_COMMENTS:
            body += f"\n说明：{comment}"
        township_id = None  # the county decides
    elif to_status == Status.RECTIFYING:
        kind, subject = Kind.APPLICATION_RETURNED, f"{unit_name}的{what}被退回整改"
        body = f"县妇联{when:%Y年%m月%d日}验收意见：{comment}\n请按整改要求逐条落实，修改后重新提交。"
    elif to_status == Status.CITY_ACCEPTED:
        kind, subject = Kind.APPLICATION_ACCEPTED, f"{unit_name}经县妇联推荐，被市妇联命名为市级示范点"
        body = f"县妇联{when:%Y年%m月%d日}登记：{comment}"
    elif to_status == Status.CITY_REJECTED:
        kind, subject = Kind.APPLICATION_REJECTED, f"{unit_name}的市级示范点推荐未获市妇联通过"
        body = f"县妇联{when:%Y年%m月%d日}登记：{comment}"
    elif to_status == Status.ACCEPTED:
        kind, subject = Kind.APPLICATION_ACCEPTED, f"{unit_name}的{what}验收通过"
        body = f"县妇联{when:%Y年%m月%d日}验收意见：{comment}"
    elif to_status == Status.REJECTED:
        kind, subject = Kind.APPLICATION_REJECTED, f"{unit_name}的{what}验收不通过"
        body = f"县妇联{when:%Y年%m月%d日}验收意见：{comment}"
    else:
        return None
    return {
        "township": township_id,
        "kind": kind,
        "subject": subject,
        "body": body,
        "link": link,
        "dedupe_key": f"demo_sites.statuschange:{change.pk}",
        "on": timezone.localdate(change.at),
    }


def designation_message(
    designation: Designation, change: DesignationChange, *, unit_name: str
) -> dict[str, Any] | None:
    """``notify``'s arguments for one decision on ``designation`` (None: nobody is told, e.g. a new 挂牌, which
    the township learns from its accepted application or from the city)."""
    what = f"{designation.year}年{designation.get_level_display()}{designation.get_category_display()}"
    if change.to_state == DesignationChange.State.REVOKED:
        kind = Kind.DESIGNATION_REVOKED
        how = "复核未通过，被摘牌" if change.action == DesignationChange.Action.REVIEW else "被摘牌"
        subject = f"{unit_name}的{what}{how}"
    elif change.action == DesignationChange.Action.REVIEW:
        kind, subject = Kind.REVIEW_RECORDED, f"{unit_name}的{what}复核结果：保留称号"
    else:
        return None
    return {
        "township": designation.township_id,
        "kind": kind,
        "subject": subject,
        "body": f"县妇联{timezone.localtime(change.at):%Y年%m月%d日}：{change.comment.strip()}",
        "link": reverse("demo_sites:designation_detail", args=[designation.pk]),
        "dedupe_key": f"demo_sites.designationchange:{change.pk}",
        "on": timezone.localdate(change.at),
    }


def tell_transition(application: Application, change: StatusChange) -> None:
    township = application.township
    arguments = transition_message(
        application, change, unit_name=application.unit.name, township_name=township.name if township else None
    )
    if arguments is not None:
        notify(**arguments)


def tell_designation_change(designation: Designation, change: DesignationChange) -> None:
    arguments = designation_message(designation, change, unit_name=designation.unit.name)
    if arguments is not None:
        notify(**arguments)

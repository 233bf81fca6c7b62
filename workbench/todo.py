"""A township's 待办: what is waiting for her staff, each item linking to the page where it is fixed.

Which rows make an item is the owning app's rule, asked here and nowhere else recomputed:

| item | rule |
|---|---|
| 退回整改, 草稿未提交 | ``demo_sites.selectors.applications_awaiting_township`` |
| 验收截止 | ``ApplicationQuerySet.deadline_near`` (``Application.DEADLINE_NOTICE_DAYS``) |
| 逾期未换届, 即将换届 | ``WomenOrganisationQuerySet.election_overdue`` / ``election_due_soon`` (90 days) |
| 无现任主席 | ``WomenOrganisationQuerySet.without_current_chair`` |
| 班子配备不齐 | ``orgs.selectors.leadership_by_township`` (the 班子配备不齐 page's own rule) |
| 未填手机号 | ``CadreQuerySet.without_phone`` |
| 主席未参训 | ``training.selectors.untrained_cadres`` (the 未参训 page's own rule), 主席 of this year |
| 年报未确认 | ``reports.selectors.confirmations.unconfirmed`` (``YearConfirmation.due_year``) |
| 考核退回补充, 考核待报送 | ``appraisal.selectors.awaiting_report`` (due within ``APPRAISAL_NOTICE_DAYS`` or past) |

The list costs thirteen queries (once the user's role is known) whatever the township's size.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from appraisal import selectors as appraisal_selectors
from demo_sites import selectors as demo_selectors
from demo_sites.models import Application
from orgs import scoping
from orgs import selectors as org_selectors
from orgs.models import Cadre, WomenOrganisation
from reports.selectors.confirmations import unconfirmed
from training import selectors as training_selectors

if TYPE_CHECKING:
    from orgs.scoping import AnyUser


# A near 验收截止日期 is put among the urgent items in its last week (fewer days left than this).
URGENT_DAYS = 7
# 考核 items not yet reported are announced this many days before their 完成时限.
APPRAISAL_NOTICE_DAYS = 30


@dataclass(frozen=True)
class Todo:
    """One line of the 待办 list."""

    kind: str  # which rule made it: "rectify", "draft", "deadline", "election_overdue", …
    title: str
    url: str
    details: tuple[str, ...] = ()  # e.g. the county's 整改要求, one per line
    note: str = ""  # e.g. 验收截止 2026年12月31日，还剩 45 天
    urgent: bool = False  # returned by the county, or past a date


def _url(name: str, args: tuple = (), **params) -> str:
    base = reverse(name, args=args)
    return f"{base}?{urlencode(params)}" if params else base


def _date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def deadline_note(deadline: datetime.date, today: datetime.date) -> str:
    """验收截止 2026年12月31日，还剩 45 天 / 今天截止 / 已过 3 天."""
    days = (deadline - today).days
    if days > 0:
        return f"验收截止 {_date(deadline)}，还剩 {days} 天"
    if days == 0:
        return f"验收截止 {_date(deadline)}，今天截止"
    return f"验收截止 {_date(deadline)}，已过 {-days} 天"


def _applications(user: AnyUser, today: datetime.date) -> list[Todo]:
    """One item per application returned for 整改 (with the county's reasons) or still a draft. Two queries."""
    items = []
    for application in demo_selectors.applications_awaiting_township(user=user):
        what = str(application)  # 2026年 桃源社区 市级“妇女之家”示范点
        url = _url("demo_sites:application_detail", (application.pk,))
        note = deadline_note(application.deadline, today)
        overdue = application.deadline < today
        if application.status == Application.Status.RECTIFYING:
            rounds = application.rounds_newest_first  # type: ignore[attr-defined]  # the selector's prefetch
            latest = rounds[0] if rounds else None
            details: tuple[str, ...] = ()
            if latest is not None:
                details = tuple(f"整改要求：{item}" for item in latest.rectification_items)
                if latest.reasons:
                    details += (f"县妇联意见：{latest.reasons}",)
            items.append(Todo("rectify", f"申报被退回整改：{what}", url, details, note, urgent=True))
        else:
            items.append(Todo("draft", f"申报草稿未提交：{what}", url, (), note, urgent=overdue))
    return items


def _deadlines(user: AnyUser, today: datetime.date) -> list[Todo]:
    """One item per 验收截止日期 that is near, naming how many of her applications must be in by then. One query."""
    near = (
        Application.objects.for_user(user)
        .deadline_near(today)
        .order_by()
        .values("deadline")
        .annotate(n=Count("pk"))
        .order_by("deadline")
    )
    return [
        Todo(
            "deadline",
            f"示范点验收截止：{_date(row['deadline'])}，"
            + ("今天截止" if row["deadline"] == today else f"还剩 {(row['deadline'] - today).days} 天"),
            _url("demo_sites:application_list"),
            (f"尚有 {row['n']} 份申报未提交或整改后未重新提交。",),
            urgent=(row["deadline"] - today).days < URGENT_DAYS,
        )
        for row in near
    ]


def _organisations(user: AnyUser, township_id: int, today: datetime.date) -> list[Todo]:
    """换届, 主席 and 班子配备 of the township's women's organisations. Five queries."""
    organisations = WomenOrganisation.objects.for_user(user)
    changelist = "admin:orgs_womenorganisation_changelist"
    items = []
    overdue = organisations.election_overdue(today).count()
    if overdue:
        items.append(
            Todo(
                "election_overdue",
                f"{overdue} 个妇女组织逾期未换届",
                _url(changelist, election="overdue"),
                ("请组织换届，并在“妇女组织”中登记换届记录。",),
                urgent=True,
            )
        )
    due = organisations.election_due_soon(today).count()
    if due:
        days = WomenOrganisation.ELECTION_NOTICE_DAYS
        items.append(
            Todo(
                "election_due",
                f"{due} 个妇女组织将在 {days} 天内到期换届",
                _url(changelist, election="due_soon"),
                ("请提前做好换届准备。",),
            )
        )
    chairless = organisations.without_current_chair(today).count()
    if chairless:
        items.append(
            Todo(
                "no_chair",
                f"{chairless} 个妇女组织没有现任主席",
                _url(changelist, chair="none"),
                ("请在该组织的任职中登记现任主席。",),
            )
        )
    leadership = org_selectors.leadership_by_township(
        org_selectors.leadership_organisations(user=user, township_id=township_id), today
    ).get(township_id)
    short = leadership["with_rule"] - leadership["complete"] if leadership else 0
    if short:
        items.append(
            Todo(
                "leadership",
                f"{short} 个妇女组织班子配备不齐",
                _url("orgs:leadership_shortfalls"),
                ("对照县妇联设定的班子配备要求（会改联），查看各组织缺少的职务。",),
            )
        )
    return items


def _cadres(user: AnyUser, today: datetime.date) -> list[Todo]:
    """Phones missing, chairs not trained this year. Two queries."""
    items = []
    without_phone = Cadre.objects.for_user(user).without_phone(today).count()
    if without_phone:
        items.append(
            Todo(
                "phone",
                f"{without_phone} 名在任或后备干部未填手机号",
                _url("admin:orgs_cadre_changelist", phone="missing"),
                ("请补填手机号，便于联系。",),
            )
        )
    year = today.year
    untrained = training_selectors.untrained_cadres(
        user=user, year=year, position=Cadre.Position.CHAIR, today=today
    ).count()
    if untrained:
        items.append(
            Todo(
                "untrained",
                f"{untrained} 名现任主席{year}年尚未参加培训",
                _url("training:untrained", year=year, position=Cadre.Position.CHAIR),
                ("以会代训、培训班等均可，参训后请登记参训人员。",),
            )
        )
    return items


def _confirmation(township_id: int, today: datetime.date) -> list[Todo]:
    """The year's figures not yet confirmed (or returned by the county). Two queries."""
    year, owed = unconfirmed(township_ids=[township_id], today=today)
    if township_id not in owed:
        return []
    row = owed[township_id]
    url = _url("reports:year_close", year=year)
    if row is not None:  # confirmed once, then returned
        details = (f"退回原因：{row.return_reason}",) if row.return_reason else ()
        return [Todo("confirm", f"{year}年度填报确认被县妇联退回", url, details, urgent=True)]
    return [
        Todo(
            "confirm",
            f"{year}年度数据尚未确认填报完成",
            url,
            ("核对本乡镇数据无误后，在“年报定稿”中确认填报完成。",),
        )
    ]


def _appraisal(user: AnyUser, today: datetime.date) -> list[Todo]:
    """考核: each item returned for more evidence (with the county's comment), and one line for the items
    still to report whose 完成时限 is near or past. One query."""
    items, due = [], []
    for assessment in appraisal_selectors.awaiting_report(user=user, year=today.year):
        url = _url("appraisal:detail", (assessment.pk,))
        if assessment.status == assessment.Status.RETURNED:
            details = (f"县妇联意见：{assessment.comment}",) if assessment.comment else ()
            items.append(
                Todo("appraisal_returned", f"考核任务被退回补充：{assessment.item.name}", url, details, urgent=True)
            )
        elif (assessment.item.deadline - today).days <= APPRAISAL_NOTICE_DAYS:
            due.append(assessment)
    if due:
        first = due[0].item.deadline  # the selector orders by deadline
        items.append(
            Todo(
                "appraisal_due",
                f"{len(due)} 项考核任务待报送",
                _url("appraisal:unit", (due[0].unit_id,), year=today.year),
                tuple(f"{a.item.name}（完成时限 {_date(a.item.deadline)}）" for a in due[:5]),
                urgent=first < today,
            )
        )
    return items


def township_todos(*, user: AnyUser, today: datetime.date | None = None) -> list[Todo]:
    """The 待办 of the township ``user`` works for, in the order she would tackle them: what the county sent
    back, dates, then the data to complete. Empty for anybody who is not township staff."""
    township_id = scoping.township_id_of(user)
    if township_id is None:
        return []
    today = today or timezone.localdate()
    items = _applications(user, today) + _deadlines(user, today)
    items += _confirmation(township_id, today)
    items += _organisations(user, township_id, today)
    items += _cadres(user, today)
    items += _appraisal(user, today)
    # What the county sent back and what is past a date first; otherwise the order above.
    return sorted(items, key=lambda item: not item.urgent)

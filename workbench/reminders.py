"""Reminders the portal sends by itself (``manage.py send_reminders``, once a day from cron): due 换届, a near
验收截止日期, a year's figures not yet confirmed and 示范点 due for 复核, to each township's 消息 (the county's for
county-level units).

One message per township and thing a day: the thing is the township's due 换届 (all of them in one message,
not one message and one SMS per organisation), one 验收截止日期, one year's 填报确认. Its ``dedupe_key`` names
it and ``notices.services.notify`` keeps one per day, so running the command twice a day sends nothing new and
the next day's run reminds again. Which rows are due is the owning apps' rule, the same as the 待办 list's
(``workbench.todo``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Count
from django.urls import reverse

from demo_sites.models import Application, Designation
from notices.models import Message
from notices.services import notify
from orgs.models import Unit, WomenOrganisation
from reports.selectors.confirmations import unconfirmed
from workbench.todo import deadline_note

# A message names at most this many organisations; the list behind its link has them all.
LISTED = 20


@dataclass(frozen=True)
class Reminder:
    township_id: int | None  # None: the county's inbox
    kind: str  # a notices Message.Kind value
    subject: str
    body: str
    link: str
    dedupe_key: str


def _url(name: str, **params) -> str:
    base = reverse(name)
    return f"{base}?{urlencode(params)}" if params else base


def _date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _elections(today: datetime.date) -> list[Reminder]:
    """Per township, its organisations whose 换届 is overdue or due within 90 days. Two queries."""
    fields = ("township_id", "name", "next_election_due")
    due: dict[int | None, dict[str, list]] = defaultdict(lambda: {"overdue": [], "soon": []})
    organisations = WomenOrganisation.objects.order_by("township_id", "next_election_due", "name", "pk")
    for row in organisations.election_overdue(today).values(*fields):
        due[row["township_id"]]["overdue"].append(row)
    for row in organisations.election_due_soon(today).values(*fields):
        due[row["township_id"]]["soon"].append(row)
    reminders = []
    for township_id, found in sorted(due.items(), key=lambda item: (item[0] is None, item[0] or 0)):
        overdue, soon = found["overdue"], found["soon"]
        parts = []
        if overdue:
            parts.append(f"{len(overdue)} 个妇女组织逾期未换届")
        if soon:
            parts.append(f"{len(soon)} 个将在 {WomenOrganisation.ELECTION_NOTICE_DAYS} 天内到期")
        lines = [f"{row['name']}：应于 {_date(row['next_election_due'])} 换届（已逾期）" for row in overdue]
        lines += [f"{row['name']}：应于 {_date(row['next_election_due'])} 换届" for row in soon]
        lines = lines[:LISTED]
        if len(overdue) + len(soon) > LISTED:
            lines.append(f"……共 {len(overdue) + len(soon)} 个，详见链接中的名单。")
        reminders.append(
            Reminder(
                township_id=township_id,
                kind=Message.Kind.ELECTION_DUE,
                subject="换届提醒：" + "，".join(parts),
                body="\n".join(lines),
                link=_url("admin:orgs_womenorganisation_changelist", election="overdue" if overdue else "due_soon"),
                dedupe_key="reminder:elections",
            )
        )
    return reminders


def _deadlines(today: datetime.date) -> list[Reminder]:
    """Per township and near 验收截止日期, how many of its applications are still to be submitted. One query."""
    rows = (
        Application.objects.deadline_near(today)
        .order_by()
        .values("township_id", "deadline")
        .annotate(n=Count("pk"))
        .order_by("township_id", "deadline")
    )
    return [
        Reminder(
            township_id=row["township_id"],
            kind=Message.Kind.ACCEPTANCE_DEADLINE,
            subject=f"示范点{deadline_note(row['deadline'], today)}",
            body=f"尚有 {row['n']} 份申报（草稿或退回整改）未提交，请在截止日期前提交验收。",
            link=_url("demo_sites:application_list"),
            dedupe_key=f"reminder:acceptance_deadline:{row['deadline'].isoformat()}",
        )
        for row in rows
    ]


def _confirmations(today: datetime.date) -> list[Reminder]:
    """Per township that owes the year due its 填报完成 (or was returned). Three queries."""
    townships = dict(Unit.objects.filter(kind=Unit.Kind.TOWNSHIP).order_by("pk").values_list("pk", "name"))
    year, owed = unconfirmed(township_ids=list(townships), today=today)
    reminders = []
    for township_id, row in owed.items():
        reason = row.return_reason if row is not None else ""
        reminders.append(
            Reminder(
                township_id=township_id,
                kind=Message.Kind.FIGURES_UNCONFIRMED,
                subject=f"{year}年度填报确认被县妇联退回" if row is not None else f"{year}年度数据尚未确认填报完成",
                body=(f"退回原因：{reason}\n" if reason else "") + "请核对本乡镇数据，在“年报定稿”中确认填报完成。",
                link=_url("reports:year_close", year=year),
                dedupe_key=f"reminder:figures_unconfirmed:{year}",
            )
        )
    return reminders


def _reviews(today: datetime.date) -> list[Reminder]:
    """Per township, its 示范点 due for 复核 (or overdue). One query."""
    due: dict[int | None, list] = defaultdict(list)
    designations = Designation.objects.review_due(today).select_related("unit").order_by("township_id", "last_checked")
    for designation in designations:
        due[designation.township_id].append(designation)
    reminders = []
    for township_id, sites in due.items():
        lines = [
            f"{d.unit.name}（{d.year}年{d.get_level_display()}{d.get_category_display()}）：上次验收或复核于 "
            f"{_date(d.last_checked)}"
            for d in sites[:LISTED]
        ]
        reminders.append(
            Reminder(
                township_id=township_id,
                kind=Message.Kind.REVIEW_DUE,
                subject=f"复核提醒：{len(sites)} 个示范点到期需复核",
                body="\n".join(lines) + "\n请做好迎接复核的准备，材料不齐的请及时补齐。",
                link=_url("demo_sites:designation_list"),
                dedupe_key="reminder:review_due",
            )
        )
    return reminders


def due_reminders(today: datetime.date) -> list[Reminder]:
    """Everything to remind of on ``today``. A fixed number of queries."""
    return _elections(today) + _deadlines(today) + _confirmations(today) + _reviews(today)


@transaction.atomic
def send_reminders(*, today: datetime.date) -> tuple[int, int]:
    """Put today's reminders in the inboxes: (new messages, reminders already sent today)."""
    created = repeated = 0
    for reminder in due_reminders(today):
        _, new = notify(
            township=reminder.township_id,
            kind=reminder.kind,
            subject=reminder.subject,
            body=reminder.body,
            link=reminder.link,
            dedupe_key=reminder.dedupe_key,
            on=today,
        )
        created += new
        repeated += not new
    return created, repeated

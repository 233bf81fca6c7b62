"""Messages (消息) and who has read them.

A message is addressed to one inbox: a township's (``township`` set) or the county's (``township`` null).
Its ``township`` is chosen by whoever sends it, not derived from a parent row, so the model carries the key
itself (as ``reports.YearConfirmation`` and ``orgs.StaffProfile`` do) instead of inheriting
``orgs.ownership.TownshipOwned``; ``orgs.scoping`` narrows it like every township-owned row (township staff:
their township's rows; county-wide roles: every row) and ``notices.selectors.inbox`` narrows that to the one
inbox a user reads (see there).

"One message per thing per day at most" is the database's rule: ``dedupe_key`` names the thing (a status
change, a due 换届 …) and ``day`` the day; two partial unique constraints cover the townships' inboxes and the
county's (a null township would otherwise never collide with another null).

Messages carry no ``history``: a message is written once by ``notices.services.notify`` and never edited,
the move that caused it is already recorded (``StatusChange``, ``DesignationChange`` and the audit log), and
a history table would make every message look like a change of the federation's figures to the report
ledger (``reports.indicators.ledger``). Read receipts are a log of their own (who, when).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from orgs.models import Unit
from orgs.scoping import ScopedQuerySet

#: The permission of those who read an inbox (township staff theirs; county staff and the administrator the
#: county's). The leader, who acts on none of these, has none (orgs.roles gives her view and export only).
RECEIVE_PERMISSION = "notices.receive_message"


def is_local_path(link: str) -> bool:
    """Whether ``link`` is a path on this site ("/demo-sites/applications/3/"), never another host."""
    return (
        link.startswith("/")
        and not link.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(link, allowed_hosts=set(), require_https=False)
    )


def validate_local_path(link: str) -> None:
    if link and not is_local_path(link):
        raise ValidationError("链接只能是本平台内的地址。", code="not_local")


class Message(models.Model):
    """消息: one thing a township or the county is told, with the page where it is dealt with."""

    class Kind(models.TextChoices):
        APPLICATION_SUBMITTED = "application_submitted", "申报已提交"
        APPLICATION_RESUBMITTED = "application_resubmitted", "申报重新提交"
        APPLICATION_RETURNED = "application_returned", "申报退回整改"
        APPLICATION_ACCEPTED = "application_accepted", "申报验收通过"
        APPLICATION_REJECTED = "application_rejected", "申报不通过"
        DESIGNATION_REVOKED = "designation_revoked", "示范点摘牌"
        REVIEW_RECORDED = "review_recorded", "复核结果"
        REVIEW_DUE = "review_due", "复核到期"
        ELECTION_DUE = "election_due", "换届到期提醒"
        ACCEPTANCE_DEADLINE = "acceptance_deadline", "验收截止提醒"
        FIGURES_UNCONFIRMED = "figures_unconfirmed", "年度数据待确认"
        ASSESSMENT_REPORTED = "assessment_reported", "考核任务已报送"
        ASSESSMENT_RETURNED = "assessment_returned", "考核任务退回补充"
        ASSESSMENT_SCORED = "assessment_scored", "考核任务已评分"

    township = models.ForeignKey(
        Unit,
        verbose_name="收件乡镇",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Unit.Kind.TOWNSHIP},
        help_text="为空表示发给县妇联",
    )
    kind = models.CharField("类别", max_length=40, choices=Kind.choices)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("办理地址", max_length=500, blank=True, validators=[validate_local_path])
    dedupe_key = models.CharField("去重键", max_length=200)
    day = models.DateField("日期")
    created_at = models.DateTimeField("发送时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    # Nobody writes a message by hand (notices.services.notify does); reading one's inbox is the permission.
    TOWNSHIP_STAFF_ACTIONS = ("receive",)
    COUNTY_STAFF_ACTIONS = ("receive",)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        default_permissions = ()
        permissions = [("receive_message", "接收消息")]
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["township", "-created_at"], name="notices_inbox_newest")]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "dedupe_key", "day"],
                condition=Q(township__isnull=False),
                name="one_township_message_per_thing_per_day",
            ),
            models.UniqueConstraint(
                fields=["dedupe_key", "day"],
                condition=Q(township__isnull=True),
                name="one_county_message_per_thing_per_day",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class MessageRead(models.Model):
    """That ``user`` opened ``message`` (or marked it read), and when: per user, so one clerk reading the
    township's message leaves it unread for her colleague."""

    message = models.ForeignKey(Message, verbose_name="消息", on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField("阅读时间", default=timezone.now)

    class Meta:
        verbose_name = "消息已读记录"
        verbose_name_plural = "消息已读记录"
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="one_read_per_message_and_user")]

    def __str__(self) -> str:
        return f"{self.message_id} 已读"

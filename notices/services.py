"""Telling a township or the county: ``notify``, and the email and SMS that follow a message.

Callers (workflow services, ``manage.py send_reminders``) call ``notify`` where the thing happens, inside
their transaction; nothing listens to signals. See ``notify`` for what it guarantees.
"""

from __future__ import annotations

import datetime
import functools
import logging
import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from notices import sms
from notices.models import Message, MessageRead, is_local_path
from notices.selectors import inbox, reads_inbox_of
from orgs.models import Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

EMAIL_SUBJECT = "【县妇联平台】{subject}"
SMS_TEXT = "【县妇联】{subject}。请登录平台查看“消息”。"
SMS_SUBJECT_CHARS = 40
_MOBILE = re.compile(r"1\d{10}")


def notify(
    *,
    township: Unit | int | None,
    kind: str,
    subject: str,
    body: str,
    link: str,
    dedupe_key: str,
    on: datetime.date | None = None,
) -> tuple[Message, bool]:
    """Put a message in the inbox of ``township`` (a township ``Unit`` or its id; ``None``: the county's)
    and tell its readers by email and SMS. Returns ``(message, created)``.

    Guarantees:

    * **At most one message per thing per day.** ``dedupe_key`` names the thing (e.g.
      ``"demo_sites.statuschange:42"``, ``"election_due:org:17"``), ``on`` the day (today by default). A
      second call with the same inbox, key and day returns the first message with ``created=False`` and
      sends nothing; the next day's call makes a new message. The database's unique constraints decide, so
      two processes calling at once still make one message (the loser reads the winner's row).
    * **In the caller's transaction.** The message is written in the caller's transaction and rolls back
      with it: a step that fails tells nobody.
    * **Email and SMS after commit, never failing the step.** Only a newly created message is delivered,
      once the transaction commits (``transaction.on_commit``), by email (Django's ``EMAIL_*`` settings) to
      the inbox's readers with an address and by ``settings.SMS_GATEWAY`` to their mobile numbers. A failure
      of either is logged; the message stays in the inbox and the step stands.
    * Readers are the active users who would see it in their 消息: the township's staff, or for the county
      county staff and the system administrator (``notices.selectors``).

    ``kind`` is a ``Message.Kind`` value; ``link`` a path on this site where the thing is dealt with ("" for
    none). A subject longer than 200 characters is cut. Wrong arguments raise ``ValueError`` (a programming
    error, not the user's).
    """
    if kind not in Message.Kind.values:
        raise ValueError(f"unknown message kind {kind!r}")
    if link and not is_local_path(link):
        raise ValueError(f"a message links to a path on this site, not {link!r}")
    if not dedupe_key or len(dedupe_key) > Message._meta.get_field("dedupe_key").max_length:  # type: ignore[operator]
        raise ValueError("dedupe_key must be 1 to 200 characters")
    if isinstance(township, Unit):
        if township.kind != Unit.Kind.TOWNSHIP:
            raise ValueError(f"messages go to a township or the county, not to {township.get_kind_display()}")
        township_id: int | None = township.pk
    else:
        township_id = township
    subject = " ".join(subject.split())
    if len(subject) > 200:
        subject = subject[:199] + "…"
    message, created = Message.objects.get_or_create(
        township_id=township_id,
        dedupe_key=dedupe_key,
        day=on or timezone.localdate(),
        defaults={"kind": kind, "subject": subject, "body": body.strip(), "link": link},
    )
    if created:
        transaction.on_commit(functools.partial(deliver, message.pk), robust=True)
    return message, created


def message_open(*, message: Message, by: User) -> str:
    """Mark ``message`` read for ``by`` and return where to go: its link, or the inbox when it has none (or
    its link is not a path on this site, which ``notify`` never lets in)."""
    MessageRead.objects.get_or_create(message=message, user_id=by.pk)
    return message.link if message.link and is_local_path(message.link) else ""


def messages_mark_all_read(*, by: User) -> int:
    """全部标为已读: every message of ``by``'s inbox read by ``by``; returns how many were unread."""
    unread_ids = list(inbox(by).exclude(reads__user_id=by.pk).values_list("pk", flat=True))
    now = timezone.now()
    MessageRead.objects.bulk_create(
        [MessageRead(message_id=pk, user_id=by.pk, read_at=now) for pk in unread_ids], ignore_conflicts=True
    )
    return len(unread_ids)


# --- delivery (after commit) -----------------------------------------------------------------------


def recipients(township_id: int | None) -> list[User]:
    """The active users who read the inbox of ``township_id`` (None: the county's), by the same rule as
    their 消息 page; the query only narrows the candidates, ``reads_inbox_of`` decides."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="receive_message", groups__permissions__content_type__app_label="notices")
            | Q(user_permissions__codename="receive_message", user_permissions__content_type__app_label="notices")
        )
        .distinct()
        .select_related("staff_profile")
        .order_by("pk")
    )
    if township_id is None:
        users = users.exclude(staff_profile__township__isnull=False)
    else:
        users = users.filter(staff_profile__township_id=township_id)
    return [user for user in users if reads_inbox_of(user, township_id)]


def _phone_of(user: User) -> str:
    profile = getattr(user, "staff_profile", None)
    digits = re.sub(r"[\s-]", "", profile.phone if profile is not None else "")
    return digits if _MOBILE.fullmatch(digits) else ""


def _email_text(message: Message) -> str:
    base = getattr(settings, "PORTAL_BASE_URL", "").rstrip("/")
    lines = [message.body] if message.body else []
    if message.link:
        lines.append(f"办理地址：{base}{message.link}" if base else f"办理地址（登录平台后打开）：{message.link}")
    lines.append("此邮件由县妇联基层组织建设管理平台自动发送，请勿直接回复。")
    return "\n\n".join(lines)


def deliver(message_id: int) -> None:
    """Email and SMS for one message, after its transaction committed. Never raises: a failure is logged
    and the message stays in the inbox."""
    try:
        message = Message.objects.get(pk=message_id)
        people = recipients(message.township_id)
    except Exception:
        logger.exception("message %s: its recipients could not be read, nothing sent", message_id)
        return
    addresses = sorted({user.email.strip() for user in people if user.email and user.email.strip()})
    if addresses:
        try:
            subject = EMAIL_SUBJECT.format(subject=message.subject)
            text = _email_text(message)
            with get_connection() as connection:
                connection.send_messages([EmailMessage(subject, text, None, [address]) for address in addresses])
        except Exception:
            logger.exception("message %s: email to %d recipients failed", message_id, len(addresses))
    phones = sorted({phone for phone in map(_phone_of, people) if phone})
    if phones:
        text = SMS_TEXT.format(subject=message.subject[:SMS_SUBJECT_CHARS])
        try:
            gateway = sms.gateway()
        except Exception:
            logger.exception("message %s: the SMS gateway could not be loaded, no text sent", message_id)
            return
        for phone in phones:
            try:
                gateway.send(phone, text)
            except Exception:
                logger.exception("message %s: SMS to %s failed", message_id, sms.mask(phone))

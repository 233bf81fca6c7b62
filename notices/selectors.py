"""Which inbox a user reads, and the reads of it.

``orgs.scoping`` says which messages a user *may see*: township staff their township's, county-wide roles
every one. An inbox is narrower: township staff read their township's messages (scope alone gives exactly
that), county staff and the system administrator read the county's (those with no township), so a county
clerk's 消息 is not filled with what was told to each township. Reading an inbox needs
``notices.receive_message``, which the leader does not hold: leadership has no inbox (nothing in it would
be hers to act on) and sees no 消息 menu.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet

from notices.models import RECEIVE_PERMISSION, Message, MessageRead
from orgs import scoping

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from orgs.scoping import AnyUser


def has_inbox(user: AnyUser) -> bool:
    return bool(
        user.is_authenticated
        and user.has_perm(RECEIVE_PERMISSION)
        and (scoping.sees_whole_county(user) or scoping.township_id_of(user) is not None)
    )


def reads_inbox_of(user: AnyUser, township_id: int | None) -> bool:
    """Whether ``user`` reads the inbox of ``township_id`` (None: the county's): the rule ``inbox`` applies
    to rows, for one user (who gets the message's email and SMS)."""
    if not has_inbox(user):
        return False
    if scoping.sees_whole_county(user):
        return township_id is None
    return township_id is not None and scoping.in_scope(user, township_id)


def inbox(user: AnyUser) -> QuerySet[Message]:
    """The messages of ``user``'s inbox, newest first."""
    if not has_inbox(user):
        return Message.objects.none()
    visible = scoping.scope(Message.objects.all(), user)
    if scoping.sees_whole_county(user):
        visible = visible.filter(township__isnull=True)
    return visible.order_by("-created_at", "-pk")


def _read_by(user: User) -> Exists:
    return Exists(MessageRead.objects.filter(message=OuterRef("pk"), user_id=user.pk))


def inbox_with_read_state(user: User) -> QuerySet[Message]:
    """``inbox`` with ``is_read`` for ``user`` on every row (one query per page, however many rows)."""
    return inbox(user).annotate(is_read=_read_by(user))


def unread(user: User) -> QuerySet[Message]:
    return inbox(user).exclude(_read_by(user))


def unread_count(user: User) -> int:
    """The number on the 消息 badge: one query."""
    return unread(user).count()

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from notices import selectors


def inbox(request) -> dict:
    """``inbox_unread`` for the 消息 badge of users who have an inbox: counted (one query) only when a
    template shows it, so admin pages and downloads pay nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not selectors.has_inbox(user):
        return {}
    return {"inbox_unread": SimpleLazyObject(lambda: selectors.unread_count(user))}

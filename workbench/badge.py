"""The 待办 count in the menu, on every page township staff open.

Computing the list costs a dozen queries, too many for every page, so the count is kept in her session (read
with the session, which every signed-in request loads anyway: no query of its own) for ``TIMEOUT`` seconds and
the day. It is worked out when she signs in, again by the home page whenever she opens it (so it is exact
there, and on the pages she opens next), and by whichever page shows it once it is older than ``TIMEOUT``.
Nobody but township staff gets one, and a page that does not show it computes nothing.
"""

from __future__ import annotations

import datetime
import time
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from orgs import scoping
from workbench import todo

if TYPE_CHECKING:
    from orgs.scoping import AnyUser

TIMEOUT = 120
SESSION_KEY = "workbench.todo_count"


def remember(request: HttpRequest, count: int, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    request.session[SESSION_KEY] = {"count": count, "day": today.isoformat(), "at": time.time()}


def _kept(request: HttpRequest, today: datetime.date) -> int | None:
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("day") != today.isoformat() or time.time() - kept.get("at", 0) >= TIMEOUT:
        return None
    return kept["count"]


def todo_count(request: HttpRequest, user: AnyUser) -> int | None:
    """The number of the 待办 items of ``user``, who makes ``request`` (None: she has no 待办 list, not being
    township staff)."""
    if scoping.township_id_of(user) is None:
        return None
    today = timezone.localdate()
    count = _kept(request, today)
    if count is None:
        count = len(todo.township_todos(user=user, today=today))
        remember(request, count, today)
    return count


def context(request: HttpRequest) -> dict:
    """Context processor: ``todo_count``, worked out only if the page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or scoping.township_id_of(user) is None:
        return {}
    return {"todo_count": SimpleLazyObject(lambda: todo_count(request, user))}


def on_login(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """``user_logged_in``: the count is worked out as she signs in (she lands on the home page, which shows the
    list anyway), so that the first page she opens afterwards costs what any other does."""
    if request is not None and hasattr(request, "session") and scoping.township_id_of(user) is not None:
        todo_count(request, user)

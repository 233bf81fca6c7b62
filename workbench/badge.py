"""The 待办 count in the menu, on every page township staff open.

Computing the list costs a dozen queries, too many for every page; the count is kept in the shared cache
per township and day for ``TIMEOUT`` seconds. The home page computes the list afresh and stores its length,
so the badge is exact there and at most ``TIMEOUT`` seconds behind elsewhere. On a page that does not show
the badge (or for anybody but township staff) nothing is computed at all.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from orgs import scoping
from workbench import todo

if TYPE_CHECKING:
    from orgs.scoping import AnyUser

TIMEOUT = 120


def _key(township_id: int, today: datetime.date) -> str:
    return f"workbench:todo-count:{township_id}:{today.isoformat()}"


def remember(*, township_id: int, count: int, today: datetime.date | None = None) -> None:
    cache.set(_key(township_id, today or timezone.localdate()), count, TIMEOUT)


def todo_count(user: AnyUser) -> int | None:
    """The number of the user's 待办 items (None: she has no 待办 list, not being township staff)."""
    township_id = scoping.township_id_of(user)
    if township_id is None:
        return None
    today = timezone.localdate()
    count = cache.get(_key(township_id, today))
    if count is None:
        count = len(todo.township_todos(user=user, today=today))
        remember(township_id=township_id, count=count, today=today)
    return count


def context(request) -> dict:
    """Context processor: ``todo_count``, worked out only if the page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or scoping.township_id_of(user) is None:
        return {}
    return {"todo_count": SimpleLazyObject(lambda: todo_count(user))}

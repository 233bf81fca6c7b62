from __future__ import annotations

from orgs import scoping


def portal(request) -> dict:
    """The signed-in user's scope, for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "sees_whole_county": scoping.sees_whole_county(user),
        "user_township_id": scoping.township_id_of(user),
    }

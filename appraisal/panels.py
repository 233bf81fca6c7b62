"""What 考核 adds to other apps' pages, composed from above (workbench): the dashboard's 考核排名 panel."""

from __future__ import annotations

from django.utils import timezone

from appraisal import selectors
from orgs import scoping

TOP = 10


def dashboard_panel(*, user, year: int | None = None) -> dict | None:
    """The year's ranking per category, top ``TOP`` of each, for county-wide readers; None when there is
    nothing to show (a township's staff, or no list published)."""
    if not scoping.sees_whole_county(user) or not user.has_perm("appraisal.view_assessment"):
        return None
    year = year or timezone.localdate().year
    rankings = [selectors.ranking(task_list=t) for t in selectors.published_lists(year=year)]
    if not rankings:
        return None
    for ranking in rankings:
        ranking.top = ranking.rows[:TOP]  # type: ignore[attr-defined]
    return {"template": "appraisal/_dashboard_panel.html", "year": year, "rankings": rankings, "top": TOP}

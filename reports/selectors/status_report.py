"""The reads of the 情况汇报 (``reports.status_report``): its figures come from the indicator catalogue through
the ``FigureTable``; the facts that are not figures (course titles, the 现场推进会 with its place, participants
and example units, when the activities started, when acceptance is due) from scoped queries, a fixed number
of them whatever the number of rows."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Count, Exists, Max, Min, OuterRef

from demo_sites.models import LEVELS_HIGH_TO_LOW, Designation
from demo_sites.selectors import applications_awaiting_acceptance
from orgs.models import Unit
from reports.indicators.figures import FigureTable
from reports.selectors.scope import ReportScope
from reports.workbooks import previous_year
from training.models import Attendance, Event

if TYPE_CHECKING:
    from orgs.scoping import AnyUser

MAX_COURSES, MAX_MEETINGS = 4, 3
# Units a 现场推进会 can show as examples.
EXAMPLE_KINDS = (Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE, Unit.Kind.ENTERPRISE, Unit.Kind.SOCIAL_ORG, Unit.Kind.ORGAN)
PLACE_SEPARATORS = re.compile(r"[、，,；;/\s]+|和|及|与")


def status_report_data(scope: ReportScope, table: FigureTable) -> dict:
    """The figures (``table``, from the catalogue) and the facts that are not figures: the names of
    courses and duties, the 现场推进会, when the activities started, when acceptance is due, last year's
    figures for 同比."""
    # A 情况汇报 always has a reader (the view's make_scope(user=request.user)); only figures are read without.
    reader = cast("AnyUser", scope.user)
    awaiting_deadlines = (
        scope.apply(applications_awaiting_acceptance(user=reader, year=scope.year))
        .order_by()
        .values("category", "level")
        .annotate(last_deadline=Max("deadline"))
    )
    first_activities = (
        scope.apply(Event.objects.filter(category=Event.Category.ACTIVITY, starts_on__year=scope.year))
        .values("activity_kind")
        .annotate(first=Min("starts_on"))
        .order_by()
    )
    # The reporting federation's own courses (the county's, or the township's), earliest first; the
    # 现场推进会 has its own sentence under 示范创建.
    own_courses = scope.apply(
        Event.objects.filter(
            category=Event.Category.TRAINING,
            starts_on__year=scope.year,
            township_id=scope.township_id,
        ).exclude(kind=Event.Kind.ON_SITE)
    )
    return {
        "table": table,
        "previous": previous_year(scope),
        "chair_duties": chair_duties(table),
        "deadlines": {(row["category"], row["level"]): row["last_deadline"] for row in awaiting_deadlines},
        "course_titles": list(own_courses.order_by("starts_on", "pk").values_list("title", flat=True)[:MAX_COURSES]),
        "first_activity": {row["activity_kind"]: row["first"] for row in first_activities},
        "meetings": on_site_meetings(scope),
        "this_year": scope.year == scope.today.year,
    }


def chair_duties(table) -> list[str]:
    """The duties township chairs carry besides, most frequent first (e.g. 出纳、文化、组织)."""
    held = [(n, label) for _, label, n in table.breakdown("township_chairs_by_duty") if n]
    return [label for _, label in sorted(held, key=lambda item: -item[0])]


def _unit_names(tokens: set[str]) -> set[str]:
    """The unit names the place's tokens may mean: the token itself, or what follows a township's name
    in it ("萧江镇桃源社区" → "桃源社区"), so that units are found by their indexed name."""
    names = set(tokens)
    for token in tokens:
        names.update(token[i:] for i in range(1, len(token)) if token[:i].endswith(("镇", "乡", "街道")))
    return names


def on_site_meetings(scope: ReportScope) -> list[dict]:
    """The year's 现场推进会 the reader may see: date, title, place, who came (by kind of unit) and the
    example units shown, read from the units named in the meeting's place ("萧江镇桃源社区、沿河社区、
    立天控股集团"), with the level of 示范点 each holds. Three queries at most, whatever the rows."""
    # Plain dicts: each meeting gets who came and its examples below.
    meetings = cast(
        "list[dict[str, Any]]",
        list(
            scope.apply(
                Event.objects.filter(
                    category=Event.Category.TRAINING, kind=Event.Kind.ON_SITE, starts_on__year=scope.year
                )
            )
            .order_by("starts_on", "pk")
            .values("pk", "title", "starts_on", "place")[:MAX_MEETINGS]
        ),
    )
    if not meetings:
        return []
    came: dict[int, dict] = {m["pk"]: {} for m in meetings}
    attendance = (
        scope.apply(Attendance.objects.filter(event_id__in=list(came), status=Attendance.Status.ATTENDED))
        .order_by()
        .values("event_id", "cadre__unit__kind")
        .annotate(people=Count("pk"), units=Count("cadre__unit", distinct=True))
    )
    for row in attendance:
        came[row["event_id"]][row["cadre__unit__kind"]] = (row["people"], row["units"])
    names = {m["pk"]: [t for t in PLACE_SEPARATORS.split(m["place"]) if t] for m in meetings}
    tokens = {t for ts in names.values() for t in ts}
    units = []
    if tokens:
        in_force = Designation.objects.in_force(scope.reference_date).filter(unit=OuterRef("pk"))
        units = [
            {**unit, "full_name": f"{unit['parent__name'] or ''}{unit['name']}"}
            for unit in scope.apply(Unit.objects.filter(kind__in=EXAMPLE_KINDS, name__in=_unit_names(tokens)))
            .annotate(**{level.value: Exists(in_force.filter(level=level)) for level in LEVELS_HIGH_TO_LOW})
            .values("name", "kind", "parent__name", *(level.value for level in LEVELS_HIGH_TO_LOW))
        ]
    for meeting in meetings:
        meeting["came"] = came[meeting["pk"]]
        meeting["people"] = sum(people for people, _ in came[meeting["pk"]].values())
        meeting["examples"] = [
            {**unit, "level": next((lv.label for lv in LEVELS_HIGH_TO_LOW if unit[lv.value]), "")}
            for token in names[meeting["pk"]]
            for unit in units
            if token in (unit["name"], unit["full_name"])
        ]
    return meetings

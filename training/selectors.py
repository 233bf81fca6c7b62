"""Scoped reads of events and attendance, for the portal pages and for the reports app.

Every function takes the user and goes through ``orgs.scoping``; every one issues a fixed number of
queries whatever the number of events or attendance rows.

What "scoped" means for the statistics: events are counted when the user may see them (county roles:
all; township staff: her township's own events), participants when the attendance row is hers (county
roles: all; township staff: her township's cadres, wherever they were trained, plus external
participants at her own events).
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from orgs import scoping
from orgs.models import Cadre, Post, PostQuerySet, Unit
from training.models import Attendance, Audience, Event, ScanSignIn

if TYPE_CHECKING:
    from orgs.scoping import AnyUser

ATTENDED = Attendance.Status.ATTENDED
# Filter values of the event list's 主办 select: the county itself, or a township's pk.
COUNTY_ORGANISER = "county"


# ---------------------------------------------------------------------------------------------------
# Portal pages
# ---------------------------------------------------------------------------------------------------


def event_list(
    *,
    user: AnyUser,
    year: int | None = None,
    category: str = "",
    kind: str = "",
    activity_kind: str = "",
    organiser: str = "",
    audience_id: int | None = None,
    search: str = "",
) -> QuerySet[Event]:
    """Events the user may see, newest first, with organiser, audiences and the number attended."""
    attended = (
        Attendance.objects.filter(event=OuterRef("pk"), status=ATTENDED)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    events = (
        Event.objects.for_user(user)
        .select_related("organiser")
        .prefetch_related("audiences")
        .annotate(attended_count=Coalesce(Subquery(attended, output_field=IntegerField()), Value(0)))
    )
    if year:
        events = events.filter(starts_on__year=year)
    if category:
        events = events.filter(category=category)
    if kind:
        events = events.filter(kind=kind)
    if activity_kind:
        events = events.filter(activity_kind=activity_kind)
    if organiser == COUNTY_ORGANISER:
        events = events.filter(township__isnull=True)
    elif organiser.isdigit():
        events = events.filter(township_id=int(organiser))
    if audience_id:
        events = events.filter(audiences__id=audience_id)
    if search:
        events = events.filter(Q(title__icontains=search) | Q(place__icontains=search))
    return events.order_by("-starts_on", "-id")


def event_detail(*, user: AnyUser, pk: int) -> Event:
    """One event the user may see (404 otherwise), with what its page shows."""
    return scoping.get_scoped_or_404(
        Event.objects.select_related("organiser", "created_by").prefetch_related("audiences", "attachments"),
        user,
        pk=pk,
    )


def scan_sign_ins_pending(*, event: Event) -> QuerySet[ScanSignIn]:
    """The QR sign-ins of an event (already scoped by the caller) waiting for the organiser, in order of arrival."""
    return ScanSignIn.objects.filter(event=event, status=ScanSignIn.Status.PENDING).order_by("signed_in_at", "pk")


def scan_sign_in_counts(*, event: Event) -> dict[str, int]:
    """How many QR sign-ins of an event are pending, confirmed and set aside; one query."""
    counts = dict.fromkeys(ScanSignIn.Status.values, 0)
    counts.update(ScanSignIn.objects.filter(event=event).values_list("status").annotate(n=Count("pk")).order_by())
    return counts


def event_attendance(*, event: Event, user: AnyUser) -> QuerySet[Attendance]:
    return Attendance.objects.for_user(user).filter(event=event).select_related("cadre__unit").order_by("status", "id")


def event_attendance_totals(*, event: Event) -> dict[str, int]:
    """Attended and absent counts of the whole event (numbers only, so not narrowed to the user)."""
    return Attendance.objects.filter(event=event).aggregate(
        attended=Count("pk", filter=Q(status=ATTENDED)),
        absent=Count("pk", filter=~Q(status=ATTENDED)),
    )


def unseen_attendance_counts(*, events, user: AnyUser) -> dict[int, int]:
    """Per event (by id), its attendance rows that ``user`` may not see: other townships' cadres, or
    county-level people, recorded at the event by the county. Events without any are left out. One query."""
    seen = scoping.scope(Attendance.objects.all(), user).values("pk")
    return dict(
        Attendance.objects.filter(event__in=[event.pk for event in events])
        .exclude(pk__in=seen)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values_list("event", "n")
    )


def cadre_search(*, user: AnyUser, term: str, limit: int = 20) -> list[Cadre]:
    """Cadres the user may see whose name, initials or unit match ``term`` (for the autocomplete)."""
    term = (term or "").strip()
    if not term:
        return []
    return list(
        Cadre.objects.for_user(user)
        .filter(Q(name__contains=term) | Q(name_initials__istartswith=term) | Q(unit__name__contains=term))
        .select_related("unit")
        .order_by("name", "pk")[:limit]
    )


def cadre_training_record(*, user: AnyUser, cadre_id: int) -> tuple[Cadre, QuerySet[Attendance], list[dict]]:
    """A cadre (404 outside the scope), her attendance rows newest first, and per year the number of
    trainings attended and the hours credited."""
    cadre = scoping.get_scoped_or_404(
        Cadre.objects.select_related("unit", "township").prefetch_related(
            Prefetch("posts", queryset=Post.objects.current().select_related("organisation"), to_attr="current_posts")
        ),
        user,
        pk=cadre_id,
    )
    rows = (
        Attendance.objects.for_user(user)
        .filter(cadre=cadre)
        .select_related("event__organiser")
        .order_by("-event__starts_on", "-id")
    )
    years = list(
        Attendance.objects.for_user(user)
        .filter(cadre=cadre, status=ATTENDED)
        .annotate(year=ExtractYear("event__starts_on"))
        .values("year")
        .annotate(
            trainings=Count("pk", filter=Q(event__category=Event.Category.TRAINING)),
            activities=Count("pk", filter=Q(event__category=Event.Category.ACTIVITY)),
            hours=Coalesce(Sum("hours_credited"), Decimal("0")),
        )
        .order_by("-year")
    )
    return cadre, rows, years


def _post_date(year: int, today: datetime.date | None = None) -> datetime.date:
    """The day on which "currently in a post" is judged for ``year``: today, or the year's last day."""
    today = today or timezone.localdate()
    return today if year >= today.year else datetime.date(year, 12, 31)


def trained_in(year: int, cadre_ref: str = "pk", attendance: QuerySet | None = None) -> Exists:
    """Whether the cadre attended at least one training event (not an activity) in ``year``; ``attendance``
    narrows the rows looked at (e.g. to the attendees of some townships, so the planner need not hash
    the whole table)."""
    attendance = Attendance.objects.all() if attendance is None else attendance
    return Exists(
        attendance.filter(
            cadre=OuterRef(cadre_ref),
            status=ATTENDED,
            event__category=Event.Category.TRAINING,
            event__starts_on__year=year,
        )
    )


def _in_post(
    *, user: AnyUser, year: int, position: str = "", unit_kind: str = "", today: datetime.date | None = None
) -> tuple[QuerySet[Cadre], PostQuerySet]:
    """The cadres ``untrained_cadres`` looks at (currently in a post of ``position``, in a unit of
    ``unit_kind``), and those posts."""
    posts = Post.objects.current(_post_date(year, today))
    if position:
        posts = posts.filter(position=position)
    if unit_kind:
        posts = posts.filter(organisation__unit__kind=unit_kind)
    return Cadre.objects.for_user(user).filter(Exists(posts.filter(cadre=OuterRef("pk")))), posts


def untrained_by_township(
    *, user: AnyUser, year: int, position: str = "", today: datetime.date | None = None
) -> dict[int | None, dict[str, int]]:
    """Per township the user may see (None: county-level units): {"in_post": cadres ``untrained_cadres``
    looks at, "untrained": those of them it lists}. Townships without such cadres are absent. One query."""
    cadres, _ = _in_post(user=user, year=year, position=position, today=today)
    rows = (
        cadres.order_by()
        .values("township_id")
        .annotate(in_post=Count("pk"), untrained=Count("pk", filter=~trained_in(year)))
    )
    return {row["township_id"]: {"in_post": row["in_post"], "untrained": row["untrained"]} for row in rows}


def untrained_cadres(
    *,
    user: AnyUser,
    year: int,
    position: str = "",
    unit_kind: str = "",
    township_id: int | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Cadre]:
    """Cadres currently in a post (of ``position``, in a unit of ``unit_kind``) who attended no training
    in ``year``, with their current posts prefetched."""
    cadres, posts = _in_post(user=user, year=year, position=position, unit_kind=unit_kind, today=today)
    cadres = cadres.exclude(trained_in(year))
    if township_id:
        cadres = cadres.filter(township_id=township_id)
    return (
        cadres.select_related("unit", "township")
        .prefetch_related(
            Prefetch("posts", queryset=posts.select_related("organisation").order_by("pk"), to_attr="current_posts")
        )
        .order_by("township_id", "unit__kind", "unit__name", "name", "pk")
    )


# ---------------------------------------------------------------------------------------------------
# Statistics for the reports app
# ---------------------------------------------------------------------------------------------------


def _share(part: int, whole: int) -> Decimal:
    """A percentage with one decimal (Decimal, so that tables add up the same way everywhere)."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _year_attendance(user: AnyUser, year: int) -> QuerySet[Attendance]:
    return Attendance.objects.for_user(user).filter(status=ATTENDED, event__starts_on__year=year)


def training_summary(*, user: AnyUser, year: int) -> dict:
    """Headline figures: training events, activities, activity participants, attendance (人次), distinct
    cadres trained and hours credited in ``year``. Two queries."""
    events = (
        Event.objects.for_user(user)
        .filter(starts_on__year=year)
        .aggregate(
            trainings=Count("pk", filter=Q(category=Event.Category.TRAINING)),
            activities=Count("pk", filter=Q(category=Event.Category.ACTIVITY)),
            activity_participants=Coalesce(Sum("participant_count", filter=Q(category=Event.Category.ACTIVITY)), 0),
        )
    )
    attendance = (
        _year_attendance(user, year)
        .filter(event__category=Event.Category.TRAINING)
        .aggregate(
            participants=Count("pk"),
            cadres=Count("cadre", distinct=True),
            hours=Coalesce(Sum("hours_credited"), Decimal("0")),
        )
    )
    return {"year": year, **events, **attendance}


def training_by_kind(*, user: AnyUser, year: int) -> list[dict]:
    """Per training kind (培训班, 以会代训 …, in the choices' order): events, participants (人次) and
    distinct cadres trained in ``year``. Two queries."""
    events = dict(
        Event.objects.for_user(user)
        .filter(category=Event.Category.TRAINING, starts_on__year=year)
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    people = {
        row["event__kind"]: row
        for row in _year_attendance(user, year)
        .filter(event__category=Event.Category.TRAINING)
        .values("event__kind")
        .annotate(participants=Count("pk"), cadres=Count("cadre", distinct=True))
    }
    return [
        {
            "kind": kind,
            "label": label,
            "events": events.get(kind, 0),
            "participants": people.get(kind, {}).get("participants", 0),
            "cadres": people.get(kind, {}).get("cadres", 0),
        }
        for kind, label in Event.Kind.choices
    ]


def training_by_audience(*, user: AnyUser, year: int) -> list[dict]:
    """Per audience: training events aimed at it and their participants (人次) in ``year``. An event
    with two audiences counts under both. Three queries."""
    audiences = list(Audience.objects.order_by("sort_order", "pk"))
    events = dict(
        Event.objects.for_user(user)
        .filter(category=Event.Category.TRAINING, starts_on__year=year, audiences__isnull=False)
        .values("audiences")
        .annotate(n=Count("pk"))
        .values_list("audiences", "n")
    )
    participants = dict(
        _year_attendance(user, year)
        .filter(event__category=Event.Category.TRAINING, event__audiences__isnull=False)
        .values("event__audiences")
        .annotate(n=Count("pk"))
        .values_list("event__audiences", "n")
    )
    return [
        {"audience": a.name, "events": events.get(a.pk, 0), "participants": participants.get(a.pk, 0)}
        for a in audiences
    ]


def training_by_township(*, user: AnyUser, year: int) -> list[dict]:
    """Per township the user may see, then a 县妇联 row for county-organised events (county roles only):
    trainings and activities organised, and attendance (人次) and distinct cadres of the township trained
    in ``year`` wherever the training was held. Three queries."""
    townships = list(scoping.visible_townships(user).values_list("pk", "name"))
    organised = {
        (row["township_id"], row["category"]): row["n"]
        for row in Event.objects.for_user(user)
        .filter(starts_on__year=year)
        .values("township_id", "category")
        .annotate(n=Count("pk"))
    }
    trained = {
        row["township_id"]: row
        for row in _year_attendance(user, year)
        .filter(event__category=Event.Category.TRAINING)
        .values("township_id")
        .annotate(participants=Count("pk"), cadres=Count("cadre", distinct=True))
    }
    rows: list[tuple[int | None, str]] = [(pk, name) for pk, name in townships]
    if scoping.sees_whole_county(user):
        rows.append((None, "县妇联"))
    return [
        {
            "township_id": pk,
            "township": name,
            "trainings": organised.get((pk, Event.Category.TRAINING), 0),
            "activities": organised.get((pk, Event.Category.ACTIVITY), 0),
            "participants": trained.get(pk, {}).get("participants", 0),
            "cadres": trained.get(pk, {}).get("cadres", 0),
        }
        for pk, name in rows
    ]


def chair_training_share(*, user: AnyUser, year: int, today: datetime.date | None = None) -> list[dict]:
    """Per kind of unit (乡镇, 社区, 村, 两新 …) with chairs: the women's organisation chairs currently in
    post, how many attended a training in ``year`` and the share (percent, one decimal); then a 合计 row.
    One query."""
    on = _post_date(year, today)
    rows = list(
        Post.objects.for_user(user)
        .current(on)
        .chairs()
        .values("organisation__unit__kind")
        .annotate(
            chairs=Count("cadre", distinct=True),
            trained=Count("cadre", distinct=True, filter=Q(trained_in(year, "cadre"))),
        )
    )
    order = list(Unit.Kind.values)
    rows.sort(key=lambda r: order.index(r["organisation__unit__kind"]))
    labels = dict(Unit.Kind.choices)
    result = [
        {
            "unit_kind": r["organisation__unit__kind"],
            "label": labels[r["organisation__unit__kind"]],
            "chairs": r["chairs"],
            "trained": r["trained"],
            "share": _share(r["trained"], r["chairs"]),
        }
        for r in rows
    ]
    chairs = sum(r["chairs"] for r in result)
    trained = sum(r["trained"] for r in result)
    result.append(
        {"unit_kind": "", "label": "合计", "chairs": chairs, "trained": trained, "share": _share(trained, chairs)}
    )
    return result


def hours_per_cadre(*, user: AnyUser, year: int) -> QuerySet[Cadre]:
    """Cadres who attended at least one training in ``year``, with ``trainings`` and ``hours`` for the
    year, most hours first. One query; for long lists read it with ``.values(...)`` rather than as models."""
    this_year = (
        Attendance.objects.filter(
            cadre=OuterRef("pk"),
            status=ATTENDED,
            event__category=Event.Category.TRAINING,
            event__starts_on__year=year,
        )
        .order_by()
        .values("cadre")
    )
    return (
        Cadre.objects.for_user(user)
        .filter(trained_in(year))
        .annotate(
            trainings=Subquery(this_year.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            hours=Subquery(this_year.annotate(h=Sum("hours_credited")).values("h")),
        )
        .select_related("unit", "township")
        .order_by("-hours", "township_id", "name", "pk")
    )


def activity_counts(*, user: AnyUser, year: int, since: datetime.date | None = None) -> list[dict]:
    """Per activity kind (巾帼文化大舞台, 慰问 …): activities held in ``year`` (from ``since`` if given)
    and their participants. One query."""
    activities = Event.objects.for_user(user).filter(category=Event.Category.ACTIVITY, starts_on__year=year)
    if since:
        activities = activities.filter(starts_on__gte=since)
    counts = {
        row["activity_kind"]: row
        for row in activities.values("activity_kind").annotate(
            n=Count("pk"), participants=Coalesce(Sum("participant_count"), 0)
        )
    }
    return [
        {
            "activity_kind": kind,
            "label": label,
            "activities": counts.get(kind, {}).get("n", 0),
            "participants": counts.get(kind, {}).get("participants", 0),
        }
        for kind, label in Event.ActivityKind.choices
    ]

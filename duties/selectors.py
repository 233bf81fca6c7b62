"""Scoped reads of 执委履职 for the portal pages: the year's 执委 with their records, one 执委's record,
the activities she may be linked to, and the 执委 without a record per township.

Every function takes the user and goes through ``orgs.scoping``; each issues a fixed number of queries
whatever the number of 执委 or records.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from duties.models import (
    DutyScheme,
    DutyScoreEntry,
    ExecutiveDutyRecord,
    executive_posts,
    executives,
    judged_on,
)
from orgs import scoping
from orgs.models import Cadre
from training.models import Event

if TYPE_CHECKING:
    from orgs.scoping import AnyUser

REPORTED, MISSING = "reported", "missing"
STATUS_CHOICES = [("", "全部"), (REPORTED, "已填报"), (MISSING, "未填报")]


def _has_record(year: int) -> Exists:
    return Exists(ExecutiveDutyRecord.objects.filter(cadre=OuterRef("pk"), year=year))


def executive_list(
    *,
    user: AnyUser,
    year: int,
    township_id: int | None = None,
    status: str = "",
    search: str = "",
    today: datetime.date | None = None,
) -> QuerySet[Cadre]:
    """The 执委 in post (on ``judged_on(year)``) the user may see, each with ``executive_posts`` (her 执委
    posts) and ``year_records`` (her record of ``year`` with ``points`` and ``activity_count``, or none).
    ``status``: only those who have (``reported``) or have not (``missing``) a record for the year."""
    on = judged_on(year, today)
    cadres = scoping.scope(executives(on), user)
    if township_id:
        cadres = cadres.filter(township_id=township_id)
    if status == REPORTED:
        cadres = cadres.filter(_has_record(year))
    elif status == MISSING:
        cadres = cadres.exclude(_has_record(year))
    if search:
        cadres = cadres.filter(
            Q(name__contains=search) | Q(name_initials__istartswith=search) | Q(unit__name__contains=search)
        )
    records = (
        ExecutiveDutyRecord.objects.filter(year=year)
        .with_points()
        .annotate(activity_count=Count("activities"))
        .order_by()
    )
    return (
        cadres.select_related("unit", "township")
        .prefetch_related(
            Prefetch(
                "posts",
                queryset=executive_posts(on).select_related("organisation").order_by("pk"),
                to_attr="executive_posts",
            ),
            Prefetch("duty_records", queryset=records, to_attr="year_records"),
        )
        # Townships first, the county-level units (县直, no township) last, as in the tables.
        .order_by(F("township_id").asc(nulls_last=True), "unit__kind", "unit__name", "name", "pk")
    )


def missing_by_township(*, user: AnyUser, year: int, today: datetime.date | None = None) -> list[dict]:
    """Per township the user may see (then 县直单位 for county-wide roles): 执委 in post, those with a
    record of ``year`` and those without. One query for the counts, one for the townships."""
    on = judged_on(year, today)
    counts = {
        row["township_id"]: row
        for row in scoping.scope(executives(on), user)
        .order_by()
        .values("township_id")
        .annotate(executives=Count("pk"), reported=Count("pk", filter=Q(_has_record(year))))
    }
    rows: list[tuple[int | None, str]] = list(scoping.visible_townships(user).values_list("pk", "name"))
    if scoping.sees_whole_county(user) and None in counts:
        rows.append((None, "县直单位"))
    result = []
    for pk, name in rows:
        found = counts.get(pk, {"executives": 0, "reported": 0})
        result.append(
            {
                "township_id": pk,
                "township": name,
                "executives": found["executives"],
                "reported": found["reported"],
                "missing": found["executives"] - found["reported"],
            }
        )
    return result


def record_of(*, user: AnyUser, cadre_id: int, year: int) -> tuple[Cadre, ExecutiveDutyRecord | None]:
    """A 执委 the user may see (404 otherwise) and her record of ``year`` with ``points``, its activities and
    score entries, or None."""
    cadre = scoping.get_scoped_or_404(Cadre.objects.select_related("unit", "township"), user, pk=cadre_id)
    record = (
        ExecutiveDutyRecord.objects.filter(cadre=cadre, year=year)
        .with_points()
        .select_related("created_by")
        .prefetch_related(
            Prefetch("activities", queryset=Event.objects.select_related("organiser").order_by("starts_on", "pk")),
            Prefetch("score_entries", queryset=DutyScoreEntry.objects.select_related("item")),
        )
        .first()
    )
    return cadre, record


def scheme_of(year: int) -> DutyScheme | None:
    """The county's 履职积分方案 of ``year`` with its items, or None when the county has not set one."""
    return DutyScheme.objects.filter(year=year).prefetch_related("items").first()


def offered_activities(*, user: AnyUser, cadre: Cadre, year: int) -> QuerySet[Event]:
    """Events of ``year`` a record of ``cadre`` may link to: those organised by her township or the county
    that the user may see, and those she is recorded as attending (the county's, too)."""
    visible = scoping.scope(Event.objects.all(), user).filter(
        Q(township_id=cadre.township_id) | Q(township__isnull=True)
    )
    attended = Event.objects.filter(attendances__cadre=cadre)
    return (
        Event.objects.filter(starts_on__year=year)
        .filter(Q(pk__in=visible.values("pk")) | Q(pk__in=attended.values("pk")))
        .order_by("starts_on", "pk")
    )

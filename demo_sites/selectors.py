"""Scoped reads of the 示范点 data, for the portal pages and for ``reports``.

Reports should use: ``applications_awaiting_acceptance`` (the county home page's 待验收 count),
``applications_awaiting_city`` (推荐市级 waiting for the city, 待市级审核),
``designations_in_force`` / ``designation_counts`` (示范点 by category and level on a date; for 示范点总数, which
counts a unit named at two levels once, ``designations_in_force(...).sites()`` or ``.site_counts(by)``, see
``DesignationQuerySet.sites``) and ``subsidy_totals`` (补助资金 per year and township). Every selector takes the
acting user and scopes through ``orgs.scoping``; none issues a number of queries that grows with the rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, DecimalField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from demo_sites.models import (
    Acceptance,
    AcceptanceScore,
    Application,
    Attachment,
    Category,
    Criterion,
    Designation,
    DesignationChange,
    Level,
    Review,
    ReviewScore,
    SelfAssessment,
    StatusChange,
    Subsidy,
)
from orgs import scoping

if TYPE_CHECKING:
    from orgs.scoping import AnyUser

_SCORE: DecimalField[Decimal, Decimal] = DecimalField(max_digits=6, decimal_places=1)


def applications_awaiting_acceptance(*, user: AnyUser, year: int | None = None) -> QuerySet[Application]:
    """Applications submitted and waiting for the county's acceptance (待验收), of ``year`` if given.
    ``.count()`` it for the home page; each row's ``deadline`` is the year-end by default."""
    qs = Application.objects.for_user(user).awaiting_acceptance().select_related("unit", "township")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("deadline", "submitted_at", "pk")


def applications_awaiting_city(*, user: AnyUser, year: int | None = None) -> QuerySet[Application]:
    """推荐市级 waiting for the city's decision (待市级审核), recommended in ``year`` or earlier if given: the
    same rule as the indicator ``awaiting_city`` (``ApplicationQuerySet.awaiting_city``)."""
    return (
        Application.objects.for_user(user)
        .awaiting_city(year)
        .select_related("unit", "township")
        .order_by("submitted_at", "pk")
    )


def applications_awaiting_township(*, user: AnyUser) -> QuerySet[Application]:
    """Drafts and applications returned for 整改 that the user may see, soonest deadline first; each
    carries ``rounds_newest_first`` (its acceptance rounds, the latest one first: the county's reasons).
    Two queries."""
    newest_first = Acceptance.objects.order_by("-round_number")
    rounds = Prefetch("acceptances", queryset=newest_first, to_attr="rounds_newest_first")
    return (
        Application.objects.for_user(user)
        .awaiting_township()
        .select_related("unit")
        .prefetch_related(rounds)
        .order_by("deadline", "status", "pk")
    )


def application_queue(
    *,
    user: AnyUser,
    status: str | None = None,
    township_id: int | None = None,
    category: str | None = None,
    level: str | None = None,
    year: int | None = None,
    overdue: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[Application]:
    """The 申报/验收 list with its filters, newest first (year, then submission or creation time);
    each row carries ``self_total`` and ``rounds``."""
    qs = Application.objects.for_user(user).select_related("unit", "township")
    if status:
        qs = qs.filter(status=status)
    if township_id:
        qs = qs.filter(township_id=township_id)
    if category:
        qs = qs.filter(category=category)
    if level:
        qs = qs.filter(level=level)
    if year:
        qs = qs.filter(year=year)
    if overdue:
        qs = qs.overdue(today)
    self_total = (
        SelfAssessment.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(total=Sum("score"))
        .values("total")
    )
    rounds = (
        Acceptance.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        self_total=Subquery(self_total, output_field=_SCORE),
        rounds=Coalesce(Subquery(rounds), Value(0)),
    ).order_by("-year", Coalesce("submitted_at", "created_at").desc(), "-pk")  # newest first


@dataclass
class CriterionRow:
    """One line of an application page: the criterion, the township's self-assessment, and the
    county's score of it in each acceptance round (oldest first)."""

    criterion: Criterion
    self_assessment: SelfAssessment | None
    round_scores: list[AcceptanceScore | None]


def application_detail(*, user: AnyUser, pk: int) -> Application:
    """One application the user may see (404 otherwise), with everything its page shows pre-fetched."""
    qs = Application.objects.select_related(
        "unit", "township", "criteria_set", "created_by", "designation", "recommended_from"
    ).prefetch_related(
        Prefetch("criteria_set__criteria", queryset=Criterion.objects.order_by("order", "pk")),
        Prefetch("self_assessments", queryset=SelfAssessment.objects.order_by()),
        Prefetch("attachments", queryset=_attachments()),
        Prefetch(
            "acceptances",
            queryset=Acceptance.objects.select_related("decided_by")
            .prefetch_related(Prefetch("scores", queryset=AcceptanceScore.objects.order_by()))
            .order_by("round_number"),
        ),
        Prefetch("status_changes", queryset=StatusChange.objects.select_related("by").order_by("at", "pk")),
    )
    return scoping.get_scoped_or_404(qs, user, pk=pk)


def _attachments():
    return Attachment.objects.select_related("uploaded_by").order_by("uploaded_at", "pk")


def criterion_rows(application: Application) -> list[CriterionRow]:
    """Built from ``application_detail``'s prefetches: no queries."""
    own = {row.criterion_id: row for row in application.self_assessments.all()}
    rounds = [{s.criterion_id: s for s in acc.scores.all()} for acc in application.acceptances.all()]
    return [
        CriterionRow(criterion=c, self_assessment=own.get(c.pk), round_scores=[r.get(c.pk) for r in rounds])
        for c in application.criteria_set.criteria.all()
    ]


def rectification_report(application: Application, acceptance: Acceptance) -> str:
    """整改落实情况: what the township wrote when it resubmitted before ``acceptance`` (a later round);
    "" for a first round. Built from ``application_detail``'s prefetches: no queries."""
    reports = [
        change.comment
        for change in application.status_changes.all()
        if change.from_status == Application.Status.RECTIFYING
        and change.to_status == Application.Status.SUBMITTED
        and change.at <= acceptance.decided_at
    ]
    return reports[-1] if reports and acceptance.round_number > 1 else ""


def attachment_for_download(*, user: AnyUser, pk: int) -> Attachment:
    return scoping.get_scoped_or_404(Attachment.objects.all(), user, pk=pk)


def designations_in_force(*, user: AnyUser, on: datetime.date | None = None) -> QuerySet[Designation]:
    """Sites designated on ``on`` (today by default): a revoked site stops counting from its 摘牌 date."""
    return Designation.objects.for_user(user).in_force(on).select_related("unit", "township")


def designation_counts(*, user: AnyUser, on: datetime.date | None = None) -> dict[tuple[str, str], int]:
    """(category, level) -> number of sites in force on ``on``; every combination present, zeros included."""
    counts = {(c, lvl): 0 for c in Category.values for lvl in Level.values}
    rows = designations_in_force(user=user, on=on).order_by().values("category", "level").annotate(n=Count("pk"))
    for row in rows:
        counts[(row["category"], row["level"])] = row["n"]
    return counts


def designation_list(
    *,
    user: AnyUser,
    category: str | None = None,
    level: str | None = None,
    township_id: int | None = None,
    in_force_only: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[Designation]:
    qs = Designation.objects.for_user(user).select_related("unit", "township")
    if category:
        qs = qs.filter(category=category)
    if level:
        qs = qs.filter(level=level)
    if township_id:
        qs = qs.filter(township_id=township_id)
    if in_force_only:
        qs = qs.in_force(today)
    subsidy_total = (
        Subsidy.objects.filter(designation=OuterRef("pk"))
        .order_by()
        .values("designation")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return qs.annotate(
        subsidy_total=Coalesce(
            Subquery(subsidy_total), Value(Decimal("0")), output_field=DecimalField(max_digits=14, decimal_places=2)
        )
    ).order_by("-year", "level", "pk")


def designation_detail(*, user: AnyUser, pk: int) -> Designation:
    # Prefetches of different models: django-stubs joins their querysets' types to ``object`` and refuses it.
    qs = Designation.objects.select_related("unit", "township", "application", "revoked_by").prefetch_related(  # type: ignore[type-var]
        Prefetch("changes", queryset=DesignationChange.objects.select_related("by").order_by("at", "pk")),
        Prefetch("subsidies", queryset=Subsidy.objects.select_related("created_by").order_by("granted_on", "pk")),
        Prefetch("city_recommendations", queryset=Application.objects.order_by("submitted_at", "pk")),
        Prefetch(
            "reviews",
            queryset=Review.objects.select_related("reviewed_by", "criteria_set")
            .prefetch_related(Prefetch("scores", queryset=ReviewScore.objects.select_related("criterion")))
            .order_by("reviewed_on", "pk"),
        ),
    )
    return scoping.get_scoped_or_404(qs, user, pk=pk)


def subsidy_totals(*, user: AnyUser, year: int | None = None, category: str | None = None) -> list[dict]:
    """补助资金 per year and township: dicts with ``year``, ``township_id``, ``township`` (name; 县直 for
    sites without a township), ``count`` and ``total`` (Decimal yuan), ordered by year then township."""
    qs = Subsidy.objects.for_user(user)
    if year is not None:
        qs = qs.filter(granted_on__year=year)
    if category:
        qs = qs.filter(designation__category=category)
    rows = (
        qs.annotate(year=ExtractYear("granted_on"))
        .order_by()
        .values("year", "township_id", "township__name")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("-year", "township_id")
    )
    return [
        {
            "year": row["year"],
            "township_id": row["township_id"],
            "township": row["township__name"] or "县直单位",
            "count": row["count"],
            "total": row["total"] or Decimal("0"),
        }
        for row in rows
    ]


def subsidy_year_totals(*, user: AnyUser, category: str | None = None) -> dict[int, Decimal]:
    """Year -> total 补助资金 in yuan."""
    totals: dict[int, Decimal] = {}
    for row in subsidy_totals(user=user, category=category):
        totals[row["year"]] = totals.get(row["year"], Decimal("0")) + row["total"]
    return totals


def this_year() -> int:
    return timezone.localdate().year

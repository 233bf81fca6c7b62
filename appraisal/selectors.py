"""Scoped reads for the 考核 pages: a unit's items, one assessment, the scoring queue, and the ranking.

Every read of assessments goes through ``Assessment.objects.for_user`` (a township sees hers, the county
all); the task lists are reference data that every role reads once published. Each selector costs a fixed
number of queries whatever the number of rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum

from appraisal.models import Assessment, AssessmentAttachment, Category, TaskItem, TaskList
from orgs import scoping
from orgs.models import Unit

if TYPE_CHECKING:
    from orgs.scoping import AnyUser

Status = Assessment.Status
ASSESSEE_KINDS = (Unit.Kind.TOWNSHIP, Unit.Kind.ORGAN)


def published_lists(*, year: int) -> list[TaskList]:
    return list(TaskList.objects.published().filter(year=year).select_related("category"))


def list_years() -> list[int]:
    return list(TaskList.objects.published().values_list("year", flat=True).distinct().order_by("-year"))


def assessee(*, user: AnyUser, pk: int) -> Unit:
    """A township or organ the user may see (another township's is a 404)."""
    return scoping.get_scoped_or_404(Unit.objects.filter(kind__in=ASSESSEE_KINDS), user, pk=pk)


def unit_assessments(*, user: AnyUser, unit: Unit, year: int) -> list[Assessment]:
    """The unit's items of the year's published lists, in list and item order, with their attachment count."""
    return list(
        Assessment.objects.for_user(user)
        .filter(unit=unit, item__task_list__year=year, item__task_list__status=TaskList.Status.PUBLISHED)
        .select_related("item__task_list__category")
        .annotate(attachment_count=Count("attachments"))
        .order_by("item__task_list__category__order", "item__order", "item_id")
    )


def assessment_detail(*, user: AnyUser, pk: int) -> Assessment:
    return scoping.get_scoped_or_404(
        Assessment.objects.select_related("item__task_list__category", "unit", "scored_by"), user, pk=pk
    )


def attachment_for_download(*, user: AnyUser, pk: int) -> AssessmentAttachment:
    return scoping.get_scoped_or_404(
        AssessmentAttachment.objects.select_related("assessment__item", "assessment__unit"), user, pk=pk
    )


def scoring_queue(
    *,
    user: AnyUser,
    year: int,
    status: str = Status.REPORTED,
    category: Category | None = None,
    unit_name: str = "",
) -> QuerySet[Assessment]:
    queue = (
        Assessment.objects.for_user(user)
        .filter(item__task_list__year=year, item__task_list__status=TaskList.Status.PUBLISHED)
        .select_related("item__task_list__category", "unit")
        .annotate(attachment_count=Count("attachments"))
        .order_by("reported_at", "pk")
    )
    if status:
        queue = queue.filter(status=status)
    if category is not None:
        queue = queue.filter(item__task_list__category=category)
    if unit_name.strip():
        queue = queue.filter(unit__name__contains=unit_name.strip())
    return queue


def awaiting_score_count(*, user: AnyUser, year: int) -> int:
    return (
        Assessment.objects.for_user(user)
        .awaiting_score()
        .filter(item__task_list__year=year, item__task_list__status=TaskList.Status.PUBLISHED)
        .count()
    )


def awaiting_report(*, user: AnyUser, year: int) -> QuerySet[Assessment]:
    """Manual items still to be reported by the user's townships (待报送, 退回补充)."""
    return (
        Assessment.objects.for_user(user)
        .filter(
            status__in=Assessment.REPORTABLE_STATUSES,
            item__task_list__year=year,
            item__task_list__status=TaskList.Status.PUBLISHED,
            item__scoring=TaskItem.Scoring.MANUAL,
        )
        .select_related("item", "unit")
        .order_by("item__deadline", "item__order", "pk")
    )


# --- ranking --------------------------------------------------------------------------------------


@dataclass
class RankRow:
    unit_id: int
    name: str
    total: Decimal = Decimal(0)
    scored: int = 0
    rank: int = 0
    by_heading: dict[str, Decimal] = field(default_factory=dict)
    by_item: dict[int, Decimal | None] = field(default_factory=dict)


@dataclass
class Ranking:
    task_list: TaskList
    items: list[TaskItem]
    headings: list[tuple[str, Decimal]]  # (heading, its points) in the list's order
    rows: list[RankRow]

    @property
    def full_marks(self) -> Decimal:
        return sum((item.points for item in self.items), Decimal(0))

    def row_for(self, unit_id: int | None) -> RankRow | None:
        return next((row for row in self.rows if row.unit_id == unit_id), None)


def rank_rows(rows: list[RankRow]) -> list[RankRow]:
    """Highest total first; equal totals share a rank (1, 2, 2, 4) and keep the county's order of units."""
    ordered = sorted(rows, key=lambda row: (-row.total, row.unit_id))
    for index, row in enumerate(ordered):
        if index and row.total == ordered[index - 1].total:
            row.rank = ordered[index - 1].rank
        else:
            row.rank = index + 1
    return ordered


def ranking(*, task_list: TaskList, with_items: bool = False) -> Ranking:
    """Every assessee of ``task_list``'s category with its total, per heading (and per item), and its rank.
    Only scored items count. For county-wide readers (the pages check); three or four queries."""
    items = list(task_list.items.order_by("order", "pk"))
    headings: dict[str, Decimal] = {}
    for item in items:
        headings[item.heading] = headings.get(item.heading, Decimal(0)) + item.points
    rows = {pk: RankRow(pk, name) for pk, name in task_list.category.assessees().values_list("pk", "name")}
    scored = Q(status=Status.SCORED)
    sums = (
        Assessment.objects.filter(item__task_list=task_list)
        .values("unit_id", "item__heading")
        .annotate(points=Sum("score", filter=scored), scored=Count("pk", filter=scored))
    )
    for entry in sums:
        row = rows.get(entry["unit_id"])
        if row is None:
            continue
        points = entry["points"] or Decimal(0)
        row.by_heading[entry["item__heading"]] = points
        row.total += points
        row.scored += entry["scored"]
    if with_items:
        per_item: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
        for unit_id, item_id, score, status in Assessment.objects.filter(item__task_list=task_list).values_list(
            "unit_id", "item_id", "score", "status"
        ):
            per_item[unit_id][item_id] = score if status == Status.SCORED else None
        for unit_id, row in rows.items():
            row.by_item = per_item.get(unit_id, {})
    return Ranking(task_list, items, list(headings.items()), rank_rows(list(rows.values())))

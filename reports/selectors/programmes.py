"""Figures about demonstration sites (示范点创建情况) and training and activities (培训与活动情况).

Grouped by township in a fixed number of queries, through the other apps' own queryset methods
(``Designation.objects.in_force``, ``Application.objects.awaiting_acceptance``, ``trained_in``) so that
a 示范点 "in force" or a chair "trained" means the same here as on their pages.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractMonth

from demo_sites.models import CATEGORY_UNIT_KINDS, Application, Category, Designation, Level, Subsidy
from orgs.models import Post, Unit
from reports.selectors.organisations import COUNTY_ROW, rows_by_township
from reports.selectors.scope import ReportScope, townships
from training.models import Attendance, Audience, Event
from training.selectors import trained_in

DESIGNATION_KEYS = tuple(f"designated_{lvl}" for lvl in Level.values) + ("designated",)
APPLICATION_KEYS = ("applications", "awaiting", "rectifying", "accepted", "rejected")
DEMO_SITE_KEYS = DESIGNATION_KEYS + APPLICATION_KEYS + ("subsidies", "subsidy_total")
APPLICATION_STATES = {
    "awaiting": Application.Status.SUBMITTED,
    "rectifying": Application.Status.RECTIFYING,
    "accepted": Application.Status.ACCEPTED,
    "rejected": Application.Status.REJECTED,
}
# Categories a township's units stand for (妇女之家, 两新), and those of county-level units (机关妇委会).
TOWNSHIP_CATEGORIES = tuple(c for c in Category if set(CATEGORY_UNIT_KINDS[c]) & set(Unit.TOWNSHIP_KINDS))
COUNTY_CATEGORIES = tuple(c for c in Category if c not in TOWNSHIP_CATEGORIES)


def demo_site_rows(scope: ReportScope) -> list[dict]:
    """示范点创建情况, one row per township and category: sites in force at the year's reference date
    by level, the year's applications (submitted ones; drafts are not counted) by state, and subsidies
    granted in the year (count and yuan). County organs' sites are on the 县直单位 rows."""
    designations = (
        scope.apply(Designation.objects.in_force(scope.reference_date))
        .values("township_id", "category", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    applications = (
        scope.apply(Application.objects.filter(year=scope.year).exclude(status=Application.Status.DRAFT))
        .values("township_id", "category")
        .annotate(
            applications=Count("pk"),
            **{key: Count("pk", filter=Q(status=status)) for key, status in APPLICATION_STATES.items()},
        )
        .order_by()
    )
    subsidies = (
        scope.apply(Subsidy.objects.filter(granted_on__year=scope.year))
        .values("township_id", "designation__category")
        .annotate(subsidies=Count("pk"), subsidy_total=Sum("amount"))
        .order_by()
    )
    figures: dict[tuple[int | None, str], dict] = {}
    for row in designations:
        values = figures.setdefault((row["township_id"], row["category"]), {})
        values[f"designated_{row['level']}"] = row["n"]
        values["designated"] = values.get("designated", 0) + row["n"]
    for row in applications:
        figures.setdefault((row.pop("township_id"), row.pop("category")), {}).update(row)
    for row in subsidies:
        figures.setdefault((row.pop("township_id"), row.pop("designation__category")), {}).update(row)

    places = [(t.pk, t.name, TOWNSHIP_CATEGORIES) for t in townships(scope)]
    if scope.whole_county:
        places.append((None, COUNTY_ROW, COUNTY_CATEGORIES))
    rows = []
    for township_id, name, categories in places:
        for category in categories:
            values = figures.get((township_id, category.value), {})
            row = {"name": name, "township_id": township_id, "category": category.value,
                   "category_label": category.label, **{k: values.get(k, 0) for k in DEMO_SITE_KEYS}}
            row["subsidy_total"] = values.get("subsidy_total") or Decimal("0.00")
            rows.append(row)
    return rows


def by_category(rows: list[dict], key: str) -> dict[str, int]:
    """category -> the sum of ``key`` over demo-site rows."""
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["category"]] = totals.get(row["category"], 0) + row[key]
    return totals


def application_pipeline(scope: ReportScope) -> dict[str, int]:
    """The year's applications by state (drafts included) for the dashboard's pipeline. One query."""
    counts = dict(
        scope.apply(Application.objects.filter(year=scope.year))
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in Application.Status.values}


TRAINING_KIND_KEYS = tuple(f"kind_{k}" for k in Event.Kind.values)
TRAINING_KEYS = TRAINING_KIND_KEYS + (
    "trainings", "participants", "cadres_trained", "hours", "chairs", "chairs_trained", "activities",
    "activity_participants",
)


def training_rows(scope: ReportScope) -> list[dict]:
    """培训与活动情况 per organising township (the county's own events on the 县妇联 row): trainings by
    kind, attendance (人次) and distinct cadres of the township trained in the year wherever the
    training was held, hours credited, chairs in post and those trained this year, activities and their
    participants."""
    training = Q(category=Event.Category.TRAINING)
    events = (
        scope.apply(Event.objects.filter(starts_on__year=scope.year))
        .values("township_id")
        .annotate(
            trainings=Count("pk", filter=training),
            activities=Count("pk", filter=Q(category=Event.Category.ACTIVITY)),
            activity_participants=Coalesce(Sum("participant_count", filter=Q(category=Event.Category.ACTIVITY)), 0),
            **{f"kind_{k}": Count("pk", filter=training & Q(kind=k)) for k in Event.Kind.values},
        )
        .order_by()
    )
    attendance = (
        scope.apply(
            Attendance.objects.filter(
                status=Attendance.Status.ATTENDED, event__starts_on__year=scope.year,
                event__category=Event.Category.TRAINING,
            )
        )
        .values("township_id")
        .annotate(
            participants=Count("pk"), cadres_trained=Count("cadre", distinct=True),
            hours=Coalesce(Sum("hours_credited"), Decimal("0")),
        )
        .order_by()
    )
    chairs = (
        scope.apply(Post.objects.current(scope.reference_date).chairs())
        .values("township_id")
        .annotate(
            chairs=Count("cadre", distinct=True),
            chairs_trained=Count("cadre", distinct=True, filter=Q(trained_in(scope.year, "cadre"))),
        )
        .order_by()
    )
    figures: dict[int | None, dict] = {}
    for part in (events, attendance, chairs):
        for row in part:
            figures.setdefault(row.pop("township_id"), {}).update(row)
    return rows_by_township(scope, townships(scope), figures, TRAINING_KEYS, county_label="县妇联")


def training_audience_rows(scope: ReportScope) -> list[dict]:
    """Per audience: the year's trainings aimed at it and their attendance (人次). Three queries."""
    audiences = list(Audience.objects.order_by("sort_order", "pk").values_list("pk", "name"))
    events = dict(
        scope.apply(Event.objects.filter(category=Event.Category.TRAINING, starts_on__year=scope.year))
        .filter(audiences__isnull=False)
        .values("audiences")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("audiences", "n")
    )
    participants = dict(
        scope.apply(
            Attendance.objects.filter(
                status=Attendance.Status.ATTENDED, event__category=Event.Category.TRAINING,
                event__starts_on__year=scope.year, event__audiences__isnull=False,
            )
        )
        .values("event__audiences")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("event__audiences", "n")
    )
    return [
        {"name": name, "events": events.get(pk, 0), "participants": participants.get(pk, 0)}
        for pk, name in audiences
    ]


def training_by_month(scope: ReportScope) -> list[dict]:
    """Trainings, their attendance and activities per month of the year, for the dashboard. Two queries."""
    events = {
        row["month"]: row
        for row in scope.apply(Event.objects.filter(starts_on__year=scope.year))
        .annotate(month=ExtractMonth("starts_on"))
        .values("month")
        .annotate(
            trainings=Count("pk", filter=Q(category=Event.Category.TRAINING)),
            activities=Count("pk", filter=Q(category=Event.Category.ACTIVITY)),
        )
        .order_by()
    }
    attendance = dict(
        scope.apply(
            Attendance.objects.filter(
                status=Attendance.Status.ATTENDED, event__starts_on__year=scope.year,
                event__category=Event.Category.TRAINING,
            )
        )
        .annotate(month=ExtractMonth("event__starts_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("month", "n")
    )
    return [
        {
            "month": month,
            "trainings": events.get(month, {}).get("trainings", 0),
            "activities": events.get(month, {}).get("activities", 0),
            "participants": attendance.get(month, 0),
        }
        for month in range(1, 13)
    ]

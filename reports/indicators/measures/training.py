"""培训与活动: events by organising township, attendance by the attendee's township."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractMonth

from reports.indicators.measures.base import Figures, Period, Townships, collect, collect_dimension
from training.models import Attendance, Event

ATTENDED = Attendance.Status.ATTENDED
TRAINING = Event.Category.TRAINING
ACTIVITY = Event.Category.ACTIVITY


def training(period: Period, townships: Townships) -> Figures:
    """培训与活动: events by organising township, attendance by the attendee's township. Five queries."""
    figures: Figures = {}
    events = townships.restrict(Event.objects.filter(starts_on__year=period.year))
    collect(
        figures,
        (
            events.values("township_id")
            .annotate(
                trainings=Count("pk", filter=Q(category=TRAINING)),
                activities=Count("pk", filter=Q(category=ACTIVITY)),
                activity_participants=Coalesce(Sum("participant_count", filter=Q(category=ACTIVITY)), 0),
                **{
                    f"trainings_by_kind:{k}": Count("pk", filter=Q(category=TRAINING, kind=k))
                    for k in Event.Kind.values
                },
                **{
                    f"activities_by_kind:{k}": Count("pk", filter=Q(category=ACTIVITY, activity_kind=k))
                    for k in Event.ActivityKind.values
                },
            )
            .order_by()
        ),
    )
    by_month = (
        events.annotate(month=ExtractMonth("starts_on"))
        .values("township_id", "month")
        .annotate(
            trainings=Count("pk", filter=Q(category=TRAINING)), activities=Count("pk", filter=Q(category=ACTIVITY))
        )
        .order_by()
    )
    for row in by_month:
        values = figures.setdefault(row["township_id"], {})
        values[f"trainings_by_month:{row['month']}"] = row["trainings"]
        values[f"activities_by_month:{row['month']}"] = row["activities"]
    audiences = (
        events.filter(category=TRAINING, audiences__isnull=False)
        .values("township_id", "audiences")
        .annotate(n=Count("pk"))
        .order_by()
    )
    collect_dimension(figures, audiences, "trainings_by_audience", "audiences")
    attendance = townships.restrict(
        Attendance.objects.filter(status=ATTENDED, event__category=TRAINING, event__starts_on__year=period.year)
    )
    collect(
        figures,
        (
            attendance.values("township_id")
            .annotate(
                participants=Count("pk"),
                cadres_trained=Count("cadre", distinct=True),
                hours=Coalesce(Sum("hours_credited"), Decimal("0")),
            )
            .order_by()
        ),
    )
    for row in (
        attendance.annotate(month=ExtractMonth("event__starts_on"))
        .values("township_id", "month")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        figures.setdefault(row["township_id"], {})[f"participants_by_month:{row['month']}"] = row["n"]
    # Attendance at the events a township organised, per audience the event was meant for.
    by_audience = Attendance.objects.filter(
        status=ATTENDED, event__category=TRAINING, event__starts_on__year=period.year
    ).filter(event__audiences__isnull=False)
    by_audience = townships.restrict(by_audience, "event__township")
    for row in by_audience.values("event__township_id", "event__audiences").annotate(n=Count("pk")).order_by():
        key = f"participants_by_audience:{row['event__audiences']}"
        figures.setdefault(row["event__township_id"], {})[key] = row["n"]
    return figures

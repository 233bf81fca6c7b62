"""执委履职: the 执委 in post and those with a record, by the cadre's township; the year's records, the
women kept in touch with and 履职积分, by the record's (her) township."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from duties.models import ExecutiveDutyRecord, executives, points_expression
from reports.indicators.measures.base import Figures, Period, Townships, collect


def duties(period: Period, townships: Townships) -> Figures:
    """执委履职: the 执委 in post on the reference date and those of them with a record of the year; the
    year's records with their women in touch and points (履职积分 by ``duties.models.points_expression``).
    Two queries."""
    figures: Figures = {}
    reported = Exists(ExecutiveDutyRecord.objects.filter(cadre=OuterRef("pk"), year=period.year))
    collect(
        figures,
        (
            townships.restrict(executives(period.reference_date))
            .values("township_id")
            .annotate(duty_executives=Count("pk"), duty_reported=Count("pk", filter=Q(reported)))
            .order_by()
        ),
    )
    collect(
        figures,
        (
            townships.restrict(ExecutiveDutyRecord.objects.filter(year=period.year))
            .values("township_id")
            .annotate(
                duty_records=Count("pk"),
                duty_women_in_touch=Coalesce(Sum("women_in_touch"), 0),
                duty_points_total=Coalesce(Sum(points_expression()), 0),
            )
            .order_by()
        ),
    )
    return figures

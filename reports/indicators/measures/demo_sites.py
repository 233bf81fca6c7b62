"""示范创建 by category: sites in force, the year's applications and their acceptance, subsidies."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum

from demo_sites.models import Application, Designation, Level, Subsidy
from reports.indicators.measures.base import Figures, Period, Townships


def demo_sites(period: Period, townships: Townships) -> Figures:
    """示范创建 by category: sites in force (distinct units, and per level), the year's applications,
    recommendations waiting for the city (待市级审核), subsidies. Four queries."""
    on = period.reference_date
    figures: Figures = {}
    designations = (
        townships.restrict(Designation.objects.in_force(on))
        .values("township_id", "category")
        .annotate(
            sites=Designation.objects.site_count(),
            **{f"sites_{level.value}": Count("pk", filter=Q(level=level)) for level in Level},
        )
        .order_by()
    )
    for row in designations:
        values = figures.setdefault(row["township_id"], {})
        for key in ("sites", *(f"sites_{level.value}" for level in Level)):
            values[f"{key}:{row['category']}"] = row[key]
    states = {
        "awaiting": Application.Status.SUBMITTED,
        "rectifying": Application.Status.RECTIFYING,
        "accepted": Application.Status.ACCEPTED,
        "rejected": Application.Status.REJECTED,
    }
    # The year's applications, and the recommendations still waiting for the city from earlier years.
    this_year_or_waiting = Application.objects.filter(year=period.year) | Application.objects.awaiting_city(period.year)
    applications = (
        townships.restrict(this_year_or_waiting)
        .values("township_id", "category", "level", "status", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in applications:
        values = figures.setdefault(row["township_id"], {})
        status, category = row["status"], row["category"]
        if status == Application.Status.RECOMMENDED:
            values[f"awaiting_city:{category}"] = values.get(f"awaiting_city:{category}", 0) + row["n"]
        if row["year"] != period.year:
            continue
        key = f"applications_by_status:{status}"
        values[key] = values.get(key, 0) + row["n"]
        if status == Application.Status.DRAFT or status in Application.CITY_STATUSES:
            continue  # drafts are not submitted; recommendations to the city are not the county's acceptance
        for code in ("applications", *(code for code, state in states.items() if state == status)):
            values[f"{code}:{category}"] = values.get(f"{code}:{category}", 0) + row["n"]
        if status in (Application.Status.ACCEPTED, Application.Status.REJECTED):
            values[f"decided:{category}"] = values.get(f"decided:{category}", 0) + row["n"]
        if status == Application.Status.SUBMITTED:
            key = f"awaiting_by_level:{category}.{row['level']}"
            values[key] = values.get(key, 0) + row["n"]
    subsidies = (
        townships.restrict(Subsidy.objects.filter(granted_on__year=period.year))
        .values("township_id", "designation__category")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by()
    )
    for row in subsidies:
        values = figures.setdefault(row["township_id"], {})
        values[f"subsidies:{row['designation__category']}"] = row["n"]
        values[f"subsidy_total:{row['designation__category']}"] = row["total"] or Decimal("0")
    return figures

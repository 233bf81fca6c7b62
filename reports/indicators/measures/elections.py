"""换届: the year's elections, and organisations due later in the year or overdue."""

from __future__ import annotations

from django.db.models import Count, Q

from orgs.models import TermElection, WomenOrganisation
from reports.indicators.measures.base import Figures, Period, Townships, collect


def elections(period: Period, townships: Townships) -> Figures:
    """换届: the year's elections, and organisations due later in the year or overdue. Two queries."""
    reference = period.reference_date
    figures: Figures = {}
    collect(
        figures,
        (
            townships.restrict(WomenOrganisation.objects.established().filter(unit__is_active=True))
            .values("township_id")
            .annotate(
                elections_pending=Count(
                    "pk", filter=Q(next_election_due__gte=reference, next_election_due__lte=period.year_end)
                ),
                elections_overdue=Count("pk", filter=Q(next_election_due__lt=reference)),
            )
            .order_by()
        ),
    )
    collect(
        figures,
        (
            townships.restrict(TermElection.objects.filter(held_on__year=period.year))
            .values("township_id")
            .annotate(
                elections_held=Count("pk"),
                elections_filed=Count("pk", filter=Q(filed_on__isnull=False)),
                elections_approved=Count("pk", filter=Q(approved_on__isnull=False)),
            )
            .order_by()
        ),
    )
    for values in figures.values():
        values["elections_due"] = (
            values.get("elections_held", 0) + values.get("elections_pending", 0) + values.get("elections_overdue", 0)
        )
    return figures

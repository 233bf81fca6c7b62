"""经费: the federations' budgets, their expenditures by programme, and the 示范点补助 the county paid."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import CharField, IntegerField, QuerySet, Sum, Value
from django.db.models.functions import Concat

from demo_sites.models import Subsidy
from orgs.models.funds import Budget, Expenditure, Programme
from reports.indicators.measures.base import Figures, Period, Townships

CENT = Decimal("0.01")


def funds(period: Period, townships: Townships) -> Figures:
    """经费: each federation's budget for the year and its expenditures by programme, and the 示范点补助 the
    county federation paid (the subsidies, on the county-level row: ``reports.indicators.ledger`` recomputes
    it whenever a subsidy changes, and it is read only when that row is computed). One query (a UNION)."""
    budget = (
        townships.restrict(Budget.objects.filter(year=period.year))
        .values("township_id")
        .annotate(key=Value("funds_budget"), total=Sum("amount"))
        .values_list("township_id", "key", "total")
        .order_by()
    )
    spent = (
        townships.restrict(Expenditure.objects.filter(spent_on__year=period.year))
        .annotate(key=Concat(Value("funds_spent:"), "programme", output_field=CharField()))
        .values("township_id", "key")
        .annotate(total=Sum("amount"))
        .values_list("township_id", "key", "total")
        .order_by()
    )
    parts: list[QuerySet[Any, Any]] = [spent]  # (township, key, total) rows of different models
    if townships.ids is None or None in townships.ids:
        parts.append(
            Subsidy.objects.filter(granted_on__year=period.year)
            .annotate(owner=Value(None, output_field=IntegerField()), key=Value(f"funds_spent:{Programme.SUBSIDY}"))
            .values("owner", "key")
            .annotate(total=Sum("amount"))
            .values_list("owner", "key", "total")
            .order_by()
        )
    figures: Figures = {}
    for township_id, key, total in budget.union(*parts, all=True):
        if total:  # to the cent, as the amounts are kept (a UNION's sums come back unrounded on SQLite)
            figures.setdefault(township_id, {})[key] = Decimal(str(total)).quantize(CENT)
    return figures

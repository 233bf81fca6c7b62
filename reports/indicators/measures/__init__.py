"""The counts behind the catalogue, computed per township in one aggregate query per family.

Each measure takes a ``Period`` (the year and its reference date) and a ``Townships`` restriction (all of
them, or only those whose data changed since the figures were last computed) and answers
``{township_id or None: {code or "code:value": number}}``; ``None`` is the county-level row (县直机关,
团体会员, the county's own events). Only counts and sums live here: rates and averages are derived from them
by ``reports.indicators.figures``. Measures never look at a user: the figures are the whole county's and
are sliced per reader through ``orgs.scoping`` afterwards.

One module per family, as the catalogue's families (``reports.indicators.families``); what a measure is
asked and answers is in ``base``. This package runs them all (``compute``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping

from reports.indicators.measures import (
    cadres,
    demo_sites,
    duties,
    elections,
    funds,
    liaison,
    organisations,
    training,
)
from reports.indicators.measures.base import Figures, Period, Townships

__all__ = ["MEASURES", "Figures", "Period", "Townships", "add_up", "compute"]

# One per family, as ``reports.indicators.catalogue`` lists the families.
MEASURES: tuple[Callable[[Period, Townships], Figures], ...] = (
    organisations.organisations,
    organisations.leadership,
    cadres.cadres,
    demo_sites.demo_sites,
    training.training,
    elections.elections,
    funds.funds,
    liaison.liaison,
    duties.duties,
)


def compute(period: Period, townships: Townships) -> Figures:
    """Every measure's counts for ``townships``, merged per township. The keys are interned, so that the
    townships' dicts share them (and a pickle of the county's figures writes each key once)."""
    figures: Figures = {}
    for measure in MEASURES:
        for township_id, values in measure(period, townships).items():
            figures.setdefault(township_id, {}).update(values)
    return {pk: {sys.intern(key): value for key, value in values.items()} for pk, values in figures.items()}


def add_up(rows: Iterable[Mapping]) -> dict:
    """Every count summed over ``rows`` (rates are derived afterwards, never summed)."""
    totals: dict = {}
    for values in rows:
        for key, value in values.items():
            totals[key] = totals.get(key, 0) + value
    return totals

"""The catalogue of indicators (统计指标及口径): every figure the portal reports, defined once.

An indicator has a code (used by every page, workbook column and 情况汇报 sentence), a Chinese name, a
unit, and its 口径: what is counted, as of which date, and what is left out. Counts are computed per
township by ``reports.indicators.measures``; rates, shares and averages are never stored or summed but
derived from their counts (``numerator`` ÷ ``denominator``), for a township and for the total alike, so a
合计 rate is the rate of the sums.

Some indicators are broken down by a dimension (示范点类别, 培训形式, 月份, 年龄段, 学历 …): their figures are
stored per value as ``"code:value"`` and the indicator's own figure is the sum over the values, except where
the values overlap (一场培训面向多类对象): such an indicator has ``additive=False`` and no total.

The definitions live by family in ``reports.indicators.families`` (what an indicator is in
``reports.indicators.indicator``, the breakdowns in ``reports.indicators.dimensions``); this module puts them
together in the one order every page, workbook and the 口径 sheet list them in.
"""

from __future__ import annotations

from reports.indicators.dimensions import AGE_BANDS, DIMENSIONS, MONTHS, dimension_values
from reports.indicators.families import (
    cadres,
    demo_sites,
    duties,
    elections,
    funds,
    liaison,
    organisations,
    training,
)
from reports.indicators.indicator import COUNT, HOURS, MEAN, MONEY, RATE, Indicator

__all__ = [
    "AGE_BANDS",
    "BY_CODE",
    "CATALOGUE",
    "COUNT",
    "DIMENSIONS",
    "GROUPS",
    "HOURS",
    "KEY_RATES",
    "MEAN",
    "MONEY",
    "MONTHS",
    "RATE",
    "Indicator",
    "dimension_values",
    "indicator",
]

# The families in the order the catalogue lists them (and with them their groups).
FAMILIES = (organisations, cadres, demo_sites, training, elections, funds, liaison, duties)

CATALOGUE: tuple[Indicator, ...] = tuple(ind for family in FAMILIES for ind in family.INDICATORS)

BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in CATALOGUE}
GROUPS = tuple(family.GROUP for family in FAMILIES)


def indicator(code: str) -> Indicator:
    """The indicator ``code``; a KeyError names a code that is not in the catalogue."""
    return BY_CODE[code]


# The rates federations report each year (年报主要指标): shown with last year's beside them in the workbooks
# and the 情况汇报, and on the dashboard.
KEY_RATES = (
    "villages_rate",
    "communities_rate",
    "enterprises_rate",
    "social_orgs_rate",
    "new_orgs_rate",
    "organs_rate",
    "womens_homes_communities_rate",
    "leadership_rate",
    "community_chairs_on_committee_rate",
    "chairs_part_time_share",
    "chairs_trained_rate",
    "accepted_rate",
    "elections_rate",
)

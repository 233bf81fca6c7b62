"""The figures one reader sees for a year: a row per township she may see, the county-level row for
whole-county readers, and the total, with every indicator of the catalogue derived the same way everywhere.

Live figures come from ``reports.indicators.ledger`` (the whole county, sliced here through
``orgs.scoping``); a sealed year's come from its snapshot (``reports.sealing``), so a page, a workbook and
the 情况汇报 of a sealed year show exactly what was sealed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from reports.indicators.catalogue import BY_CODE, COUNT, HOURS, MEAN, MONEY, RATE, Indicator, dimension_values
from reports.indicators.ledger import county_ledger
from reports.indicators.measures import Period, add_up

COUNTY_ROW_ID = None


@dataclass(frozen=True)
class Row:
    township_id: int | None
    name: str
    values: Mapping[str, int | Decimal]


@dataclass
class FigureTable:
    """Counts per row and their total; ``value`` derives any indicator for a row or the total."""

    year: int
    rows: list[Row]
    sealed_version: int | None = None  # the seal's version when these are sealed figures
    _total: dict | None = field(default=None, repr=False)

    @property
    def total(self) -> dict:
        if self._total is None:
            self._total = add_up(row.values for row in self.rows)
        return self._total

    @property
    def township_rows(self) -> list[Row]:
        return [row for row in self.rows if row.township_id is not None]

    def value(self, code: str, row: Row | None = None, dimension_value: str | None = None):
        """Indicator ``code`` for ``row`` (None: the total), or for one value of its breakdown."""
        values = self.total if row is None else row.values
        return derive(BY_CODE[code], values, dimension_value)

    def breakdown(self, code: str, row: Row | None = None) -> list[tuple[str, str, object]]:
        """(value, label, figure) for each value of the indicator's breakdown, in display order."""
        indicator = BY_CODE[code]
        assert indicator.dimension is not None, f"{code} has no breakdown"
        return [(v, label, self.value(code, row, v)) for v, label in dimension_values(indicator.dimension)]

    def row_for(self, township_id: int | None) -> Row | None:
        return next((row for row in self.rows if row.township_id == township_id), None)


def _ratio(numerator, denominator):
    if not denominator:
        return None
    return (numerator or 0) / denominator


def derive(indicator: Indicator, values: Mapping, dimension_value: str | None = None):
    """An indicator's value from a row's counts. Rates are fractions (0.523), averages in the unit."""

    def plain(code: str):
        ind = BY_CODE[code]
        if ind.dimension is None:
            return values.get(code, 0)
        if dimension_value is not None:
            return values.get(f"{code}:{dimension_value}", 0)
        if not ind.additive:
            return None
        prefix = f"{code}:"
        return sum(
            (v for k, v in values.items() if k.startswith(prefix)), Decimal(0) if ind.kind in (MONEY, HOURS) else 0
        )

    if indicator.kind in (RATE, MEAN):
        # Rates and means name the two counts they are derived from (``_rate``, ``_mean``).
        assert indicator.numerator is not None and indicator.denominator is not None
        ratio = _ratio(plain(indicator.numerator), plain(indicator.denominator))
        if indicator.kind == RATE:
            return ratio
        return None if ratio is None else round(ratio, 1)
    value = plain(indicator.code)
    if indicator.kind in (MONEY, HOURS) and value is not None:
        return Decimal(value)
    return value


def live_table(scope) -> FigureTable:
    """The live figures ``scope``'s reader may see: her townships, and the county-level row when she sees
    the whole county and asked for it (``scope.whole_county``)."""
    from reports.selectors.scope import townships

    ledger = county_ledger(Period(year=scope.year, reference_date=scope.reference_date))
    figures = ledger.figures
    rows = [Row(t.pk, t.name, figures.get(t.pk, {})) for t in townships(scope)]
    if scope.whole_county and scope.sees_whole_county:
        rows.append(Row(COUNTY_ROW_ID, "县直单位", figures.get(COUNTY_ROW_ID, {})))
    # The whole county's total is kept with the figures; any other selection is added up.
    covers_county = figures.keys() <= {row.township_id for row in rows}
    return FigureTable(year=scope.year, rows=rows, _total=ledger.total if covers_county else None)


def for_scope(scope, *, live: bool = False) -> FigureTable:
    """The figures of ``scope``: the sealed ones for a sealed year (unless ``live``), else live."""
    if not live:
        from reports.sealing import sealed_table

        sealed = sealed_table(scope)
        if sealed is not None:
            return sealed
    return live_table(scope)


def is_countable(indicator: Indicator) -> bool:
    return indicator.kind in (COUNT, MONEY, HOURS)

"""Sealed and live side by side (定稿数与实时数对照): every indicator's sealed figure beside today's, and the
difference, for the county to see what changed after a year was sealed."""

from __future__ import annotations

from dataclasses import dataclass

from reports.indicators.catalogue import CATALOGUE, MEAN, RATE, Indicator, dimension_values
from reports.indicators.figures import FigureTable
from reports.selectors.scope import ReportScope


@dataclass(frozen=True)
class Comparison:
    indicator: Indicator
    label: str
    sealed: object
    live: object
    is_part: bool = False  # one value of the indicator's breakdown
    is_heading: bool = False  # an overlapping breakdown's own line: it has no total, its values follow

    @property
    def differs(self) -> bool:
        return self.sealed != self.live

    @property
    def sealed_text(self) -> str:
        return _shown(self.indicator, self.sealed)

    @property
    def live_text(self) -> str:
        return _shown(self.indicator, self.live)

    @property
    def difference_text(self) -> str:
        """live − sealed: "+3", "−1.5个百分点"; "—" where either side has no figure."""
        if not self.differs:
            return ""
        if self.sealed is None or self.live is None:
            return "—"
        change = self.live - self.sealed
        if self.indicator.kind == RATE:
            return f"{_signed(round(change * 100, 1))}个百分点"
        if self.indicator.kind == MEAN:
            return _signed(round(change, 1))
        return _signed(change)


def _shown(indicator: Indicator, value) -> str:
    from reports.dashboard import percent

    if indicator.kind == RATE:
        return percent(value)
    return "—" if value is None else f"{value}"


def _signed(number) -> str:
    return f"+{number}" if number > 0 else f"−{-number}"


def indicators_for(scope: ReportScope) -> list[Indicator]:
    """The catalogue's indicators that mean something for the scope (a township has no 县直机关)."""
    return [ind for ind in CATALOGUE if scope.whole_county or not ind.county_only]


def compare(*, sealed: FigureTable, live: FigureTable, indicators: list[Indicator]) -> list[Comparison]:
    """Every indicator's total, sealed and live. A breakdown whose values overlap (no total) is shown
    value by value; the values of other breakdowns only where they differ."""
    lines = []
    for indicator in indicators:
        code = indicator.code
        total = Comparison(indicator, indicator.name, sealed.value(code), live.value(code))
        if indicator.dimension is None:
            lines.append(total)
            continue
        parts = [
            Comparison(indicator, label, sealed.value(code, None, value), live.value(code, None, value), is_part=True)
            for value, label in dimension_values(indicator.dimension)
        ]
        if indicator.additive:
            lines.append(total)
            lines.extend(part for part in parts if part.differs)
        else:
            lines.append(Comparison(indicator, indicator.name, None, None, is_heading=True))
            lines.extend(parts)
    return lines

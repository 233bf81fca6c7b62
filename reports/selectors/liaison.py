"""联系点覆盖情况: the coverage figures of the 联系点 family for a report scope, and the units behind each count
(with or without a contact person), listed by the same rules the figures are counted by
(``reports.indicators.measures.liaison``): the page's lists add up to its figures."""

from __future__ import annotations

from dataclasses import dataclass

from liaison import selectors as liaison_selectors
from orgs.models import Unit
from reports.indicators.figures import FigureTable
from reports.indicators.measures.liaison import COVERAGE_KINDS, demo_site_or_applicant
from reports.selectors.scope import ReportScope

# The coverage rows of the page, in order: (list key, label, figure code).
COVERAGE_ROWS = (
    ("townships", "乡镇(街道)", "liaison_townships"),
    ("villages", "村(社区)", "liaison_villages"),
    ("new_orgs", "两新组织", "liaison_new_orgs"),
    ("sites", "示范点及申报单位", "liaison_sites"),
)
LISTS = {key: (label, code) for key, label, code in COVERAGE_ROWS}
SITE_KINDS = tuple(Unit.Kind)


@dataclass(frozen=True)
class CoverageRow:
    key: str
    label: str
    total: int
    covered: int
    rate: float | None

    @property
    def uncovered(self) -> int:
        return self.total - self.covered


def coverage_rows(table: FigureTable, row=None) -> list[CoverageRow]:
    """The four coverage figures of ``table`` (its total, or one township's ``row``)."""
    return [
        CoverageRow(
            key,
            label,
            table.value(code, row) or 0,
            table.value(f"{code}_covered", row) or 0,
            table.value(f"{code}_rate", row),
        )
        for key, label, code in COVERAGE_ROWS
    ]


def coverage_units(scope: ReportScope, key: str, covered: bool | None):
    """The active units counted in the coverage figure ``key`` that the reader may see, with or without a
    contact person in the scope's year (None: both)."""
    assert scope.user is not None, "a list of units is always read by somebody"
    kinds = SITE_KINDS if key == "sites" else COVERAGE_KINDS[LISTS[key][1]]
    rows = liaison_selectors.units_by_coverage(
        user=scope.user, year=scope.year, kinds=kinds, covered=covered, township_id=scope.township_id
    )
    if key == "sites":
        rows = rows.filter(demo_site_or_applicant(scope.year, scope.reference_date))
    return rows

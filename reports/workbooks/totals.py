"""The 合计 of a table whose caller did not give one: counted columns summed, rates recomputed from the sums
(never averaged), and a row's missing rates from its own counts.

openpyxl never evaluates formulas, so a reader with ``data_only=True`` would see nothing of a ``=SUM()``:
the values are computed here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reports.workbooks.layout import Column


def rate(numerator, denominator) -> float | None:
    if not denominator:
        return None
    return (numerator or 0) / denominator


def total_row(columns: Sequence[Column], rows: Sequence[Mapping]) -> dict:
    """Sums of the counted columns and rates recomputed from those sums."""
    totals: dict = {}
    for column in columns:
        if column.kind in ("int", "money"):
            values = [row.get(column.key) for row in rows if row.get(column.key) is not None]
            totals[column.key] = sum(values) if values else (0 if column.kind == "int" else None)
    for column in columns:
        if column.kind == "rate" and column.rate_of:
            numerator, denominator = column.rate_of
            totals[column.key] = rate(totals.get(numerator), totals.get(denominator))
    return totals


def computed_total_rows(columns: Sequence[Column], rows: Sequence[Mapping], subtotal_by: str | None) -> list[dict]:
    """The 合计 row, then (if ``subtotal_by`` names a text column) one 其中 row per value of that column, e.g.
    per category."""
    totals = total_row(columns, rows)
    result = [totals]
    if subtotal_by:
        totals[subtotal_by] = "全部"
        for value in dict.fromkeys(row.get(subtotal_by) for row in rows):
            part = total_row(columns, [row for row in rows if row.get(subtotal_by) == value])
            part[subtotal_by] = f"其中：{value}"
            result.append(part)
    return result


def fill_rates(columns: Sequence[Column], row: dict) -> dict:
    """``row`` with each rate column it lacks computed from its own counts."""
    for column in columns:
        if column.kind == "rate" and column.rate_of and column.key not in row:
            numerator, denominator = column.rate_of
            row[column.key] = rate(row.get(numerator), row.get(denominator))
    return row

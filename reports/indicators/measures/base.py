"""What a measure is asked and what it answers: the ``Period`` (the year and its reference date), the
``Townships`` to compute (all, or those whose data changed) and the ``Figures``
(``{township_id or None: {code: number}}``); and the helpers that put grouped rows into them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Q, QuerySet

Figures = dict[int | None, dict[str, int | Decimal]]


@dataclass(frozen=True)
class Period:
    year: int
    reference_date: datetime.date

    @property
    def year_start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def year_end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)


_QuerySetT = TypeVar("_QuerySetT", bound=QuerySet[Any])


@dataclass(frozen=True)
class Townships:
    """Which townships' rows to compute: ``ids`` None means all of them (and the county-level row)."""

    ids: frozenset[int | None] | None = None

    def restrict(self, queryset: _QuerySetT, field: str = "township") -> _QuerySetT:
        if self.ids is None:
            return queryset
        numbered = [pk for pk in self.ids if pk is not None]
        condition = Q(**{f"{field}_id__in": numbered})
        if None in self.ids:
            condition |= Q(**{f"{field}__isnull": True})
        return queryset.filter(condition)


def collect(figures: Figures, rows: Iterable[dict], key: str = "township_id") -> None:
    """Put grouped rows (a township's key and its counts) into ``figures``."""
    for row in rows:
        figures.setdefault(row.pop(key), {}).update(row)


def collect_dimension(figures: Figures, rows: Iterable[dict], code: str, dimension_key: str) -> None:
    """Put rows grouped by township and a breakdown's value (``n`` each) into ``figures`` as ``code:value``."""
    for row in rows:
        figures.setdefault(row["township_id"], {})[f"{code}:{row[dimension_key]}"] = row["n"]

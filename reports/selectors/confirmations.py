"""Which townships still owe the county their year's 填报完成 (the year-end 年报, ``reports.sealing``)."""

from __future__ import annotations

import datetime
from collections.abc import Collection

from reports.models import YearConfirmation, YearSeal


def unconfirmed(
    *, township_ids: Collection[int], today: datetime.date | None = None
) -> tuple[int, dict[int, YearConfirmation | None]]:
    """The year due for confirmation on ``today`` (``YearConfirmation.due_year``) and, of ``township_ids``,
    the townships that have not confirmed it: never (None) or confirmed and then returned by the county
    (their row, with its ``return_reason``). Nothing is owed for a year the county has sealed. Two queries."""
    year = YearConfirmation.due_year(today)
    if YearSeal.objects.filter(year=year).exists():
        return year, {}
    rows = {c.township_id: c for c in YearConfirmation.objects.filter(year=year, township_id__in=list(township_ids))}
    owed: dict[int, YearConfirmation | None] = {}
    for township_id in township_ids:
        row = rows.get(township_id)
        if row is None or row.status != YearConfirmation.Status.CONFIRMED:
            owed[township_id] = row
    return year, owed

"""年报定稿: the county seals a year, storing every township's counts (and the county-level row) as a new
version (``year_seal``); and the sealed figures read back (``sealed_table``, ``sealed_previous_table``),
sliced for a reader exactly as ``reports.indicators.figures.live_table`` slices the live ones.

The snapshot is JSON: a row per township (named as it was), the county-level row, and the previous year's
rows as the 同比 columns showed them when sealing, so a sealed year's workbook rebuilt later reads the same.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from orgs.models import Unit
from reports.indicators.figures import COUNTY_ROW_ID, FigureTable, Row, for_scope
from reports.indicators.ledger import county_figures
from reports.indicators.measures import Period
from reports.models import YearConfirmation, YearSeal
from reports.sealing.locking import audit_step, lock_townships, write_db
from reports.sealing.rules import SealingError, Status, seal_problem
from reports.selectors.scope import ReportScope, townships

COUNTY_ROW_NAME = "县直单位"


@transaction.atomic
def year_seal(*, year: int, by, reason: str = "", acknowledged: Collection[int] = ()) -> YearSeal:
    """年报定稿: store every township's counts of ``year`` (and the county-level row) as a new version.

    Sealing again needs a reason and keeps the earlier versions. Townships that have not confirmed must
    each be in ``acknowledged`` (their ids, as listed to the user), or nothing is sealed: a township
    returned while the county was looking at the page is not sealed over unawares.
    """
    reason = (reason or "").strip()
    problem = seal_problem(user=by, year=year)
    if problem:
        raise SealingError(problem)
    all_townships = lock_townships()
    latest = (
        YearSeal.objects.using(write_db(YearSeal))
        .filter(year=year)
        .order_by("-version")
        .only("version", "sealed_at")
        .first()
    )
    if latest is not None and not reason:
        raise SealingError(
            f"{year}年度已于{timezone.localtime(latest.sealed_at):%Y年%m月%d日}定稿（第{latest.version}版），"
            "重新定稿须填写原因。"
        )
    confirmed = set(
        YearConfirmation.objects.using(write_db(YearConfirmation))
        .filter(year=year, status=Status.CONFIRMED)
        .values_list("township_id", flat=True)
    )
    unconfirmed = [t for t in all_townships if t.pk not in confirmed]
    missing = [t.name for t in unconfirmed if t.pk not in set(acknowledged)]
    if missing:
        raise SealingError(
            f"以下乡镇尚未确认填报完成：{'、'.join(missing)}。如仍要定稿，请勾选确认已知悉这些乡镇未确认。"
        )
    reference_date = datetime.date(year, 12, 31)
    figures = county_figures(Period(year=year, reference_date=reference_date))
    previous = for_scope(ReportScope(year=year - 1))  # the whole county, as 同比 shows it today
    seal = YearSeal(
        year=year,
        version=(latest.version + 1) if latest else 1,
        sealed_by=by,
        sealed_at=timezone.now(),
        reason=reason,
        unconfirmed=[{"id": t.pk, "name": t.name} for t in unconfirmed],
        snapshot=encode_snapshot(figures, all_townships, reference_date, previous),
    )
    seal.full_clean()
    seal.save()
    detail = f"年报定稿（第{seal.version}版）" + (f"：{reason}" if reason else "")
    if unconfirmed:
        detail += f"；定稿时未确认的乡镇：{seal.unconfirmed_names}"
    audit_step(by=by, object_repr=str(seal), detail=detail)
    return seal


def _encode_value(value):
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"a figure must be an int or a Decimal, not {value!r}")
    return str(value) if isinstance(value, Decimal) else value


def _decode_value(value):
    return Decimal(value) if isinstance(value, str) else value


def _encode_rows(rows: list[Row]) -> list[dict]:
    return [
        {
            "township_id": row.township_id,
            "name": row.name,
            "values": {code: _encode_value(v) for code, v in row.values.items()},
        }
        for row in rows
    ]


def _decode_row(row: dict) -> Row:
    return Row(row["township_id"], row["name"], {code: _decode_value(v) for code, v in row["values"].items()})


def encode_snapshot(
    figures: Mapping, township_list: list[Unit], reference_date: datetime.date, previous: FigureTable
) -> dict:
    """The county's counts as JSON: a row per township (named as it was), then the county-level row; and
    the previous year's rows as the 同比 columns showed them when sealing (sealed or live)."""
    rows = [Row(t.pk, t.name, figures.get(t.pk, {})) for t in township_list]
    rows.append(Row(COUNTY_ROW_ID, COUNTY_ROW_NAME, figures.get(COUNTY_ROW_ID, {})))
    return {
        "reference_date": reference_date.isoformat(),
        "rows": _encode_rows(rows),
        "previous": {
            "year": previous.year,
            "sealed_version": previous.sealed_version,
            "rows": _encode_rows(previous.rows),
        },
    }


def latest_seal(year: int, *, with_snapshot: bool = True) -> YearSeal | None:
    """The version of ``year`` in force (None: the year is not sealed)."""
    seals = YearSeal.objects.filter(year=year).select_related("sealed_by").order_by("-version")
    return (seals if with_snapshot else seals.defer("snapshot")).first()


def _sliced(scope: ReportScope, year: int, sealed_rows: list[dict], version: int | None) -> FigureTable:
    """Sealed rows as ``live_table`` slices live ones: the townships of ``townships(scope)``, and the
    county-level row for whole-county readers."""
    by_id = {row["township_id"]: row for row in sealed_rows}
    rows = [_decode_row(by_id[t.pk]) for t in townships(scope) if t.pk in by_id]
    if scope.whole_county and scope.sees_whole_county and COUNTY_ROW_ID in by_id:
        rows.append(_decode_row(by_id[COUNTY_ROW_ID]))
    return FigureTable(year=year, rows=rows, sealed_version=version)


def _seal_in_force(year: int) -> YearSeal | None:
    return YearSeal.objects.filter(year=year).order_by("-version").only("version", "snapshot").first()


def sealed_table(scope: ReportScope) -> FigureTable | None:
    """The latest seal of ``scope.year`` as the reader of ``scope`` may see it (None: not sealed).
    Two queries at most, however many townships."""
    seal = _seal_in_force(scope.year)
    if seal is None:
        return None
    return _sliced(scope, scope.year, seal.snapshot["rows"], seal.version)


def sealed_previous_table(scope: ReportScope) -> FigureTable | None:
    """Last year's figures as the sealed year's 同比 showed them when it was sealed (None: ``scope.year`` is
    not sealed), sliced like ``sealed_table``: a sealed year's workbook rebuilt later compares with the
    same 上年 figures even if last year's live figures have moved since."""
    seal = _seal_in_force(scope.year)
    if seal is None:
        return None
    previous = seal.snapshot["previous"]
    return _sliced(scope, previous["year"], previous["rows"], previous["sealed_version"])

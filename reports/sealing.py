"""Sealing the year (年报定稿): the townships' 填报完成, the county's seal, and the sealed figures.

Writes are the three keyword-only atomic services ``year_confirm``, ``year_return`` and ``year_seal``. Each
locks the township rows it concerns (in id order), so a confirmation and a seal of the same year cannot
pass each other, checks the step with the same ``*_problem`` function the page asks before showing a button,
and records the step in the security audit log. Illegal steps raise ``SealingError`` with a Chinese message
and, the services being atomic, change nothing.

Reads: ``sealed_table(scope)`` gives the latest seal of a year sliced exactly as
``reports.indicators.figures.live_table`` slices the live figures (``for_scope`` prefers it);
``year_close_state`` is everything the 年报定稿 page shows; ``compare`` lines sealed and live up per indicator.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from audit.log import audit_log
from audit.models import AuditEvent
from orgs import scoping
from orgs.models import Unit
from reports.forms import FIRST_YEAR
from reports.indicators.catalogue import CATALOGUE, MEAN, RATE, Indicator, dimension_values
from reports.indicators.figures import COUNTY_ROW_ID, FigureTable, Row, for_scope
from reports.indicators.ledger import county_figures
from reports.indicators.measures import Period
from reports.models import YearConfirmation, YearSeal
from reports.selectors.scope import ReportScope, make_scope, townships

Status = YearConfirmation.Status
CONFIRM = "reports.confirm_yearconfirmation"
RETURN = "reports.return_yearconfirmation"
SEAL = "reports.seal_yearseal"
COUNTY_ROW_NAME = "县直单位"

# (from, to) -> the permission the acting user needs; None is "not confirmed yet". Anything else is illegal.
TRANSITIONS: dict[tuple[str | None, str], str] = {
    (None, Status.CONFIRMED): CONFIRM,
    (Status.RETURNED, Status.CONFIRMED): CONFIRM,
    (Status.CONFIRMED, Status.RETURNED): RETURN,
}


class SealingError(ValidationError):
    """An illegal or unauthorised step of the year's close; its message is shown to the user as it is."""


# --- rules (asked by the page before it offers a button, and again by the services) -------------------------


def _year_problem(year: int) -> str | None:
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        return f"年度应在{FIRST_YEAR}年至{this_year}年之间。"
    return None


def _in_scope(user, township_id: int) -> bool:
    return scoping.sees_whole_county(user) or scoping.township_id_of(user) == township_id


def confirm_problem(*, user, township_id: int, year: int, status: str | None, sealed: bool) -> str | None:
    """Why ``user`` may not confirm the township's year now (None: she may)."""
    if not user.has_perm(TRANSITIONS[(None, Status.CONFIRMED)]):
        return "您没有确认填报完成的权限。"
    if not _in_scope(user, township_id):
        return "您只能确认本乡镇的填报。"
    if sealed:
        return f"{year}年度已定稿，不能再确认填报完成。"
    if (status, Status.CONFIRMED) not in TRANSITIONS:
        return f"本乡镇{year}年度已确认填报完成，无需重复确认。"
    return _year_problem(year)


def return_problem(*, user, township_id: int, year: int, status: str | None, sealed: bool) -> str | None:
    """Why ``user`` may not return the township's confirmation now (None: she may)."""
    if not user.has_perm(TRANSITIONS[(Status.CONFIRMED, Status.RETURNED)]):
        return "您没有退回填报的权限。"
    if not _in_scope(user, township_id):
        return "您无权退回其他乡镇的填报。"
    if sealed:
        return f"{year}年度已定稿，不能退回；如需更正，请更正数据后重新定稿。"
    if (status, Status.RETURNED) not in TRANSITIONS:
        return "该乡镇尚未确认填报完成，无需退回。"
    return None


def seal_problem(*, user, year: int) -> str | None:
    """Why ``user`` may not seal ``year`` at all (None: she may; the reason and the acknowledgement of
    unconfirmed townships are checked when she does)."""
    if not user.has_perm(SEAL):
        return "您没有年报定稿的权限。"
    return _year_problem(year)


# --- writes ---------------------------------------------------------------------------------------------------


def _write_db(model) -> str:
    # The report pages read from a replica when one is configured (fulian.db_routers); locks and the rows
    # they protect are read from the primary.
    return router.db_for_write(model)


def _lock_townships(ids: Collection[int] | None = None) -> list[Unit]:
    """Lock township rows in id order (all of them when ``ids`` is None): a confirmation locks its own,
    a seal all of them, so the two wait for each other instead of passing."""
    queryset = Unit.objects.using(_write_db(Unit)).select_for_update().filter(kind=Unit.Kind.TOWNSHIP)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return list(queryset.order_by("pk").only("pk", "name"))


def _is_sealed(year: int) -> bool:
    return YearSeal.objects.using(_write_db(YearSeal)).filter(year=year).exists()


def _audit(*, by, object_repr: str, detail: str) -> None:
    # The request (for the client's address) is known to django-simple-history's middleware.
    request = getattr(HistoricalRecords.context, "request", None)
    audit_log(request=request, user=by, kind=AuditEvent.Kind.TRANSITION, object_repr=object_repr, detail=detail)


@transaction.atomic
def year_confirm(*, township: Unit, year: int, by) -> YearConfirmation:
    """填报完成: ``by`` confirms the township's figures of ``year`` (first time, or again after a return)."""
    locked = _lock_townships([township.pk])
    if not locked:
        raise SealingError("该乡镇不存在。")
    township = locked[0]
    existing = (
        YearConfirmation.objects.using(_write_db(YearConfirmation))
        .select_for_update()
        .filter(township=township, year=year)
        .first()
    )
    problem = confirm_problem(
        user=by,
        township_id=township.pk,
        year=year,
        status=existing.status if existing else None,
        sealed=_is_sealed(year),
    )
    if problem:
        raise SealingError(problem)
    confirmation = existing or YearConfirmation(township=township, year=year)
    confirmation.status = Status.CONFIRMED
    confirmation.confirmed_by = by
    confirmation.confirmed_at = timezone.now()
    confirmation._history_user = by
    confirmation.full_clean()
    if existing is None:
        confirmation.save()
    else:
        confirmation.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    _audit(by=by, object_repr=str(confirmation), detail="确认填报完成")
    return confirmation


@transaction.atomic
def year_return(*, confirmation: YearConfirmation, reason: str, by) -> YearConfirmation:
    """退回: county staff return a township's confirmation with a reason; the township may confirm again."""
    reason = (reason or "").strip()
    _lock_townships([confirmation.township_id])
    try:
        locked = (
            YearConfirmation.objects.using(_write_db(YearConfirmation))
            .select_for_update()
            .select_related("township")
            .get(pk=confirmation.pk)
        )
    except YearConfirmation.DoesNotExist as exc:
        raise SealingError("该填报确认记录不存在。") from exc
    problem = return_problem(
        user=by, township_id=locked.township_id, year=locked.year, status=locked.status, sealed=_is_sealed(locked.year)
    )
    if problem:
        raise SealingError(problem)
    if not reason:
        raise SealingError("请填写退回原因。")
    locked.status = Status.RETURNED
    locked.returned_by = by
    locked.returned_at = timezone.now()
    locked.return_reason = reason
    locked._history_user = by
    locked.full_clean()
    locked.save(update_fields=["status", "returned_by", "returned_at", "return_reason"])
    _audit(by=by, object_repr=str(locked), detail=f"退回填报确认：{reason}")
    return locked


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
    all_townships = _lock_townships()
    latest = (
        YearSeal.objects.using(_write_db(YearSeal))
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
        YearConfirmation.objects.using(_write_db(YearConfirmation))
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
    _audit(by=by, object_repr=str(seal), detail=detail)
    return seal


# --- the snapshot ---------------------------------------------------------------------------------------------


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


# --- the 年报定稿 page ----------------------------------------------------------------------------------------


@dataclass
class TownshipState:
    township: Unit
    confirmation: YearConfirmation | None
    may_confirm: bool
    may_return: bool

    @property
    def status(self) -> str | None:
        return self.confirmation.status if self.confirmation else None

    @property
    def status_label(self) -> str:
        return self.confirmation.get_status_display() if self.confirmation else "未确认"

    @property
    def is_confirmed(self) -> bool:
        return self.status == Status.CONFIRMED


@dataclass(frozen=True)
class Step:
    at: datetime.datetime
    township: str
    action: str
    by: str
    reason: str


@dataclass
class YearCloseState:
    year: int
    townships: list[TownshipState]
    seals: list[YearSeal]  # newest first, without their snapshots
    steps: list[Step]  # every confirmation and return of the year, oldest first
    may_seal: bool

    @property
    def latest(self) -> YearSeal | None:
        return self.seals[0] if self.seals else None

    @property
    def confirmed_count(self) -> int:
        return sum(1 for state in self.townships if state.is_confirmed)

    @property
    def unconfirmed(self) -> list[Unit]:
        return [state.township for state in self.townships if not state.is_confirmed]


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def year_close_state(*, user, year: int) -> YearCloseState:
    """What ``user`` sees of ``year``'s close: the townships she may see with their confirmation and the
    steps she may take, the seals, the history. A user without a township or county role gets 404."""
    township_list = townships(make_scope(user=user, year=year))
    ids = [t.pk for t in township_list]
    confirmations = {
        c.township_id: c
        for c in YearConfirmation.objects.filter(year=year, township_id__in=ids).select_related(
            "confirmed_by", "returned_by"
        )
    }
    seals = list(YearSeal.objects.filter(year=year).defer("snapshot").select_related("sealed_by").order_by("-version"))
    sealed = bool(seals)
    states = []
    for township in township_list:
        confirmation = confirmations.get(township.pk)
        status = confirmation.status if confirmation else None
        rule = {"user": user, "township_id": township.pk, "year": year, "status": status, "sealed": sealed}
        states.append(
            TownshipState(
                township=township,
                confirmation=confirmation,
                may_confirm=confirm_problem(**rule) is None,
                may_return=return_problem(**rule) is None,
            )
        )
    names = {t.pk: t.name for t in township_list}
    history = (
        YearConfirmation.history.filter(year=year, township_id__in=ids)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    steps = [
        Step(
            at=h.history_date,
            township=names.get(h.township_id, ""),
            action="退回" if h.status == Status.RETURNED else "确认填报完成",
            by=_name(h.history_user),
            reason=h.return_reason if h.status == Status.RETURNED else "",
        )
        for h in history
    ]
    return YearCloseState(
        year=year, townships=states, seals=seals, steps=steps, may_seal=seal_problem(user=user, year=year) is None
    )


def confirmation_for(*, user, township_id: int, year: int) -> YearConfirmation | None:
    """The township's confirmation of ``year`` if ``user`` may see that township (404 otherwise)."""
    township = scoping.get_scoped_or_404(Unit.objects.filter(kind=Unit.Kind.TOWNSHIP), user, pk=township_id)
    return YearConfirmation.objects.filter(township=township, year=year).first()


# --- sealed and live side by side -----------------------------------------------------------------------------


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

"""The 年报定稿 page's reads: every township the user may see with its confirmation and the steps she may
take (``reports.sealing.rules``), the year's seals and the history of confirmations and returns."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from orgs import scoping
from orgs.models import Unit
from reports.models import YearConfirmation, YearSeal
from reports.sealing.rules import Status, confirm_problem, return_problem, seal_problem
from reports.selectors.scope import make_scope, townships


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

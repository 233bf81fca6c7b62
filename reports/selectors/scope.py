"""Who a report is for, which year and which township: every reports selector takes one ReportScope."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from orgs import scoping
from orgs.models import Unit

if TYPE_CHECKING:
    from orgs.scoping import AnyUser

_QuerySetT = TypeVar("_QuerySetT", bound=QuerySet[Any])


@dataclass
class ReportScope:
    """A year and the rows one reader may count.

    ``user`` None means the whole county (the export command, run by an operator on the server).
    ``township_id`` narrows a county-wide reader to one township; township staff are always narrowed
    to their own. Stock figures (units, organisations, cadres) are the register as it stands; flow
    figures (established, applied, trained, elected) are those of ``year``.
    """

    year: int
    user: AnyUser | None = None
    township_id: int | None = None
    today: datetime.date = field(default_factory=timezone.localdate)
    _townships: list[Unit] | None = field(default=None, repr=False, compare=False)

    @property
    def year_start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def year_end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    @property
    def reference_date(self) -> datetime.date:
        """'Now' for a past year is its last day; for this year, today."""
        return min(self.today, self.year_end)

    @property
    def whole_county(self) -> bool:
        return self.township_id is None

    @property
    def sees_whole_county(self) -> bool:
        """Whether the reader may see the county-level row (县直单位, the county's own events)."""
        return self.user is None or scoping.sees_whole_county(self.user)

    def for_year(self, year: int) -> ReportScope:
        """The same reader and area in another year (for 同比)."""
        return ReportScope(
            year=year, user=self.user, township_id=self.township_id, today=self.today, _townships=self._townships
        )

    def apply(self, queryset: _QuerySetT, field_name: str = "township") -> _QuerySetT:
        """The rows of ``queryset`` this scope counts."""
        if self.user is not None:
            queryset = scoping.scope(queryset, self.user, field_name)
        if self.township_id is not None:
            queryset = queryset.filter(**{f"{field_name}_id": self.township_id})
        return queryset


def make_scope(
    *, user: AnyUser | None, year: int, township_id: int | None = None, today: datetime.date | None = None
) -> ReportScope:
    """A scope for ``user``: township staff get their own township whatever they ask for; a county
    reader asking for a township they cannot see (or that does not exist) gets 404."""
    today = today or timezone.localdate()
    if user is not None and not scoping.sees_whole_county(user):
        own = scoping.township_id_of(user)
        if own is None:
            raise Http404("没有可查看的乡镇")
        return ReportScope(year=year, user=user, township_id=own, today=today)
    if township_id is not None and not Unit.objects.filter(pk=township_id, kind=Unit.Kind.TOWNSHIP).exists():
        raise Http404("未找到该乡镇")
    return ReportScope(year=year, user=user, township_id=township_id, today=today)


def townships(scope: ReportScope) -> list[Unit]:
    """The townships the report has a row for, in the county's order (one query per scope)."""
    if scope._townships is None:
        scope._townships = list(
            scope.apply(Unit.objects.filter(kind=Unit.Kind.TOWNSHIP)).order_by("pk").only("pk", "name")
        )
    return scope._townships


def reporting_unit(scope: ReportScope, township_list: list[Unit]) -> tuple[str, str]:
    """(填报单位, the area's name in sentences) — e.g. ("清源县妇联", "全县") or ("萧江镇妇联", "萧江镇")."""
    if scope.township_id is not None:
        name = next((t.name for t in township_list if t.pk == scope.township_id), "")
        return f"{name}妇联", name
    county = Unit.objects.filter(kind=Unit.Kind.COUNTY).values_list("name", flat=True).first() or "县"
    return f"{county}妇联", "全县"

"""The county's view of the townships: each township's 填报进度 (what is complete, as a share with its counts,
the way DHIS2 shows reporting rates) and what is overdue where, every figure linking to the list behind it.

A cell counts with the same rule as the township's own 待办 (``workbench.todo``) and the list it links to,
so that the county, the township and the list agree: the owning apps' queryset methods and selectors, grouped
by township here. One query per column, whatever the number of townships.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone

from demo_sites import selectors as demo_selectors
from demo_sites.models import Application
from orgs import scoping
from orgs import selectors as org_selectors
from orgs.models import Cadre, Unit, WomenOrganisation
from reports.models import YearConfirmation
from reports.selectors.confirmations import unconfirmed
from training import selectors as training_selectors

if TYPE_CHECKING:
    from orgs.scoping import AnyUser

# The units every township is expected to have organised (组建率 100%): villages and communities.
ORGANISED_KINDS = (Unit.Kind.VILLAGE, Unit.Kind.COMMUNITY)


def _url(name: str, **params) -> str:
    base = reverse(name)
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{base}?{urlencode(params)}" if params else base


@dataclass(frozen=True)
class Share:
    """``done`` of ``total``; ``url`` lists the ones not done."""

    done: int
    total: int
    url: str = ""

    @property
    def missing(self) -> int:
        return self.total - self.done

    @property
    def percent(self) -> str:
        return "—" if not self.total else f"{self.done * 100 / self.total:.1f}%"

    @property
    def level(self) -> str:
        """How the cell is coloured: all done, mostly (90% or more), or short."""
        if not self.total or self.done == self.total:
            return "complete"
        return "mostly" if self.done * 10 >= self.total * 9 else "short"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    definition: str  # the tooltip: what is counted


COLUMNS = (
    Column("organised", "村、社区已建妇女组织", "在册的村和社区中，已建立妇女组织（正常运转或空挂）的。"),
    Column("chairs", "组织有现任主席", "已建妇女组织中，有人现任主席的。"),
    Column("leadership", "班子配备齐全", "适用班子配备要求（会改联）的妇女组织中，现任职务达到要求的。"),
    Column("phones", "干部已填手机号", "在任或后备的妇女干部中，填了手机号的。"),
    Column("elections", "按期换届", "已建妇女组织中，下次换届日期未过的（未逾期）。"),
    Column("trained", "主席本年已参训", "现任主席中，本年度参加过培训（不含活动）的。"),
)


@dataclass
class TownshipProgress:
    township_id: int | None
    name: str
    shares: dict[str, Share]
    confirmation: str  # 已确认 / 已退回 / 未确认 (the year due, see ``Progress.year``)
    confirmation_url: str
    elections_overdue: int
    elections_overdue_url: str
    applications_overdue: int
    applications_overdue_url: str
    cells: list[Share] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cells = [self.shares[column.key] for column in COLUMNS]

    @property
    def has_overdue(self) -> bool:
        return bool(self.elections_overdue or self.applications_overdue or self.confirmation != "已确认")


@dataclass
class Progress:
    """The county's home: the 验收 queue, a row per township and the county's total."""

    year: int  # the year whose 填报完成 is due (``YearConfirmation.due_year``)
    awaiting_acceptance: int
    awaiting_url: str
    rows: list[TownshipProgress]
    total: dict[str, Share]
    columns: tuple[Column, ...] = COLUMNS

    @property
    def total_cells(self) -> list[Share]:
        return [self.total[column.key] for column in COLUMNS]

    @property
    def overdue_rows(self) -> list[TownshipProgress]:
        return [row for row in self.rows if row.has_overdue]

    @property
    def confirmed_count(self) -> int:
        return sum(1 for row in self.rows if row.confirmation == "已确认")


def _by_township(queryset: QuerySet, **counts) -> dict[int | None, dict[str, int]]:
    rows = queryset.order_by().values("township_id").annotate(**counts)
    return {row.pop("township_id"): row for row in rows}


def _count(queryset: QuerySet) -> dict[int | None, int]:
    return {tid: row["n"] for tid, row in _by_township(queryset, n=Count("pk")).items()}


def _shares(user: AnyUser, today: datetime.date) -> dict[str, dict[int | None, tuple[int, int]]]:
    """(done, total) per column and township. Eight queries."""
    units = _by_township(
        Unit.objects.for_user(user).filter(kind__in=ORGANISED_KINDS, is_active=True),
        total=Count("pk"),
        done=Count("pk", filter=WomenOrganisation.established_condition(prefix="women_organisation__")),
    )
    organisations = WomenOrganisation.objects.for_user(user)
    established = _count(organisations.established())
    chairless = _count(organisations.without_current_chair(today))
    overdue = _count(organisations.election_overdue(today))
    leadership = org_selectors.leadership_by_township(org_selectors.leadership_organisations(user=user), today)
    serving = _count(Cadre.objects.for_user(user).serving(today))
    without_phone = _count(Cadre.objects.for_user(user).without_phone(today))
    chairs = training_selectors.untrained_by_township(
        user=user, year=today.year, position=Cadre.Position.CHAIR, today=today
    )

    def minus(totals: Mapping[int | None, int], missing: Mapping[int | None, int]) -> dict:
        return {tid: (n - missing.get(tid, 0), n) for tid, n in totals.items()}

    return {
        "organised": {tid: (row["done"], row["total"]) for tid, row in units.items()},
        "chairs": minus(established, chairless),
        "leadership": {tid: (row["complete"], row["with_rule"]) for tid, row in leadership.items()},
        "phones": minus(serving, without_phone),
        "elections": minus(established, overdue),
        "trained": {tid: (row["in_post"] - row["untrained"], row["in_post"]) for tid, row in chairs.items()},
    }


def _links(township_id: int | None, year: int) -> dict[str, str]:
    """The list of what is missing behind each column, for one township (None: the whole county)."""
    organisations = "admin:orgs_womenorganisation_changelist"
    return {
        "organised": _url(
            "admin:orgs_unit_changelist",
            kind__in=",".join(ORGANISED_KINDS),
            has_org="no",
            is_active__exact=1,
            township=township_id,
        ),
        "chairs": _url(organisations, chair="none", township=township_id),
        "leadership": _url("orgs:leadership_shortfalls", township=township_id),
        "phones": _url("admin:orgs_cadre_changelist", phone="missing", township=township_id),
        "elections": _url(organisations, election="overdue", township=township_id),
        "trained": _url("training:untrained", year=year, position=Cadre.Position.CHAIR, township=township_id),
    }


def county_progress(*, user: AnyUser, today: datetime.date | None = None) -> Progress:
    """Every township the user may see, with its shares and what is overdue. At most 14 queries."""
    today = today or timezone.localdate()
    townships = list(scoping.visible_townships(user).values_list("pk", "name"))
    shares = _shares(user, today)
    confirmation_year, owed = unconfirmed(township_ids=[pk for pk, _ in townships], today=today)
    applications_overdue = _count(Application.objects.for_user(user).overdue(today))
    overdue_elections = {tid: total - done for tid, (done, total) in shares["elections"].items()}

    def status(pk: int) -> str:
        if pk not in owed:
            return "已确认"
        row = owed[pk]
        return "已退回" if row is not None and row.status == YearConfirmation.Status.RETURNED else "未确认"

    rows = []
    for pk, name in townships:
        links = _links(pk, today.year)
        rows.append(
            TownshipProgress(
                township_id=pk,
                name=name,
                shares={key: Share(*shares[key].get(pk, (0, 0)), url=links[key]) for key in (c.key for c in COLUMNS)},
                confirmation=status(pk),
                confirmation_url=_url("reports:year_close", year=confirmation_year),
                elections_overdue=overdue_elections.get(pk, 0),
                elections_overdue_url=links["elections"],
                applications_overdue=applications_overdue.get(pk, 0),
                applications_overdue_url=_url("demo_sites:application_list", township=pk, overdue="on"),
            )
        )
    # The county's total counts the county-level units (县直) too, as the lists it links to do.
    county_links = _links(None, today.year)
    total = {
        key: Share(
            sum(done for done, _ in shares[key].values()),
            sum(n for _, n in shares[key].values()),
            url=county_links[key],
        )
        for key in (c.key for c in COLUMNS)
    }
    awaiting = demo_selectors.applications_awaiting_acceptance(user=user).count()
    return Progress(
        year=confirmation_year,
        awaiting_acceptance=awaiting,
        awaiting_url=_url("demo_sites:application_list", status=Application.Status.SUBMITTED),
        rows=rows,
        total=total,
    )

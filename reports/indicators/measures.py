"""The counts behind the catalogue, computed per township in one aggregate query per family.

Each measure takes a ``Period`` (the year and its reference date) and a ``Townships`` restriction (all of
them, or only those whose data changed since the figures were last computed) and answers
``{township_id or None: {code or "code:value": number}}``; ``None`` is the county-level row (县直机关,
团体会员, the county's own events). Only counts and sums live here: rates and averages are derived from them
by ``reports.indicators.figures``. Measures never look at a user: the figures are the whole county's and
are sliced per reader through ``orgs.scoping`` afterwards.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import CharField, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Concat, ExtractMonth, ExtractYear

from demo_sites.models import Application, Designation, Level, Subsidy
from orgs import selectors as org_selectors
from orgs.models import Cadre, Post, TermElection, Unit, WomenOrganisation
from orgs.models.funds import Budget, Expenditure, Programme
from training.models import Attendance, Event
from training.selectors import trained_in

Kind = Unit.Kind
PARTY = (Unit.PartyOrganisation.OWN, Unit.PartyOrganisation.JOINT)
HEAD_POSITIONS = (Cadre.Position.CHAIR, Cadre.Position.DIRECTOR, Cadre.Position.COMMITTEE_DIRECTOR)
PARTY_MEMBERS = (Cadre.PoliticalStatus.PARTY_MEMBER, Cadre.PoliticalStatus.PROBATIONARY)
ATTENDED = Attendance.Status.ATTENDED
TRAINING = Event.Category.TRAINING
ACTIVITY = Event.Category.ACTIVITY

Figures = dict[int | None, dict[str, int | Decimal]]
CENT = Decimal("0.01")


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


def _collect(figures: Figures, rows: Iterable[dict], key: str = "township_id") -> None:
    for row in rows:
        figures.setdefault(row.pop(key), {}).update(row)


def _collect_dimension(figures: Figures, rows: Iterable[dict], code: str, dimension_key: str) -> None:
    for row in rows:
        figures.setdefault(row["township_id"], {})[f"{code}:{row[dimension_key]}"] = row["n"]


def established(period: Period) -> Q:
    """A unit whose women's organisation counts as 已建 by the year's end."""
    return WomenOrganisation.established_condition(period.year_end, prefix="women_organisation__")


def organisations(period: Period, townships: Townships) -> Figures:
    """组建: units and their women's organisations, one query."""
    est = established(period)
    party = Q(party_organisation__in=PARTY)
    this_year = Q(women_organisation__established_on__year=period.year)
    before = Q(women_organisation__established_on__lt=period.year_start) | Q(
        women_organisation__established_on__isnull=True
    )
    home = Q(women_organisation__has_womens_home=True)
    enterprise, social = Q(kind=Kind.ENTERPRISE) & party, Q(kind=Kind.SOCIAL_ORG) & party
    rows = (
        townships.restrict(Unit.objects.filter(is_active=True).exclude(kind=Kind.COUNTY))
        .values("township_id")
        .annotate(
            township_units=Count("pk", filter=Q(kind=Kind.TOWNSHIP)),
            townships=Count("pk", filter=Q(kind=Kind.TOWNSHIP) & est),
            villages=Count("pk", filter=Q(kind=Kind.VILLAGE)),
            villages_established=Count("pk", filter=Q(kind=Kind.VILLAGE) & est),
            womens_homes_villages=Count("pk", filter=Q(kind=Kind.VILLAGE) & est & home),
            villages_with_woman=Count("pk", filter=Q(kind=Kind.VILLAGE, woman_on_committees=True)),
            communities=Count("pk", filter=Q(kind=Kind.COMMUNITY)),
            communities_established=Count("pk", filter=Q(kind=Kind.COMMUNITY) & est),
            womens_homes_communities=Count("pk", filter=Q(kind=Kind.COMMUNITY) & est & home),
            communities_with_woman=Count("pk", filter=Q(kind=Kind.COMMUNITY, woman_on_committees=True)),
            enterprises=Count("pk", filter=enterprise),
            enterprises_established=Count("pk", filter=enterprise & est),
            enterprises_new=Count("pk", filter=enterprise & est & this_year),
            enterprises_before=Count("pk", filter=enterprise & est & before),
            social_orgs=Count("pk", filter=social),
            social_orgs_established=Count("pk", filter=social & est),
            organs=Count("pk", filter=Q(kind=Kind.ORGAN)),
            organ_committees=Count("pk", filter=Q(kind=Kind.ORGAN) & est),
            group_members=Count("pk", filter=Q(kind=Kind.GROUP_MEMBER)),
            units=Count("pk"),
            organisations=Count("pk", filter=est),
            **{
                f"nominal:{kind.value}": Count(
                    "pk", filter=Q(kind=kind) & est & Q(women_organisation__status=WomenOrganisation.Status.NOMINAL)
                )
                for kind in Kind
                if kind != Kind.COUNTY
            },
        )
        .order_by()
    )
    figures: Figures = {}
    _collect(figures, rows)
    for values in figures.values():
        values["new_orgs"] = values["enterprises"] + values["social_orgs"]
        values["new_orgs_established"] = values["enterprises_established"] + values["social_orgs_established"]
        values["communities_without_woman"] = values["communities"] - values["communities_with_woman"]
    return figures


def leadership(period: Period, townships: Townships) -> Figures:
    """班子配备: organisations a rule applies to and those whose posts meet it (orgs' own selector)."""
    organisations = townships.restrict(
        WomenOrganisation.objects.established(period.year_end).filter(unit__is_active=True)
    )
    counts = org_selectors.leadership_by_township(organisations, period.reference_date)
    return {
        township_id: {"leadership_with_rule": row["with_rule"], "leadership_complete": row["complete"]}
        for township_id, row in counts.items()
    }


def _current_posts(period: Period, townships: Townships) -> QuerySet:
    posts = Post.objects.current(period.reference_date).filter(cadre__sex=Cadre.Sex.FEMALE)
    # The organisation is narrowed too (it belongs to the post's township), so that one township's figures
    # read one township's organisations instead of hashing all of them.
    return townships.restrict(townships.restrict(posts), "organisation__township")


def cadres(period: Period, townships: Townships) -> Figures:
    """妇女干部: posts held (人次), the women counted once each, chairs (heads of any form of organisation),
    the duties township chairs carry besides. Three queries."""
    on, year = period.reference_date, period.year
    posts = (
        _current_posts(period, townships)
        .values("township_id")
        .annotate(
            vice_chairs=Count("pk", filter=Q(position=Cadre.Position.VICE_CHAIR)),
            vice_chairs_part_time=Count("pk", filter=Q(position=Cadre.Position.VICE_CHAIR, is_full_time=False)),
            standing_members=Count("pk", filter=Q(position=Cadre.Position.STANDING)),
            executives=Count("pk", filter=Q(position=Cadre.Position.EXECUTIVE)),
            township_chairs=Count(
                "pk", filter=Q(position=Cadre.Position.CHAIR, organisation__unit__kind=Kind.TOWNSHIP)
            ),
            township_chairs_with_duties=Count(
                "pk",
                filter=Q(position=Cadre.Position.CHAIR, organisation__unit__kind=Kind.TOWNSHIP)
                & Q(Exists(Post.concurrent_duties.through.objects.filter(post_id=OuterRef("pk")))),
            ),
            village_chairs_on_committee=Count(
                "pk", filter=Q(position__in=HEAD_POSITIONS, on_committee=True, organisation__unit__kind=Kind.VILLAGE)
            ),
            community_chairs_on_committee=Count(
                "pk", filter=Q(position__in=HEAD_POSITIONS, on_committee=True, organisation__unit__kind=Kind.COMMUNITY)
            ),
        )
        .order_by()
    )
    current = Post.objects.current(on)
    # An attendance row belongs to the attendee's township: narrowing by it lets one township's figures
    # read that township's attendance only.
    trained = trained_in(year, attendance=townships.restrict(Attendance.objects.all()))
    head = Exists(current.filter(cadre_id=OuterRef("pk"), position__in=HEAD_POSITIONS))
    full_time_head = Exists(current.filter(cadre_id=OuterRef("pk"), position__in=HEAD_POSITIONS, is_full_time=True))
    holding = Exists(current.filter(cadre_id=OuterRef("pk")))
    born = ExtractYear("birth_date")
    bands = {
        "35_and_under": Q(birth_date__year__gte=year - 35),
        "36_45": Q(birth_date__year__gte=year - 45, birth_date__year__lte=year - 36),
        "46_55": Q(birth_date__year__gte=year - 55, birth_date__year__lte=year - 46),
        "56_and_over": Q(birth_date__year__lte=year - 56),
    }
    people = (
        townships.restrict(Cadre.objects.filter(sex=Cadre.Sex.FEMALE))
        .filter(holding | Q(is_reserve=True))
        .values("township_id")
        .annotate(
            cadres=Count("pk"),
            reserves=Count("pk", filter=Q(is_reserve=True)),
            party_members=Count("pk", filter=Q(political_status__in=PARTY_MEMBERS)),
            chairs=Count("pk", filter=Q(head)),
            chairs_full_time=Count("pk", filter=Q(full_time_head)),
            chairs_trained=Count("pk", filter=Q(head) & Q(trained)),
            chairs_with_age=Count("pk", filter=Q(head, birth_date__isnull=False)),
            chairs_age_total=Coalesce(
                Sum(Value(year) - born, filter=Q(head, birth_date__isnull=False), output_field=IntegerField()), 0
            ),
            **{f"cadres_by_age:{band}": Count("pk", filter=condition) for band, condition in bands.items()},
            **{
                f"cadres_by_education:{value}": Count("pk", filter=Q(education=value))
                for value in Cadre.Education.values
            },
            **{"cadres_by_education:unknown": Count("pk", filter=Q(education=""))},
        )
        .order_by()
    )
    duties = (
        _current_posts(period, townships)
        .filter(position=Cadre.Position.CHAIR, organisation__unit__kind=Kind.TOWNSHIP, concurrent_duties__isnull=False)
        .values("township_id", "concurrent_duties")
        .annotate(n=Count("pk"))
        .order_by()
    )
    figures: Figures = {}
    _collect(figures, posts)
    _collect(figures, people)
    _collect_dimension(figures, duties, "township_chairs_by_duty", "concurrent_duties")
    for values in figures.values():
        if "chairs" in values:
            values["chairs_part_time"] = values["chairs"] - values["chairs_full_time"]
    return figures


def demo_sites(period: Period, townships: Townships) -> Figures:
    """示范创建 by category: sites in force (distinct units, and per level), the year's applications,
    subsidies. Four queries."""
    on = period.reference_date
    figures: Figures = {}
    designations = (
        townships.restrict(Designation.objects.in_force(on))
        .values("township_id", "category")
        .annotate(
            sites=Designation.objects.site_count(),
            **{f"sites_{level.value}": Count("pk", filter=Q(level=level)) for level in Level},
        )
        .order_by()
    )
    for row in designations:
        values = figures.setdefault(row["township_id"], {})
        for key in ("sites", *(f"sites_{level.value}" for level in Level)):
            values[f"{key}:{row['category']}"] = row[key]
    states = {
        "awaiting": Application.Status.SUBMITTED,
        "rectifying": Application.Status.RECTIFYING,
        "accepted": Application.Status.ACCEPTED,
        "rejected": Application.Status.REJECTED,
    }
    applications = (
        townships.restrict(Application.objects.filter(year=period.year))
        .values("township_id", "category", "level", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in applications:
        values = figures.setdefault(row["township_id"], {})
        status, category = row["status"], row["category"]
        key = f"applications_by_status:{status}"
        values[key] = values.get(key, 0) + row["n"]
        if status == Application.Status.DRAFT:
            continue
        for code in ("applications", *(code for code, state in states.items() if state == status)):
            values[f"{code}:{category}"] = values.get(f"{code}:{category}", 0) + row["n"]
        if status in (Application.Status.ACCEPTED, Application.Status.REJECTED):
            values[f"decided:{category}"] = values.get(f"decided:{category}", 0) + row["n"]
        if status == Application.Status.SUBMITTED:
            key = f"awaiting_by_level:{category}.{row['level']}"
            values[key] = values.get(key, 0) + row["n"]
    subsidies = (
        townships.restrict(Subsidy.objects.filter(granted_on__year=period.year))
        .values("township_id", "designation__category")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by()
    )
    for row in subsidies:
        values = figures.setdefault(row["township_id"], {})
        values[f"subsidies:{row['designation__category']}"] = row["n"]
        values[f"subsidy_total:{row['designation__category']}"] = row["total"] or Decimal("0")
    return figures


def training(period: Period, townships: Townships) -> Figures:
    """培训与活动: events by organising township, attendance by the attendee's township. Five queries."""
    figures: Figures = {}
    events = townships.restrict(Event.objects.filter(starts_on__year=period.year))
    _collect(
        figures,
        (
            events.values("township_id")
            .annotate(
                trainings=Count("pk", filter=Q(category=TRAINING)),
                activities=Count("pk", filter=Q(category=ACTIVITY)),
                activity_participants=Coalesce(Sum("participant_count", filter=Q(category=ACTIVITY)), 0),
                **{
                    f"trainings_by_kind:{k}": Count("pk", filter=Q(category=TRAINING, kind=k))
                    for k in Event.Kind.values
                },
                **{
                    f"activities_by_kind:{k}": Count("pk", filter=Q(category=ACTIVITY, activity_kind=k))
                    for k in Event.ActivityKind.values
                },
            )
            .order_by()
        ),
    )
    by_month = (
        events.annotate(month=ExtractMonth("starts_on"))
        .values("township_id", "month")
        .annotate(
            trainings=Count("pk", filter=Q(category=TRAINING)), activities=Count("pk", filter=Q(category=ACTIVITY))
        )
        .order_by()
    )
    for row in by_month:
        values = figures.setdefault(row["township_id"], {})
        values[f"trainings_by_month:{row['month']}"] = row["trainings"]
        values[f"activities_by_month:{row['month']}"] = row["activities"]
    audiences = (
        events.filter(category=TRAINING, audiences__isnull=False)
        .values("township_id", "audiences")
        .annotate(n=Count("pk"))
        .order_by()
    )
    _collect_dimension(figures, audiences, "trainings_by_audience", "audiences")
    attendance = townships.restrict(
        Attendance.objects.filter(status=ATTENDED, event__category=TRAINING, event__starts_on__year=period.year)
    )
    _collect(
        figures,
        (
            attendance.values("township_id")
            .annotate(
                participants=Count("pk"),
                cadres_trained=Count("cadre", distinct=True),
                hours=Coalesce(Sum("hours_credited"), Decimal("0")),
            )
            .order_by()
        ),
    )
    for row in (
        attendance.annotate(month=ExtractMonth("event__starts_on"))
        .values("township_id", "month")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        figures.setdefault(row["township_id"], {})[f"participants_by_month:{row['month']}"] = row["n"]
    # Attendance at the events a township organised, per audience the event was meant for.
    by_audience = Attendance.objects.filter(
        status=ATTENDED, event__category=TRAINING, event__starts_on__year=period.year
    ).filter(event__audiences__isnull=False)
    by_audience = townships.restrict(by_audience, "event__township")
    for row in by_audience.values("event__township_id", "event__audiences").annotate(n=Count("pk")).order_by():
        key = f"participants_by_audience:{row['event__audiences']}"
        figures.setdefault(row["event__township_id"], {})[key] = row["n"]
    return figures


def elections(period: Period, townships: Townships) -> Figures:
    """换届: the year's elections, and organisations due later in the year or overdue. Two queries."""
    reference = period.reference_date
    figures: Figures = {}
    _collect(
        figures,
        (
            townships.restrict(WomenOrganisation.objects.established().filter(unit__is_active=True))
            .values("township_id")
            .annotate(
                elections_pending=Count(
                    "pk", filter=Q(next_election_due__gte=reference, next_election_due__lte=period.year_end)
                ),
                elections_overdue=Count("pk", filter=Q(next_election_due__lt=reference)),
            )
            .order_by()
        ),
    )
    _collect(
        figures,
        (
            townships.restrict(TermElection.objects.filter(held_on__year=period.year))
            .values("township_id")
            .annotate(
                elections_held=Count("pk"),
                elections_filed=Count("pk", filter=Q(filed_on__isnull=False)),
                elections_approved=Count("pk", filter=Q(approved_on__isnull=False)),
            )
            .order_by()
        ),
    )
    for values in figures.values():
        values["elections_due"] = (
            values.get("elections_held", 0) + values.get("elections_pending", 0) + values.get("elections_overdue", 0)
        )
    return figures


def funds(period: Period, townships: Townships) -> Figures:
    """经费: each federation's budget for the year and its expenditures by programme, and the 示范点补助 the
    county federation paid (the subsidies, on the county-level row: ``reports.indicators.ledger`` recomputes
    it whenever a subsidy changes, and it is read only when that row is computed). One query (a UNION)."""
    budget = (
        townships.restrict(Budget.objects.filter(year=period.year))
        .values("township_id")
        .annotate(key=Value("funds_budget"), total=Sum("amount"))
        .values_list("township_id", "key", "total")
        .order_by()
    )
    spent = (
        townships.restrict(Expenditure.objects.filter(spent_on__year=period.year))
        .annotate(key=Concat(Value("funds_spent:"), "programme", output_field=CharField()))
        .values("township_id", "key")
        .annotate(total=Sum("amount"))
        .values_list("township_id", "key", "total")
        .order_by()
    )
    parts: list[QuerySet[Any, Any]] = [spent]  # (township, key, total) rows of different models
    if townships.ids is None or None in townships.ids:
        parts.append(
            Subsidy.objects.filter(granted_on__year=period.year)
            .annotate(owner=Value(None, output_field=IntegerField()), key=Value(f"funds_spent:{Programme.SUBSIDY}"))
            .values("owner", "key")
            .annotate(total=Sum("amount"))
            .values_list("owner", "key", "total")
            .order_by()
        )
    figures: Figures = {}
    for township_id, key, total in budget.union(*parts, all=True):
        if total:  # to the cent, as the amounts are kept (a UNION's sums come back unrounded on SQLite)
            figures.setdefault(township_id, {})[key] = Decimal(str(total)).quantize(CENT)
    return figures


MEASURES: tuple[Callable[[Period, Townships], Figures], ...] = (
    organisations,
    leadership,
    cadres,
    demo_sites,
    training,
    elections,
    funds,
)


def compute(period: Period, townships: Townships) -> Figures:
    """Every measure's counts for ``townships``, merged per township. The keys are interned, so that the
    townships' dicts share them (and a pickle of the county's figures writes each key once)."""
    figures: Figures = {}
    for measure in MEASURES:
        for township_id, values in measure(period, townships).items():
            figures.setdefault(township_id, {}).update(values)
    return {pk: {sys.intern(key): value for key, value in values.items()} for pk, values in figures.items()}


def add_up(rows: Iterable[Mapping]) -> dict:
    """Every count summed over ``rows`` (rates are derived afterwards, never summed)."""
    totals: dict = {}
    for values in rows:
        for key, value in values.items():
            totals[key] = totals.get(key, 0) + value
    return totals

"""Figures about units and their women's organisations: 基层妇女组织建设情况 and 换届情况.

Each function answers with one aggregate query grouped by township (plus the township list), so the
number of queries is the same for a county of 11 townships or 110.
"""

from __future__ import annotations

from django.db.models import Count, Q

from orgs.models import TermElection, Unit, WomenOrganisation
from reports.selectors.scope import ReportScope, townships

COUNTY_ROW = "县直单位"
LIVE = (WomenOrganisation.Status.OPERATING, WomenOrganisation.Status.NOMINAL)
PARTY = (Unit.PartyOrganisation.OWN, Unit.PartyOrganisation.JOINT)
Kind = Unit.Kind


def _established(scope: ReportScope, prefix: str = "women_organisation__") -> Q:
    """A unit whose women's organisation exists, is not dissolved and was founded by the year's end."""
    return Q(**{f"{prefix}status__in": LIVE}) & (
        Q(**{f"{prefix}established_on__isnull": True}) | Q(**{f"{prefix}established_on__lte": scope.year_end})
    )


def rows_by_township(
    scope: ReportScope, township_list, figures: dict[int | None, dict], keys, county_label: str = COUNTY_ROW
) -> list[dict]:
    """One row per township in order, then the county-level row (rows whose township is None: county
    organs, group members, the county's own events) when the scope is the whole county."""
    rows = []
    for township in township_list:
        values = figures.get(township.pk, {})
        rows.append({"name": township.name, "township_id": township.pk, **{k: values.get(k, 0) for k in keys}})
    if scope.whole_county and None in figures:
        values = figures[None]
        rows.append({"name": county_label, "township_id": None, **{k: values.get(k, 0) for k in keys}})
    return rows


ORG_COVERAGE_KEYS = (
    "townships", "villages", "villages_established", "communities", "communities_established",
    "enterprises", "enterprises_established", "enterprises_new", "enterprises_before",
    "social_orgs", "social_orgs_established", "organ_committees", "group_members", "nominal",
    "units", "organisations",
)


def org_coverage_rows(scope: ReportScope) -> list[dict]:
    """基层妇女组织建设情况 per township: units that should have an organisation, those that have one,
    enterprises and social organisations counted only where they have a party branch (the seed's
    1613), organisations founded this year, organ committees, group members and nominal organisations."""
    established = _established(scope)
    this_year = Q(women_organisation__established_on__year=scope.year)
    before = Q(women_organisation__established_on__lt=scope.year_start) | Q(
        women_organisation__established_on__isnull=True
    )
    party = Q(party_organisation__in=PARTY)
    aggregates = (
        scope.apply(Unit.objects.filter(is_active=True).exclude(kind=Kind.COUNTY))
        .values("township_id")
        .annotate(
            townships=Count("pk", filter=Q(kind=Kind.TOWNSHIP) & established),
            villages=Count("pk", filter=Q(kind=Kind.VILLAGE)),
            villages_established=Count("pk", filter=Q(kind=Kind.VILLAGE) & established),
            communities=Count("pk", filter=Q(kind=Kind.COMMUNITY)),
            communities_established=Count("pk", filter=Q(kind=Kind.COMMUNITY) & established),
            enterprises=Count("pk", filter=Q(kind=Kind.ENTERPRISE) & party),
            enterprises_established=Count("pk", filter=Q(kind=Kind.ENTERPRISE) & party & established),
            enterprises_new=Count("pk", filter=Q(kind=Kind.ENTERPRISE) & party & established & this_year),
            enterprises_before=Count("pk", filter=Q(kind=Kind.ENTERPRISE) & party & established & before),
            social_orgs=Count("pk", filter=Q(kind=Kind.SOCIAL_ORG) & party),
            social_orgs_established=Count("pk", filter=Q(kind=Kind.SOCIAL_ORG) & party & established),
            organ_committees=Count("pk", filter=Q(kind=Kind.ORGAN) & established),
            group_members=Count("pk", filter=Q(kind=Kind.GROUP_MEMBER)),
            nominal=Count("pk", filter=established & Q(women_organisation__status=WomenOrganisation.Status.NOMINAL)),
            units=Count("pk"),
            organisations=Count("pk", filter=established),
        )
        .order_by()
    )
    figures = {row.pop("township_id"): row for row in aggregates}
    return rows_by_township(scope, townships(scope), figures, ORG_COVERAGE_KEYS)


TERM_ELECTION_KEYS = ("held", "filed", "approved", "pending", "overdue", "due")


def term_election_rows(scope: ReportScope) -> list[dict]:
    """换届情况 per township: elections held in the year (and of those filed and approved), organisations
    whose next election falls later in the year, and those overdue at the year's reference date.
    应换届 (``due``) = held + pending + overdue."""
    reference = scope.reference_date
    organisations = (
        scope.apply(WomenOrganisation.objects.established().filter(unit__is_active=True))
        .values("township_id")
        .annotate(
            pending=Count("pk", filter=Q(next_election_due__gte=reference, next_election_due__lte=scope.year_end)),
            overdue=Count("pk", filter=Q(next_election_due__lt=reference)),
        )
        .order_by()
    )
    elections = (
        scope.apply(TermElection.objects.filter(held_on__year=scope.year))
        .values("township_id")
        .annotate(
            held=Count("pk"),
            filed=Count("pk", filter=Q(filed_on__isnull=False)),
            approved=Count("pk", filter=Q(approved_on__isnull=False)),
        )
        .order_by()
    )
    figures: dict[int | None, dict] = {}
    for row in list(organisations) + list(elections):
        figures.setdefault(row.pop("township_id"), {}).update(row)
    for values in figures.values():
        values["due"] = values.get("held", 0) + values.get("pending", 0) + values.get("overdue", 0)
    return rows_by_township(scope, townships(scope), figures, TERM_ELECTION_KEYS)

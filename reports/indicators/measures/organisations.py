"""组建 and 班子配备: units and their women's organisations, and the organisations whose posts meet their
leadership rule."""

from __future__ import annotations

from django.db.models import Count, Q

from orgs import selectors as org_selectors
from orgs.models import Unit, WomenOrganisation
from reports.indicators.measures.base import Figures, Period, Townships, collect

Kind = Unit.Kind
PARTY = (Unit.PartyOrganisation.OWN, Unit.PartyOrganisation.JOINT)


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
    collect(figures, rows)
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

"""联系点: the units with and without a contact person this year (townships, villages and communities, 两新组织,
示范点 and this year's applicants), the year's visits by quarter and the follow-ups still open."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractQuarter

from demo_sites.models import Application, Designation
from liaison.models import ContactPoint, Visit, covered_units
from orgs.models import Unit
from reports.indicators.measures.base import Figures, Period, Townships

# The kinds of unit each coverage figure counts, by the code its figures are stored under.
COVERAGE_KINDS = {
    "liaison_townships": (Unit.Kind.TOWNSHIP,),
    "liaison_villages": (Unit.Kind.VILLAGE, Unit.Kind.COMMUNITY),
    "liaison_new_orgs": (Unit.Kind.ENTERPRISE, Unit.Kind.SOCIAL_ORG),
}


def demo_site_or_applicant(year: int, on: datetime.date) -> Q:
    """Units that are 示范点 in force on ``on`` or applied (submitted, not a draft) in ``year``: the 联系点
    figures and the coverage page's list ask this one rule."""
    in_force = Designation.objects.in_force(on).filter(unit=OuterRef("pk"))
    applied = Application.objects.filter(unit=OuterRef("pk"), year=year).exclude(status=Application.Status.DRAFT)
    return Q(Exists(in_force)) | Q(Exists(applied))


def liaison(period: Period, townships: Townships) -> Figures:
    """联系点 coverage by kind of unit and of the 示范点 and applicants, contact points, visits by quarter and
    open follow-ups, per township. Three queries."""
    figures: Figures = {}
    kinds = [kind for group in COVERAGE_KINDS.values() for kind in group]
    units = (
        townships.restrict(Unit.objects.filter(is_active=True, kind__in=kinds))
        .annotate(covered=covered_units(period.year), site=demo_site_or_applicant(period.year, period.reference_date))
        .values("township_id", "kind", "covered", "site")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in units:
        values = figures.setdefault(row["township_id"], {})
        codes = [code for code, group in COVERAGE_KINDS.items() if row["kind"] in group]
        if row["site"]:
            codes.append("liaison_sites")
        for code in codes:
            values[code] = values.get(code, 0) + row["n"]
            if row["covered"]:
                values[f"{code}_covered"] = values.get(f"{code}_covered", 0) + row["n"]

    points = (
        townships.restrict(ContactPoint.objects.filter(year=period.year))
        .values("township_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in points:
        figures.setdefault(row["township_id"], {})["liaison_points"] = row["n"]
    visits = (
        townships.restrict(Visit.objects.filter(visited_on__year=period.year))
        .annotate(quarter=ExtractQuarter("visited_on"))
        .values("township_id", "quarter")
        .annotate(n=Count("pk"), open=Count("pk", filter=Visit.OPEN_FOLLOW_UP))
        .order_by()
    )
    for row in visits:
        values = figures.setdefault(row["township_id"], {})
        values["liaison_visits"] = values.get("liaison_visits", 0) + row["n"]
        values[f"liaison_visits_by_quarter:{row['quarter']}"] = row["n"]
        if row["open"]:
            values["liaison_follow_ups_open"] = values.get("liaison_follow_ups_open", 0) + row["open"]
    return figures

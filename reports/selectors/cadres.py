"""Figures about the women who hold posts: 妇女干部队伍情况. Never reads 身份证号 (only counts)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q

from orgs.models import Cadre, Duty, Post, Unit
from reports.selectors.organisations import rows_by_township
from reports.selectors.scope import ReportScope, townships

HEADS = (Cadre.Position.CHAIR, Cadre.Position.DIRECTOR, Cadre.Position.COMMITTEE_DIRECTOR)
PARTY_MEMBERS = (Cadre.PoliticalStatus.PARTY_MEMBER, Cadre.PoliticalStatus.PROBATIONARY)
AGE_BANDS = (("age_under_35", "35岁以下"), ("age_35_45", "35～45岁"), ("age_46_50", "46～50岁"), ("age_over_50", "50岁以上"))
EDUCATION_KEYS = tuple((f"edu_{value}", label) for value, label in Cadre.Education.choices)
# A township is short of reserve cadres with fewer than one per five village and community organisations.
RESERVE_PER_GRASSROOTS_ORGANISATION = 0.2

CADRE_KEYS = (
    "cadres", "chairs", "vice_chairs", "executives", "township_chairs", "township_chairs_with_duties",
    "village_chairs_on_committee", "community_chairs_on_committee", "communities", "communities_without_woman",
    "reserves", "party_members",
) + tuple(key for key, _ in AGE_BANDS) + tuple(key for key, _ in EDUCATION_KEYS)


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _current_posts(scope: ReportScope):
    on = scope.reference_date
    return scope.apply(Post.objects.current(on).filter(cadre__sex=Cadre.Sex.FEMALE))


def cadre_rows(scope: ReportScope) -> list[dict]:
    """妇女干部队伍情况 per township: posts held (heads, vice chairs, executives), chairs on the 两委,
    communities whose 两委 has no woman, township chairs with concurrent duties, and the women counted
    once each (those with a current post, and reserve cadres) by party membership, age and education."""
    on = scope.reference_date
    posts = (
        _current_posts(scope)
        .values("township_id")
        .annotate(
            chairs=Count("pk", filter=Q(position__in=HEADS)),
            vice_chairs=Count("pk", filter=Q(position=Cadre.Position.VICE_CHAIR)),
            executives=Count("pk", filter=Q(position=Cadre.Position.EXECUTIVE)),
            township_chairs=Count(
                "pk", filter=Q(position=Cadre.Position.CHAIR, organisation__unit__kind=Unit.Kind.TOWNSHIP)
            ),
            village_chairs_on_committee=Count(
                "pk", filter=Q(position__in=HEADS, on_committee=True, organisation__unit__kind=Unit.Kind.VILLAGE)
            ),
            community_chairs_on_committee=Count(
                "pk", filter=Q(position__in=HEADS, on_committee=True, organisation__unit__kind=Unit.Kind.COMMUNITY)
            ),
        )
        .order_by()
    )
    chairs_with_duties = (
        _current_posts(scope)
        .filter(position=Cadre.Position.CHAIR, organisation__unit__kind=Unit.Kind.TOWNSHIP)
        .filter(Exists(Post.concurrent_duties.through.objects.filter(post_id=OuterRef("pk"))))
        .values("township_id")
        .annotate(township_chairs_with_duties=Count("pk"))
        .order_by()
    )
    communities = (
        scope.apply(Unit.objects.filter(kind=Unit.Kind.COMMUNITY, is_active=True))
        .values("township_id")
        .annotate(communities=Count("pk"), communities_without_woman=Count("pk", filter=Q(woman_on_committees=False)))
        .order_by()
    )
    holding = Exists(Post.objects.current(on).filter(cadre_id=OuterRef("pk")))
    age = {
        "age_under_35": Q(birth_date__gt=years_before(on, 35)),
        "age_35_45": Q(birth_date__gt=years_before(on, 46), birth_date__lte=years_before(on, 35)),
        "age_46_50": Q(birth_date__gt=years_before(on, 51), birth_date__lte=years_before(on, 46)),
        "age_over_50": Q(birth_date__lte=years_before(on, 51)),
    }
    people = (
        scope.apply(Cadre.objects.filter(sex=Cadre.Sex.FEMALE))
        .filter(holding | Q(is_reserve=True))
        .values("township_id")
        .annotate(
            cadres=Count("pk"),
            reserves=Count("pk", filter=Q(is_reserve=True)),
            party_members=Count("pk", filter=Q(political_status__in=PARTY_MEMBERS)),
            **{key: Count("pk", filter=condition) for key, condition in age.items()},
            **{f"edu_{value}": Count("pk", filter=Q(education=value)) for value, _ in Cadre.Education.choices},
        )
        .order_by()
    )
    figures: dict[int | None, dict] = {}
    for part in (posts, chairs_with_duties, communities, people):
        for row in part:
            figures.setdefault(row.pop("township_id"), {}).update(row)
    return rows_by_township(scope, townships(scope), figures, CADRE_KEYS)


def township_chair_duties(scope: ReportScope) -> list[str]:
    """The concurrent duties township chairs carry, most frequent first (e.g. 出纳、文化、组织)."""
    chair_posts = _current_posts(scope).filter(
        position=Cadre.Position.CHAIR, organisation__unit__kind=Unit.Kind.TOWNSHIP
    )
    return list(
        Duty.objects.filter(posts__in=chair_posts)
        .annotate(n=Count("posts"))
        .order_by("-n", "pk")
        .values_list("name", flat=True)
    )


def reserve_shortages(cadres: list[dict], coverage: list[dict]) -> list[dict]:
    """Townships with fewer reserve cadres than one per five village and community organisations."""
    grassroots = {
        row["township_id"]: row["villages_established"] + row["communities_established"]
        for row in coverage if row["township_id"] is not None
    }
    short = []
    for row in cadres:
        needed = grassroots.get(row["township_id"], 0) * RESERVE_PER_GRASSROOTS_ORGANISATION
        if row["township_id"] is not None and needed and row["reserves"] < needed:
            short.append({"name": row["name"], "reserves": row["reserves"], "grassroots": grassroots[row["township_id"]]})
    return short

"""妇女干部: posts held (人次), the women counted once each, chairs, the duties township chairs carry besides."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

from orgs.models import Cadre, Post, Unit
from reports.indicators.measures.base import Figures, Period, Townships, collect, collect_dimension
from training.models import Attendance
from training.selectors import trained_in

Kind = Unit.Kind
HEAD_POSITIONS = (Cadre.Position.CHAIR, Cadre.Position.DIRECTOR, Cadre.Position.COMMITTEE_DIRECTOR)
PARTY_MEMBERS = (Cadre.PoliticalStatus.PARTY_MEMBER, Cadre.PoliticalStatus.PROBATIONARY)


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
    collect(figures, posts)
    collect(figures, people)
    collect_dimension(figures, duties, "township_chairs_by_duty", "concurrent_duties")
    for values in figures.values():
        if "chairs" in values:
            values["chairs_part_time"] = values["chairs"] - values["chairs_full_time"]
    return figures

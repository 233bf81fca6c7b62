"""Facts about the women who hold posts that are names, not figures. Never reads 身份证号."""

from __future__ import annotations

from django.db.models import Count

from orgs.models import Cadre, Duty, Post, Unit
from reports.selectors.scope import ReportScope


def township_chair_duties(scope: ReportScope) -> list[str]:
    """The concurrent duties township chairs carry, most frequent first (e.g. 出纳、文化、组织)."""
    chair_posts = scope.apply(
        Post.objects.current(scope.reference_date).filter(
            cadre__sex=Cadre.Sex.FEMALE, position=Cadre.Position.CHAIR, organisation__unit__kind=Unit.Kind.TOWNSHIP
        )
    )
    return list(
        Duty.objects.filter(posts__in=chair_posts)
        .annotate(n=Count("posts"))
        .order_by("-n", "pk")
        .values_list("name", flat=True)
    )

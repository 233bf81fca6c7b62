"""Scoped reads of the organisation hierarchy."""

from __future__ import annotations

from django.db.models import Count, Q

from orgs.models import Unit, WomenOrganisation


def organisation_overview(*, user) -> dict[str, dict[str, int]]:
    """Per unit kind: how many units the user can see and how many have an established organisation.
    One query whatever the number of units."""
    established = Q(women_organisation__isnull=False) & ~Q(
        women_organisation__status=WomenOrganisation.Status.DISSOLVED
    )
    rows = (
        Unit.objects.for_user(user)
        .filter(is_active=True)
        .values("kind")
        .annotate(units=Count("pk"), established=Count("pk", filter=established))
    )
    labels = dict(Unit.Kind.choices)
    return {
        labels[row["kind"]]: {"units": row["units"], "established": row["established"]}
        for row in sorted(rows, key=lambda r: list(labels).index(r["kind"]))
    }

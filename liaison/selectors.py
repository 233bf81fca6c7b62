"""Scoped reads for the 联系点 pages: contact points with their visit counts, one contact point or visit with
what its page shows, the visits of a unit's contact people (the 示范点 application's panel), and the
coverage lists. Every read goes through ``orgs.scoping``; none costs a query per row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q

from liaison.models import ContactPoint, Visit, VisitPhoto, covered_units
from orgs import scoping
from orgs.models import Unit

if TYPE_CHECKING:
    from orgs.scoping import AnyUser


def contact_points(
    *,
    user: AnyUser,
    year: int | None = None,
    township_id: int | None = None,
    person_id: int | None = None,
    category: str = "",
    search: str = "",
):
    """Contact points the user may see, newest year first, each with its visit count, open follow-ups and
    last visit."""
    rows = ContactPoint.objects.for_user(user).select_related("person", "unit", "unit__parent", "township")
    if year:
        rows = rows.filter(year=year)
    if township_id:
        rows = rows.filter(township_id=township_id)
    if person_id:
        rows = rows.filter(person_id=person_id)
    if category:
        rows = rows.filter(category=category)
    if search:
        rows = rows.filter(
            Q(unit__name__icontains=search)
            | Q(person__last_name__icontains=search)
            | Q(person__first_name__icontains=search)
        )
    return rows.with_visit_counts().order_by("-year", "township_id", "unit__kind", "unit__name", "pk")


def contact_point_detail(*, user: AnyUser, pk: int) -> ContactPoint:
    return scoping.get_scoped_or_404(
        ContactPoint.objects.select_related("person", "unit", "unit__parent", "township", "created_by"), user, pk=pk
    )


def contact_point_visits(*, contact_point: ContactPoint):
    """The visits of one contact point (already fetched in scope), newest first, with their photo counts."""
    return contact_point.visits.select_related("recorded_by").annotate(photo_count=Count("photos"))


def visits(
    *,
    user: AnyUser,
    year: int | None = None,
    township_id: int | None = None,
    open_only: bool = False,
    quarter: int | None = None,
):
    """Visits the user may see (the open follow-ups list and the coverage page's quarter counts link here)."""
    rows = Visit.objects.for_user(user).select_related(
        "contact_point__person", "contact_point__unit", "contact_point__township"
    )
    if year:
        rows = rows.filter(visited_on__year=year)
    if township_id:
        rows = rows.filter(township_id=township_id)
    if quarter:
        rows = rows.filter(visited_on__quarter=quarter)
    if open_only:
        rows = rows.open_follow_ups()
    return rows.annotate(photo_count=Count("photos")).order_by("-visited_on", "-pk")


def visit_detail(*, user: AnyUser, pk: int) -> Visit:
    return scoping.get_scoped_or_404(
        Visit.objects.select_related(
            "contact_point__person", "contact_point__unit", "contact_point__township", "recorded_by"
        ).prefetch_related(Prefetch("photos", queryset=VisitPhoto.objects.select_related("uploaded_by"))),
        user,
        pk=pk,
    )


def photo_detail(*, user: AnyUser, pk: int) -> VisitPhoto:
    return scoping.get_scoped_or_404(VisitPhoto.objects.select_related("visit__contact_point__unit"), user, pk=pk)


def unit_contact_points(*, user: AnyUser, unit_id: int) -> list[ContactPoint] | None:
    """The contact people of one unit (every year, newest first) with their visits, for a page about that unit
    (the 示范点 application's "联系点走访记录"). None for a user who may not read 联系点. Two queries."""
    if not user.has_perm("liaison.view_contactpoint"):
        return None
    return list(
        ContactPoint.objects.for_user(user)
        .filter(unit_id=unit_id)
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "visits",
                queryset=Visit.objects.annotate(photo_count=Count("photos")).order_by("-visited_on", "-pk"),
            )
        )
        .order_by("-year", "pk")
    )


def contact_people_by_unit(*, user: AnyUser, unit_ids, year: int) -> dict[int, list[str]]:
    """{unit id: names of its contact people in ``year``} for a page of units (one query)."""
    found: dict[int, list[str]] = {}
    rows = (
        ContactPoint.objects.for_user(user)
        .filter(unit_id__in=list(unit_ids), year=year)
        .select_related("person")
        .order_by("unit_id", "pk")
    )
    for row in rows:
        found.setdefault(row.unit_id, []).append(row.person.get_full_name() or row.person.username)
    return found


def units_by_coverage(*, user: AnyUser, year: int, kinds, covered: bool | None, township_id: int | None = None):
    """Active units of ``kinds`` the user may see, with (``covered``) or without a contact person in
    ``year`` (the coverage page's lists; the same rule as the 联系点 indicators)."""
    rows = Unit.objects.for_user(user).filter(kind__in=kinds, is_active=True)
    if township_id:
        rows = rows.filter(township_id=township_id)
    rows = rows.annotate(has_contact=covered_units(year))
    if covered is not None:
        rows = rows.filter(has_contact=covered)
    return rows.select_related("township").order_by("township_id", "kind", "name", "pk")

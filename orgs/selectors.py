"""Scoped reads of the organisation hierarchy, and the 班子配备 (会改联) indicator."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Q, QuerySet, When

from orgs.models import Cadre, LeadershipRule, PostQuerySet, TransferRequest, WomenOrganisation
from orgs.scoping import get_scoped_or_404

if TYPE_CHECKING:
    from orgs.scoping import AnyUser

# --- 班子配备 (会改联) ----------------------------------------------------------------------------------


def leadership_organisations(*, user: AnyUser, township_id: int | None = None) -> QuerySet[WomenOrganisation]:
    """The organisations the 班子配备 indicator counts that ``user`` may see: established (not dissolved),
    in a unit still active; optionally of one township."""
    organisations = WomenOrganisation.objects.for_user(user).established().filter(unit__is_active=True)
    if township_id is not None:
        organisations = organisations.filter(township_id=township_id)
    return organisations


def _leadership_rows(
    organisations: QuerySet[WomenOrganisation], on: datetime.date
) -> Iterator[tuple[dict[str, Any], LeadershipRule]]:
    """(row, rule) for every organisation of ``organisations`` that a rule in force applies to, in
    township and name order; a row holds the organisation's id, township id and its counted posts.
    Two queries (the rules, then one grouped count over the posts) whatever the number of organisations."""
    rules = LeadershipRule.objects.by_target()
    if not rules:
        return
    current = PostQuerySet.current_condition(on, prefix="posts__")

    def women(condition: Q) -> Count:
        return Count("posts__cadre", distinct=True, filter=current & condition)

    vice_chair = Q(posts__position=Cadre.Position.VICE_CHAIR)
    rows = (
        organisations.filter(unit__kind__in={kind for kind, _ in rules})
        .order_by()
        .values("pk", "township_id", "name", "form", "unit__kind")
        .annotate(
            chairs=women(Q(posts__position=Cadre.Position.CHAIR)),
            vice_chairs=women(vice_chair),
            part_time_vice_chairs=women(vice_chair & Q(posts__is_full_time=False)),
            standing_members=women(Q(posts__position=Cadre.Position.STANDING)),
            executives=women(Q(posts__position__in=LeadershipRule.COMMITTEE_POSITIONS)),
        )
        .order_by("township_id", "name", "pk")
    )
    for row in rows:
        rule = LeadershipRule.applicable(rules, row["unit__kind"], row["form"])
        if rule is not None:
            yield row, rule


def leadership_by_township(
    organisations: QuerySet[WomenOrganisation], on: datetime.date
) -> dict[int | None, dict[str, int]]:
    """班子配备 per township: {township id (None for county-level units): {"with_rule": organisations a
    rule in force applies to, "complete": of those, the ones whose posts current on ``on`` meet it}}.

    ``organisations`` is already scoped and narrowed to the ones to count (``leadership_organisations``);
    townships none of whose organisations has a rule are absent. Two queries."""
    result: dict[int | None, dict[str, int]] = {}
    for row, rule in _leadership_rows(organisations, on):
        entry = result.setdefault(row["township_id"], {"with_rule": 0, "complete": 0})
        entry["with_rule"] += 1
        if not rule.shortfalls(row):
            entry["complete"] += 1
    return result


def _leadership_shortfall_ids(
    organisations: QuerySet[WomenOrganisation], on: datetime.date
) -> list[tuple[int, list[str]]]:
    pairs: list[tuple[int, list[str]]] = []
    for row, rule in _leadership_rows(organisations, on):
        missing = rule.shortfalls(row)
        if missing:
            pairs.append((row["pk"], missing))
    return pairs


def _with_organisations(pairs: list[tuple[int, list[str]]]) -> list[tuple[WomenOrganisation, list[str]]]:
    found = WomenOrganisation.objects.select_related("unit", "township").in_bulk([pk for pk, _ in pairs])
    return [(found[pk], missing) for pk, missing in pairs]


def leadership_shortfalls(
    organisations: QuerySet[WomenOrganisation], on: datetime.date
) -> list[tuple[WomenOrganisation, list[str]]]:
    """The organisations whose 班子 falls short of their rule on ``on``, by township and name, each with
    what it lacks (["兼职副主席缺1名", "执委缺3名"]); unit and township are loaded. Three queries."""
    return _with_organisations(_leadership_shortfall_ids(organisations, on))


def leadership_shortfall_page(
    organisations: QuerySet[WomenOrganisation], on: datetime.date, *, page: str | int | None, per_page: int = 50
) -> Page[Any]:
    """One page of ``leadership_shortfalls``: the organisations of that page alone are loaded."""
    # The page counts (organisation id, lacks) pairs; its rows are then replaced by (organisation, lacks).
    page_obj: Page[Any] = Paginator(_leadership_shortfall_ids(organisations, on), per_page).get_page(page)
    page_obj.object_list = _with_organisations(list(page_obj.object_list))
    return page_obj


# --- 调动申请 -------------------------------------------------------------------------------------------


def transfer_requests(*, user: AnyUser, status: str | None = None) -> QuerySet[TransferRequest]:
    """The 调动申请 ``user`` may see, pending first, newest first; optionally of one status."""
    requests = TransferRequest.objects.for_user(user).select_related("to_unit", "township", "requested_by")
    if status in TransferRequest.Status.values:
        requests = requests.filter(status=status)
    pending_first = Case(When(status=TransferRequest.Status.PENDING, then=0), default=1)
    return requests.order_by(pending_first, "-requested_at", "-pk")


def pending_transfer_count(*, user: AnyUser) -> int:
    """How many 调动申请 in ``user``'s scope wait for the county's decision. One query."""
    return TransferRequest.objects.for_user(user).filter(status=TransferRequest.Status.PENDING).count()


def transfer_request_detail(*, user: AnyUser, pk: int) -> TransferRequest:
    """One 调动申请 in ``user``'s scope (the asking township's or, for county-wide users, any)."""
    related = ("to_unit", "township", "origin_township", "requested_by", "decided_by", "cadre__unit")
    return get_scoped_or_404(TransferRequest.objects.select_related(*related), user, pk=pk)

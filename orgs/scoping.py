"""The one place that decides which rows a user may see and change.

County-wide roles (system administrator, county staff, leadership) see every row; township staff see
the rows whose ``township`` is theirs; anybody else sees nothing. The admin, portal views,
autocompletes, exports, imports and reports all go through ``scope`` (or ``QuerySet.for_user``), a single
row through ``in_scope``, the township list of a filter through ``visible_townships``.
Whether a user may *change* what they see is a matter of model permissions (the leader has view only).

Scoping fails closed: a model is either township-owned (it carries the ``township`` key, see
``orgs.ownership``) or declares itself reference data (``REFERENCE_DATA = True``: criteria, duties,
audiences, leadership rules — shared by the whole county, every role reads them). ``scope`` refuses
anything else as a programming error rather than hand out every row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeAlias, TypeVar

from django.db import models
from django.http import Http404

from orgs import roles

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from orgs.models import Unit

    #: Whoever makes a request: a signed-in user or the anonymous one (``request.user``).
    AnyUser: TypeAlias = User | AnonymousUser

_QuerySetT = TypeVar("_QuerySetT", bound=models.QuerySet[Any])
_ModelT = TypeVar("_ModelT", bound=models.Model)

NOT_FOUND = "未找到该记录"


class OutOfScope(Http404):
    """A row outside the user's scope, answered exactly like a row that does not exist; the audit
    middleware records it as a denied access (``audit_as_denied``)."""

    audit_as_denied = True

    def __init__(self, message: str = NOT_FOUND) -> None:
        super().__init__(message)


class UnscopedModelError(TypeError):
    """``scope`` was asked to narrow a model that is neither township-owned nor declared reference data."""


def _role_cache(user: AnyUser) -> tuple[bool, int | None]:
    """(sees the whole county, township id), computed once per user object (i.e. per request)."""
    cached = getattr(user, "_fulian_scope", None)
    if cached is not None:
        return cached
    result: tuple[bool, int | None]
    if not user or not user.is_authenticated or not user.is_active:
        result = (False, None)
    elif user.is_superuser:
        result = (True, None)
    else:
        group_names = set(user.groups.values_list("name", flat=True))
        if group_names & set(roles.COUNTY_WIDE_ROLES):
            result = (True, None)
        elif roles.TOWNSHIP_STAFF in group_names:
            from orgs.models import StaffProfile

            township_id = StaffProfile.objects.filter(user=user).values_list("township_id", flat=True).first()
            result = (False, township_id)
        else:
            result = (False, None)
    # A per-request cache kept on the user object itself, which the auth models do not declare.
    user._fulian_scope = result  # type: ignore[union-attr]
    return result


def sees_whole_county(user: AnyUser) -> bool:
    return _role_cache(user)[0]


def township_id_of(user: AnyUser) -> int | None:
    """The township a township staff user is bound to; None for county-wide roles and outsiders."""
    return _role_cache(user)[1]


def is_township_owned(model: type[models.Model] | models.Model) -> bool:
    """Whether rows of ``model`` (a model class or instance) carry a ``township`` key to scope by."""
    return any(field.name == "township" and field.is_relation for field in model._meta.concrete_fields)


def is_reference_data(model: type[models.Model] | models.Model) -> bool:
    """Whether ``model`` declares itself reference data (``REFERENCE_DATA = True``), readable by every role."""
    return getattr(model, "REFERENCE_DATA", False) is True


def _township_filter(model: type[models.Model], field: str) -> str:
    """The lookup that compares ``field`` (a path ending in a township key) with a township id."""
    if field == "township":
        if not is_township_owned(model):
            raise UnscopedModelError(
                f"{model._meta.label} has no township key: make it township-owned (orgs.ownership.TownshipOwned)"
                " or declare it reference data (REFERENCE_DATA = True), or pass the path to its owner's key."
            )
        return "township_id"
    first = field.split("__")[0]
    if not any(f.name == first and f.is_relation for f in model._meta.get_fields()):
        raise UnscopedModelError(f"{model._meta.label} has no relation {first!r} to scope by (field={field!r}).")
    return field


def scope(queryset: _QuerySetT, user: AnyUser, field: str = "township") -> _QuerySetT:
    """Narrow a queryset of a township-owned model (or, with ``field``, of rows reaching a township key
    through a relation) to what ``user`` may see. Reference data is whole for every role and none for
    outsiders; any other model is refused (``UnscopedModelError``)."""
    model = queryset.model
    reference = field == "township" and is_reference_data(model)
    lookup = None if reference else _township_filter(model, field)
    everything, township_id = _role_cache(user)
    if everything:
        return queryset
    if township_id is None:
        return queryset.none()
    if lookup is None:  # reference data
        return queryset
    return queryset.filter(**{lookup: township_id})


def in_scope(user: AnyUser, township_id: int | None) -> bool:
    """Whether ``user`` may see a row owned by ``township_id`` (None: the county's own rows)."""
    everything, own = _role_cache(user)
    return everything or (own is not None and township_id == own)


def visible_townships(user: AnyUser) -> models.QuerySet[Unit]:
    """The townships ``user`` may see, in the county's order: every one for county-wide roles, her own for
    township staff, none for anybody else."""
    from orgs.models import Unit

    return scope(Unit.objects.filter(kind=Unit.Kind.TOWNSHIP), user).order_by("pk")


def get_scoped_or_404(queryset: models.QuerySet[_ModelT], user: AnyUser, **lookup: Any) -> _ModelT:
    """Fetch one row the user may see; another township's row is simply not found (``OutOfScope``)."""
    try:
        return scope(queryset, user).get(**lookup)
    # Every concrete model has its DoesNotExist; the stubs declare it per model class, not on type[Model].
    except queryset.model.DoesNotExist as exc:  # type: ignore[attr-defined]
        raise OutOfScope from exc


class ScopedQuerySet(models.QuerySet[_ModelT]):
    def for_user(self, user: AnyUser) -> Self:
        return scope(self, user)

"""The one place that decides which rows a user may see and change.

County-wide roles (system administrator, county staff, leadership) see every row; township staff see
the rows whose ``township`` is theirs; anybody else sees nothing. The admin, portal views,
autocompletes, exports, imports and reports all go through ``scope`` (or ``QuerySet.for_user``).
Whether a user may *change* what they see is a matter of model permissions (the leader has view only).
"""

from __future__ import annotations

from django.db import models
from django.http import Http404

from orgs import roles


def _role_cache(user) -> tuple[bool, int | None]:
    """(sees the whole county, township id), computed once per user object (i.e. per request)."""
    cached = getattr(user, "_fulian_scope", None)
    if cached is not None:
        return cached
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

            township_id = (
                StaffProfile.objects.filter(user=user).values_list("township_id", flat=True).first()
            )
            result = (False, township_id)
        else:
            result = (False, None)
    user._fulian_scope = result
    return result


def sees_whole_county(user) -> bool:
    return _role_cache(user)[0]


def township_id_of(user) -> int | None:
    """The township a township staff user is bound to; None for county-wide roles and outsiders."""
    return _role_cache(user)[1]


def has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    names = getattr(user, "_fulian_groups", None)
    if names is None:
        names = user._fulian_groups = set(user.groups.values_list("name", flat=True))
    return role in names or (user.is_superuser and role == roles.ADMIN)


def scope(queryset: models.QuerySet, user, field: str = "township") -> models.QuerySet:
    """Narrow any queryset of a township-owned model to what ``user`` may see."""
    everything, township_id = _role_cache(user)
    if everything:
        return queryset
    if township_id is None:
        return queryset.none()
    if not any(f.name == field.split("__")[0] for f in queryset.model._meta.get_fields()):
        return queryset  # reference data (criteria, duties) belongs to nobody in particular
    return queryset.filter(**{f"{field}_id" if "__" not in field else field: township_id})


def get_scoped_or_404(queryset: models.QuerySet, user, **lookup):
    """Fetch one row the user may see; another township's row is simply not found."""
    try:
        return scope(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("未找到该记录") from exc


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user) -> models.QuerySet:
        return scope(self, user)

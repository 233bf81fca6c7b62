"""Admin building blocks that apply ``orgs.scoping`` everywhere the stock admin would leak rows.

Every ModelAdmin of a township-owned model derives from ``ScopedAdmin`` (inlines from
``ScopedInlineMixin``): changelists, change/delete/history views, autocompletes (which use the target
admin's ``get_queryset``), foreign-key dropdowns and list filters all see only the user's rows.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from orgs import scoping


def _is_scoped_model(model) -> bool:
    return any(f.name == "township" for f in model._meta.concrete_fields)


class ScopedFormfieldMixin:
    """Foreign-key and many-to-many choices narrowed to the user's rows, so a forged POST fails validation."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and _is_scoped_model(db_field.related_model):
            field.queryset = scoping.scope(field.queryset, request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and _is_scoped_model(db_field.related_model):
            field.queryset = scoping.scope(field.queryset, request.user)
        return field


class ScopedInlineMixin(ScopedFormfieldMixin):
    def get_queryset(self, request):
        return scoping.scope(super().get_queryset(request), request.user)


class TownshipListFilter(admin.SimpleListFilter):
    """所属乡镇, offering only the townships the user can see (one query)."""

    title = "所属乡镇"
    parameter_name = "township"

    def lookups(self, request, model_admin):
        from orgs.models import Unit

        townships = scoping.scope(Unit.objects.filter(kind=Unit.Kind.TOWNSHIP), request.user)
        return [(str(pk), name) for pk, name in townships.order_by("pk").values_list("pk", "name")]

    def queryset(self, request, queryset):
        value = self.value()
        if value:
            if not value.isdigit():
                return queryset.none()
            return queryset.filter(township_id=int(value))
        return queryset


class ScopedAdmin(ScopedFormfieldMixin, SimpleHistoryAdmin):
    """Base admin of every township-owned model."""

    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return scoping.scope(super().get_queryset(request), request.user)

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if _is_scoped_model(self.model) and scoping.sees_whole_county(request.user):
            filters.insert(0, TownshipListFilter)
        return filters

    def history_view(self, request, object_id, extra_context=None):
        # simple-history falls back to the history table for objects missing from get_queryset,
        # which would show another township's (or a deleted) row: only in-scope rows have history here.
        if not self.get_queryset(request).filter(pk=object_id).exists() and not scoping.sees_whole_county(
            request.user
        ):
            raise Http404("未找到该记录")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404("未找到该记录")
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdminMixin:
    """For records that are written by a workflow service, never edited in the admin (audit view only)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def scoped_related_only_filter(field_name: str):
    """A list filter on a foreign key that offers only related rows the user can see."""

    class _Filter(admin.RelatedOnlyFieldListFilter):
        def field_choices(self, field, request, model_admin):
            ordering = self.field_admin_ordering(field, request, model_admin)
            related = scoping.scope(field.related_model._default_manager.all(), request.user)
            pks = model_admin.get_queryset(request).distinct().values_list(f"{field.name}__pk", flat=True)
            return [(obj.pk, str(obj)) for obj in related.filter(pk__in=pks).order_by(*ordering or ["pk"])]

    return (field_name, _Filter)


__all__ = [
    "ReadOnlyAdminMixin",
    "ScopedAdmin",
    "ScopedInlineMixin",
    "TownshipListFilter",
    "scoped_related_only_filter",
]

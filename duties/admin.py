"""Admin of 执委履职: the county keeps the year's scheme and its items; records are scoped like every
township-owned row (orgs.admin_base.ScopedAdmin)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from duties.models import DutyScheme, DutyScoreEntry, DutyScoreItem, ExecutiveDutyRecord
from orgs.admin_base import ScopedAdmin, ScopedInlineMixin


class DutyScoreItemInline(admin.TabularInline):
    model = DutyScoreItem
    extra = 0
    fields = ("name", "kind", "points", "sort_order")


@admin.register(DutyScheme)
class DutySchemeAdmin(SimpleHistoryAdmin):
    """County staff set each year's base points and items; township staff may only read them (orgs.roles:
    reference data)."""

    list_display = ("year", "base_points")
    inlines = (DutyScoreItemInline,)


@admin.register(DutyScoreItem)
class DutyScoreItemAdmin(SimpleHistoryAdmin):
    list_display = ("name", "scheme", "kind", "points", "sort_order")
    list_filter = ("scheme", "kind")
    list_select_related = ("scheme",)
    search_fields = ("name",)


class DutyScoreEntryInline(ScopedInlineMixin, admin.TabularInline):
    model = DutyScoreEntry
    extra = 0
    fields = ("item", "times")


@admin.register(ExecutiveDutyRecord)
class ExecutiveDutyRecordAdmin(ScopedAdmin):
    list_display = ("cadre", "unit", "year", "women_in_touch", "created_at")
    list_filter = ("year",)
    list_select_related = ("cadre__unit",)
    search_fields = ("cadre__name", "cadre__name_initials", "cadre__unit__name")
    autocomplete_fields = ("cadre", "activities")
    fields = ("cadre", "year", "women_in_touch", "activities", "other_activities", "notes")
    inlines = (DutyScoreEntryInline,)

    @admin.display(description="单位")
    def unit(self, obj):
        return obj.cadre.unit.name

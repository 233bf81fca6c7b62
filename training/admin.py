"""Admin data entry for events, attachments and attendance, scoped per user like every federation model."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from orgs.admin_base import ScopedAdmin, ScopedInlineMixin
from orgs.importing.admin import ImportExportAdminMixin
from training.forms import offer_organisers
from training.models import Attendance, Audience, Event, EventAttachment, ScanSignIn
from training.resources import AttendanceResource
from training.services import event_deletion_refusals, events_delete


@admin.register(Audience)
class AudienceAdmin(SimpleHistoryAdmin):
    list_display = ("name", "sort_order")
    search_fields = ("name",)


class EventAttachmentInline(ScopedInlineMixin, admin.TabularInline):
    model = EventAttachment
    extra = 0
    fields = ("kind", "file", "original_name", "uploaded_at")
    readonly_fields = ("original_name", "uploaded_at")


@admin.register(Event)
class EventAdmin(ScopedAdmin):
    list_display = (
        "title",
        "category",
        "kind",
        "activity_kind",
        "organiser",
        "starts_on",
        "hours",
        "participant_count",
    )
    list_filter = ("category", "kind", "activity_kind", "audiences", "starts_on")
    list_select_related = ("organiser",)
    search_fields = ("title", "place")
    date_hierarchy = "starts_on"
    filter_horizontal = ("audiences",)
    inlines = (EventAttachmentInline,)
    fieldsets = (
        (None, {"fields": ("title", "category", "kind", "activity_kind", "audiences", "organiser")}),
        ("时间地点", {"fields": ("starts_on", "ends_on", "place", "hours", "budget", "participant_count")}),
        ("内容", {"fields": ("description",)}),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "organiser":
            offer_organisers(field, request.user)
        return field

    def get_deleted_objects(self, objs, request):
        # An event the user may not delete is shown as "protected" with the reason, which makes both the
        # delete page and the bulk delete action refuse it.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusals = event_deletion_refusals(events=list(objs), by=request.user)
        return deleted, counts, perms_needed, [*protected, *refusals.values()]

    def delete_model(self, request, obj):
        events_delete(events=[obj], by=request.user)

    def delete_queryset(self, request, queryset):
        events_delete(events=list(queryset), by=request.user)


@admin.register(Attendance)
class AttendanceAdmin(ImportExportAdminMixin, ScopedAdmin):
    resource_classes = [AttendanceResource]
    list_display = ("event", "participant", "unit", "status", "hours_credited", "hours_individual")
    list_filter = ("status", "event__category", "event__kind")
    list_select_related = ("event", "cadre__unit")
    # Newest events first through the attendance table's own index, not a sort of every row by event.
    ordering = ("-event_id", "-id")
    search_fields = ("name", "cadre__name", "cadre__name_initials", "event__title", "organisation_name")
    autocomplete_fields = ("event", "cadre")
    fields = ("event", "cadre", "name", "organisation_name", "status", "hours_individual", "hours_credited")
    readonly_fields = ("hours_credited",)

    @admin.display(description="姓名")
    def participant(self, obj):
        return obj.participant_name

    @admin.display(description="单位")
    def unit(self, obj):
        return obj.participant_unit


@admin.register(ScanSignIn)
class ScanSignInAdmin(ScopedAdmin):
    """Read-only: participants write these rows and the portal's confirm page decides them. No search box:
    what participants posted is not searchable."""

    list_display = ("event", "name", "status", "signed_in_at", "decided_at")
    list_filter = ("status",)
    list_select_related = ("event",)
    ordering = ("-event_id", "-id")
    fields = ("event", "name", "phone", "id_last4", "signed_in_at", "status", "attendance", "decided_by", "decided_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

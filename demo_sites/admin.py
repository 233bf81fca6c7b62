"""Admin of the 示范点 data: read-only for auditing (the workflow writes through the portal's services),
except the criteria sets, which county staff keep here."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from demo_sites.models import (
    Acceptance,
    AcceptanceScore,
    Application,
    Attachment,
    CriteriaSet,
    Criterion,
    Designation,
    DesignationChange,
    Review,
    ReviewScore,
    SelfAssessment,
    StatusChange,
    Subsidy,
)
from demo_sites.resources import ApplicationResource, DesignationResource, SubsidyResource
from orgs.admin_base import ReadOnlyAdminMixin, ScopedAdmin, ScopedInlineMixin
from orgs.importing.admin import ExportAdminMixin


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ("order", "code", "group", "name", "description", "max_score")

    # A set that applications were scored on keeps its criteria: a new rubric is a new set (or year).
    def get_readonly_fields(self, request, obj=None):
        return ("code", "name", "max_score") if obj is not None and obj.is_in_use else ()

    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and not (obj is not None and obj.is_in_use)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_in_use)


@admin.register(CriteriaSet)
class CriteriaSetAdmin(SimpleHistoryAdmin):
    list_display = ("year", "category", "name", "pass_total", "pass_min_per_criterion")
    list_filter = ("category", "year")
    search_fields = ("name",)
    inlines = [CriterionInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_in_use:
            return ("category", "year", "pass_total", "pass_min_per_criterion")
        return ()


class _ReadOnlyInline(ReadOnlyAdminMixin, ScopedInlineMixin, admin.TabularInline):
    extra = 0
    can_delete = False


class SelfAssessmentInline(_ReadOnlyInline):
    model = SelfAssessment
    fields = ("criterion", "score", "evidence")
    readonly_fields = fields


class AttachmentInline(_ReadOnlyInline):
    model = Attachment
    fields = ("original_name", "description", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields


class StatusChangeInline(_ReadOnlyInline):
    model = StatusChange
    fields = ("at", "by", "from_status", "to_status", "comment")
    readonly_fields = fields


class DesignationChangeInline(_ReadOnlyInline):
    model = DesignationChange
    fields = ("at", "by", "action", "from_state", "to_state", "comment")
    readonly_fields = fields


class AcceptanceScoreInline(_ReadOnlyInline):
    model = AcceptanceScore
    fields = ("criterion", "score", "comment")
    readonly_fields = fields


class ReviewScoreInline(_ReadOnlyInline):
    model = ReviewScore
    fields = ("criterion", "score", "comment")
    readonly_fields = fields


class SubsidyInline(_ReadOnlyInline):
    model = Subsidy
    fields = ("granted_on", "amount", "purpose", "created_by")
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(ExportAdminMixin, ReadOnlyAdminMixin, ScopedAdmin):
    resource_classes = [ApplicationResource]
    list_display = ("unit", "year", "category", "level", "status", "submitted_at", "deadline")
    list_filter = ("status", "category", "level", "year")
    list_select_related = ("unit",)
    search_fields = ("unit__name", "unit__name_initials")
    inlines = [SelfAssessmentInline, AttachmentInline, StatusChangeInline]


@admin.register(Acceptance)
class AcceptanceAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = (
        "application",
        "round_number",
        "inspected_on",
        "total_score",
        "meets_pass_rule",
        "decision",
        "decided_by",
    )
    list_filter = ("decision", "meets_pass_rule")
    list_select_related = ("application__unit", "decided_by")
    search_fields = ("application__unit__name",)
    inlines = [AcceptanceScoreInline]


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ("at", "application", "from_status", "to_status", "by")
    list_filter = ("to_status",)
    list_select_related = ("application__unit", "by")
    search_fields = ("application__unit__name", "comment")


@admin.register(Designation)
class DesignationAdmin(ExportAdminMixin, ReadOnlyAdminMixin, ScopedAdmin):
    resource_classes = [DesignationResource]
    list_display = ("unit", "year", "category", "level", "certificate_number", "designated_on", "revoked_on")
    list_filter = ("category", "level", "year")
    list_select_related = ("unit",)
    search_fields = ("unit__name", "certificate_number")
    inlines = [DesignationChangeInline, SubsidyInline]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ("designation", "reviewed_on", "total_score", "outcome")
    list_filter = ("outcome",)
    list_select_related = ("designation__unit",)
    inlines = [ReviewScoreInline]


@admin.register(Subsidy)
class SubsidyAdmin(ExportAdminMixin, ReadOnlyAdminMixin, ScopedAdmin):
    resource_classes = [SubsidyResource]
    list_display = ("designation", "granted_on", "amount", "purpose")
    list_select_related = ("designation__unit",)
    date_hierarchy = "granted_on"
    search_fields = ("designation__unit__name", "purpose")


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ("original_name", "application", "size", "uploaded_at")
    list_select_related = ("application__unit",)
    # The stored path is not a public URL; files are fetched through the portal's scoped view.
    exclude = ("file",)

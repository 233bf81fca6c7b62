"""Admin data entry for 联系点, their visits and photos, scoped per user like every federation model. The rules
(the "123" quota, who may be a contact person, the visit dates) are the models' ``clean``."""

from __future__ import annotations

from django.contrib import admin

from liaison.models import ContactPoint, Visit, VisitPhoto, contact_people
from orgs.admin_base import ScopedAdmin, ScopedInlineMixin


@admin.register(ContactPoint)
class ContactPointAdmin(ScopedAdmin):
    list_display = ("year", "person", "unit", "category", "note")
    list_filter = ("year", "category")
    list_select_related = ("person", "unit")
    search_fields = ("unit__name", "person__last_name", "person__first_name", "person__username")
    autocomplete_fields = ("unit",)
    fields = ("year", "person", "unit", "category", "note")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "person":
            kwargs["queryset"] = contact_people()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class VisitPhotoInline(ScopedInlineMixin, admin.TabularInline):
    model = VisitPhoto
    extra = 0
    fields = ("file", "caption", "original_name", "uploaded_at")
    readonly_fields = ("original_name", "uploaded_at")


@admin.register(Visit)
class VisitAdmin(ScopedAdmin):
    list_display = ("visited_on", "contact_point", "visitors", "follow_up_done")
    list_filter = ("follow_up_done", "visited_on")
    list_select_related = ("contact_point__unit",)
    search_fields = ("contact_point__unit__name", "visitors", "findings", "follow_up")
    autocomplete_fields = ("contact_point",)
    date_hierarchy = "visited_on"
    inlines = (VisitPhotoInline,)
    fields = (
        "contact_point",
        "visited_on",
        "visitors",
        "findings",
        "help_given",
        "follow_up",
        "follow_up_done",
        "follow_up_done_on",
    )

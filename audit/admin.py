"""安全审计日志 in the admin: read-only for the county roles that may view it."""

from django.contrib import admin

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """安全审计日志: readable and filterable by county roles, changed by nobody (audit.log writes it)."""

    list_display = ("occurred_at", "username", "ip_address", "kind", "object_repr", "result")
    list_filter = ("kind", "result", "occurred_at")
    search_fields = ("username", "ip_address", "object_repr", "detail")
    date_hierarchy = "occurred_at"
    list_per_page = 100
    show_full_result_count = False
    fields = ("occurred_at", "user", "username", "ip_address", "kind", "object_repr", "result", "detail")
    readonly_fields = fields
    list_select_related = ("user",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        return {}

"""Admin of 考核: county staff keep the categories and the year's task lists with their items here
(复制上年 and 发布 are actions that call the services); assessments are read-only here, written by the
portal's pages."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from appraisal import services
from appraisal.models import Assessment, AssessmentAttachment, AssessmentChange, Category, TaskItem, TaskList
from orgs.admin_base import ReadOnlyAdminMixin, ScopedAdmin, ScopedInlineMixin


@admin.register(Category)
class CategoryAdmin(ScopedAdmin):
    list_display = ("name", "assessee", "order")
    ordering = ("order", "pk")


class TaskItemInline(ScopedInlineMixin, admin.StackedInline):
    model = TaskItem
    extra = 0
    fields = (
        ("order", "heading", "name", "points"),
        "content",
        "done_criteria",
        "evidence_required",
        ("deadline", "scoring", "rule", "target"),
    )


@admin.register(TaskList)
class TaskListAdmin(ScopedAdmin):
    list_display = ("year", "category", "title", "status", "published_at", "computed_at")
    list_filter = ("year", "category", "status")
    search_fields = ("title",)
    list_select_related = ("category",)
    readonly_fields = ("status", "published_at", "computed_at", "copied_from")
    inlines = [TaskItemInline]
    actions = ["publish", "copy_to_next_year"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # Drafts are the county's work in progress; whoever cannot edit them sees published lists only.
        return queryset if self.has_change_permission(request) else queryset.published()

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # Items added to a published list open to every assessee at once.
        services.assessments_ensure(task_list=form.instance, by=request.user)

    @admin.action(description="发布所选工作任务", permissions=["publish"])
    def publish(self, request, queryset) -> None:
        for task_list in queryset:
            try:
                services.task_list_publish(task_list=task_list, by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{task_list}：{' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{task_list}已发布。", messages.SUCCESS)

    @admin.action(description="复制为下一年度草稿（复制上年）", permissions=["add"])
    def copy_to_next_year(self, request, queryset) -> None:
        for task_list in queryset:
            try:
                copy = services.task_list_copy(source=task_list, by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{task_list}：{' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"已复制为{copy}（草稿），请修改后发布。", messages.SUCCESS)

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("appraisal.publish_tasklist")


@admin.register(TaskItem)
class TaskItemAdmin(ScopedAdmin):
    list_display = ("task_list", "order", "heading", "name", "points", "deadline", "scoring")
    list_filter = ("task_list__year", "task_list__category", "scoring")
    search_fields = ("name", "content", "heading")
    list_select_related = ("task_list__category",)
    ordering = ("-task_list__year", "task_list__category__order", "order")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.has_change_permission(request):
            return queryset
        return queryset.filter(task_list__status=TaskList.Status.PUBLISHED)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        services.assessments_ensure(task_list=obj.task_list, by=request.user)


class _ReadOnlyInline(ReadOnlyAdminMixin, ScopedInlineMixin, admin.TabularInline):
    extra = 0
    can_delete = False


class AttachmentInline(_ReadOnlyInline):
    model = AssessmentAttachment
    fields = ("original_name", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields


class ChangeInline(_ReadOnlyInline):
    model = AssessmentChange
    fields = ("at", "by", "from_status", "to_status", "score", "comment")
    readonly_fields = fields


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ("unit", "item", "status", "score", "reported_at", "scored_at")
    list_filter = ("status", "item__task_list__year", "item__task_list__category")
    search_fields = ("unit__name", "item__name")
    list_select_related = ("unit", "item__task_list")
    inlines = [AttachmentInline, ChangeInline]

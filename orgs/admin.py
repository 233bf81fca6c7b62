"""Admin data entry for units, women's organisations, cadres, posts and 换届, scoped per user."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from orgs import roles, scoping
from orgs.admin_base import ScopedAdmin, ScopedInlineMixin
from orgs.forms import CadreForm
from orgs.importing.admin import ImportExportAdminMixin
from orgs.models import (
    Cadre,
    Duty,
    LeadershipRule,
    Post,
    StaffProfile,
    TermElection,
    Unit,
    WomenOrganisation,
)
from orgs.models.funds import Budget, Expenditure
from orgs.resources import (
    CadreResource,
    NewOrganisationResource,
    OrganResource,
    TermElectionResource,
    VillageCommunityResource,
    WomenOrganisationResource,
)


class ElectionOverdueFilter(admin.SimpleListFilter):
    title = "换届状态"
    parameter_name = "election"

    def lookups(self, request, model_admin):
        days = WomenOrganisation.ELECTION_NOTICE_DAYS
        return [("overdue", "逾期未换届"), ("due_soon", f"{days}天内到期"), ("due_this_year", "今年到期")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.election_overdue(today)
        if self.value() == "due_soon":
            return queryset.election_due_soon(today)
        if self.value() == "due_this_year":
            return queryset.filter(next_election_due__year=today.year)
        return queryset


class CurrentChairFilter(admin.SimpleListFilter):
    title = "主席"
    parameter_name = "chair"

    def lookups(self, request, model_admin):
        return [("none", "无现任主席")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.without_current_chair()
        return queryset


class PhoneFilter(admin.SimpleListFilter):
    title = "手机号"
    parameter_name = "phone"

    def lookups(self, request, model_admin):
        return [("missing", "未填（在任或后备干部）")]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.without_phone()
        return queryset


class LatestElectionOverdueFilter(admin.SimpleListFilter):
    title = "换届状态"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "逾期未换届")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(
                WomenOrganisation.established_condition(prefix="organisation__"),
                next_due_on=F("organisation__next_election_due"),
                next_due_on__lt=timezone.localdate(),
            )
        return queryset


class HasOrganisationFilter(admin.SimpleListFilter):
    title = "妇女组织"
    parameter_name = "has_org"

    def lookups(self, request, model_admin):
        return [("yes", "已建立"), ("no", "未建立")]

    def queryset(self, request, queryset):
        established = WomenOrganisation.established_condition(prefix="women_organisation__")
        if self.value() == "yes":
            return queryset.filter(established)
        if self.value() == "no":
            return queryset.exclude(established)
        return queryset


@admin.register(Unit)
class UnitAdmin(ImportExportAdminMixin, ScopedAdmin):
    resource_classes = [VillageCommunityResource, NewOrganisationResource, OrganResource]
    list_display = (
        "name",
        "kind",
        "parent",
        "party_organisation",
        "women_employees",
        "woman_on_committees",
        "is_active",
    )
    list_filter = ("kind", HasOrganisationFilter, "party_organisation", "woman_on_committees", "is_active")
    list_select_related = ("parent",)
    search_fields = ("name", "name_initials", "code")
    autocomplete_fields = ("parent",)
    fieldsets = (
        (None, {"fields": ("name", "kind", "parent", "code", "address", "contact_phone", "is_active")}),
        ("两新组织", {"fields": ("party_organisation", "employees", "women_employees", "has_women_workers_committee")}),
        ("村/社区", {"fields": ("woman_on_committees",)}),
    )

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The parent picker of a unit offers the county and townships only (the model refuses others).
        if request.GET.get("model_name") == "unit" and request.GET.get("field_name") == "parent":
            queryset = queryset.filter(kind__in=[Unit.Kind.COUNTY, Unit.Kind.TOWNSHIP])
        return queryset, may_have_duplicates

    def _is_own_township_row(self, request, obj) -> bool:
        # Township staff keep the units below their township, not the township row the county set up.
        return obj is not None and obj.kind in Unit.COUNTY_KINDS and not scoping.sees_whole_county(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not self._is_own_township_row(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not self._is_own_township_row(request, obj)


class OrganisationPostFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        # The database allows one current chair per organisation; two typed at once would otherwise
        # pass each form's own validation and fail on save.
        chairs = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("position") == Cadre.Position.CHAIR
            and not form.cleaned_data.get("ended_on")
        ]
        if len(chairs) > 1:
            raise ValidationError("同一组织只能有一名现任主席，请为原主席填写离任日期。")


class PostInline(ScopedInlineMixin, admin.TabularInline):
    model = Post
    formset = OrganisationPostFormSet
    extra = 0
    autocomplete_fields = ("cadre",)
    checkbox_fields = ("concurrent_duties",)
    fields = ("cadre", "position", "started_on", "ended_on", "is_full_time", "concurrent_duties", "on_committee")


class TermElectionInline(ScopedInlineMixin, admin.TabularInline):
    model = TermElection
    extra = 0
    fields = ("held_on", "term_years", "next_due_on", "filed_with", "filed_on", "approved_by", "approved_on")
    readonly_fields = ("next_due_on",)


@admin.register(WomenOrganisation)
class WomenOrganisationAdmin(ImportExportAdminMixin, ScopedAdmin):
    resource_classes = [WomenOrganisationResource]
    list_display = ("name", "unit", "form", "status", "established_on", "has_womens_home", "next_election")
    list_filter = ("unit__kind", "form", "status", ElectionOverdueFilter, CurrentChairFilter, "has_womens_home")
    list_select_related = ("unit",)
    search_fields = ("name", "unit__name", "unit__name_initials")
    autocomplete_fields = ("unit",)
    inlines = (PostInline, TermElectionInline)
    # Key columns, served by the orgs_organisation_listing index (the model's order joins and sorts every unit).
    ordering = ("township_id", "name", "id")

    @admin.display(description="下次换届应于", ordering="next_election_due")
    def next_election(self, obj):
        due = obj.next_election_due
        if due is None:
            return "未登记"
        return f"{due:%Y-%m-%d}（已逾期）" if obj.election_is_overdue else f"{due:%Y-%m-%d}"


class CadrePostInline(ScopedInlineMixin, admin.TabularInline):
    model = Post
    extra = 0
    autocomplete_fields = ("organisation",)
    checkbox_fields = ("concurrent_duties",)
    fields = ("organisation", "position", "started_on", "ended_on", "is_full_time", "concurrent_duties", "on_committee")


@admin.register(Cadre)
class CadreAdmin(ImportExportAdminMixin, ScopedAdmin):
    resource_classes = [CadreResource]
    form = CadreForm
    list_display = (
        "name",
        "unit",
        "current_positions",
        "age",
        "political_status",
        "education",
        "id_number_masked",
        "is_reserve",
    )
    list_filter = ("posts__position", "political_status", "education", "is_reserve", "unit__kind", PhoneFilter)
    list_select_related = ("unit",)
    search_fields = ("name", "name_initials", "unit__name")
    search_help_text = "可输入姓名、拼音首字母或单位名称；输入完整的18位身份证号可按号码查找（号码不会出现在网址中）。"
    # A full 身份证号 typed into the search box finds her through the lookup hash (?idh=), never by decrypting.
    id_number_hash_lookup = "id_number_hash"
    autocomplete_fields = ("unit",)
    readonly_fields = ("id_number_masked",)
    inlines = (CadrePostInline,)
    fieldsets = (
        (None, {"fields": ("name", "unit", "id_number", "sex", "birth_date", "ethnicity")}),
        ("情况", {"fields": ("political_status", "education", "phone", "is_reserve", "notes")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("posts")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        can_reveal = request.user.has_perm("orgs.reveal_id_number")

        class _Form(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, can_reveal=can_reveal, user=request.user, **kw)
                if can_reveal and not self.is_bound and self.fields["id_number"].initial:
                    # Every display of a full 身份证号 is a security event (audit.log).
                    from audit.log import Kind, audit_log

                    audit_log(
                        request=request,
                        kind=Kind.REVEAL,
                        object_repr=f"妇女干部：{self.instance}（编号 {self.instance.pk}）",
                    )

        return _Form

    @admin.display(description="身份证号")
    def id_number(self, obj):
        # A read-only change view (the leader's) looks "id_number" up here before the model's decrypting
        # property: it shows the mask. Only CadreForm, for users with the reveal permission, shows more.
        return obj.id_number_masked if obj is not None else ""

    @admin.display(description="现任职务")
    def current_positions(self, obj):
        posts = [p for p in obj.posts.all() if p.ended_on is None]
        return "、".join(p.get_position_display() for p in posts) or "—"

    @admin.display(description="年龄", ordering="birth_date")
    def age(self, obj):
        return obj.age


@admin.register(Post)
class PostAdmin(ScopedAdmin):
    list_display = (
        "cadre",
        "organisation",
        "position",
        "started_on",
        "ended_on",
        "is_full_time",
        "on_committee",
        "duties",
    )
    list_filter = (
        "position",
        "organisation__unit__kind",
        "is_full_time",
        "on_committee",
        ("ended_on", admin.EmptyFieldListFilter),
    )
    list_select_related = ("cadre", "organisation")
    search_fields = ("cadre__name", "cadre__name_initials", "organisation__name")
    autocomplete_fields = ("cadre", "organisation")
    checkbox_fields = ("concurrent_duties",)
    # Key columns, served by the orgs_post_listing index (the model's order sorts every post by names).
    ordering = ("township_id", "organisation_id", "position", "id")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("concurrent_duties")

    @admin.display(description="兼职")
    def duties(self, obj):
        return "、".join(d.name for d in obj.concurrent_duties.all()) or "—"


@admin.register(TermElection)
class TermElectionAdmin(ImportExportAdminMixin, ScopedAdmin):
    resource_classes = [TermElectionResource]
    list_display = ("organisation", "held_on", "term_years", "next_due_on", "overdue", "filed_with", "approved_by")
    list_filter = ("organisation__unit__kind", "filed_with", "approved_by", LatestElectionOverdueFilter)
    list_select_related = ("organisation",)
    search_fields = ("organisation__name", "organisation__unit__name")
    autocomplete_fields = ("organisation",)
    date_hierarchy = "held_on"
    readonly_fields = ("next_due_on",)

    @admin.display(description="逾期未换届", empty_value="")
    def overdue(self, obj):
        # Only the organisation's latest election can be overdue; earlier ones were followed by another.
        # Marked on the overdue rows alone (the others stay blank): a mark on every row hides the few that matter.
        return "已逾期" if obj.next_due_on == obj.organisation.next_election_due and obj.is_overdue else None


@admin.register(Duty)
class DutyAdmin(SimpleHistoryAdmin):
    list_display = ("name",)
    search_fields = ("name",)


@admin.register(LeadershipRule)
class LeadershipRuleAdmin(ScopedAdmin):
    """班子配备要求: county staff edit, township staff and leaders read (permissions from orgs.roles)."""

    list_display = (
        "__str__",
        "min_chairs",
        "min_vice_chairs",
        "min_part_time_vice_chairs",
        "min_standing_members",
        "min_executives",
        "is_active",
    )
    list_filter = ("unit_kind", "is_active")
    fieldsets = (
        (
            "适用范围",
            {"fields": ("unit_kind", "organisation_form", "is_active"), "description": LeadershipRule.LOCAL_NOTE},
        ),
        (
            "至少应配备",
            {
                "fields": (
                    "min_chairs",
                    "min_vice_chairs",
                    "min_part_time_vice_chairs",
                    "min_standing_members",
                    "min_executives",
                ),
                "description": "按参考日期的现任职务计算，同一人只计一次；执委人数含主席、副主席、常委。",
            },
        ),
        (None, {"fields": ("notes",)}),
    )

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"subtitle": LeadershipRule.LOCAL_NOTE, **(extra_context or {})})


class StaffProfileFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        # The role is chosen in the user form above (change page only); a township clerk without a
        # township would see nothing at all, so refuse the save instead of creating a useless account.
        if not self.is_bound or "groups" not in self.data:
            return
        township_role = Group.objects.filter(name=roles.TOWNSHIP_STAFF).values_list("pk", flat=True).first()
        township = next((f.cleaned_data.get("township") for f in self.forms if f.cleaned_data), None)
        if str(township_role) in self.data.getlist("groups") and township is None:
            raise ValidationError("乡镇妇联填报员必须选择所属乡镇。")


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    formset = StaffProfileFormSet
    can_delete = False
    verbose_name_plural = "所属乡镇"


admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    inlines = (StaffProfileInline,)
    list_display = ("username", "last_name", "first_name", "is_active", "last_login")


@admin.register(Budget)
class BudgetAdmin(ScopedAdmin):
    """年度工作经费预算: each federation keeps its own (township staff their township's, the county its own)."""

    list_display = ("year", "federation", "amount", "note")
    list_filter = ("year",)
    list_select_related = ("federation",)
    search_fields = ("federation__name", "note")
    fields = ("federation", "year", "amount", "note")


@admin.register(Expenditure)
class ExpenditureAdmin(ScopedAdmin):
    """经费支出 for 培训, 活动 and 其他 (示范点补助 are the subsidies, recorded under 示范点)."""

    list_display = ("spent_on", "federation", "programme", "amount", "purpose")
    list_filter = ("programme",)
    list_select_related = ("federation",)
    search_fields = ("federation__name", "purpose")
    date_hierarchy = "spent_on"
    fields = ("federation", "spent_on", "programme", "amount", "purpose")

"""Admin building blocks that apply ``orgs.scoping`` everywhere the stock admin would leak rows.

Every ModelAdmin of a township-owned model derives from ``ScopedAdmin`` (inlines from
``ScopedInlineMixin``): changelists, change/delete/history views, autocompletes (which use the target
admin's ``get_queryset``), foreign-key dropdowns and list filters all see only the user's rows.

Its changelist search is posted, not sent in the query string, and a 身份证号 never reaches a URL (access
logs keep every query string): a number becomes ``?idh=<keyed hash>`` on admins that can look it up.
"""

from __future__ import annotations

import dataclasses
import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ERROR_FLAG, PAGE_VAR, SEARCH_VAR
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.http import urlencode
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from editing.stale import StaleEditMixin
from entry.dates import ChineseDateField
from orgs import idnumbers, scoping

ID_HASH_VAR = "idh"
_LOOKUP_HASH = re.compile(r"[0-9a-f]{64}")


class ScopedFormfieldMixin:
    """Foreign-key and many-to-many choices narrowed to the user's rows, so a forged POST fails validation;
    dates read as the import reads them (2024.5.1, 2024年5月1日 …, ``entry.dates``)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Not formfield_overrides: an admin that sets its own would silently drop this one.
        if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
            kwargs.setdefault("form_class", ChineseDateField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and scoping.is_township_owned(db_field.related_model):
            field.queryset = scoping.scope(field.queryset, request.user)
        elif (
            field is not None
            and db_field.related_model is get_user_model()
            and not scoping.sees_whole_county(request.user)
        ):
            # Township staff are not shown the county's list of accounts (a history revert form lists them).
            field.queryset = field.queryset.filter(staff_profile__township_id=scoping.township_id_of(request.user))
        return field

    # Many-to-many fields shown as ticked boxes rather than a list that needs Ctrl-click (a short list only).
    checkbox_fields: tuple[str, ...] = ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.checkbox_fields:
            kwargs.setdefault("widget", forms.CheckboxSelectMultiple(attrs={"class": "checkbox-row"}))
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and scoping.is_township_owned(db_field.related_model):
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
        townships = scoping.visible_townships(request.user)
        return [(str(pk), name) for pk, name in townships.values_list("pk", "name")]

    def queryset(self, request, queryset):
        value = self.value()
        if value:
            if not value.isdigit():
                return queryset.none()
            return queryset.filter(township_id=int(value))
        return queryset


class IdNumberHashFilter(admin.SimpleListFilter):
    """``?idh=<keyed hash>``: the rows of one 身份证号, found through ``idnumbers.lookup_hash`` (the same HMAC as
    the stored lookup column), so that the number itself is in no URL. Shown only while in use."""

    title = "身份证号"
    parameter_name = ID_HASH_VAR

    def __init__(self, request, params, model, model_admin):
        self.hash_lookup = model_admin.id_number_hash_lookup
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [(self.value(), "按身份证号查找的结果")] if self.value() else []

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not _LOOKUP_HASH.fullmatch(value):
            return queryset.none()
        return queryset.filter(**{self.hash_lookup: value})


class ChineseHistoryContext(HistoricalRecordContextHelper):
    """The 'changes' column of a history page in the words the user typed: choice labels instead of
    stored codes, 是/否 for booleans, and no internal columns (such as the 身份证号 lookup hash)."""

    HIDDEN_FIELDS = {"id_number_hash", "updated_at", "name_initials", "township"}

    def context_for_delta_changes(self, delta):
        changes = [change for change in delta.changes if change.field not in self.HIDDEN_FIELDS]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return "（空）"
        if isinstance(field, models.BooleanField):
            return "是" if value else "否"
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


class ScopedAdmin(StaleEditMixin, ScopedFormfieldMixin, SimpleHistoryAdmin):
    """Base admin of every township-owned model (a save over somebody else's newer save is refused)."""

    list_per_page = 50
    show_full_result_count = False
    # The search box posts to ``search_view`` (templates/admin/search_form.html), which redirects to the
    # changelist with ``?q=`` or, for a 身份证号, ``?idh=``: never the number itself.
    posted_search = True
    # The lookup from this model to a cadre's ``id_number_hash``, if its rows can be found by 身份证号.
    id_number_hash_lookup: str | None = None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["phone_table_notes"] = self._phone_table_notes(request, context.get("inline_admin_formsets", ()), obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _phone_table_notes(self, request, inline_admin_formsets, obj) -> list[dict]:
        """The editable table inlines of a change form, which a phone shows one column at a time, each with
        the page that adds one row on its own (a form that fits a phone), prefilled with this record."""
        notes = []
        for inline_admin_formset in inline_admin_formsets:
            inline = inline_admin_formset.opts
            if not isinstance(inline, admin.TabularInline):
                continue
            if not (inline_admin_formset.has_add_permission or inline_admin_formset.has_change_permission):
                continue
            model_admin = self.admin_site._registry.get(inline.model)
            add_url = ""
            if model_admin is not None and model_admin.has_add_permission(request):
                opts = inline.model._meta
                add_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add", current_app=self.admin_site.name)
                if obj is not None and obj.pk:
                    add_url += "?" + urlencode({inline_admin_formset.formset.fk.name: obj.pk})
            notes.append({"name": inline.model._meta.verbose_name_plural, "add_url": add_url})
        return notes

    def get_historical_record_context_helper(self, request, historical_record):
        return ChineseHistoryContext(self.model, historical_record)

    def get_queryset(self, request):
        return scoping.scope(super().get_queryset(request), request.user)

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if scoping.is_township_owned(self.model) and scoping.sees_whole_county(request.user):
            filters.insert(0, TownshipListFilter)
        if self.id_number_hash_lookup:
            filters.append(IdNumberHashFilter)
        return filters

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_search"
        return [path("search/", self.admin_site.admin_view(self.search_view), name=name), *super().get_urls()]

    def search_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return self._search_redirect(request, request.GET)
        return self._search_redirect(request, request.POST)

    def changelist_view(self, request, extra_context=None):
        # A number typed into the address bar (or an old bookmark) is in this one log line, not in the
        # pagination, filter and change links of the page, nor in the next request's Referer.
        if idnumbers.number_in(request.GET.get(SEARCH_VAR, "")):
            return self._search_redirect(request, request.GET)
        return super().changelist_view(request, extra_context)

    def _search_redirect(self, request, source) -> HttpResponseRedirect:
        """To the changelist with the other parameters of ``source`` kept and its search text as ``q``, or, if
        the text holds a 身份证号, as ``idh`` (the number's keyed hash) where the rows can be found by it."""
        dropped = {SEARCH_VAR, PAGE_VAR, ERROR_FLAG, ID_HASH_VAR, "csrfmiddlewaretoken"}
        params = {key: values for key, values in source.lists() if key not in dropped}
        query = source.get(SEARCH_VAR, "").strip()
        number = idnumbers.number_in(query)
        if number is None:
            if query:
                params[SEARCH_VAR] = [query]
        elif not self.id_number_hash_lookup:
            messages.warning(request, "此列表不能按身份证号查找，请输入姓名或名称。")
        elif len(number) != 18:
            messages.error(request, "请输入完整的18位身份证号。")
        else:
            params[ID_HASH_VAR] = [idnumbers.lookup_hash(number)]
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist", current_app=self.admin_site.name
        )
        return HttpResponseRedirect(f"{url}?{urlencode(params, doseq=True)}" if params else url)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # The stock admin redirects to the index with "may have been deleted" for rows outside
        # get_queryset (change, delete and history views): another township's row is simply not found.
        raise scoping.OutOfScope

    def _in_scope(self, request, object_id) -> models.Model | None:
        try:
            return self.get_queryset(request).filter(pk=unquote(object_id)).first()
        except (ValueError, TypeError, ValidationError):
            return None

    def _may_see_history(self, request, object_id) -> bool:
        if scoping.sees_whole_county(request.user) or self._in_scope(request, object_id) is not None:
            return True
        # A deleted row of the user's own township keeps its history (nothing is lost); a row that
        # still exists elsewhere, or whose history belongs to another township, is not found.
        try:
            if self.model._default_manager.filter(pk=unquote(object_id)).exists():
                return False
            # The historical table's own pk is history_id; the row's id is kept under its attname.
            lookup = {self.model._meta.pk.attname: unquote(object_id)}
            latest = self.model.history.filter(**lookup).order_by("-history_date").first()
        except (ValueError, TypeError, ValidationError):
            return False
        return latest is not None and scoping.in_scope(request.user, latest.township_id)

    def history_view(self, request, object_id, extra_context=None):
        # simple-history falls back to the history table for objects missing from get_queryset,
        # which would show another township's row.
        if not self._may_see_history(request, object_id):
            raise scoping.OutOfScope
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self._in_scope(request, object_id)
        if obj is None:
            raise scoping.OutOfScope
        # simple-history saves a posted revert form without asking for change permission (its form is
        # built with change=False, so a view-only user gets editable fields): refuse it here.
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdminMixin:
    """For records that are written by a workflow service, never edited in the admin (audit view only)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


__all__ = [
    "IdNumberHashFilter",
    "ReadOnlyAdminMixin",
    "ScopedAdmin",
    "ScopedInlineMixin",
    "TownshipListFilter",
]

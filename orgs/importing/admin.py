"""The admin side of Excel import and export, mixed into a ModelAdmin that lists ``resource_classes``.

On top of django-import-export's views: only .xlsx; the user reaches every resource (so lookups and
exports are scoped to them); import and export need their explicit permissions; a preview with any error
offers no confirm and a forged confirm writes nothing; templates to download; exports streamed from a
write-only workbook with a Chinese file name; every import and export is audited.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.forms import ExportForm
from import_export.signals import post_export

from audit.log import Kind, Result, audit_log
from files.import_format import SafeXLSX, write_xlsx
from files.import_template import build_template_workbook
from files.spreadsheets import SpreadsheetError
from operations.outages import database_failure_in
from orgs import scoping

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _PortalExport:
    """What export and import share: .xlsx only, resources built for the user, streamed exports."""

    export_form_class = ExportForm
    formats = [SafeXLSX]
    import_formats = [SafeXLSX]
    export_formats = [SafeXLSX]

    def get_resource_classes(self, request):
        if not self.resource_classes:
            # The library would otherwise build an unscoped resource for every field of the model.
            raise ImproperlyConfigured(f"{type(self).__name__} needs resource_classes for import/export")
        if request is not None and not scoping.sees_whole_county(request.user):
            return [r for r in self.resource_classes if not getattr(r, "county_only", False)]
        return self.resource_classes

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"user": request.user}

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        if not self.has_export_permission(request):
            raise PermissionDenied
        resource = self.choose_export_resource_class(export_form, request)(**self.get_export_resource_kwargs(request))
        count = 0

        def counted(rows):
            nonlocal count
            for row in rows:
                count += 1
                yield row

        handle = write_xlsx(
            resource.export_headers(), counted(resource.export_rows(resource.export_queryset(queryset)))
        )
        title = resource.title or str(self.model._meta.verbose_name_plural)
        audit_log(request=request, kind=Kind.EXPORT, object_repr=title, detail=f"导出 {count} 行。")
        if getattr(resource, "can_reveal", False):
            # The resource wrote full 身份证号 (the user holds orgs.reveal_id_number): a reveal like one on a page.
            audit_log(request=request, kind=Kind.REVEAL, object_repr=title, detail=f"导出含完整身份证号的 {count} 行。")
        post_export.send(sender=None, model=self.model)
        return FileResponse(
            handle,
            as_attachment=True,
            filename=f"{title}-{timezone.localdate():%Y%m%d}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )


class ExportAdminMixin(_PortalExport, ExportMixin):
    """Export only, for records written by workflows: ``class DesignationAdmin(ExportAdminMixin, ...)``."""


class ImportExportAdminMixin(_PortalExport, ImportExportMixin):
    """Put before the ModelAdmin base: ``class CadreAdmin(ImportExportAdminMixin, ScopedAdmin)``."""

    import_template_name = "admin/import_export/fulian_import.html"

    def get_import_data_kwargs(self, **kwargs):
        kwargs.pop("form", None)
        # A confirm whose rows no longer all validate writes nothing (all or nothing).
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetError):
            form.add_error("import_file", str(e))
        else:
            form.add_error("import_file", "无法读取该文件：请上传按模板填写的 .xlsx 文件。")

    def template_links(self, request) -> list[tuple[str, str]]:
        return [
            (
                resource.title or resource.get_display_name(),
                reverse(
                    "admin:{}_{}_import_template".format(*self.get_model_info()),
                    args=[index],
                    current_app=self.admin_site.name,
                ),
            )
            for index, resource in enumerate(self.get_import_resource_classes(request))
        ]

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        if getattr(response, "context_data", None) is not None:
            response.context_data["templates"] = self.template_links(request)
        result = getattr(response, "context_data", {}).get("result") if hasattr(response, "context_data") else None
        _raise_database_failure(result)
        if result is not None and (result.has_errors() or result.has_validation_errors()):
            audit_log(
                request=request,
                kind=Kind.IMPORT,
                result=Result.FAILURE,
                object_repr=str(self.model._meta.verbose_name_plural),
                detail=f"预览发现 {len(getattr(result, 'messages', []))} 处错误，未导入。",
            )
        return response

    def choose_import_resource_class(self, form, request):
        classes = self.get_import_resource_classes(request)
        index = self.get_resource_index(form)
        if not 0 <= index < len(classes):
            raise Http404("没有该导入类型")
        return classes[index]

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        import_page = reverse("admin:{}_{}_import".format(*self.get_model_info()), current_app=self.admin_site.name)
        # The page posts the index of the format it previewed; anything else was not sent by it (the library
        # would take int() of it and answer 500).
        if request.POST.get("format", "") not in {str(index) for index in range(len(self.get_import_formats()))}:
            messages.error(request, "导入请求无效（文件格式参数有误），没有写入任何数据。请重新上传文件。")
            return HttpResponseRedirect(import_page)
        try:
            return super().process_import(request, **kwargs)
        except (OSError, SpreadsheetError):
            # The previewed file is gone (expired, already imported, or a forged name): nothing was written.
            messages.error(request, "找不到已预览的文件（可能已导入或已过期），请重新上传。")
            return HttpResponseRedirect(import_page)

    def process_result(self, result, request):
        _raise_database_failure(result)
        label = str(self.model._meta.verbose_name_plural)
        if result.has_errors() or result.has_validation_errors():
            for message in getattr(result, "messages", [])[:20]:
                messages.error(request, message)
            messages.error(request, "导入未完成：文件中有错误，没有写入任何数据。请修改后重新上传。")
            audit_log(
                request=request,
                kind=Kind.IMPORT,
                result=Result.FAILURE,
                object_repr=label,
                detail="确认导入时发现错误，已全部撤销。",
            )
            return HttpResponseRedirect(
                reverse("admin:{}_{}_import".format(*self.get_model_info()), current_app=self.admin_site.name)
            )
        counts = result.counts
        audit_log(
            request=request,
            kind=Kind.IMPORT,
            object_repr=label,
            detail=f"新增 {counts['new']} 条，更新 {counts['update']} 条，无变化 {counts['skip']} 条。",
        )
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        counts = result.counts
        messages.success(
            request,
            f"导入完成：新增 {counts['new']} 条，更新 {counts['update']} 条，无变化 {counts['skip']} 条"
            f"（{self.model._meta.verbose_name_plural}）。",
        )

    def get_urls(self):
        info = self.get_model_info()
        return [
            path(
                "import/template/<int:index>/",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request, index: int):
        if not self.has_import_permission(request):
            raise PermissionDenied
        classes = self.get_import_resource_classes(request)
        if index >= len(classes):
            raise Http404("没有该模板")
        resource = classes[index](**self.get_import_resource_kwargs(request))
        buffer = io.BytesIO()
        build_template_workbook(resource).save(buffer)
        buffer.seek(0)
        title = resource.title or str(self.model._meta.verbose_name_plural)
        return FileResponse(
            buffer, as_attachment=True, filename=f"{title}导入模板.xlsx", content_type=XLSX_CONTENT_TYPE
        )


def _raise_database_failure(result) -> None:
    """A database that failed during the import is not an error in the file: raise it again, so that the
    request's transaction is rolled back whole and the user gets the 503 page (operations.outages)."""
    failure = database_failure_in(result) if result is not None else None
    if failure is not None:
        raise failure

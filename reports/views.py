"""Report pages: the downloads list, workbook downloads, the 情况汇报, and the dashboard. Thin: the
figures come from reports.selectors, the files from the pure builders."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from audit.log import audit_log
from audit.models import AuditEvent
from orgs import scoping
from reports import workbooks
from reports.dashboard import annual_indicators, charts, headlines
from reports.forms import ReportFilterForm
from reports.indicators import figures
from reports.indicators.catalogue import CATALOGUE, GROUPS
from reports.selectors import make_scope
from reports.selectors.status_report import status_report_data
from reports.status_report import compose_status_report
from reports.status_report_docx import build_status_report_docx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _scope(request: HttpRequest):
    """The filter form and the scope it describes; a bad year or township is refused with 400."""
    if not scoping.sees_whole_county(request.user) and scoping.township_id_of(request.user) is None:
        raise Http404("没有可查看的报表")
    form = ReportFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return form, None
    return form, make_scope(user=request.user, year=form.selected_year, township_id=form.selected_township_id)


def _invalid(request: HttpRequest, form) -> HttpResponse:
    return render(request, "reports/index.html", {"form": form, "summaries": workbooks.SUMMARIES}, status=400)


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def index(request: HttpRequest) -> HttpResponse:
    form, scope = _scope(request)
    if scope is None:
        return _invalid(request, form)
    query = request.GET.urlencode()
    return render(
        request,
        "reports/index.html",
        {
            "form": form,
            "summaries": workbooks.SUMMARIES,
            "query": query,
            "meta": workbooks.report_meta(scope),
        },
    )


@login_required
def indicators(request: HttpRequest) -> HttpResponse:
    """统计指标及口径: every indicator, its unit and definition, and its value for the chosen year."""
    form, scope = _scope(request)
    if scope is None:
        return _invalid(request, form)
    table = figures.for_scope(scope)
    groups = [
        (
            group,
            [
                (ind, _display(table, ind))
                for ind in CATALOGUE
                if ind.group == group and (scope.whole_county or not ind.county_only)
            ],
        )
        for group in GROUPS
    ]
    return render(
        request,
        "reports/indicators.html",
        {
            "form": form,
            "groups": groups,
            "meta": workbooks.report_meta(scope, table),
            "query": request.GET.urlencode(),
        },
    )


def _display(table, indicator) -> str:
    """An indicator's figure as every page shows it (breakdowns as "label n" pairs)."""
    from reports.dashboard import percent

    if indicator.dimension is not None and not indicator.additive:
        return "；".join(f"{label} {n}" for _, label, n in table.breakdown(indicator.code) if n)
    value = table.value(indicator.code)
    if value is None:
        return "—"
    if indicator.kind == "rate":
        return percent(value)
    return f"{value}"


@login_required
def download(request: HttpRequest, name: str) -> HttpResponse:
    if name not in workbooks.NAMES:
        raise Http404("没有这张报表")
    form, scope = _scope(request)
    if scope is None:
        return _invalid(request, form)
    workbook, filename = workbooks.export(name, scope)
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit_log(request=request, kind=AuditEvent.Kind.EXPORT, object_repr=filename, detail=f"统计报表 {name}")
    return _attachment(buffer.getvalue(), filename, XLSX)


@login_required
def status_report(request: HttpRequest) -> HttpResponse:
    form, scope = _scope(request)
    if scope is None:
        return _invalid(request, form)
    table = figures.for_scope(scope)
    report = compose_status_report(data=status_report_data(scope, table), meta=workbooks.report_meta(scope, table))
    if request.GET.get("format") == "docx":
        filename = f"{report.title}.docx"
        audit_log(request=request, kind=AuditEvent.Kind.EXPORT, object_repr=filename, detail="情况汇报")
        return _attachment(build_status_report_docx(report), filename, DOCX)
    query = request.GET.copy()
    query["format"] = "docx"
    return render(
        request, "reports/status_report.html", {"form": form, "report": report, "docx_query": query.urlencode()}
    )


def _headline_page(
    request: HttpRequest, template: str, active: str, extra_panels: Sequence[Mapping] = ()
) -> HttpResponse:
    form, scope = _scope(request)
    if scope is None:
        return _invalid(request, form)
    table = figures.for_scope(scope)
    context = {
        "form": form,
        "meta": workbooks.report_meta(scope, table),
        "headlines": headlines(table, scope),
        "query": request.GET.urlencode(),
        "active": active,
        "extra_panels": extra_panels,
    }
    if active == "dashboard":
        context.update(charts=charts(table), annual=annual_indicators(table, scope))
    return render(request, template, context)


@login_required
def dashboard(request: HttpRequest, extra_panels: Sequence[Mapping] = ()) -> HttpResponse:
    """工作概况. ``extra_panels`` are panels of the apps above reports, composed by ``workbench`` (which serves
    this page): each a mapping with the ``template`` to include and what it shows, rendered as ``panel``."""
    if not scoping.sees_whole_county(request.user) and scoping.township_id_of(request.user) is None:
        return redirect("home")  # an account without a role (the login lands here) sees the plain home page
    return _headline_page(request, "reports/dashboard.html", "dashboard", extra_panels)

"""Portal pages of 考核: the township's 考核任务 (her items, report form), the county's scoring queue and
scoring page, the ranking per category (leadership reads it) and the 考核情况表 workbook.

Views only fetch through ``selectors`` (scoped: another township's row is a 404), call ``services`` and show
their ValidationErrors as they are."""

from __future__ import annotations

import io
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from appraisal import selectors, services
from appraisal.forms import QueueFilterForm, ReportForm, ReturnForm, ScoreForm
from appraisal.models import Assessment, TaskList
from appraisal.workbooks import build_appraisal_workbook, workbook_meta
from audit.log import audit_log
from audit.models import AuditEvent
from files.uploads import attachment_response
from orgs import scoping

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Status = Assessment.Status


def _needs(perm: str):
    return permission_required(f"appraisal.{perm}", raise_exception=True)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


def _county_only(request: HttpRequest) -> None:
    if not scoping.sees_whole_county(request.user):
        raise PermissionDenied


@login_required
@_needs("view_assessment")
def index(request: HttpRequest) -> HttpResponse:
    """考核: township staff go to their own items; county-wide readers see the year's lists."""
    own = scoping.township_id_of(request.user)
    if own is not None:
        return redirect("appraisal:unit", pk=own)
    _county_only(request)
    year = _year(request)
    lists = selectors.published_lists(year=year)
    return render(
        request,
        "appraisal/index.html",
        {
            "year": year,
            "years": sorted({*selectors.list_years(), year}, reverse=True),
            "lists": lists,
            "awaiting": selectors.awaiting_score_count(user=request.user, year=year),
            "may_score": request.user.has_perm("appraisal.score_assessment"),
        },
    )


@login_required
@_needs("view_assessment")
def unit_items(request: HttpRequest, pk: int) -> HttpResponse:
    """One township's (or organ's) items of the year: status, score, the county's comment, total and rank."""
    unit = selectors.assessee(user=request.user, pk=pk)
    year = _year(request)
    assessments = selectors.unit_assessments(user=request.user, unit=unit, year=year)
    lists: dict[int, dict] = {}
    for assessment in assessments:
        task_list = assessment.item.task_list
        entry = lists.setdefault(
            task_list.pk, {"task_list": task_list, "rows": [], "total": 0, "full": 0, "rank": None}
        )
        entry["rows"].append(assessment)
        entry["full"] += assessment.item.points
        if assessment.status == Status.SCORED:
            entry["total"] += assessment.score
    for entry in lists.values():
        ranking = selectors.ranking(task_list=entry["task_list"])
        row = ranking.row_for(unit.pk)
        entry["rank"], entry["of"] = (row.rank if row else None), len(ranking.rows)
    return render(
        request,
        "appraisal/unit_items.html",
        {
            "unit": unit,
            "year": year,
            "years": sorted({*selectors.list_years(), year}, reverse=True),
            "lists": list(lists.values()),
            "county": scoping.sees_whole_county(request.user),
        },
    )


@login_required
@_needs("view_assessment")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_detail(user=request.user, pk=pk)
    allowed = services.allowed_transitions(assessment=assessment, user=request.user)
    return _detail_page(request, assessment, allowed)


def _detail_page(request, assessment, allowed, *, report_form=None, score_form=None, return_form=None):
    item = assessment.item
    return render(
        request,
        "appraisal/detail.html",
        {
            "assessment": assessment,
            "item": item,
            "attachments": list(assessment.attachments.select_related("uploaded_by")),
            "changes": list(assessment.changes.select_related("by")),
            "may_report": Status.REPORTED in allowed,
            "may_score": Status.SCORED in allowed,
            "may_return": Status.RETURNED in allowed,
            "may_delete_files": Status.REPORTED in allowed
            and request.user.has_perm("appraisal.delete_assessmentattachment"),
            "report_form": report_form or ReportForm(initial={"note": assessment.note}),
            "score_form": score_form
            or ScoreForm(initial={"score": assessment.score, "comment": assessment.comment}, points=item.points),
            "return_form": return_form or ReturnForm(prefix="return"),
        },
    )


@login_required
@require_POST
@_needs("report_assessment")
def report(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_detail(user=request.user, pk=pk)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.assessment_report(
                assessment=assessment,
                by=request.user,
                note=form.cleaned_data["note"],
                uploads=form.cleaned_data["uploads"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"“{assessment.item.name}”已报送，等待县妇联评分。")
            return redirect("appraisal:unit", pk=assessment.unit_id)
    allowed = services.allowed_transitions(assessment=assessment, user=request.user)
    return _detail_page(request, assessment, allowed, report_form=form)


@login_required
@_needs("score_assessment")
def score(request: HttpRequest, pk: int) -> HttpResponse:
    """The scoring page: the item, the township's note and evidence, the score and comment, or 退回补充."""
    assessment = selectors.assessment_detail(user=request.user, pk=pk)
    if request.method != "POST":
        return detail(request, pk)
    form = ScoreForm(request.POST, points=assessment.item.points)
    if form.is_valid():
        try:
            services.assessment_score(
                assessment=assessment,
                by=request.user,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"已为{assessment.unit.name}“{assessment.item.name}”评分。")
            return redirect("appraisal:queue")
    allowed = services.allowed_transitions(assessment=assessment, user=request.user)
    return _detail_page(request, assessment, allowed, score_form=form)


@login_required
@require_POST
@_needs("score_assessment")
def return_for_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_detail(user=request.user, pk=pk)
    form = ReturnForm(request.POST, prefix="return")
    if form.is_valid():
        try:
            services.assessment_return(assessment=assessment, by=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"已将{assessment.unit.name}“{assessment.item.name}”退回补充。")
            return redirect("appraisal:queue")
    allowed = services.allowed_transitions(assessment=assessment, user=request.user)
    return _detail_page(request, assessment, allowed, return_form=form)


@login_required
@_needs("view_assessmentattachment")
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.attachment_for_download(user=request.user, pk=pk)
    audit_log(
        request=request,
        kind=AuditEvent.Kind.DOWNLOAD,
        object_repr=f"考核佐证：{attachment.assessment.unit.name}：{attachment.original_name}",
    )
    return attachment_response(attachment.file, attachment.original_name)


@login_required
@require_POST
@_needs("delete_assessmentattachment")
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.attachment_for_download(user=request.user, pk=pk)
    try:
        services.attachment_delete(attachment=attachment, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, "佐证材料已删除。")
    return redirect("appraisal:detail", pk=attachment.assessment_id)


@login_required
@_needs("score_assessment")
def queue(request: HttpRequest) -> HttpResponse:
    """县妇联评分: reported items waiting for a score by default."""
    _county_only(request)
    this_year = timezone.localdate().year
    years = sorted({*selectors.list_years(), this_year}, reverse=True)
    data = request.GET if request.GET else {"year": this_year, "status": Status.REPORTED}
    form = QueueFilterForm(data, years=years)
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("year") or this_year
    rows = selectors.scoring_queue(
        user=request.user,
        year=year,
        status=filters.get("status", Status.REPORTED),
        category=filters.get("category"),
        unit_name=filters.get("unit", ""),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "appraisal/queue.html", {"form": form, "page": page, "query": params.urlencode()})


@login_required
@require_POST
@_needs("score_assessment")
def auto_score(request: HttpRequest, pk: int) -> HttpResponse:
    task_list = get_object_or_404(TaskList, pk=pk)
    try:
        changed = services.task_list_auto_score(task_list=task_list, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"已按统计数据重新计算{task_list}的自动评分项，{changed} 项得分有变化。")
    return redirect(f"{reverse('appraisal:index')}?year={task_list.year}")


@login_required
@_needs("view_assessment")
def ranking(request: HttpRequest) -> HttpResponse:
    """考核排名 per category (county staff and leadership; read-only)."""
    _county_only(request)
    year = _year(request)
    rankings = [selectors.ranking(task_list=t) for t in selectors.published_lists(year=year)]
    return render(
        request,
        "appraisal/ranking.html",
        {
            "year": year,
            "years": sorted({*selectors.list_years(), year}, reverse=True),
            "rankings": rankings,
            "may_export": request.user.has_perm("appraisal.export_assessment"),
        },
    )


@login_required
@_needs("export_assessment")
def ranking_download(request: HttpRequest) -> HttpResponse:
    """考核情况表: a sheet per category, every unit's score per item, total and rank."""
    _county_only(request)
    year = _year(request)
    rankings = [selectors.ranking(task_list=t, with_items=True) for t in selectors.published_lists(year=year)]
    workbook = build_appraisal_workbook(rankings=rankings, meta=workbook_meta(year=year))
    buffer = io.BytesIO()
    workbook.save(buffer)
    filename = f"{year}年度妇女工作考核情况表.xlsx"
    audit_log(request=request, kind=AuditEvent.Kind.EXPORT, object_repr=filename, detail="考核情况表")
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response

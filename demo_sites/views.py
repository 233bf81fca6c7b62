"""Portal pages of the 示范点 workflow: the township's 我的申报 and application form, the county's
验收 queue, scoring page and printable 验收表, designations with 复核/摘牌/补助资金.

Views only fetch through ``selectors`` (scoped: another township's row is a 404), call ``services``
and show their ValidationErrors as they are.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.log import audit_log
from audit.models import AuditEvent
from demo_sites import selectors, services
from demo_sites.forms import (
    AcceptanceForm,
    ApplicationCreateForm,
    AttachmentForm,
    CityDecisionForm,
    DesignationFilterForm,
    DesignationRecordForm,
    QueueFilterForm,
    RecommendForm,
    ReviewForm,
    RevokeForm,
    SelfAssessmentForm,
    SubmitForm,
    SubsidyForm,
)
from demo_sites.models import Application, Category, Level
from files.uploads import attachment_response
from liaison import selectors as liaison_selectors
from orgs import scoping

PAGE_SIZE = 50


def _needs(perm: str):
    return permission_required(f"demo_sites.{perm}", raise_exception=True)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _add_errors(form, exc: ValidationError) -> None:
    """Attach a service's error to the form: field errors to fields it has, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@_needs("view_application")
def application_list(request: HttpRequest) -> HttpResponse:
    """我的申报 for township staff; the 验收 queue (待验收 by default) for the county."""
    county = scoping.sees_whole_county(request.user)
    data = request.GET if request.GET else ({"status": Application.Status.SUBMITTED} if county else None)
    form = QueueFilterForm(data, user=request.user)
    queue = selectors.application_queue(user=request.user, **form.filters())
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    year = timezone.localdate().year
    # The services decide which rows offer 验收 and 删除 (the template only shows what it is told).
    decidable = {
        a.pk
        for a in page
        if Application.Status.ACCEPTED in services.allowed_transitions(application=a, user=request.user)
    }
    city_decidable = {
        a.pk
        for a in page
        if Application.Status.CITY_ACCEPTED in services.allowed_transitions(application=a, user=request.user)
    }
    deletable = {a.pk for a in page if services.may_delete(application=a, user=request.user)}
    return render(
        request,
        "demo_sites/application_list.html",
        {
            "form": form,
            "page": page,
            "county": county,
            "today": timezone.localdate(),
            "year": year,
            "decidable": decidable,
            "city_decidable": city_decidable,
            "deletable": deletable,
            "awaiting_count": selectors.applications_awaiting_acceptance(user=request.user, year=year).count(),
            "awaiting_city_count": selectors.applications_awaiting_city(user=request.user, year=year).count(),
            "awaiting_city_status": Application.Status.RECOMMENDED,
            "query": _query_without_page(request),
        },
    )


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
@_needs("add_application")
def application_create(request: HttpRequest) -> HttpResponse:
    township_id = _township_param(request)
    form = ApplicationCreateForm(request.POST or None, user=request.user, township_id=township_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.application_create(
                unit=data["unit"],
                category=data["category"],
                level=data["level"],
                year=data["year"],
                summary=data["summary"],
                contact=data["contact"],
                by=request.user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "申报草稿已创建，请填写自评并上传佐证材料。")
            return redirect("demo_sites:application_edit", pk=application.pk)
    return render(
        request,
        "demo_sites/application_create.html",
        {
            "form": form,
            "townships": _townships_for(request.user),
            "township_id": township_id,
        },
    )


@login_required
@_needs("view_application")
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_detail(user=request.user, pk=pk)
    allowed = services.allowed_transitions(application=application, user=request.user)
    acceptances = list(application.acceptances.all())
    rows = selectors.criterion_rows(application)
    return render(
        request,
        "demo_sites/application_detail.html",
        {
            "application": application,
            "rows": rows,
            "acceptances": acceptances,
            "latest": acceptances[-1] if acceptances else None,
            "self_total": sum((r.self_assessment.score or 0) for r in rows if r.self_assessment),
            "can_submit": Application.Status.SUBMITTED in allowed,
            "can_decide": any(s in allowed for s in (Application.Status.ACCEPTED, Application.Status.RECTIFYING)),
            "can_record_city_decision": Application.Status.CITY_ACCEPTED in allowed,
            "can_edit": application.is_editable and request.user.has_perm("demo_sites.change_application"),
            "can_delete": services.may_delete(application=application, user=request.user),
            "submit_form": SubmitForm(),
            "attachment_form": AttachmentForm(),
            "liaison_points": liaison_selectors.unit_contact_points(user=request.user, unit_id=application.unit_id),
        },
    )


@login_required
@_needs("change_application")
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_detail(user=request.user, pk=pk)
    if not application.is_editable:
        messages.error(request, f"该申报当前状态为“{application.get_status_display()}”，不能修改。")
        return redirect("demo_sites:application_detail", pk=pk)
    form = SelfAssessmentForm(
        request.POST or None,
        application=application,
        criteria=application.criteria_set.criteria.all(),
        self_assessments=application.self_assessments.all(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(
                application=application,
                by=request.user,
                summary=form.cleaned_data["summary"],
                contact=form.cleaned_data["contact"],
                assessments=form.assessments(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "自评已保存。")
            return redirect("demo_sites:application_detail", pk=pk)
    acceptances = list(application.acceptances.all())
    return render(
        request,
        "demo_sites/application_edit.html",
        {
            "application": application,
            "form": form,
            "criteria_set": application.criteria_set,
            "latest": acceptances[-1] if acceptances else None,
            "max_total": sum(c.max_score for c in form.criteria),
        },
    )


@login_required
@require_POST
@_needs("submit_application")
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_detail(user=request.user, pk=pk)
    form = SubmitForm(request.POST)
    form.is_valid()
    try:
        services.application_submit(
            application=application, by=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, "申报已提交，等待县妇联验收。")
    return redirect("demo_sites:application_detail", pk=pk)


@login_required
@_needs("delete_application")
def application_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """删除草稿: a confirmation page, then the deletion (refused with a message for anything but a draft)."""
    application = selectors.application_detail(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            services.application_delete(application=application, by=request.user)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return redirect("demo_sites:application_detail", pk=pk)
        messages.success(request, f"申报草稿“{application}”已删除。")
        return redirect("demo_sites:application_list")
    if application.status != Application.Status.DRAFT:
        messages.error(request, f"该申报当前状态为“{application.get_status_display()}”，只能删除草稿。")
        return redirect("demo_sites:application_detail", pk=pk)
    return render(request, "demo_sites/application_confirm_delete.html", {"application": application})


@login_required
@require_POST
@_needs("add_attachment")
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_detail(user=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                application=application,
                by=request.user,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, "附件已上传。")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("demo_sites:application_detail", pk=pk)


@login_required
@_needs("view_attachment")
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.attachment_for_download(user=request.user, pk=pk)
    audit_log(
        request=request,
        kind=AuditEvent.Kind.DOWNLOAD,
        object_repr=f"{attachment.application}：{attachment.original_name}",
    )
    return attachment_response(attachment.file, attachment.original_name)


@login_required
@require_POST
@_needs("delete_attachment")
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.attachment_for_download(user=request.user, pk=pk)
    try:
        services.attachment_delete(attachment=attachment, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, "附件已删除。")
    return redirect("demo_sites:application_detail", pk=attachment.application_id)


@login_required
@_needs("decide_application")
def acceptance_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The scoring page: every criterion with the township's self-assessment and previous rounds."""
    application = selectors.application_detail(user=request.user, pk=pk)
    if application.status != Application.Status.SUBMITTED:
        messages.error(request, f"该申报当前状态为“{application.get_status_display()}”，不能验收。")
        return redirect("demo_sites:application_detail", pk=pk)
    criteria = application.criteria_set.criteria.all()
    form = AcceptanceForm(request.POST or None, application=application, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            acceptance = services.acceptance_decide(application=application, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"验收结论已记录：{acceptance.get_decision_display()}。")
            return redirect("demo_sites:application_detail", pk=pk)
    rows = selectors.criterion_rows(application)
    acceptances = list(application.acceptances.all())
    return render(
        request,
        "demo_sites/acceptance_form.html",
        {
            "application": application,
            "form": form,
            "criteria_set": application.criteria_set,
            "lines": [(row, form[f"comment_{row.criterion.pk}"], form[f"score_{row.criterion.pk}"]) for row in rows],
            "acceptances": acceptances,
            "colspan": 5 + len(acceptances),
            "max_total": sum(row.criterion.max_score for row in rows),
        },
    )


@login_required
@_needs("view_application")
def acceptance_print(request: HttpRequest, pk: int) -> HttpResponse:
    """验收表 for the inspection folder: a chosen round (the latest by default), or blank for paper."""
    application = selectors.application_detail(user=request.user, pk=pk)
    acceptances = list(application.acceptances.all())
    rows = selectors.criterion_rows(application)
    index = None
    if acceptances:
        wanted = request.GET.get("round")
        numbers = [a.round_number for a in acceptances]
        index = (
            numbers.index(int(wanted))
            if wanted and wanted.isdigit() and int(wanted) in numbers
            else len(acceptances) - 1
        )
    acceptance = acceptances[index] if index is not None else None
    previous = acceptances[index - 1] if index else None  # a later round shows the one before it
    lines = [
        (row, row.round_scores[index] if index is not None else None, row.round_scores[index - 1] if previous else None)
        for row in rows
    ]
    return render(
        request,
        "demo_sites/acceptance_print.html",
        {
            "application": application,
            "acceptance": acceptance,
            "previous": previous,
            "lines": lines,
            "rectification_report": selectors.rectification_report(application, acceptance) if acceptance else "",
            "max_total": sum(row.criterion.max_score for row in rows),
            "self_total": sum((r.self_assessment.score or 0) for r in rows if r.self_assessment),
        },
    )


@login_required
@_needs("view_designation")
def designation_list(request: HttpRequest) -> HttpResponse:
    form = DesignationFilterForm(request.GET or None, user=request.user)
    designations = selectors.designation_list(user=request.user, **form.filters())
    page = Paginator(designations, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.designation_counts(user=request.user)
    return render(
        request,
        "demo_sites/designation_list.html",
        {
            "form": form,
            "page": page,
            "today": timezone.localdate(),
            "query": _query_without_page(request),
            "count_rows": [
                (category.label, [counts[(category.value, level.value)] for level in Level]) for category in Category
            ],
            "levels": Level.labels,
        },
    )


@login_required
@_needs("view_designation")
def designation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    designation = selectors.designation_detail(user=request.user, pk=pk)
    return render(
        request,
        "demo_sites/designation_detail.html",
        {
            "designation": designation,
            "in_force": designation.is_in_force(),
            "can_recommend": services.may_recommend(designation=designation, user=request.user),
            "revoke_form": RevokeForm(),
            "subsidy_form": SubsidyForm(),
        },
    )


@login_required
@_needs("add_designation")
def designation_record(request: HttpRequest) -> HttpResponse:
    """登记 a 市级/省级 designation granted by the city or province."""
    township_id = _township_param(request)
    form = DesignationRecordForm(request.POST or None, user=request.user, township_id=township_id)
    if request.method == "POST" and form.is_valid():
        try:
            designation = services.designation_record(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "示范点已登记。")
            return redirect("demo_sites:designation_detail", pk=designation.pk)
    return render(
        request,
        "demo_sites/designation_record.html",
        {
            "form": form,
            "townships": _townships_for(request.user),
            "township_id": township_id,
        },
    )


def _township_param(request: HttpRequest) -> int | None:
    value = request.GET.get("township")
    return int(value) if value and value.isdigit() else None


def _townships_for(user):
    if not scoping.sees_whole_county(user):
        return None
    return scoping.visible_townships(user).values_list("pk", "name")


@login_required
@require_POST
@_needs("revoke_designation")
def designation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    designation = selectors.designation_detail(user=request.user, pk=pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.designation_revoke(
                designation=designation,
                by=request.user,
                revoked_on=form.cleaned_data["revoked_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, "已摘牌。")
    else:
        messages.error(request, "请填写摘牌日期和原因。")
    return redirect("demo_sites:designation_detail", pk=pk)


@login_required
@require_POST
@_needs("add_subsidy")
def subsidy_create(request: HttpRequest, pk: int) -> HttpResponse:
    designation = selectors.designation_detail(user=request.user, pk=pk)
    form = SubsidyForm(request.POST)
    if form.is_valid():
        try:
            services.subsidy_grant(designation=designation, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, "补助资金已登记。")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("demo_sites:designation_detail", pk=pk)


@login_required
@_needs("review_designation")
def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    designation = selectors.designation_detail(user=request.user, pk=pk)
    reviewed_on = timezone.localdate()
    try:
        criteria_set = services.criteria_set_for(category=designation.category, year=reviewed_on.year)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("demo_sites:designation_detail", pk=pk)
    criteria = list(criteria_set.criteria.all())
    form = ReviewForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_record(
                designation=designation,
                by=request.user,
                reviewed_on=data["reviewed_on"],
                inspectors=data["inspectors"],
                scores=form.criteria_data(),
                outcome=data["outcome"],
                comments=data["comments"],
                criteria_set=criteria_set,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "复核结果已记录。")
            return redirect("demo_sites:designation_detail", pk=pk)
    return render(
        request,
        "demo_sites/review_form.html",
        {
            "designation": designation,
            "form": form,
            "criteria_set": criteria_set,
            "rows": form.rows,
            "max_total": sum(c.max_score for c in criteria),
        },
    )


@login_required
@_needs("recommend_to_city")
def city_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    """推荐市级: the county recommends an in-force 县级 site to the city, with its 推荐意见."""
    designation = selectors.designation_detail(user=request.user, pk=pk)
    form = RecommendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.city_recommend(
                designation=designation, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"已推荐{designation.unit.name}为市级示范点，等待市妇联审核。")
            return redirect("demo_sites:application_detail", pk=application.pk)
    return render(request, "demo_sites/city_recommend.html", {"designation": designation, "form": form})


@login_required
@_needs("record_city_decision")
def city_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """市级审核结果: the city's 通过 (文号, date, scanned 命名文件) or 不通过 (reasons) on a recommendation."""
    application = selectors.application_detail(user=request.user, pk=pk)
    if application.status != Application.Status.RECOMMENDED:
        messages.error(request, f"该申报当前状态为“{application.get_status_display()}”，不是待市级审核的推荐。")
        return redirect("demo_sites:application_detail", pk=pk)
    form = CityDecisionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.city_decision_record(application=application, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            accepted = form.cleaned_data["decision"] == "accepted"
            messages.success(
                request, "已登记：市妇联审核通过，命名为市级示范点。" if accepted else "已登记：市妇联审核不通过。"
            )
            return redirect("demo_sites:application_detail", pk=pk)
    return render(request, "demo_sites/city_decision.html", {"application": application, "form": form})


@login_required
@_needs("view_subsidy")
def subsidy_summary(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category") or None
    if category not in Category.values:
        category = None
    rows = selectors.subsidy_totals(user=request.user, category=category)
    years = selectors.subsidy_year_totals(user=request.user, category=category)
    return render(
        request,
        "demo_sites/subsidy_summary.html",
        {
            "rows": rows,
            "year_totals": sorted(years.items(), reverse=True),
            "categories": Category.choices,
            "category": category,
            "back": reverse("demo_sites:designation_list"),
        },
    )

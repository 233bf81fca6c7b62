"""The 年报定稿 pages: the year's close (townships confirm, the county returns and seals) and the sealed
figures beside the live ones. Thin: the rules and reads are reports.sealing's; a step it refuses comes back
as a message on the page, a user without the step's permission gets 403, another township's row 404."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from orgs import scoping
from orgs.models import Unit
from reports import sealing
from reports.forms import ReportFilterForm
from reports.indicators.figures import live_table
from reports.sealing_forms import ReturnForm, SealForm, YearStepForm
from reports.selectors.scope import make_scope, reporting_unit, townships


def _needs(permission: str):
    return permission_required(permission, raise_exception=True)


def _page(year: int | None) -> HttpResponse:
    url = reverse("reports:year_close")
    return redirect(f"{url}?{urlencode({'year': year})}" if year else url)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _form_errors(form) -> str:
    return " ".join(error for errors in form.errors.values() for error in errors)


def _filter_form(request: HttpRequest) -> ReportFilterForm:
    if not scoping.sees_whole_county(request.user) and scoping.township_id_of(request.user) is None:
        raise Http404("没有可查看的报表")
    return ReportFilterForm(request.GET, user=request.user)


@login_required
def year_close(request: HttpRequest) -> HttpResponse:
    """年报定稿: each township's 填报完成, the seals of the year and the history of both."""
    form = _filter_form(request)
    if not form.is_valid():
        return render(request, "reports/year_close.html", {"form": form}, status=400)
    state = sealing.year_close_state(user=request.user, year=form.selected_year)
    return render(
        request,
        "reports/year_close.html",
        {
            "form": form,
            "state": state,
            "sees_whole_county": scoping.sees_whole_county(request.user),
            "may_act": state.may_seal or any(t.may_confirm or t.may_return for t in state.townships),
        },
    )


@login_required
@require_POST
@_needs(sealing.CONFIRM)
def year_confirm(request: HttpRequest) -> HttpResponse:
    form = YearStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _page(None)
    year = form.cleaned_data["year"]
    township_id = form.cleaned_data["township"] or scoping.township_id_of(request.user)
    if township_id is None:
        raise Http404("未找到该乡镇")
    township = scoping.get_scoped_or_404(Unit.objects.filter(kind=Unit.Kind.TOWNSHIP), request.user, pk=township_id)
    try:
        sealing.year_confirm(township=township, year=year, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"{township.name}{year}年度已确认填报完成。")
    return _page(year)


@login_required
@require_POST
@_needs(sealing.RETURN)
def year_return(request: HttpRequest) -> HttpResponse:
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _page(form.cleaned_data.get("year"))
    year = form.cleaned_data["year"]
    confirmation = sealing.confirmation_for(user=request.user, township_id=form.cleaned_data["township"], year=year)
    if confirmation is None:
        messages.error(request, "该乡镇尚未确认填报完成，无需退回。")
        return _page(year)
    try:
        sealing.year_return(confirmation=confirmation, reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"已退回{confirmation.township.name}{year}年度的填报确认。")
    return _page(year)


@login_required
@require_POST
@_needs(sealing.SEAL)
def year_seal(request: HttpRequest) -> HttpResponse:
    form = SealForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _page(form.cleaned_data.get("year"))
    year = form.cleaned_data["year"]
    try:
        seal = sealing.year_seal(
            year=year, by=request.user, reason=form.cleaned_data["reason"], acknowledged=form.acknowledged
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"{seal}已完成。")
    return _page(year)


@login_required
def sealed_vs_live(request: HttpRequest) -> HttpResponse:
    """定稿数与当前数对比: every indicator of the catalogue, sealed and live, for the county or a township."""
    form = _filter_form(request)
    if not form.is_valid():
        return render(request, "reports/sealed_vs_live.html", {"form": form}, status=400)
    scope = make_scope(user=request.user, year=form.selected_year, township_id=form.selected_township_id)
    _, area = reporting_unit(scope, townships(scope))
    sealed = sealing.sealed_table(scope)
    context = {"form": form, "year": scope.year, "area": area, "sealed": sealed}
    if sealed is not None:
        seal = sealing.latest_seal(scope.year, with_snapshot=False)
        lines = sealing.compare(sealed=sealed, live=live_table(scope), indicators=sealing.indicators_for(scope))
        context.update(
            {
                "seal": seal,
                "lines": lines,
                "differences": len({line.indicator.code for line in lines if line.differs}),
                "reference_date": scope.reference_date,
            }
        )
    return render(request, "reports/sealed_vs_live.html", context)

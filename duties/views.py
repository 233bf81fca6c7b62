"""Portal pages of 执委履职: the year's 执委 with their records, one 执委's record and its form, and the
执委 without a record per township. Views parse input, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from duties import selectors, services
from duties.forms import DutyRecordForm, ExecutiveFilterForm, YearForm
from duties.models import ExecutiveDutyRecord, served_as_executive_in
from orgs.models import Cadre
from orgs.scoping import OutOfScope

PAGE_SIZE = 50
VIEW = "duties.view_executivedutyrecord"


def _year(value) -> int:
    this_year = timezone.localdate().year
    try:
        services.check_year(int(value))
    except (TypeError, ValueError, ValidationError):
        return this_year
    return int(value)


@login_required
@permission_required(VIEW, raise_exception=True)
def executive_list(request):
    """本乡镇执委履职: every 执委 in post this year, with her record or 未填报."""
    form = ExecutiveFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    year = _year(filters.get("year"))
    cadres = selectors.executive_list(
        user=request.user,
        year=year,
        township_id=filters.get("township"),
        status=filters.get("status", ""),
        search=filters.get("q", ""),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "duties/executive_list.html",
        {
            "form": form,
            "year": year,
            "page": Paginator(cadres, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "scheme": selectors.scheme_of(year),
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def missing(request):
    """未填报执委: per township, the 执委 in post without a record this year, linking to their names."""
    form = YearForm(request.GET or None)
    year = _year(form.cleaned_data.get("year") if form.is_valid() else None)
    rows = selectors.missing_by_township(user=request.user, year=year)
    totals = {key: sum(row[key] for row in rows) for key in ("executives", "reported", "missing")}
    return render(request, "duties/missing.html", {"form": form, "year": year, "rows": rows, "totals": totals})


def _cadre_and_record(request, pk: int, year: int) -> tuple[Cadre, ExecutiveDutyRecord | None]:
    if _year(year) != year:
        raise OutOfScope  # a year no record is kept for
    cadre, record = selectors.record_of(user=request.user, cadre_id=pk, year=year)
    if record is None and not Cadre.objects.filter(pk=cadre.pk).filter(served_as_executive_in(year)).exists():
        raise OutOfScope  # not a 执委 that year: there is no such record to show or fill in
    return cadre, record


@login_required
@permission_required(VIEW, raise_exception=True)
def record_detail(request, year: int, pk: int):
    cadre, record = _cadre_and_record(request, pk, year)
    return render(
        request,
        "duties/record_detail.html",
        {"cadre": cadre, "record": record, "year": year, "scheme": selectors.scheme_of(year)},
    )


@login_required
def record_edit(request, year: int, pk: int):
    cadre, record = _cadre_and_record(request, pk, year)
    needed = "duties.change_executivedutyrecord" if record else "duties.add_executivedutyrecord"
    if not request.user.has_perm(needed):
        raise PermissionDenied
    scheme = selectors.scheme_of(year)
    if scheme is None:
        messages.error(request, f"县妇联尚未设置{year}年度履职积分方案，暂不能填报，请联系县妇联。")
        return redirect("duties:record_detail", year=year, pk=cadre.pk)
    form = DutyRecordForm(
        request.POST or None,
        instance=record or ExecutiveDutyRecord(cadre=cadre, year=year),
        user=request.user,
        cadre=cadre,
        year=year,
        scheme=scheme,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_save(
                cadre=cadre,
                year=year,
                women_in_touch=data["women_in_touch"],
                activities=data["activities"],
                other_activities=data["other_activities"],
                notes=data["notes"],
                scores=form.scores(),
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已保存：{cadre.name}{year}年度履职记录")
            return redirect("duties:record_detail", year=year, pk=cadre.pk)
    return render(
        request,
        "duties/record_form.html",
        {"cadre": cadre, "record": record, "year": year, "scheme": scheme, "form": form},
    )


@login_required
@require_POST
@permission_required("duties.delete_executivedutyrecord", raise_exception=True)
def record_delete(request, year: int, pk: int):
    cadre, record = _cadre_and_record(request, pk, year)
    if record is not None:
        services.record_delete(record=record, by=request.user)
        messages.success(request, f"已删除：{cadre.name}{year}年度履职记录")
    return redirect("duties:record_detail", year=year, pk=cadre.pk)

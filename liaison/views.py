"""Portal pages of 联系点: 我的联系点, the contact points list (a township's page of her contacts), one contact
point with its visits, visit entry and detail with photos, the open follow-ups. Views parse input, call a
selector or a service, render. The county's coverage page is ``reports.liaison_coverage`` (it needs the
示范点, which this app cannot see)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.log import Kind as AuditKind
from audit.log import audit_log
from files.uploads import attachment_response
from liaison import selectors, services
from liaison.forms import ContactPointFilterForm, ContactPointForm, PhotoForm, VisitForm
from liaison.models import ContactPoint, Visit
from orgs import scoping
from orgs.models import Unit

PAGE_SIZE = 50


def _page(request, items, size: int = PAGE_SIZE):
    return Paginator(items, size).get_page(request.GET.get("page"))


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
@permission_required("liaison.view_contactpoint", raise_exception=True)
def mine(request):
    """我的联系点: the signed-in leader's or staff member's contact points of the year, with their visits.
    Township staff have none of their own: they land on their township's contact points."""
    if not scoping.sees_whole_county(request.user):
        return redirect("liaison:point_list")
    year = _year(request)
    points = list(selectors.contact_points(user=request.user, year=year, person_id=request.user.pk))
    return render(request, "liaison/mine.html", {"points": points, "year": year})


@login_required
@permission_required("liaison.view_contactpoint", raise_exception=True)
def point_list(request):
    """联系点一览: the county's every contact point, a township's own (who her contacts are, their visits)."""
    form = ContactPointFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("year") or timezone.localdate().year
    township = filters.get("township")
    rows = selectors.contact_points(
        user=request.user,
        year=year,
        township_id=township.pk if township else None,
        category=filters.get("category", ""),
        search=filters.get("q", ""),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "liaison/point_list.html",
        {
            "form": form,
            "year": year,
            "page": _page(request, rows),
            "query": query.urlencode(),
            "recent": selectors.visits(user=request.user, year=year, township_id=township.pk if township else None)[
                :10
            ],
        },
    )


@login_required
@permission_required("liaison.add_contactpoint", raise_exception=True)
def point_create(request):
    initial = {}
    unit_pk = request.GET.get("unit", "")
    if unit_pk.isdigit() and Unit.objects.for_user(request.user).filter(pk=int(unit_pk)).exists():
        initial["unit"] = int(unit_pk)
    if request.GET.get("year", "").isdigit():
        initial["year"] = _year(request)
    return _point_form(request, ContactPoint(), initial)


@login_required
@permission_required("liaison.change_contactpoint", raise_exception=True)
def point_edit(request, pk: int):
    return _point_form(request, selectors.contact_point_detail(user=request.user, pk=pk), {})


def _point_form(request, point: ContactPoint, initial: dict):
    form = ContactPointForm(request.POST or None, instance=point, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            point = services.contact_point_save(contact_point=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已保存联系点：{point.unit.name}")
            return redirect("liaison:contactpoint_detail", pk=point.pk)
    return render(request, "liaison/point_form.html", {"form": form, "point": point})


@login_required
@permission_required("liaison.view_contactpoint", raise_exception=True)
def point_detail(request, pk: int):
    point = selectors.contact_point_detail(user=request.user, pk=pk)
    return render(
        request,
        "liaison/point_detail.html",
        {"point": point, "visits": list(selectors.contact_point_visits(contact_point=point))},
    )


@login_required
@require_POST
@permission_required("liaison.delete_contactpoint", raise_exception=True)
def point_delete(request, pk: int):
    point = selectors.contact_point_detail(user=request.user, pk=pk)
    try:
        services.contact_point_delete(contact_point=point, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("liaison:contactpoint_detail", pk=point.pk)
    messages.success(request, f"已删除联系点：{point.unit.name}")
    return redirect("liaison:point_list")


@login_required
@permission_required("liaison.add_visit", raise_exception=True)
def visit_create(request, pk: int):
    point = selectors.contact_point_detail(user=request.user, pk=pk)
    today = timezone.localdate()
    visit = Visit(contact_point=point, visited_on=today if today.year == point.year else None)
    if not request.POST:
        visit.visitors = request.user.get_full_name() or ""
    return _visit_form(request, visit)


@login_required
@permission_required("liaison.change_visit", raise_exception=True)
def visit_edit(request, pk: int):
    return _visit_form(request, selectors.visit_detail(user=request.user, pk=pk))


def _visit_form(request, visit: Visit):
    form = VisitForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_save(visit=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "走访记录已保存，可在下方上传走访照片。")
            return redirect("liaison:visit_detail", pk=visit.pk)
    return render(request, "liaison/visit_form.html", {"form": form, "visit": visit, "point": visit.contact_point})


@login_required
@permission_required("liaison.view_visit", raise_exception=True)
def visit_detail(request, pk: int):
    visit = selectors.visit_detail(user=request.user, pk=pk)
    return render(request, "liaison/visit_detail.html", {"visit": visit, "photo_form": PhotoForm()})


@login_required
@permission_required("liaison.view_visit", raise_exception=True)
def visit_list(request):
    """走访记录: the year's visits the user may see; ``open=1`` only the open follow-ups."""
    year = _year(request)
    open_only = request.GET.get("open") == "1"
    quarter = request.GET.get("quarter", "")
    township = request.GET.get("township", "")
    rows = selectors.visits(
        user=request.user,
        year=year,
        open_only=open_only,
        quarter=int(quarter) if quarter in ("1", "2", "3", "4") else None,
        township_id=int(township) if township.isdigit() else None,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "liaison/visit_list.html",
        {"page": _page(request, rows), "year": year, "open_only": open_only, "query": query.urlencode()},
    )


@login_required
@require_POST
@permission_required("liaison.change_visit", raise_exception=True)
def visit_follow_up_done(request, pk: int):
    visit = selectors.visit_detail(user=request.user, pk=pk)
    try:
        services.follow_up_done(visit=visit, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, "后续事项已标记为办结。")
    return redirect("liaison:visit_detail", pk=visit.pk)


@login_required
@require_POST
@permission_required("liaison.delete_visit", raise_exception=True)
def visit_delete(request, pk: int):
    visit = selectors.visit_detail(user=request.user, pk=pk)
    point_pk = visit.contact_point_id
    services.visit_delete(visit=visit, by=request.user)
    messages.success(request, "走访记录已删除。")
    return redirect("liaison:contactpoint_detail", pk=point_pk)


@login_required
@require_POST
@permission_required("liaison.add_visitphoto", raise_exception=True)
def photo_upload(request, pk: int):
    visit = selectors.visit_detail(user=request.user, pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(
                visit=visit, file=form.cleaned_data["file"], caption=form.cleaned_data["caption"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, "照片未上传：" + _errors(exc))
        else:
            messages.success(request, "照片已上传。")
    else:
        messages.error(request, "照片未上传：" + "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("liaison:visit_detail", pk=visit.pk)


@login_required
@permission_required("liaison.view_visitphoto", raise_exception=True)
def photo_download(request, pk: int):
    photo = selectors.photo_detail(user=request.user, pk=pk)
    audit_log(request=request, kind=AuditKind.DOWNLOAD, object_repr=f"{photo.visit.contact_point}：{photo}")
    return attachment_response(photo.file, photo.original_name or "照片")


@login_required
@require_POST
@permission_required("liaison.delete_visitphoto", raise_exception=True)
def photo_delete(request, pk: int):
    photo = selectors.photo_detail(user=request.user, pk=pk)
    services.photo_delete(photo=photo, by=request.user)
    messages.success(request, "照片已删除。")
    return redirect("liaison:visit_detail", pk=photo.visit_id)

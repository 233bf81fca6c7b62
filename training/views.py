"""Portal pages: events and activities, attendance entry, sign-in import, a cadre's training record and
the list of cadres not trained this year. Views parse input, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.log import Kind as AuditKind
from audit.log import audit_log
from files.spreadsheets import SpreadsheetError
from files.uploads import attachment_response
from orgs import scoping
from training import selectors, services, signin
from training.forms import (
    AttachmentForm,
    AttendanceForm,
    EventFilterForm,
    EventForm,
    SignInUploadForm,
    UntrainedFilterForm,
)
from training.models import Attendance, Event, EventAttachment

PAGE_SIZE = 50


def _page(request, items, size: int = PAGE_SIZE):
    return Paginator(items, size).get_page(request.GET.get("page"))


def _errors_of(exc: ValidationError) -> list[str]:
    return exc.messages


@login_required
@permission_required("training.view_event", raise_exception=True)
def event_list(request):
    form = EventFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.event_list(
        user=request.user,
        year=filters.get("year"),
        category=filters.get("category", ""),
        kind=filters.get("kind", ""),
        activity_kind=filters.get("activity_kind", ""),
        organiser=filters.get("organiser", ""),
        audience_id=filters.get("audience"),
        search=filters.get("q", ""),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "training/event_list.html",
        {"form": form, "page": _page(request, events), "query": query.urlencode()},
    )


@login_required
@permission_required("training.add_event", raise_exception=True)
def event_create(request):
    return _event_form(request, Event(starts_on=timezone.localdate(), ends_on=timezone.localdate()))


@login_required
@permission_required("training.change_event", raise_exception=True)
def event_edit(request, pk: int):
    return _event_form(request, selectors.event_detail(user=request.user, pk=pk))


def _event_form(request, event: Event):
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_save(
                event=form.save(commit=False), audiences=form.cleaned_data["audiences"], by=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已保存：{event.title}")
            return redirect("training:event_detail", pk=event.pk)
    return render(request, "training/event_form.html", {"form": form, "event": event})


@login_required
@permission_required("training.view_event", raise_exception=True)
def event_detail(request, pk: int):
    event = selectors.event_detail(user=request.user, pk=pk)
    return render(
        request,
        "training/event_detail.html",
        {
            "event": event,
            "page": _page(request, selectors.event_attendance(event=event, user=request.user), 100),
            "totals": selectors.event_attendance_totals(event=event),
            "attachment_form": AttachmentForm(),
            "statuses": Attendance.Status,
        },
    )


@login_required
@require_POST
@permission_required("training.delete_event", raise_exception=True)
def event_delete(request, pk: int):
    event = selectors.event_detail(user=request.user, pk=pk)
    title = event.title
    try:
        services.event_delete(event=event, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(_errors_of(exc)))
        return redirect("training:event_detail", pk=event.pk)
    messages.success(request, f"已删除：{title}")
    return redirect("training:event_list")


@login_required
@permission_required("training.add_attendance", raise_exception=True)
def attendance_add(request, pk: int):
    event = selectors.event_detail(user=request.user, pk=pk)
    term = request.GET.get("q", "").strip()[:30]
    matches = selectors.cadre_search(user=request.user, term=term) if term else []
    if request.method == "POST":
        form = AttendanceForm(request.POST, user=request.user, matches=matches)
        if form.is_valid():
            data = form.cleaned_data
            try:
                attendance = services.attendance_record(
                    event=event,
                    by=request.user,
                    cadre=data["cadre"],
                    name=data["name"],
                    organisation_name=data["organisation_name"],
                    status=data["status"],
                    hours_individual=data["hours_individual"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"已登记：{attendance.participant_name}")
                return redirect("training:attendance_add", pk=event.pk)
    else:
        form = AttendanceForm(user=request.user, matches=matches)
    return render(
        request, "training/attendance_form.html", {"event": event, "form": form, "term": term, "matches": matches}
    )


@login_required
@require_POST
@permission_required("training.change_attendance", raise_exception=True)
def attendance_status(request, pk: int):
    attendance = scoping.get_scoped_or_404(Attendance.objects.all(), request.user, pk=pk)
    try:
        services.attendance_set_status(attendance=attendance, status=request.POST.get("status", ""), by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(_errors_of(exc)))
    return redirect("training:event_detail", pk=attendance.event_id)


@login_required
@permission_required("training.delete_attendance", raise_exception=True)
def attendance_delete(request, pk: int):
    """删除参训记录: a page that says whose record goes first, then the deletion."""
    attendance = scoping.get_scoped_or_404(
        Attendance.objects.select_related("event", "cadre__unit"), request.user, pk=pk
    )
    if request.method == "POST":
        services.attendance_delete(attendance=attendance, by=request.user)
        messages.success(request, f"已删除 {attendance.participant_name} 的参训记录。")
        return redirect("training:event_detail", pk=attendance.event_id)
    return render(request, "training/attendance_confirm_delete.html", {"attendance": attendance})


@login_required
@require_POST
@permission_required("training.add_eventattachment", raise_exception=True)
def attachment_upload(request, pk: int):
    event = selectors.event_detail(user=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                event=event, file=form.cleaned_data["file"], kind=form.cleaned_data["kind"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, "；".join(_errors_of(exc)))
        else:
            messages.success(request, "附件已上传。")
    else:
        messages.error(request, "附件未上传：" + "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("training:event_detail", pk=event.pk)


@login_required
@permission_required("training.view_eventattachment", raise_exception=True)
def attachment_download(request, pk: int):
    attachment = scoping.get_scoped_or_404(EventAttachment.objects.select_related("event"), request.user, pk=pk)
    audit_log(request=request, kind=AuditKind.DOWNLOAD, object_repr=f"{attachment.event}：{attachment}")
    return attachment_response(attachment.file, attachment.original_name or "附件")


@login_required
@require_POST
@permission_required("training.delete_eventattachment", raise_exception=True)
def attachment_delete(request, pk: int):
    attachment = scoping.get_scoped_or_404(EventAttachment.objects.all(), request.user, pk=pk)
    services.attachment_delete(attachment=attachment, by=request.user)
    messages.success(request, "附件已删除。")
    return redirect("training:event_detail", pk=attachment.event_id)


@login_required
@permission_required("training.import_attendance", raise_exception=True)
def sign_in_upload(request, pk: int):
    event = selectors.event_detail(user=request.user, pk=pk)
    form = SignInUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            services.sign_in_preview(event=event, data=data, by=request.user)
        except SpreadsheetError as exc:
            form.add_error("file", str(exc))
        else:
            signin.stash_upload(request, event=event, data=data, filename=upload.name)
            return redirect("training:sign_in_preview", pk=event.pk)
    return render(request, "training/sign_in_upload.html", {"event": event, "form": form})


@login_required
@permission_required("training.import_attendance", raise_exception=True)
def sign_in_preview(request, pk: int):
    event = selectors.event_detail(user=request.user, pk=pk)
    stashed = signin.load_stash(request, event=event)
    if stashed is None:
        messages.error(request, "没有待导入的签到表，或上传已过期，请重新上传。")
        return redirect("training:sign_in_upload", pk=event.pk)
    data, filename = stashed
    if request.method == "POST":
        if "cancel" in request.POST:
            signin.drop_stash(request)
            messages.info(request, "已取消导入。")
            return redirect("training:event_detail", pk=event.pk)
        try:
            created = services.sign_in_import(event=event, data=data, by=request.user)
        except (ValidationError, SpreadsheetError) as exc:
            message = "；".join(_errors_of(exc)) if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, message)
        else:
            signin.drop_stash(request)
            audit_log(
                request=request,
                kind=AuditKind.IMPORT,
                object_repr=str(event),
                detail=f"签到表导入 {len(created)} 条参训记录",
            )
            messages.success(request, f"已导入 {len(created)} 条参训记录。")
            return redirect("training:event_detail", pk=event.pk)
    try:
        preview = services.sign_in_preview(event=event, data=data, by=request.user)
    except SpreadsheetError as exc:
        signin.drop_stash(request)
        messages.error(request, str(exc))
        return redirect("training:sign_in_upload", pk=event.pk)
    return render(request, "training/sign_in_preview.html", {"event": event, "preview": preview, "filename": filename})


@login_required
@permission_required("orgs.view_cadre", raise_exception=True)
def cadre_search(request):
    """JSON for the attendance page's search box: cadres in the user's scope only."""
    results = selectors.cadre_search(user=request.user, term=request.GET.get("q", "")[:30])
    return JsonResponse({"results": [{"id": c.pk, "text": f"{c.name}（{c.unit.name}）"} for c in results]})


@login_required
@permission_required("training.view_attendance", raise_exception=True)
def cadre_record(request, pk: int):
    cadre, rows, years = selectors.cadre_training_record(user=request.user, cadre_id=pk)
    return render(
        request,
        "training/cadre_record.html",
        {"cadre": cadre, "page": _page(request, rows), "years": years},
    )


@login_required
@permission_required("training.view_attendance", raise_exception=True)
def untrained(request):
    today = timezone.localdate()
    form = UntrainedFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("year") or today.year
    cadres = selectors.untrained_cadres(
        user=request.user,
        year=year,
        position=filters.get("position", ""),
        unit_kind=filters.get("unit_kind", ""),
        township_id=filters.get("township"),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "training/untrained.html",
        {"form": form, "page": _page(request, cadres), "year": year, "query": query.urlencode()},
    )

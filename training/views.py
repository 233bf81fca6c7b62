"""Portal pages: events and activities, attendance entry, sign-in import, 扫码签到 (the organiser's QR code
and poster, the participants' public page, the confirmation), a cadre's training record and the list of
cadres not trained this year. Views parse input, call a selector or a service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit.log import Kind as AuditKind
from audit.log import Result as AuditResult
from audit.log import audit_log
from files.spreadsheets import SpreadsheetError
from files.uploads import attachment_response
from orgs import scoping
from training import scan_signin, selectors, services, signin
from training.forms import (
    AttachmentForm,
    AttendanceForm,
    EventFilterForm,
    EventForm,
    ScanSignInForm,
    ScanWindowForm,
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
            "scan_pending": selectors.scan_sign_ins_pending(event=event).count(),
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


# --- 扫码签到 ---------------------------------------------------------------------------------------------


def _sign_in_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("training:scan_sign_in", args=[token]))


@login_required
@permission_required("training.change_event", raise_exception=True)
def scan_sign_in_qr(request, pk: int):
    """The organiser's QR code for an event, valid in the window she chooses (nothing is stored)."""
    event = selectors.event_detail(user=request.user, pk=pk)
    initial = ScanWindowForm.initial_for(event)
    form = ScanWindowForm(request.GET if "closes" in request.GET else None, initial=initial)
    window = form.cleaned_data if form.is_bound and form.is_valid() else None if form.is_bound else initial
    context = {"event": event, "form": form, "counts": selectors.scan_sign_in_counts(event=event)}
    if window:
        token = scan_signin.make_token(event_id=event.pk, opens=window["opens"], closes=window["closes"])
        url = _sign_in_url(request, token)
        path = reverse("training:scan_sign_in", args=[token])  # 预览: the page participants see
        context.update(token=token, url=url, path=path, qr=scan_signin.qr_svg(url, scale=6), window=window)
    return render(request, "training/scan_sign_in_qr.html", context)


@login_required
@permission_required("training.change_event", raise_exception=True)
def scan_sign_in_poster(request, pk: int):
    """签到海报: the QR code with the event's title, date and place, on an A4 page (print CSS) or full-screen on
    a phone. A page of its own, without the portal's menus."""
    event = selectors.event_detail(user=request.user, pk=pk)
    token = request.GET.get("t", "")
    link = scan_signin.read_token(token)
    if link.state is scan_signin.LinkState.INVALID or link.event_id != event.pk:
        raise Http404("二维码无效。")
    url = _sign_in_url(request, token)
    return render(
        request,
        "training/scan_sign_in_poster.html",
        {"event": event, "link": link, "url": url, "qr": scan_signin.qr_svg(url, scale=10)},
    )


def _audit_sign_in(request, event: Event | None, detail: str, *, ok: bool = False, denied: bool = False) -> None:
    audit_log(
        request=request,
        kind=AuditKind.PERMISSION_DENIED if denied else AuditKind.IMPORT,
        object_repr=f"{event} 扫码签到" if event else "扫码签到",
        result=AuditResult.SUCCESS if ok else AuditResult.FAILURE,
        detail=detail,
    )


# Not 403: the denied-request middleware would record the refusal a second time, with the token in the path.
_REFUSAL_STATUS = {
    scan_signin.LinkState.INVALID: 404,
    scan_signin.LinkState.CLOSED: 410,
    scan_signin.LinkState.NOT_YET: 409,
}


def _public(request, context: dict, status: int = 200):
    response = render(request, "training/scan_sign_in_public.html", context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def scan_sign_in(request, token: str):
    """The participant's page behind the QR code: no login, no script, no portal menus. It shows the
    event's title and date only, and never anything that was posted (``ScanSignInForm``)."""
    link = scan_signin.read_token(token)
    event = None
    if link.event_id is not None:
        event = Event.objects.filter(pk=link.event_id).only("title", "starts_on", "ends_on", "township_id").first()
    if event is None:
        link = scan_signin.SignInLink(None, None, None, scan_signin.LinkState.INVALID)
    if request.method == "POST":
        refused, count = scan_signin.over_limit(request)
        if refused:
            if count == int(getattr(settings, "SCAN_SIGN_IN_LIMIT", 300)) + 1:  # once per address and window
                _audit_sign_in(request, event, "扫码签到：同一地址提交过于频繁，已暂停受理", denied=True)
            return _public(request, {"event": None, "refusal": "提交过于频繁，请稍后再试。"}, status=429)
        if link.state is not scan_signin.LinkState.OPEN:
            _audit_sign_in(request, event, f"扫码签到被拒绝：{link.refusal}", denied=True)
            return _public(request, {"event": event, "refusal": link.refusal}, status=_REFUSAL_STATUS[link.state])
        form = ScanSignInForm(request.POST)
        if not form.is_valid():
            _audit_sign_in(request, event, "扫码签到：填写有误，未记录")
            return _public(request, {"event": event, "form": form}, status=400)
        recorded = services.scan_sign_in_record(event=event, **form.cleaned_data)
        _audit_sign_in(
            request, event, "扫码签到：已记录，待确认" if recorded else "扫码签到：该手机号已签到", ok=recorded
        )
        return _public(request, {"event": event, "done": True, "repeat": not recorded})
    if link.state is not scan_signin.LinkState.OPEN:
        shown = None if link.state is scan_signin.LinkState.INVALID else event
        return _public(request, {"event": shown, "refusal": link.refusal}, status=_REFUSAL_STATUS[link.state])
    return _public(request, {"event": event, "form": ScanSignInForm()})


@login_required
@permission_required("training.add_attendance", raise_exception=True)
def scan_sign_in_confirm(request, pk: int):
    """确认扫码签到: the pending sign-ins beside their match in the roster; the chosen ones become attendance."""
    event = selectors.event_detail(user=request.user, pk=pk)
    if request.method == "POST":
        ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()]
        try:
            if "dismiss" in request.POST:
                dismissed = services.scan_sign_ins_dismiss(event=event, ids=ids, by=request.user)
            else:
                created, skipped = services.scan_sign_ins_confirm(event=event, ids=ids, by=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(_errors_of(exc)))
            return redirect("training:scan_sign_in_confirm", pk=event.pk)
        if "dismiss" in request.POST:
            messages.success(request, f"已将 {dismissed} 条签到设为未采纳。")
        else:
            audit_log(
                request=request,
                kind=AuditKind.IMPORT,
                object_repr=str(event),
                detail=f"扫码签到确认 {len(created)} 条参训记录",
            )
            note = f"；{skipped} 条为已登记或重复签到，未再登记" if skipped else ""
            messages.success(request, f"已确认 {len(created)} 人参训{note}。")
        return redirect("training:scan_sign_in_confirm", pk=event.pk)
    pairs = services.scan_sign_in_preview(event=event, rows=selectors.scan_sign_ins_pending(event=event))
    return render(request, "training/scan_sign_in_confirm.html", {"event": event, "pairs": pairs})

"""Writes of the training app: events, attachments, attendance, sign-in imports and QR sign-ins (扫码签到).

Every service takes the acting user and checks scope itself, so a forged form (another township's
event, cadre or organiser) changes nothing, whichever page or script calls it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from files.storage import save_with_file
from orgs import ownership, scoping
from orgs.models import Cadre, Unit
from training import selectors
from training.models import Attendance, Event, EventAttachment, ScanSignIn
from training.signin import SignInPreview, SignInRow, event_cadres, match_people, match_sign_in, parse_sign_in

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from orgs.scoping import AnyUser


def allowed_organisers(user: AnyUser):
    """The units a user may name as organiser: the county and every township for county roles,
    her own township for township staff."""
    if scoping.sees_whole_county(user):
        return Unit.objects.filter(kind__in=(Unit.Kind.COUNTY, Unit.Kind.TOWNSHIP))
    return scoping.visible_townships(user)


def _require(user: AnyUser, codename: str) -> None:
    if not user.has_perm(f"training.{codename}"):
        raise PermissionDenied("您没有此项操作的权限。")


def _scoped_event_for_update(event: Event, user: AnyUser) -> Event:
    """Lock the event row, and refuse an event outside the user's scope as if it did not exist."""
    locked = scoping.scope(Event.objects.select_for_update(), user).filter(pk=event.pk).first()
    if locked is None:
        raise PermissionDenied("未找到该培训/活动。")
    return locked


@transaction.atomic
def event_save(*, event: Event, audiences, by: User) -> Event:
    """Create or update an event; the organiser must be one the user may name."""
    _require(by, "change_event" if event.pk else "add_event")
    if event.pk and not scoping.scope(Event.objects.all(), by).filter(pk=event.pk).exists():
        raise PermissionDenied("未找到该培训/活动。")
    if not event.organiser_id or not allowed_organisers(by).filter(pk=event.organiser_id).exists():
        raise ValidationError({"organiser": "只能登记本级妇联主办的培训/活动。"})
    if event.pk is None:
        event.created_by = by
    event.full_clean()
    event.save()
    event.audiences.set(list(audiences) if audiences is not None else [])
    return event


def event_deletion_refusals(*, events, by: User) -> dict[int, str]:
    """Why each of ``events`` may not be deleted by ``by``, keyed by event id (absent when it may).

    Deleting an event deletes its attendance; a row the user may not see (a cadre of another township,
    recorded at her event by the county) would go with it, unseen. Such an event is refused whole
    rather than kept without those rows: the county, which sees them all, can delete it. One query."""
    counts = selectors.unseen_attendance_counts(events=events, user=by)
    return {
        event.pk: (
            f"“{event.title}”有 {counts[event.pk]} 条参训记录属于其他乡镇或县级单位的干部，不在您的管辖范围内，"
            "删除本次培训/活动会一并删除这些记录，因此不能删除。如确需删除，请联系县妇联。"
        )
        for event in events
        if counts.get(event.pk)
    }


@transaction.atomic
def events_delete(*, events, by: User) -> int:
    """Delete events with their attachments and attendance, all or none: refused when any of them is
    outside the user's scope or has attendance she may not see (``event_deletion_refusals``)."""
    _require(by, "delete_event")
    pks = {event.pk for event in events}
    locked = list(scoping.scope(Event.objects.select_for_update(), by).filter(pk__in=pks).order_by("pk"))
    if len(locked) != len(pks):
        raise PermissionDenied("未找到该培训/活动。")
    refusals = event_deletion_refusals(events=locked, by=by)
    if refusals:
        raise ValidationError(list(refusals.values()))
    for event in locked:
        event.delete()
    return len(locked)


def event_delete(*, event: Event, by: User) -> None:
    events_delete(events=[event], by=by)


@transaction.atomic
def attachment_add(*, event: Event, file, kind: str, by: User) -> EventAttachment:
    _require(by, "add_eventattachment")
    event = _scoped_event_for_update(event, by)
    attachment = EventAttachment(
        event=event, file=file, kind=kind, uploaded_by=by, original_name=(getattr(file, "name", "") or "")[:200]
    )
    attachment.full_clean()
    save_with_file(attachment)  # the file, then the row: a crash leaves at worst a file no row names
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: EventAttachment, by: User) -> None:
    _require(by, "delete_eventattachment")
    if not scoping.scope(EventAttachment.objects.all(), by).filter(pk=attachment.pk).exists():
        raise PermissionDenied("未找到该附件。")
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    # The row first, the file once that is committed: a crash in between leaves an orphan file, not a row
    # whose file is gone (files.storage).
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def attendance_record(
    *,
    event: Event,
    by: User,
    cadre: Cadre | None = None,
    name: str = "",
    organisation_name: str = "",
    status: str = Attendance.Status.ATTENDED,
    hours_individual: Decimal | None = None,
) -> Attendance:
    """Record one participant: a cadre the user may see, or an external participant by name. Without
    ``hours_individual`` she is credited the event's hours, now and after any change of them."""
    _require(by, "add_attendance")
    event = _scoped_event_for_update(event, by)
    if cadre is not None and not Cadre.objects.for_user(by).filter(pk=cadre.pk).exists():
        raise ValidationError({"cadre": "只能登记本乡镇名册中的干部。"})
    if cadre is None and not name.strip():
        raise ValidationError({"name": "请选择干部，或填写名册外参训人员的姓名。"})
    if cadre is not None and Attendance.objects.filter(event=event, cadre=cadre).exists():
        raise ValidationError({"cadre": f"{cadre.name}已登记参加此次培训/活动。"})
    attendance = Attendance(
        event=event,
        cadre=cadre,
        name="" if cadre else name.strip(),
        organisation_name="" if cadre else organisation_name.strip(),
        status=status,
        hours_individual=hours_individual,
    )
    attendance.full_clean()
    attendance.save()
    return attendance


@transaction.atomic
def attendance_set_status(*, attendance: Attendance, status: str, by: User) -> Attendance:
    """Mark a participant attended or absent; an absent participant is credited no hours (hours set for
    her alone come back if she is marked attended again)."""
    _require(by, "change_attendance")
    attendance = scoping.get_scoped_or_404(
        Attendance.objects.select_for_update().select_related("event"), by, pk=attendance.pk
    )
    if status not in Attendance.Status.values:
        raise ValidationError({"status": "出勤状态无效。"})
    attendance.status = status
    attendance.full_clean()
    attendance.save(update_fields=["status"])
    return attendance


@transaction.atomic
def attendance_delete(*, attendance: Attendance, by: User) -> None:
    _require(by, "delete_attendance")
    attendance = scoping.get_scoped_or_404(Attendance.objects.select_for_update(), by, pk=attendance.pk)
    attendance.delete()


def sign_in_preview(*, event: Event, data: bytes, by: User) -> SignInPreview:
    """Read and match a sign-in sheet without saving anything (SpreadsheetError for a bad file)."""
    if not scoping.scope(Event.objects.all(), by).filter(pk=event.pk).exists():
        raise PermissionDenied("未找到该培训/活动。")
    return match_sign_in(parse_sign_in(data), event=event, user=by)


@transaction.atomic
def sign_in_import(*, event: Event, data: bytes, by: User) -> list[Attendance]:
    """Import a sign-in sheet all or nothing: any row in error refuses the whole file. The event row is
    locked so two people importing at once cannot record the same cadre twice."""
    _require(by, "import_attendance")
    _require(by, "add_attendance")
    event = _scoped_event_for_update(event, by)
    preview = match_sign_in(parse_sign_in(data), event=event, user=by)
    if preview.errors:
        lines = "；".join(f"第{r.line}行：{r.error}" for r in preview.errors[:10])
        raise ValidationError(f"签到表有错误，未导入任何记录。{lines}")
    if not preview.importable:
        raise ValidationError("签到表中没有需要导入的新记录。")
    return _attendance_from_sign_ins(event=event, rows=preview.importable, by=by)


def _attendance_from_sign_ins(*, event: Event, rows: list[SignInRow], by: User) -> list[Attendance]:
    """One attendance row per matched sign-in (a sheet's or the QR code's), credited the event's hours;
    a fixed number of queries. The caller holds the event's lock and has matched the rows."""
    records = [
        Attendance(
            event=event,
            cadre=row.cadre,
            name="" if row.cadre else row.name,
            organisation_name="" if row.cadre else row.unit,
            status=Attendance.Status.ATTENDED,
        )
        for row in rows
    ]
    ownership.assign_townships(records)
    for attendance in records:
        attendance.derive_hours()
        # The keys were set from rows just read (township by ownership.assign_townships): checking each one
        # again would cost a query per row.
        attendance.full_clean(exclude=["event", "cadre", "township"], validate_unique=False, validate_constraints=False)
    return bulk_create_with_history(records, Attendance, batch_size=500, default_user=by)


# --- 扫码签到 ---------------------------------------------------------------------------------------------


def scan_sign_in_record(*, event: Event, name: str, phone: str, id_last4: str = "") -> bool:
    """Keep one participant's sign-in (already checked by the public form) as a pending row; False when
    this mobile number has already signed in at the event (the row stays as it was). No user: the
    participant is anonymous, and the organiser's confirmation is what makes it attendance."""
    if ScanSignIn.objects.filter(event=event, phone=phone).exists():
        return False
    row = ScanSignIn(event=event, name=name, phone=phone, id_last4=id_last4)
    row.full_clean(exclude=["event", "township"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # the same number posted twice at once: the unique constraint kept one
        return False
    return True


def scan_sign_in_preview(*, event: Event, rows) -> list[tuple[ScanSignIn, SignInRow]]:
    """Each pending sign-in beside its match in the roster of the event's township (``signin.match_people``,
    the sheet's matcher). Four queries at most, whatever the number of rows."""
    rows = list(rows)
    people = [
        SignInRow(line=index, name=row.name, id_number="", phone=row.phone, unit="", id_last4=row.id_last4)
        for index, row in enumerate(rows, start=1)
    ]
    match_people(people, cadres=event_cadres(event), event=event)
    return list(zip(rows, people, strict=True))


@transaction.atomic
def scan_sign_ins_confirm(*, event: Event, ids, by: User) -> tuple[list[Attendance], int]:
    """Confirm the chosen pending sign-ins of an event: each one becomes attendance (a cadre of the roster
    or an external participant) credited the event's hours. A sign-in of somebody already recorded, or a
    second sign-in of the same person, is skipped and stays pending. Returns the attendance created and the
    number skipped; a fixed number of queries, whatever the number chosen."""
    _require(by, "add_attendance")
    event = _scoped_event_for_update(event, by)
    chosen = ScanSignIn.objects.select_for_update().filter(event=event, status=ScanSignIn.Status.PENDING, pk__in=ids)
    pairs = scan_sign_in_preview(event=event, rows=chosen.order_by("signed_in_at", "pk"))
    if not pairs:
        raise ValidationError("请勾选需要确认的签到记录。")
    importable = [(row, person) for row, person in pairs if person.will_import]
    created = _attendance_from_sign_ins(event=event, rows=[person for _, person in importable], by=by)
    now = timezone.now()
    for (row, _), attendance in zip(importable, created, strict=True):
        row.status, row.attendance, row.decided_by, row.decided_at = ScanSignIn.Status.CONFIRMED, attendance, by, now
    if importable:
        bulk_update_with_history(
            [row for row, _ in importable],
            ScanSignIn,
            ["status", "attendance", "decided_by", "decided_at"],
            batch_size=500,
            default_user=by,
            default_change_reason="确认签到",
        )
    return created, len(pairs) - len(importable)


@transaction.atomic
def scan_sign_ins_dismiss(*, event: Event, ids, by: User) -> int:
    """Set the chosen pending sign-ins aside (a stranger, a test, a mistyped repeat): they credit nothing."""
    _require(by, "add_attendance")
    event = _scoped_event_for_update(event, by)
    rows = list(
        ScanSignIn.objects.select_for_update().filter(event=event, status=ScanSignIn.Status.PENDING, pk__in=ids)
    )
    if not rows:
        raise ValidationError("请勾选需要处理的签到记录。")
    now = timezone.now()
    for row in rows:
        row.status, row.decided_by, row.decided_at = ScanSignIn.Status.DISMISSED, by, now
    bulk_update_with_history(
        rows,
        ScanSignIn,
        ["status", "decided_by", "decided_at"],
        batch_size=500,
        default_user=by,
        default_change_reason="未采纳签到",
    )
    return len(rows)


__all__ = [
    "allowed_organisers",
    "attachment_add",
    "attachment_delete",
    "attendance_delete",
    "attendance_record",
    "attendance_set_status",
    "event_delete",
    "event_deletion_refusals",
    "event_save",
    "events_delete",
    "scan_sign_in_preview",
    "scan_sign_in_record",
    "scan_sign_ins_confirm",
    "scan_sign_ins_dismiss",
    "sign_in_import",
    "sign_in_preview",
]

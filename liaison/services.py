"""Writes of 联系点: assigning contact points, recording visits and their follow-ups, photos.

Every service takes the acting user, checks her permission and scope itself (a forged form naming another
township's row changes nothing), validates (``full_clean``: the "123" quota, dates, the follow-up rule) and
runs in one transaction. Refusals are Chinese ``ValidationError`` / ``PermissionDenied`` messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from files.storage import save_with_file
from liaison.models import ContactPoint, Visit, VisitPhoto
from orgs import scoping
from orgs.models import Unit

if TYPE_CHECKING:
    import datetime

    from django.contrib.auth.models import User

NO_PERMISSION = "您没有此项操作的权限。"


def _require(user: User, codename: str) -> None:
    if not user.has_perm(f"liaison.{codename}"):
        raise PermissionDenied(NO_PERMISSION)


def _locked(queryset, user: User, pk: int, missing: str):
    row = scoping.scope(queryset.select_for_update(), user).filter(pk=pk).first()
    if row is None:
        raise PermissionDenied(missing)
    return row


@transaction.atomic
def contact_point_save(*, contact_point: ContactPoint, by: User) -> ContactPoint:
    """Assign (or change) a contact point: a county leader or staff member, a unit the user may see, a
    category the unit may be counted under, within the person's yearly quota."""
    _require(by, "change_contactpoint" if contact_point.pk else "add_contactpoint")
    if contact_point.pk:
        _locked(ContactPoint.objects.all(), by, contact_point.pk, "未找到该联系点。")
    if not contact_point.unit_id or not Unit.objects.for_user(by).filter(pk=contact_point.unit_id).exists():
        raise ValidationError({"unit": "请选择您管辖范围内的联系单位。"})
    if contact_point.pk is None:
        contact_point.created_by = by
    contact_point.full_clean()
    contact_point.save()
    return contact_point


@transaction.atomic
def contact_point_delete(*, contact_point: ContactPoint, by: User) -> None:
    """Remove a contact point that has no visits yet (a visited one keeps its record)."""
    _require(by, "delete_contactpoint")
    locked = _locked(ContactPoint.objects.all(), by, contact_point.pk, "未找到该联系点。")
    if locked.visits.exists():
        raise ValidationError("该联系点已有走访记录，不能删除。")
    locked.delete()


@transaction.atomic
def visit_save(*, visit: Visit, by: User) -> Visit:
    """Record (or correct) a visit to a contact point the user may see."""
    _require(by, "change_visit" if visit.pk else "add_visit")
    if visit.pk:
        _locked(Visit.objects.all(), by, visit.pk, "未找到该走访记录。")
    visit.contact_point = _locked(ContactPoint.objects.all(), by, visit.contact_point_id, "未找到该联系点。")
    if visit.pk is None:
        visit.recorded_by = by
    if visit.follow_up_done and not visit.follow_up_done_on:
        visit.follow_up_done_on = timezone.localdate()
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def follow_up_done(*, visit: Visit, by: User, done_on: datetime.date | None = None) -> Visit:
    """Mark a visit's follow-up as done (today unless ``done_on``)."""
    _require(by, "change_visit")
    locked = _locked(Visit.objects.select_related("contact_point"), by, visit.pk, "未找到该走访记录。")
    if locked.follow_up_done:
        raise ValidationError("该后续事项已办结。")
    locked.follow_up_done = True
    locked.follow_up_done_on = done_on or timezone.localdate()
    locked.full_clean()
    locked.save(update_fields=["follow_up_done", "follow_up_done_on"])
    return locked


@transaction.atomic
def visit_delete(*, visit: Visit, by: User) -> None:
    _require(by, "delete_visit")
    locked = _locked(Visit.objects.all(), by, visit.pk, "未找到该走访记录。")
    files = [(photo.file.storage, photo.file.name) for photo in locked.photos.all()]
    locked.delete()
    # The rows first, the files once that is committed (files.storage).
    for storage, name in files:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


@transaction.atomic
def photo_add(*, visit: Visit, file, caption: str = "", by: User) -> VisitPhoto:
    """Keep a photo of a visit: JPG or PNG, checked by content (``files.uploads.validate_photo``)."""
    _require(by, "add_visitphoto")
    locked = _locked(Visit.objects.all(), by, visit.pk, "未找到该走访记录。")
    photo = VisitPhoto(
        visit=locked, file=file, caption=caption, uploaded_by=by, original_name=(getattr(file, "name", "") or "")[:200]
    )
    photo.full_clean()
    save_with_file(photo)  # the file, then the row: a crash leaves at worst a file no row names
    return photo


@transaction.atomic
def photo_delete(*, photo: VisitPhoto, by: User) -> None:
    _require(by, "delete_visitphoto")
    locked = _locked(VisitPhoto.objects.all(), by, photo.pk, "未找到该照片。")
    storage, name = locked.file.storage, locked.file.name
    locked.delete()
    transaction.on_commit(lambda: storage.delete(name))

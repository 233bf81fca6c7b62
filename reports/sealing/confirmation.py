"""填报完成 and 退回: a township confirms its figures of a year, county staff may return the confirmation
with a reason, and the township confirms again. Keyword-only atomic services that lock the township's row,
check the step with ``reports.sealing.rules`` and record it in the audit log."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from orgs.models import Unit
from reports.models import YearConfirmation
from reports.sealing.locking import audit_step, is_sealed, lock_townships, write_db
from reports.sealing.rules import SealingError, Status, confirm_problem, return_problem


@transaction.atomic
def year_confirm(*, township: Unit, year: int, by) -> YearConfirmation:
    """填报完成: ``by`` confirms the township's figures of ``year`` (first time, or again after a return)."""
    locked = lock_townships([township.pk])
    if not locked:
        raise SealingError("该乡镇不存在。")
    township = locked[0]
    existing = (
        YearConfirmation.objects.using(write_db(YearConfirmation))
        .select_for_update()
        .filter(township=township, year=year)
        .first()
    )
    problem = confirm_problem(
        user=by,
        township_id=township.pk,
        year=year,
        status=existing.status if existing else None,
        sealed=is_sealed(year),
    )
    if problem:
        raise SealingError(problem)
    confirmation = existing or YearConfirmation(township=township, year=year)
    confirmation.status = Status.CONFIRMED
    confirmation.confirmed_by = by
    confirmation.confirmed_at = timezone.now()
    confirmation._history_user = by
    confirmation.full_clean()
    if existing is None:
        confirmation.save()
    else:
        confirmation.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit_step(by=by, object_repr=str(confirmation), detail="确认填报完成")
    return confirmation


@transaction.atomic
def year_return(*, confirmation: YearConfirmation, reason: str, by) -> YearConfirmation:
    """退回: county staff return a township's confirmation with a reason; the township may confirm again."""
    reason = (reason or "").strip()
    lock_townships([confirmation.township_id])
    try:
        locked = (
            YearConfirmation.objects.using(write_db(YearConfirmation))
            .select_for_update()
            .select_related("township")
            .get(pk=confirmation.pk)
        )
    except YearConfirmation.DoesNotExist as exc:
        raise SealingError("该填报确认记录不存在。") from exc
    problem = return_problem(
        user=by, township_id=locked.township_id, year=locked.year, status=locked.status, sealed=is_sealed(locked.year)
    )
    if problem:
        raise SealingError(problem)
    if not reason:
        raise SealingError("请填写退回原因。")
    locked.status = Status.RETURNED
    locked.returned_by = by
    locked.returned_at = timezone.now()
    locked.return_reason = reason
    locked._history_user = by
    locked.full_clean()
    locked.save(update_fields=["status", "returned_by", "returned_at", "return_reason"])
    audit_step(by=by, object_repr=str(locked), detail=f"退回填报确认：{reason}")
    return locked

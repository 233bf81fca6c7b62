"""Writes of 执委履职: a 执委's yearly record with its score entries, and its deletion.

Every service takes the acting user and checks her permission and scope itself, so a forged form (another
township's 执委 or event, an item of another year's scheme) changes nothing, whichever page calls it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from duties.models import DutyScheme, DutyScoreEntry, ExecutiveDutyRecord
from duties.selectors import offered_activities
from orgs import scoping
from orgs.models import Cadre
from training.models import Event

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MAX_TIMES = 99


def _require(user: User, codename: str) -> None:
    if not user.has_perm(f"duties.{codename}"):
        raise PermissionDenied("您没有此项操作的权限。")


def check_year(year: int) -> None:
    """A record is kept for this year or an earlier one, never for a year still to come."""
    this_year = timezone.localdate().year
    if year > this_year or year < this_year - 10:
        raise ValidationError({"year": f"年度应在{this_year - 10}年至{this_year}年之间。"})


@transaction.atomic
def record_save(
    *,
    cadre: Cadre,
    year: int,
    women_in_touch: int,
    activities: Iterable[Event] = (),
    other_activities: str = "",
    notes: str = "",
    scores: Mapping[int, int] | None = None,
    by: User,
) -> ExecutiveDutyRecord:
    """Create or update the 执委履职 record of ``cadre`` for ``year``.

    ``scores`` maps an item of the year's scheme (its pk) to how many times it applies (0 or absent:
    not at all). Refused with a Chinese message, changing nothing: a cadre outside the user's scope or
    who held no 执委 post that year, a year without the county's scheme, an activity the user may not
    link, an item of another scheme or a count out of range."""
    existing = scoping.scope(ExecutiveDutyRecord.objects.select_for_update(), by).filter(cadre=cadre, year=year).first()
    _require(by, "change_executivedutyrecord" if existing else "add_executivedutyrecord")
    if not scoping.scope(Cadre.objects.all(), by).filter(pk=cadre.pk).exists():
        raise PermissionDenied("未找到该干部。")
    check_year(year)
    record = existing or ExecutiveDutyRecord(cadre=cadre, year=year, created_by=by)
    record.clean()  # a 执委 that year, and the year's scheme set: checked before anything else is read
    scheme = DutyScheme.objects.prefetch_related("items").get(year=year)

    activities = list(activities)
    allowed = set(
        offered_activities(user=by, cadre=cadre, year=year)
        .filter(pk__in=[a.pk for a in activities])
        .values_list("pk", flat=True)
    )
    if any(a.pk not in allowed for a in activities):
        raise ValidationError({"activities": "所选活动不存在、不在本年度或不在您的管辖范围内。"})

    items = {item.pk: item for item in scheme.items.all()}
    wanted: dict[int, int] = {}
    for item_pk, times in (scores or {}).items():
        if item_pk not in items:
            raise ValidationError("积分项目不属于本年度的积分方案。")
        if times is None or times == 0:
            continue
        if not 0 < times <= MAX_TIMES:
            raise ValidationError(f"“{items[item_pk].name}”的次数应在0至{MAX_TIMES}之间。")
        wanted[item_pk] = times

    record.women_in_touch = women_in_touch
    record.other_activities = other_activities.strip()
    record.notes = notes.strip()
    record.full_clean()
    record.save()
    record.activities.set(activities)

    # Entries are few (one per item of the scheme): saved one by one, each with its history row.
    current = {entry.item_id: entry for entry in record.score_entries.all()}
    for item_pk, entry in current.items():
        if item_pk not in wanted:
            entry.delete()
    for item_pk, times in wanted.items():
        entry = current.get(item_pk)
        if entry is None:
            DutyScoreEntry(record=record, item=items[item_pk], times=times).save()
        elif entry.times != times:
            entry.times = times
            entry.save(update_fields=["times"])
    return record


@transaction.atomic
def record_delete(*, record: ExecutiveDutyRecord, by: User) -> None:
    """Delete a record (with its score entries); the history keeps what it was."""
    _require(by, "delete_executivedutyrecord")
    locked = scoping.scope(ExecutiveDutyRecord.objects.select_for_update(), by).filter(pk=record.pk).first()
    if locked is None:
        raise PermissionDenied("未找到该履职记录。")
    for entry in locked.score_entries.all():
        entry.delete()
    locked.delete()

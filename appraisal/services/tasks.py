"""The county's task lists: publishing one (which opens every item to every assessee), keeping the
assessees' rows in step with the items, and 复制上年: last year's list as this year's draft."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from appraisal.models import Assessment, TaskItem, TaskList
from appraisal.services.workflow import WorkflowError
from audit.log import audit_transition
from orgs.importing.bulk import create_with_history

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _same_day_in(day: datetime.date, year: int) -> datetime.date:
    """``day`` moved to ``year`` (29 February becomes 28 February)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


@transaction.atomic
def assessments_ensure(*, task_list: TaskList, by: User | None = None) -> int:
    """A 待报送 row for every item of a published list and every unit its category assesses (items added
    after publishing, units added since); returns how many were made. A draft gets none."""
    if not task_list.is_published:
        return 0
    units = list(task_list.category.assessees().values_list("pk", flat=True))
    items = list(task_list.items.values_list("pk", flat=True))
    have = set(Assessment.objects.filter(item__task_list=task_list).values_list("item_id", "unit_id"))
    missing = [Assessment(item_id=item, unit_id=unit) for item in items for unit in units if (item, unit) not in have]
    create_with_history(Assessment, missing, user=by, reason="发布年度工作任务")
    return len(missing)


@transaction.atomic
def task_list_publish(*, task_list: TaskList, by: User) -> TaskList:
    if not by.has_perm("appraisal.publish_tasklist"):
        raise WorkflowError("您没有发布年度工作任务的权限。")
    locked = TaskList.objects.select_for_update().select_related("category").get(pk=task_list.pk)
    if locked.is_published:
        raise WorkflowError(f"{locked}已发布。")
    items = list(locked.items.select_related("task_list__category"))
    if not items:
        raise WorkflowError("任务清单中还没有任务条目，不能发布。")
    for item in items:
        try:
            item.full_clean()
        except ValidationError as exc:
            raise WorkflowError(f"第{item.order}项“{item.name}”：{'；'.join(exc.messages)}") from exc
    locked.status = TaskList.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    assessments_ensure(task_list=locked, by=by)
    audit_transition(by=by, subject=locked, change="草稿 → 已发布")
    return locked


@transaction.atomic
def task_list_copy(*, source: TaskList, by: User, year: int | None = None) -> TaskList:
    """复制上年: ``source`` with its items as a draft of ``year`` (next year by default), deadlines moved as
    many years; the county edits the draft, then publishes it."""
    if not by.has_perm("appraisal.add_tasklist"):
        raise WorkflowError("您没有新建年度工作任务的权限。")
    year = year or source.year + 1
    if TaskList.objects.filter(year=year, category_id=source.category_id).exists():
        raise WorkflowError(f"{year}年“{source.category}”已有工作任务，不能重复复制。")
    title = source.title.replace(str(source.year), str(year))
    copy = TaskList(year=year, category_id=source.category_id, title=title, copied_from=source)
    copy.full_clean()
    copy.save()
    shift = year - source.year
    items = [
        TaskItem(
            task_list=copy,
            heading=item.heading,
            order=item.order,
            name=item.name,
            content=item.content,
            points=item.points,
            done_criteria=item.done_criteria,
            evidence_required=item.evidence_required,
            deadline=_same_day_in(item.deadline, item.deadline.year + shift),
            scoring=item.scoring,
            rule=item.rule,
            target=item.target,
        )
        for item in source.items.order_by("order", "pk")
    ]
    create_with_history(TaskItem, items, user=by, reason=f"复制自{source}")
    return copy

"""Designations (挂牌): recording those granted outside the acceptance (市级, 省级), revoking, reviews (复核)
and subsidies."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.log import audit_transition
from demo_sites.models import (
    CATEGORY_UNIT_KINDS,
    Category,
    CriteriaSet,
    Designation,
    DesignationChange,
    Level,
    Review,
    ReviewScore,
    Subsidy,
    plain,
)
from demo_sites.services.criteria import criteria_set_for, scored_rows
from demo_sites.services.telling import tell_designation_change
from demo_sites.services.workflow import WorkflowError
from orgs import scoping
from orgs.models import Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

State = DesignationChange.State


def record_designation_change(
    designation: Designation,
    *,
    action: str,
    from_state: str,
    to_state: str,
    by: User,
    comment: str,
    review: Review | None = None,
) -> DesignationChange:
    """The audit row of a decision on a designation: every service that decides on one writes it, and the
    township is told (``telling``)."""
    change = DesignationChange(
        designation=designation,
        action=action,
        from_state=from_state,
        to_state=to_state,
        review=review,
        by=by,
        at=timezone.now(),
        comment=comment,
    )
    change.full_clean()
    change.save()
    audit_transition(by=by, subject=designation, change=change)
    tell_designation_change(designation, change)
    return change


def refuse_second_designation(*, unit: Unit, category: str, level: str, on: datetime.date) -> None:
    """A unit holds a category and level once at a time (the database says so too): naming it again at a
    level it still holds on ``on`` is refused, to be done after the earlier designation is revoked. Two
    namings at once are settled by the constraint, which ``full_clean`` and the insert check again."""
    existing = Designation.objects.held(unit_id=unit.pk, category=category, level=level, on=on).first()
    if existing is not None:
        raise WorkflowError(
            f"{unit.name}已是在挂牌的{existing.get_level_display()}{existing.get_category_display()}"
            f"（{existing.year}年命名），不能再命名同级示范点；如需重新命名，请先将原示范点摘牌。",
            code="level_already_held",
        )


def _lock_designation(designation: Designation, by: User) -> Designation:
    try:
        locked = Designation.objects.select_for_update().get(pk=designation.pk)
    except Designation.DoesNotExist as exc:
        raise WorkflowError("该示范点不存在。") from exc
    if not scoping.sees_whole_county(by):
        raise WorkflowError("只有县妇联可以处理示范点。")
    return locked


@transaction.atomic
def designation_record(
    *,
    unit: Unit,
    category: str,
    level: str,
    year: int,
    designated_on: datetime.date,
    by: User,
    certificate_number: str = "",
) -> Designation:
    """Register a designation granted outside this system's acceptance (e.g. 市级 or 省级 by the city or province)."""
    if not by.has_perm("demo_sites.add_designation") or not scoping.sees_whole_county(by):
        raise WorkflowError("只有县妇联可以登记示范点。")
    if level == Level.COUNTY:
        raise ValidationError("县级示范点须经申报和验收产生，请通过申报流程办理。")
    designation = Designation(
        unit=unit,
        category=category,
        level=level,
        year=year,
        designated_on=designated_on,
        certificate_number=certificate_number.strip(),
    )
    if unit.kind not in CATEGORY_UNIT_KINDS[Category(category)]:
        raise ValidationError("该单位类别与示范点类别不符。")
    refuse_second_designation(unit=unit, category=category, level=level, on=designated_on)
    designation.full_clean()
    designation.save()
    record_designation_change(
        designation,
        action=DesignationChange.Action.DESIGNATE,
        from_state="",
        to_state=State.IN_FORCE,
        by=by,
        comment=f"登记{designation.get_level_display()}命名"
        + (f"，编号 {designation.certificate_number}" if designation.certificate_number else ""),
    )
    return designation


@transaction.atomic
def designation_revoke(*, designation: Designation, by: User, revoked_on: datetime.date, reason: str) -> Designation:
    """摘牌: from ``revoked_on`` the site no longer counts as designated."""
    locked = _lock_designation(designation, by)
    _revoke(locked, by=by, revoked_on=revoked_on, reason=reason)
    record_designation_change(
        locked,
        action=DesignationChange.Action.REVOKE,
        from_state=State.IN_FORCE,
        to_state=State.REVOKED,
        by=by,
        comment=f"{revoked_on:%Y年%m月%d日}起摘牌：{locked.revoke_reason}",
    )
    return locked


def _revoke(locked: Designation, *, by: User, revoked_on: datetime.date, reason: str) -> None:
    if not by.has_perm("demo_sites.revoke_designation"):
        raise WorkflowError("您没有摘牌的权限。")
    if locked.revoked_on is not None:
        raise WorkflowError(f"该示范点已于{locked.revoked_on:%Y年%m月%d日}摘牌。")
    if not reason.strip():
        raise ValidationError("请填写摘牌原因。")
    if revoked_on < locked.designated_on:
        raise ValidationError("摘牌日期不能早于挂牌日期。")
    locked.revoked_on, locked.revoke_reason, locked.revoked_by = revoked_on, reason.strip(), by
    locked.full_clean()
    locked.save(update_fields=["revoked_on", "revoke_reason", "revoked_by"])


@transaction.atomic
def review_record(
    *,
    designation: Designation,
    by: User,
    reviewed_on: datetime.date,
    inspectors: str,
    scores: Mapping[int, tuple[object, str]],
    outcome: str,
    comments: str = "",
    criteria_set: CriteriaSet | None = None,
) -> Review:
    """复核: a new scored round on a designated site against ``criteria_set`` (by default the set of the
    review's year); outcome 摘牌 revokes it as of the review date."""
    locked = _lock_designation(designation, by)
    if not by.has_perm("demo_sites.review_designation"):
        raise WorkflowError("您没有复核的权限。")
    if not locked.is_in_force(reviewed_on):
        raise WorkflowError("该示范点在复核日期已不在命名有效期内。")
    if outcome not in Review.Outcome.values:
        raise ValidationError("请选择复核结论。")
    if not inspectors.strip():
        raise ValidationError("请填写复核人员。")
    if outcome == Review.Outcome.REVOKED and not comments.strip():
        raise ValidationError("复核结论为摘牌时请填写复核意见（摘牌原因）。")
    criteria_set = criteria_set or criteria_set_for(category=locked.category, year=reviewed_on.year)
    if criteria_set.category != locked.category:
        raise ValidationError("评价标准与示范点类别不一致。")
    criteria = list(criteria_set.criteria.all())
    parsed = scored_rows(criteria, scores)
    numbers = {pk: score for pk, (score, _) in parsed.items()}
    review = Review(
        designation=locked,
        criteria_set=criteria_set,
        reviewed_on=reviewed_on,
        inspectors=inspectors.strip(),
        total_score=sum(numbers.values(), Decimal(0)),
        meets_pass_rule=not criteria_set.evaluate(numbers, criteria),
        outcome=outcome,
        comments=comments.strip(),
        reviewed_by=by,
    )
    review.full_clean()
    review.save()
    for criterion in criteria:
        score, comment = parsed[criterion.pk]
        ReviewScore(review=review, criterion=criterion, score=score, comment=comment).save()
    verdict = f"复核总分 {plain(review.total_score)} 分（{'达标' if review.meets_pass_rule else '未达标'}）"
    if outcome == Review.Outcome.REVOKED:
        _revoke(locked, by=by, revoked_on=reviewed_on, reason=f"复核未通过：{comments.strip()}")
        record_designation_change(
            locked,
            action=DesignationChange.Action.REVIEW,
            from_state=State.IN_FORCE,
            to_state=State.REVOKED,
            by=by,
            review=review,
            comment=f"{verdict}，{reviewed_on:%Y年%m月%d日}起摘牌：{comments.strip()}",
        )
    else:
        record_designation_change(
            locked,
            action=DesignationChange.Action.REVIEW,
            from_state=State.IN_FORCE,
            to_state=State.IN_FORCE,
            by=by,
            review=review,
            comment=f"{verdict}，保留称号" + (f"：{comments.strip()}" if comments.strip() else ""),
        )
    return review


@transaction.atomic
def subsidy_grant(
    *, designation: Designation, by: User, granted_on: datetime.date, amount: Decimal, purpose: str
) -> Subsidy:
    """补助资金 for a site that is designated on the day of the grant."""
    locked = _lock_designation(designation, by)
    if not by.has_perm("demo_sites.add_subsidy"):
        raise WorkflowError("您没有登记补助资金的权限。")
    if not locked.is_in_force(granted_on):
        raise ValidationError("拨付日期时该单位不是有效的示范点（尚未挂牌或已摘牌）。")
    subsidy = Subsidy(designation=locked, granted_on=granted_on, amount=amount, purpose=purpose.strip(), created_by=by)
    subsidy.full_clean()
    subsidy.save()
    return subsidy

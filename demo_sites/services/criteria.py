"""Criteria sets (评价标准) and the scores given against them, for the acceptance and for reviews (复核)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from demo_sites.models import (
    Category,
    CriteriaSet,
    Criterion,
    plain,
)


@transaction.atomic
def criteria_set_for(*, category: str, year: int) -> CriteriaSet:
    """The rubric of ``category`` for ``year``; if the county has not entered one yet, a copy of the
    most recent earlier one (or, failing that, the nearest later one) becomes that year's set."""
    existing = CriteriaSet.objects.filter(category=category, year=year).first()
    if existing is not None:
        return existing
    template = (
        CriteriaSet.objects.filter(category=category, year__lt=year).order_by("-year").first()
        or CriteriaSet.objects.filter(category=category, year__gt=year).order_by("year").first()
    )
    if template is None:
        raise ValidationError(f"{Category(category).label}尚未设置评价标准，请联系县妇联。")
    criteria = list(template.criteria.all())
    copy = CriteriaSet.objects.create(
        category=category,
        year=year,
        name=template.name,
        pass_total=template.pass_total,
        pass_min_per_criterion=template.pass_min_per_criterion,
        notes=template.notes,
    )
    Criterion.objects.bulk_create(
        [
            Criterion(
                criteria_set=copy,
                code=c.code,
                group=c.group,
                name=c.name,
                description=c.description,
                max_score=c.max_score,
                order=c.order,
            )
            for c in criteria
        ]
    )
    return copy


def parse_score(value, criterion: Criterion, *, required: bool) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise ValidationError(f"请为“{criterion.name}”打分。")
        return None
    try:
        score = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(f"“{criterion.name}”的分数不是有效数字。") from exc
    if score < 0 or score > criterion.max_score:
        raise ValidationError(f"“{criterion.name}”的分数应在 0 到 {plain(criterion.max_score)} 分之间。")
    return score


def scored_rows(criteria: list[Criterion], scores: Mapping[int, tuple[object, str]]):
    missing = [c.name for c in criteria if c.pk not in scores]
    if missing:
        raise ValidationError(f"请为以下各项打分：{'、'.join(missing)}。")
    parsed = {c.pk: (parse_score(scores[c.pk][0], c, required=True), (scores[c.pk][1] or "").strip()) for c in criteria}
    return parsed

"""示范点 categories and levels, and the criteria sets (评价标准) applications and reviews are scored on."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from orgs.models import Unit


class Category(models.TextChoices):
    WOMENS_HOME = "womens_home", "“妇女之家”示范点"
    NEW_ORGANISATION = "new_organisation", "两新妇女组织示范点"
    ORGAN_COMMITTEE = "organ_committee", "机关妇委会示范点"


# Which units may stand for which category.
CATEGORY_UNIT_KINDS = {
    Category.WOMENS_HOME: (Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE),
    Category.NEW_ORGANISATION: (Unit.Kind.ENTERPRISE, Unit.Kind.SOCIAL_ORG),
    Category.ORGAN_COMMITTEE: (Unit.Kind.ORGAN,),
}


class Level(models.TextChoices):
    COUNTY = "county", "县级"
    CITY = "city", "市级"
    PROVINCE = "province", "省级"


# 示范点 levels, the highest first: how reports list a unit's sites and count them by level.
LEVELS_HIGH_TO_LOW = (Level.PROVINCE, Level.CITY, Level.COUNTY)


def plain(number: Decimal | int | None) -> str:
    """80.0 -> "80", 7.50 -> "7.5": how scores read in messages."""
    if number is None:
        return ""
    return format(Decimal(number).normalize(), "f")


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


class CriteriaSet(models.Model):
    """评价标准: the rubric of one category for one year, with its pass rule."""

    category = models.CharField("示范点类别", max_length=20, choices=Category.choices)
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("名称", max_length=100)
    pass_total = models.DecimalField(
        "通过所需总分", max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0"))]
    )
    pass_min_per_criterion = models.DecimalField(
        "单项最低分",
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="任一项低于此分即不达标；0 表示不设单项最低分。",
    )
    notes = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords()

    REFERENCE_DATA = True  # the county's rubric, read by every township (orgs.scoping)

    class Meta:
        verbose_name = "评价标准"
        verbose_name_plural = "评价标准"
        ordering = ["-year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "year"],
                name="one_criteria_set_per_category_year",
                violation_error_message="该类别该年度已有评价标准。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_category_display()}{self.name}"

    @property
    def is_in_use(self) -> bool:
        """Applications have been scored on it: its criteria and pass rule are then frozen."""
        return self.pk is not None and self.applications.exists()

    @property
    def pass_rule_text(self) -> str:
        text = f"总分不低于 {plain(self.pass_total)} 分"
        if self.pass_min_per_criterion:
            text += f"，且每项不低于 {plain(self.pass_min_per_criterion)} 分"
        return text

    def evaluate(self, scores: dict[int, Decimal], criteria=None) -> list[str]:
        """The ways ``scores`` (criterion id -> score) fall short of the pass rule; empty if it passes."""
        criteria = list(criteria if criteria is not None else self.criteria.all())
        total = sum((scores.get(c.pk) or Decimal(0) for c in criteria), Decimal(0))
        problems = []
        if total < self.pass_total:
            problems.append(f"总分 {plain(total)} 分，低于 {plain(self.pass_total)} 分")
        low = [c.name for c in criteria if (scores.get(c.pk) or Decimal(0)) < self.pass_min_per_criterion]
        if low:
            problems.append(f"{'、'.join(low)}低于 {plain(self.pass_min_per_criterion)} 分")
        return problems


class Criterion(models.Model):
    """评分细则: one criterion of a set, what evidence counts and its maximum score."""

    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name="评价标准", on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.CharField("编号", max_length=20)
    group = models.CharField("分组", max_length=20, blank=True, help_text="如 五好、五有、六有。")
    name = models.CharField("名称", max_length=50)
    description = models.TextField("评分要点及佐证材料", blank=True)
    max_score = models.DecimalField(
        "满分", max_digits=4, decimal_places=1, default=Decimal("10"), validators=[MinValueValidator(Decimal("0.5"))]
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    history = HistoricalRecords()

    REFERENCE_DATA = True

    class Meta:
        verbose_name = "评分细则"
        verbose_name_plural = "评分细则"
        ordering = ["criteria_set", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "code"],
                name="criterion_code_unique_in_set",
                violation_error_message="同一评价标准内编号不能重复。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

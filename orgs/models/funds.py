"""经费: a federation's yearly working budget and what it spent, by programme.

Both belong to one federation: the county federation (its rows carry no township, like every county row)
or a township federation (its rows carry that township's key, derived from ``federation`` by
``orgs.ownership``), so township staff keep their own township's funds and see nobody else's.

The money granted to 示范点 is not recorded here: ``demo_sites.Subsidy`` already holds every grant (the
county federation pays them), and the figures count the 示范点补助 programme from there. An expenditure row
is therefore for 培训, 活动 or 其他 only; ``Programme`` lists all four so that reports name them alike.

An expenditure does not point at a training event: ``orgs`` is the core app and depends on no other app
(the STYLE's rule 11), so a course's cost names the course in ``purpose``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from orgs.models.units import DATA_PERMISSIONS, Unit
from orgs.ownership import TownshipOwned
from orgs.scoping import ScopedQuerySet

FIRST_YEAR = 2000
POSITIVE = MinValueValidator(Decimal("0.01"), message="金额必须大于0。")
# Funds belong to a federation that has its own budget: the county's or a township's.
FEDERATION_KINDS = (Unit.Kind.COUNTY, Unit.Kind.TOWNSHIP)


class Programme(models.TextChoices):
    """经费支出的项目. 示范点补助 is counted from the subsidies (demo_sites), never recorded as an expenditure."""

    SUBSIDY = "subsidy", "示范点补助"
    TRAINING = "training", "培训"
    ACTIVITY = "activity", "活动"
    OTHER = "other", "其他"


RECORDED_PROGRAMMES = [choice for choice in Programme.choices if choice[0] != Programme.SUBSIDY]


def latest_year(today: datetime.date | None = None) -> int:
    """The latest year funds may be entered for: next year's budget is drawn up before the year begins."""
    return (today or timezone.localdate()).year + 1


def _check_federation(unit: Unit | None) -> None:
    if unit is not None and unit.kind not in FEDERATION_KINDS:
        raise ValidationError({"federation": "经费只能登记在县妇联或乡镇（街道）妇联名下。"})


def _check_year(field: str, year: int | None) -> None:
    last = latest_year()
    if year is not None and not FIRST_YEAR <= year <= last:
        raise ValidationError({field: f"年度应在{FIRST_YEAR}年至{last}年之间。"})


class Budget(TownshipOwned):
    """年度工作经费预算: what one federation has to spend in a year."""

    township_from = ("federation",)
    federation = models.ForeignKey(
        Unit,
        verbose_name="单位",
        on_delete=models.PROTECT,
        related_name="budgets",
        limit_choices_to={"kind__in": FEDERATION_KINDS},
        help_text="县妇联或乡镇（街道）妇联。",
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    amount = models.DecimalField("预算金额(元)", max_digits=12, decimal_places=2, validators=[POSITIVE])
    note = models.CharField("说明", max_length=200, blank=True, help_text="经费来源、批复文号等。")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "年度工作经费预算"
        verbose_name_plural = "年度工作经费预算"
        default_permissions = DATA_PERMISSIONS
        ordering = ["-year", "township_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "year"],
                name="one_budget_per_federation_and_year",
                violation_error_message="该单位本年度已有经费预算，请直接修改那一条。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.federation} {self.year}年工作经费预算"

    def clean(self) -> None:
        _check_federation(self.federation if self.federation_id else None)
        _check_year("year", self.year)


class Expenditure(TownshipOwned):
    """经费支出: one payment a federation made for training, an activity or other work."""

    township_from = ("federation",)
    federation = models.ForeignKey(
        Unit,
        verbose_name="单位",
        on_delete=models.PROTECT,
        related_name="expenditures",
        limit_choices_to={"kind__in": FEDERATION_KINDS},
        help_text="支出经费的县妇联或乡镇（街道）妇联。",
    )
    spent_on = models.DateField("支出日期", db_index=True)
    programme = models.CharField(
        "项目",
        max_length=20,
        choices=RECORDED_PROGRAMMES,
        help_text="示范点补助在“补助资金”中登记，此处不再重复登记。",
    )
    amount = models.DecimalField("金额(元)", max_digits=12, decimal_places=2, validators=[POSITIVE])
    purpose = models.CharField("用途", max_length=200, help_text="如培训班名称、活动名称。")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "经费支出"
        verbose_name_plural = "经费支出"
        default_permissions = DATA_PERMISSIONS
        ordering = ["-spent_on", "-id"]
        indexes = [models.Index(fields=["township", "spent_on"], name="orgs_expenditure_by_day")]

    def __str__(self) -> str:
        return f"{self.federation} {self.spent_on:%Y-%m-%d} {self.get_programme_display()}支出"

    def clean(self) -> None:
        _check_federation(self.federation if self.federation_id else None)
        if self.programme == Programme.SUBSIDY:
            raise ValidationError({"programme": "示范点补助请在“补助资金”中登记，不要重复登记为经费支出。"})
        if self.spent_on is not None and self.spent_on.year < FIRST_YEAR:
            raise ValidationError({"spent_on": f"支出日期不能早于{FIRST_YEAR}年。"})
        if self.spent_on is not None and self.spent_on > timezone.localdate():
            raise ValidationError({"spent_on": "支出日期不能晚于今天。"})


__all__ = ["Budget", "Expenditure", "Programme"]

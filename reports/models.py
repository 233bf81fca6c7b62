"""The year-end 年报: townships confirm their figures (填报完成), the county seals the year (年报定稿).

The report figures themselves are computed from the federation's data (``reports.indicators``) and stored
nowhere, except here: a seal keeps every township's counts as they stood when the county sealed, so that the
year's workbooks and 情况汇报 can be reproduced later whatever changes afterwards. The rules of who may do
what, and when, are in ``reports.sealing``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from orgs.models import Unit
from orgs.scoping import ScopedQuerySet


class YearConfirmation(models.Model):
    """填报完成: a township's staff confirm that the township's figures of a year are complete; county staff
    may return the confirmation with a reason, and the township confirms again after fixing its data.
    One row per township and year; its history keeps every confirmation and return."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "已确认填报完成"
        RETURNED = "returned", "已退回"

    township = models.ForeignKey(
        Unit,
        verbose_name="乡镇(街道)",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Unit.Kind.TOWNSHIP},
    )
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=20, choices=Status.choices)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField("确认时间", default=timezone.now)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="退回人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    return_reason = models.TextField("退回原因", blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    # Township staff confirm their own township; county staff return. Nobody edits a row by hand: every
    # change goes through reports.sealing (there is no admin for it).
    TOWNSHIP_STAFF_ACTIONS = ("view", "confirm")
    COUNTY_STAFF_ACTIONS = ("view", "return")

    class Meta:
        verbose_name = "年报填报确认"
        verbose_name_plural = "年报填报确认"
        default_permissions = ("view",)
        permissions = [("confirm_yearconfirmation", "确认填报完成"), ("return_yearconfirmation", "退回填报确认")]
        ordering = ["-year", "township_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year"],
                name="one_confirmation_per_township_year",
                violation_error_message="该乡镇本年度已有填报确认记录。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.township}{self.year}年度填报"

    # From this day (month, day) of a year on, that year's figures are the ones to confirm; before it,
    # the previous year's still are.
    DUE_FROM = (12, 1)

    @classmethod
    def due_year(cls, today: datetime.date | None = None) -> int:
        """The year whose figures the townships are asked to confirm on ``today``: this year from
        1 December, last year before then."""
        today = today or timezone.localdate()
        return today.year if (today.month, today.day) >= cls.DUE_FROM else today.year - 1


class YearSeal(models.Model):
    """年报定稿: one version of a year's sealed figures. Sealing again adds a version (with its reason) and
    keeps the earlier ones; the latest version is in force.

    Rows are written once and never changed or deleted (no change/delete permission, no admin), so each
    version is its own record of who sealed, when and why; the model has no django-simple-history table,
    which would only copy the snapshot and, having no township key, make the report figures' ledger
    (``reports.indicators.ledger``) recompute the whole county after every seal.
    """

    year = models.PositiveSmallIntegerField("年度", db_index=True)
    version = models.PositiveSmallIntegerField("版本")
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="定稿人", on_delete=models.PROTECT, related_name="+"
    )
    sealed_at = models.DateTimeField("定稿时间", default=timezone.now)
    reason = models.TextField("定稿说明", blank=True, help_text="重新定稿时必填：为什么要更正已定稿的数字。")
    # [{"id": township id, "name": name}] of the townships that had not confirmed and were acknowledged.
    unconfirmed = models.JSONField("定稿时未确认的乡镇", default=list, blank=True)
    # {"reference_date": "YYYY-12-31", "rows": [{"township_id": id | None, "name": str, "values": {code: n}}],
    #  "previous": {"year": y - 1, "sealed_version": n | None, "rows": [...]}} (last year as 同比 showed it);
    # integers as numbers, decimals as strings (JSON numbers would lose their exactness).
    snapshot = models.JSONField("定稿数据")

    TOWNSHIP_STAFF_ACTIONS = ("view",)
    COUNTY_STAFF_ACTIONS = ("view", "seal")

    class Meta:
        verbose_name = "年报定稿"
        verbose_name_plural = "年报定稿"
        default_permissions = ("view",)
        permissions = [("seal_yearseal", "年报定稿")]
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "version"],
                name="one_seal_per_year_version",
                violation_error_message="该年度的这一版定稿已存在。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年年报定稿（第{self.version}版）"

    @property
    def unconfirmed_names(self) -> str:
        return "、".join(item["name"] for item in self.unconfirmed)

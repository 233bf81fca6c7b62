"""Designations (挂牌) and their decisions, reviews (复核) and subsidies."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import DateField, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from demo_sites.models.applications import (
    Application,
    CriterionScore,
)
from demo_sites.models.criteria import Category, CriteriaSet, Level
from orgs.models import DATA_PERMISSIONS, Unit
from orgs.ownership import TownshipOwned
from orgs.scoping import ScopedQuerySet


class DesignationQuerySet(ScopedQuerySet):
    def in_force(self, on: datetime.date | None = None) -> DesignationQuerySet:
        """Designated on or before ``on`` and not revoked by then (a revocation counts from its date)."""
        on = on or timezone.localdate()
        return self.filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=on), designated_on__lte=on)

    def held(self, *, unit_id: int, category: str, level: str, on: datetime.date | None = None) -> DesignationQuerySet:
        """The unit's designations of ``category`` and ``level`` not revoked by ``on`` (today by default),
        whatever their year: what a new application or naming of that level would duplicate. A revocation
        dated later than ``on`` still holds the level on ``on``."""
        on = on or timezone.localdate()
        return self.filter(
            Q(revoked_on__isnull=True) | Q(revoked_on__gt=on), unit_id=unit_id, category=category, level=level
        ).order_by("designated_on", "pk")

    def review_due(self, today: datetime.date | None = None) -> DesignationQuerySet:
        """In force and due for 复核 within ``REVIEW_NOTICE_DAYS`` (or overdue): ``DESIGNATION_REVIEW_YEARS``
        after the last 复核 or, never reviewed, after being designated. Annotated with ``last_checked``."""
        today = today or timezone.localdate()
        horizon = today + datetime.timedelta(days=Designation.REVIEW_NOTICE_DAYS)
        checked_by = _years_before(horizon, settings.DESIGNATION_REVIEW_YEARS)
        last_checked = Coalesce(Max("reviews__reviewed_on"), "designated_on", output_field=DateField())
        return self.in_force(today).annotate(last_checked=last_checked).filter(last_checked__lte=checked_by)

    def sites(self) -> models.QuerySet[Unit]:
        """The distinct units (示范点) among these designations.

        Counting rule (口径 of 示范点总数): a 示范点 is a unit. A unit named at several levels, e.g. 县级 in
        2023 and 市级 in 2025, is one site: it counts once in 示范点总数, and once under each of its levels
        in by-level columns (so the by-level columns may add up to more than the total). Use it on the
        designations already narrowed to what is counted: ``Designation.objects.for_user(user).in_force(on)
        .sites().count()``; ``site_counts`` groups the same count, e.g. by township or category.
        """
        return Unit.objects.filter(pk__in=self.order_by().values("unit_id"))

    def site_counts(self, by: str) -> dict:
        """``by`` value (e.g. ``"township_id"``, ``"category"``, ``"level"``) -> number of distinct units,
        counted as ``sites`` says; one query. Values with no designation are absent."""
        rows = self.order_by().values(by).annotate(n=self.site_count())
        return {row[by]: row["n"] for row in rows}

    @staticmethod
    def site_count() -> models.Count:
        """The aggregate behind ``sites``: distinct units, for a grouped query (the figures' measures)."""
        return models.Count("unit_id", distinct=True)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class Designation(TownshipOwned):
    """挂牌: a unit designated as a demonstration site of a category, level and year."""

    #: A 复核 falling due this many days ahead is announced (待办, 消息).
    REVIEW_NOTICE_DAYS = 60

    township_from = ("unit",)
    unit = models.ForeignKey(
        Unit, verbose_name="示范点单位", on_delete=models.PROTECT, related_name="demo_site_designations"
    )
    category = models.CharField("示范点类别", max_length=20, choices=Category.choices, db_index=True)
    level = models.CharField("级别", max_length=10, choices=Level.choices, db_index=True)
    year = models.PositiveSmallIntegerField("命名年度", db_index=True)
    application = models.OneToOneField(
        Application, verbose_name="申报", on_delete=models.PROTECT, null=True, blank=True, related_name="designation"
    )
    certificate_number = models.CharField("牌匾/证书编号", max_length=50, blank=True)
    document_number = models.CharField(
        "命名文号", max_length=60, blank=True, help_text="上级命名文件的文号，如市妇联的命名通知。"
    )
    designated_on = models.DateField("挂牌日期", db_index=True)
    revoked_on = models.DateField("摘牌日期", null=True, blank=True, db_index=True)
    revoke_reason = models.TextField("摘牌原因", blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="摘牌操作人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = DesignationQuerySet.as_manager()

    TOWNSHIP_STAFF_ACTIONS = ("view", "export")

    class Meta:
        verbose_name = "示范点(挂牌)"
        verbose_name_plural = "示范点(挂牌)"
        default_permissions = DATA_PERMISSIONS
        permissions = [("revoke_designation", "摘牌"), ("review_designation", "复核")]
        ordering = ["-year", "level", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "category", "level", "year"],
                name="one_designation_per_unit_category_level_year",
                violation_error_message="该单位该年度已被命名为同类别、同级别示范点。",
            ),
            # A site counted twice (issue 13): a unit holds a category and level once at a time; naming it
            # again at that level needs the earlier designation revoked (摘牌) first.
            models.UniqueConstraint(
                fields=["unit", "category", "level"],
                condition=Q(revoked_on__isnull=True),
                name="one_unrevoked_designation_per_unit_category_level",
                violation_error_message="该单位已是在挂牌的同类别、同级别示范点，不能重复命名；如需重新命名，请先将原示范点摘牌。",
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="designation_certificate_number_unique",
                violation_error_message="牌匾/证书编号已被使用。",
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=models.F("designated_on")),
                name="designation_revoked_after_designated",
                violation_error_message="摘牌日期不能早于挂牌日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}年{self.get_level_display()}{self.get_category_display()}"

    def is_in_force(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.designated_on <= on and (self.revoked_on is None or self.revoked_on > on)

    @property
    def already_held_message(self) -> str:
        """Why a unit cannot apply again for the level it holds by this designation."""
        return (
            f"{self.unit.name}已是在挂牌的{self.get_level_display()}{self.get_category_display()}（{self.year}年命名），"
            "不能重复申报同级示范点。"
        )


class DesignationChange(TownshipOwned):
    """Audit row of one decision on a designation (挂牌, 复核, 摘牌): who, when, from which state to which,
    and why, kept beside the designation as ``StatusChange`` is beside an application."""

    class State(models.TextChoices):
        IN_FORCE = "in_force", "有效"
        REVOKED = "revoked", "已摘牌"

    class Action(models.TextChoices):
        DESIGNATE = "designate", "挂牌"
        REVIEW = "review", "复核"
        REVOKE = "revoke", "摘牌"

    township_from = ("designation",)
    designation = models.ForeignKey(
        Designation, verbose_name="示范点", on_delete=models.PROTECT, related_name="changes"
    )
    action = models.CharField("事项", max_length=20, choices=Action.choices)
    from_state = models.CharField("原状态", max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField("新状态", max_length=20, choices=State.choices)
    review = models.ForeignKey(
        "Review", verbose_name="复核记录", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    comment = models.TextField("说明", blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    TOWNSHIP_STAFF_ACTIONS = ("view",)
    COUNTY_STAFF_ACTIONS = ("view", "export")  # written by the designation services only

    class Meta:
        verbose_name = "示范点决定记录"
        verbose_name_plural = "示范点决定记录"
        default_permissions = DATA_PERMISSIONS
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}：{self.get_from_state_display() or '新建'} → {self.get_to_state_display()}"


class Review(TownshipOwned):
    """复核: a later scored check of a designated site; it may keep the designation or lead to 摘牌."""

    class Outcome(models.TextChoices):
        MAINTAINED = "maintained", "保留"
        REVOKED = "revoked", "摘牌"

    township_from = ("designation",)
    designation = models.ForeignKey(
        Designation, verbose_name="示范点", on_delete=models.PROTECT, related_name="reviews"
    )
    criteria_set = models.ForeignKey(CriteriaSet, verbose_name="评价标准", on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField("复核日期")
    inspectors = models.CharField("复核人员", max_length=200)
    total_score = models.DecimalField("总分", max_digits=5, decimal_places=1, default=Decimal(0))
    meets_pass_rule = models.BooleanField("达到通过标准", default=False)
    outcome = models.CharField("复核结论", max_length=20, choices=Outcome.choices)
    comments = models.TextField("复核意见", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    TOWNSHIP_STAFF_ACTIONS = ("view",)
    COUNTY_STAFF_ACTIONS = ("view", "export")

    class Meta:
        verbose_name = "复核记录"
        verbose_name_plural = "复核记录"
        default_permissions = DATA_PERMISSIONS
        ordering = ["designation", "reviewed_on"]

    def __str__(self) -> str:
        return f"{self.designation} {self.reviewed_on:%Y-%m-%d}复核"


class ReviewScore(CriterionScore):
    review = models.ForeignKey(Review, verbose_name="复核", on_delete=models.CASCADE, related_name="scores")
    history = HistoricalRecords()

    township_from = ("review",)

    class Meta(CriterionScore.Meta):
        verbose_name = "复核评分"
        verbose_name_plural = "复核评分"
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="one_review_score_per_criterion")]


class Subsidy(TownshipOwned):
    """补助资金: money granted to a designated site."""

    township_from = ("designation",)
    designation = models.ForeignKey(
        Designation, verbose_name="示范点", on_delete=models.PROTECT, related_name="subsidies"
    )
    granted_on = models.DateField("拨付日期", db_index=True)
    amount = models.DecimalField(
        "金额(元)", max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    purpose = models.CharField("用途", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    TOWNSHIP_STAFF_ACTIONS = ("view", "export")

    class Meta:
        verbose_name = "补助资金"
        verbose_name_plural = "补助资金"
        default_permissions = DATA_PERMISSIONS
        ordering = ["-granted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.designation.unit} {self.granted_on:%Y-%m-%d} {self.amount}元"

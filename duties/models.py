"""执委履职: what each executive member (执委) did in a year, and the county's 履职积分 scheme.

* ``DutyScheme`` and ``DutyScoreItem``: the county's rules for a year, kept as data (reference data, the same
  for every township): the base points and the items that add or subtract points.
* ``ExecutiveDutyRecord``: one 执委's year: how many women she keeps in touch with (a count under the
  "1+10+N" practice, never their names), the activities she organised or took part in (linked to
  ``training.Event`` where they are recorded) and others in words. It belongs to her township.
* ``DutyScoreEntry``: an item of the scheme applied to a record (how many times).

履职积分 is never stored: ``ExecutiveDutyRecordQuerySet.with_points`` computes it in the query (base points +
additions − subtractions, at least 0), so a list, a record page and the report figures read one rule.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from simple_history.models import HistoricalRecords

from orgs.models import DATA_PERMISSIONS, Cadre, Post
from orgs.ownership import TownshipOwned
from orgs.scoping import ScopedQuerySet
from training.models import Event

FIRST_YEAR = 2000
LAST_YEAR = 2100
EXECUTIVE = Cadre.Position.EXECUTIVE
LOWEST_POINTS = 0  # 履职积分 is not negative, however many points are subtracted


def judged_on(year: int, today: datetime.date | None = None) -> datetime.date:
    """The day on which "a current 执委" is judged for ``year``: today, or the year's last day."""
    today = today or timezone.localdate()
    return today if year >= today.year else datetime.date(year, 12, 31)


def executive_posts(on: datetime.date) -> models.QuerySet[Post]:
    """执委 posts held on ``on`` (``Post.objects.current``)."""
    return Post.objects.current(on).filter(position=EXECUTIVE)


def executives(on: datetime.date) -> models.QuerySet[Cadre]:
    """Cadres holding at least one 执委 post on ``on``: the people a year's 执委履职 is asked of."""
    return Cadre.objects.filter(Exists(executive_posts(on).filter(cadre=OuterRef("pk"))))


def served_as_executive_in(year: int) -> Q:
    """Whether a cadre held a 执委 post on any day of ``year`` (a record may be kept for her that year)."""
    posts = Post.objects.filter(position=EXECUTIVE, cadre=OuterRef("pk")).filter(
        Q(started_on__isnull=True) | Q(started_on__lte=datetime.date(year, 12, 31)),
        Q(ended_on__isnull=True) | Q(ended_on__gte=datetime.date(year, 1, 1)),
    )
    return Q(Exists(posts))


class DutyScheme(models.Model):
    """履职积分方案: the county's base points for a year; its items (``DutyScoreItem``) add or subtract."""

    REFERENCE_DATA = True  # the county's rule, the same for every township (orgs.scoping)

    year = models.PositiveSmallIntegerField(
        "年度", unique=True, validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    base_points = models.PositiveSmallIntegerField(
        "基础分", default=60, validators=[MaxValueValidator(1000)], help_text="每名执委当年履职积分的起点。"
    )
    notes = models.TextField("说明", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "履职积分方案"
        verbose_name_plural = "履职积分方案"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度履职积分方案"


class DutyScoreItem(models.Model):
    """积分项目: one way a 执委 gains or loses points in a year's scheme (e.g. 组织开展活动 +5 分/次)."""

    REFERENCE_DATA = True

    class Kind(models.TextChoices):
        ADD = "add", "加分"
        SUBTRACT = "subtract", "减分"

    scheme = models.ForeignKey(DutyScheme, verbose_name="积分方案", on_delete=models.CASCADE, related_name="items")
    name = models.CharField("项目", max_length=60)
    kind = models.CharField("加减", max_length=10, choices=Kind.choices, default=Kind.ADD)
    points = models.PositiveSmallIntegerField("分值（每次）", validators=[MinValueValidator(1), MaxValueValidator(100)])
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "履职积分项目"
        verbose_name_plural = "履职积分项目"
        ordering = ["scheme", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "name"],
                name="one_score_item_name_per_scheme",
                violation_error_message="该年度积分方案中已有同名项目。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.signed_display}）"

    @property
    def signed_points(self) -> int:
        return self.points if self.kind == self.Kind.ADD else -self.points

    @property
    def signed_display(self) -> str:
        return f"{'+' if self.kind == self.Kind.ADD else '−'}{self.points}分/次"


def entry_points() -> Case:
    """One score entry's points: the item's points times the count, negative for a 减分 item."""
    return Case(
        When(item__kind=DutyScoreItem.Kind.SUBTRACT, then=-F("item__points") * F("times")),
        default=F("item__points") * F("times"),
        output_field=models.IntegerField(),
    )


def points_expression(record_ref: str = "pk", year_ref: str = "year") -> Greatest:
    """履职积分 of the record at ``record_ref`` (of year ``year_ref``) in the outer query: the year's base
    points plus its entries' points, and never below ``LOWEST_POINTS``. A year without a scheme has base 0."""
    base = DutyScheme.objects.filter(year=OuterRef(year_ref)).values("base_points")[:1]
    entries = (
        DutyScoreEntry.objects.filter(record=OuterRef(record_ref))
        .order_by()
        .values("record")
        .annotate(total=Sum(entry_points()))
        .values("total")
    )
    return Greatest(
        Coalesce(Subquery(base, output_field=models.IntegerField()), Value(0))
        + Coalesce(Subquery(entries, output_field=models.IntegerField()), Value(0)),
        Value(LOWEST_POINTS),
        output_field=models.IntegerField(),
    )


class ExecutiveDutyRecordQuerySet(ScopedQuerySet):
    def with_points(self) -> ExecutiveDutyRecordQuerySet:
        """Each record with ``points`` (履职积分), computed in the same query."""
        return self.annotate(points=points_expression())


class ExecutiveDutyRecord(TownshipOwned):
    """执委履职记录: one 执委's year (unique per cadre and year); it belongs to her township."""

    township_from = ("cadre",)
    cadre = models.ForeignKey(Cadre, verbose_name="执委", on_delete=models.PROTECT, related_name="duty_records")
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    women_in_touch = models.PositiveIntegerField(
        "联系妇女数",
        default=0,
        validators=[MaxValueValidator(9999)],
        help_text="按“1+10+N”：1名执委经常联系10名妇女，再带动N名。只填人数，不登记妇女个人信息。",
    )
    activities = models.ManyToManyField(Event, verbose_name="组织或参与的活动", blank=True, related_name="duty_records")
    other_activities = models.TextField("其他活动", blank=True, help_text="未登记在“培训与活动”中的活动，简要填写。")
    notes = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("填报时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(m2m_fields=[activities], excluded_fields=["updated_at"])

    objects = ExecutiveDutyRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "执委履职记录"
        verbose_name_plural = "执委履职记录"
        default_permissions = DATA_PERMISSIONS
        ordering = ["-year", "township_id", "cadre_id"]
        indexes = [models.Index(fields=["township", "year"], name="duties_record_township_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "year"],
                name="one_duty_record_per_cadre_and_year",
                violation_error_message="该执委本年度已有履职记录，请直接修改。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.year}年度履职记录"

    def clean(self) -> None:
        """A record is kept for a 执委 of that year, once the county has set the year's scheme."""
        if not self.cadre_id or not self.year:
            return
        if not Cadre.objects.filter(pk=self.cadre_id).filter(served_as_executive_in(self.year)).exists():
            raise ValidationError({"cadre": f"{self.cadre.name}{self.year}年未担任执委，不能填报执委履职记录。"})
        if not DutyScheme.objects.filter(year=self.year).exists():
            raise ValidationError({"year": f"县妇联尚未设置{self.year}年度履职积分方案，暂不能填报，请联系县妇联。"})


class DutyScoreEntry(TownshipOwned):
    """积分明细: an item of the year's scheme applied to a record, ``times`` times."""

    township_from = ("record",)
    record = models.ForeignKey(
        ExecutiveDutyRecord, verbose_name="履职记录", on_delete=models.CASCADE, related_name="score_entries"
    )
    item = models.ForeignKey(DutyScoreItem, verbose_name="积分项目", on_delete=models.PROTECT, related_name="entries")
    times = models.PositiveSmallIntegerField(
        "次数", default=1, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "履职积分明细"
        verbose_name_plural = "履职积分明细"
        default_permissions = DATA_PERMISSIONS
        ordering = ["record", "item__sort_order", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "item"],
                name="one_score_entry_per_record_and_item",
                violation_error_message="同一积分项目只能登记一次，请填写次数。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item.name} × {self.times}"

    def clean(self) -> None:
        if self.record_id and self.item_id and self.item.scheme.year != self.record.year:
            raise ValidationError({"item": "积分项目不属于该记录年度的积分方案。"})

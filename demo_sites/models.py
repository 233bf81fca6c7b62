"""示范点: applications against a criteria set, the county's acceptance rounds, designations (挂牌),
reviews (复核), revocations (摘牌) and subsidies.

Criteria are data (``CriteriaSet`` / ``Criterion``), so a new year's rubric is an admin entry, not a
code change. The workflow's allowed moves live in ``services.TRANSITIONS``; every move leaves a
``StatusChange`` row, and every decision on a designation (挂牌, 复核, 摘牌) a ``DesignationChange`` row.
Every township-owned row carries the ``township`` key of its unit (``orgs.ownership``); criteria are
reference data, the same for the whole county.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from files.uploads import attachment_path, validate_attachment
from orgs.models import DATA_PERMISSIONS, Unit
from orgs.ownership import TownshipOwned
from orgs.scoping import ScopedQuerySet


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


class ApplicationQuerySet(ScopedQuerySet):
    def awaiting_acceptance(self) -> ApplicationQuerySet:
        return self.filter(status=Application.Status.SUBMITTED)

    def overdue(self, today: datetime.date | None = None) -> ApplicationQuerySet:
        """Still open (waiting for the county or for rectification) after its deadline."""
        today = today or timezone.localdate()
        return self.filter(status__in=Application.OPEN_STATUSES, deadline__lt=today)


class Application(TownshipOwned):
    """创建申报: a township proposes one of its units for a category, level and year."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待验收"
        RECTIFYING = "rectifying", "整改中"
        ACCEPTED = "accepted", "通过"
        REJECTED = "rejected", "不通过"

    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.RECTIFYING)
    EDITABLE_STATUSES = (Status.DRAFT, Status.RECTIFYING)

    township_from = ("unit",)
    unit = models.ForeignKey(
        Unit, verbose_name="申报单位", on_delete=models.PROTECT, related_name="demo_site_applications"
    )
    category = models.CharField("示范点类别", max_length=20, choices=Category.choices, db_index=True)
    level = models.CharField("申报级别", max_length=10, choices=Level.choices, default=Level.COUNTY, db_index=True)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name="评价标准", on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    summary = models.TextField("创建情况简介", blank=True)
    contact = models.CharField("联系人及电话", max_length=60, blank=True)
    deadline = models.DateField("验收截止日期", db_index=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decided_at = models.DateTimeField("验收决定时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ApplicationQuerySet.as_manager()

    # Township staff draft, edit, submit and delete (drafts only, see services) their own; deciding stays
    # with the county.
    TOWNSHIP_STAFF_ACTIONS = ("view", "add", "change", "delete", "submit", "export")

    class Meta:
        verbose_name = "示范点申报"
        verbose_name_plural = "示范点申报"
        default_permissions = DATA_PERMISSIONS
        permissions = [("submit_application", "提交申报"), ("decide_application", "验收决定")]
        ordering = ["-year", "-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "category", "level", "year"],
                name="one_application_per_unit_category_level_year",
                violation_error_message="该单位本年度已有同类别、同级别的申报。",
            )
        ]
        indexes = [models.Index(fields=["township", "status", "year"])]

    def __str__(self) -> str:
        return f"{self.year}年 {self.unit} {self.get_level_display()}{self.get_category_display()}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.status in self.OPEN_STATUSES and self.deadline < timezone.localdate()

    def clean(self) -> None:
        if self.unit_id and self.category:
            kinds = CATEGORY_UNIT_KINDS[Category(self.category)]
            if self.unit.kind not in kinds:
                labels = "、".join(Unit.Kind(k).label for k in kinds)
                raise ValidationError({"unit": f"{self.get_category_display()}只能由{labels}申报。"})
        if self.criteria_set_id and (self.criteria_set.category, self.criteria_set.year) != (self.category, self.year):
            raise ValidationError({"criteria_set": "评价标准与申报类别、年度不一致。"})
        # Checked while the application is open (drafted, edited, submitted, returned for 整改), so it is
        # refused at draft time and a duplicate that slipped in earlier cannot go further.
        if self.status in self.OPEN_STATUSES and self.unit_id and self.category and self.level:
            held = self.designation_held()
            if held is not None:
                raise ValidationError({"unit": held.already_held_message}, code="level_already_held")

    def designation_held(self, on: datetime.date | None = None) -> Designation | None:
        """The designation by which the unit already holds this application's category and level on
        ``on`` (today by default), other than the one this application itself led to; None if none."""
        held = Designation.objects.held(unit_id=self.unit_id, category=self.category, level=self.level, on=on)
        if self.pk is not None:
            held = held.exclude(application_id=self.pk)
        return held.select_related("unit").first()

    def set_default_deadline(self) -> None:
        """The deadline rule: 验收截止日期 is the end of the application's year unless one was set."""
        if self.deadline is None and self.year:
            self.deadline = year_end(self.year)

    def save(self, *args, **kwargs) -> None:
        self.set_default_deadline()
        super().save(*args, **kwargs)


class SelfAssessment(TownshipOwned):
    """自评: the township's evidence and score for one criterion."""

    township_from = ("application",)
    application = models.ForeignKey(
        Application, verbose_name="申报", on_delete=models.CASCADE, related_name="self_assessments"
    )
    criterion = models.ForeignKey(Criterion, verbose_name="评分细则", on_delete=models.PROTECT, related_name="+")
    evidence = models.TextField("自评情况及佐证", blank=True)
    score = models.DecimalField("自评分", max_digits=4, decimal_places=1, null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    TOWNSHIP_STAFF_ACTIONS = ("view", "add", "change")

    class Meta:
        verbose_name = "自评"
        verbose_name_plural = "自评"
        ordering = ["criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="one_self_assessment_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.criterion_id}"


class Attachment(TownshipOwned):
    """申报附件: photos, scans and documents; stored under a generated name, served only through a scoped view."""

    township_from = ("application",)
    application = models.ForeignKey(
        Application, verbose_name="申报", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_path, validators=[validate_attachment], max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小(字节)", default=0)
    description = models.CharField("说明", max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    TOWNSHIP_STAFF_ACTIONS = ("view", "add", "delete")

    class Meta:
        verbose_name = "申报附件"
        verbose_name_plural = "申报附件"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Decision(models.TextChoices):
    ACCEPTED = "accepted", "通过"
    RECTIFY = "rectify", "整改"
    REJECTED = "rejected", "不通过"


class Acceptance(TownshipOwned):
    """验收: one inspection round of an application, with a score per criterion and the decision."""

    township_from = ("application",)
    application = models.ForeignKey(
        Application, verbose_name="申报", on_delete=models.PROTECT, related_name="acceptances"
    )
    round_number = models.PositiveSmallIntegerField("验收轮次", default=1)
    inspected_on = models.DateField("验收日期")
    inspectors = models.CharField("验收人员", max_length=200)
    by_site_visit = models.BooleanField("实地查看", default=False)
    by_document_review = models.BooleanField("查阅资料", default=False)
    by_discussion = models.BooleanField("座谈", default=False)
    total_score = models.DecimalField("总分", max_digits=5, decimal_places=1, default=Decimal(0))
    meets_pass_rule = models.BooleanField("达到通过标准", default=False)
    decision = models.CharField("验收结论", max_length=10, choices=Decision.choices)
    rectifications = models.TextField("整改要求", blank=True, help_text="每行一条。")
    reasons = models.TextField("理由/意见", blank=True)
    override_reason = models.TextField("未达标仍予通过的理由", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="决定人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("决定时间", default=timezone.now)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    TOWNSHIP_STAFF_ACTIONS = ("view",)
    COUNTY_STAFF_ACTIONS = ("view", "export")  # written by acceptance_decide only

    class Meta:
        verbose_name = "验收记录"
        verbose_name_plural = "验收记录"
        default_permissions = DATA_PERMISSIONS
        ordering = ["application", "round_number"]
        constraints = [models.UniqueConstraint(fields=["application", "round_number"], name="one_acceptance_per_round")]

    def __str__(self) -> str:
        return f"{self.application} 第{self.round_number}轮验收"

    @property
    def methods_display(self) -> str:
        names = [
            label
            for flag, label in (
                (self.by_site_visit, "实地查看"),
                (self.by_document_review, "查阅资料"),
                (self.by_discussion, "座谈"),
            )
            if flag
        ]
        return "、".join(names)

    @property
    def rectification_items(self) -> list[str]:
        return [line.strip() for line in self.rectifications.splitlines() if line.strip()]


class CriterionScore(TownshipOwned):
    """The county's score and comment on one criterion, in an acceptance or a review round."""

    criterion = models.ForeignKey(Criterion, verbose_name="评分细则", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField("得分", max_digits=4, decimal_places=1)
    comment = models.TextField("评语", blank=True)

    objects = ScopedQuerySet.as_manager()

    TOWNSHIP_STAFF_ACTIONS = ("view",)
    COUNTY_STAFF_ACTIONS = ("view",)

    class Meta:
        abstract = True
        ordering = ["criterion__order", "criterion_id"]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class AcceptanceScore(CriterionScore):
    acceptance = models.ForeignKey(Acceptance, verbose_name="验收", on_delete=models.CASCADE, related_name="scores")
    history = HistoricalRecords()

    township_from = ("acceptance",)

    class Meta(CriterionScore.Meta):
        verbose_name = "验收评分"
        verbose_name_plural = "验收评分"
        constraints = [
            models.UniqueConstraint(fields=["acceptance", "criterion"], name="one_acceptance_score_per_criterion")
        ]


class StatusChange(TownshipOwned):
    """Audit row of one workflow move: who moved the application from which status to which, and why."""

    township_from = ("application",)
    application = models.ForeignKey(
        Application, verbose_name="申报", on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField("原状态", max_length=20, choices=Application.Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=20, choices=Application.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    comment = models.TextField("说明", blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    TOWNSHIP_STAFF_ACTIONS = ("view",)
    COUNTY_STAFF_ACTIONS = ("view", "export")

    class Meta:
        verbose_name = "流程记录"
        verbose_name_plural = "流程记录"
        default_permissions = DATA_PERMISSIONS
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '新建'} → {self.get_to_status_display()}"


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


class Designation(TownshipOwned):
    """挂牌: a unit designated as a demonstration site of a category, level and year."""

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

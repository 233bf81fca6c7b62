"""Applications (申报), their self-assessment and attachments, the county's acceptance rounds and scores,
and the trail of status changes."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from demo_sites.models.criteria import CATEGORY_UNIT_KINDS, Category, CriteriaSet, Criterion, Level, year_end
from files.uploads import attachment_path, validate_attachment
from orgs.models import DATA_PERMISSIONS, Unit
from orgs.ownership import TownshipOwned
from orgs.scoping import ScopedQuerySet

if TYPE_CHECKING:
    from demo_sites.models.designations import Designation


class ApplicationQuerySet(ScopedQuerySet):
    def awaiting_acceptance(self) -> ApplicationQuerySet:
        return self.filter(status=Application.Status.SUBMITTED)

    def overdue(self, today: datetime.date | None = None) -> ApplicationQuerySet:
        """Still open (waiting for the county or for rectification) after its deadline."""
        today = today or timezone.localdate()
        return self.filter(status__in=Application.OPEN_STATUSES, deadline__lt=today)

    def recommendations(self) -> ApplicationQuerySet:
        """推荐市级: the county's recommendations of its 县级 sites to the city (not township applications)."""
        return self.filter(recommended_from__isnull=False)

    def township_applications(self) -> ApplicationQuerySet:
        """申报 made by a township (or the county for an organ) for the county's acceptance."""
        return self.filter(recommended_from__isnull=True)

    def awaiting_city(self, year: int | None = None) -> ApplicationQuerySet:
        """待市级审核: recommended to the city and not decided yet; with ``year``, recommended in that year or
        earlier (a recommendation of December may wait into the next year and still counts there)."""
        qs = self.filter(status=Application.Status.RECOMMENDED)
        return qs.filter(year__lte=year) if year is not None else qs

    def awaiting_township(self) -> ApplicationQuerySet:
        """Waiting for the township: drafts not yet submitted and applications returned for 整改."""
        return self.filter(status__in=Application.EDITABLE_STATUSES)

    def deadline_near(self, today: datetime.date | None = None) -> ApplicationQuerySet:
        """Waiting for the township (``awaiting_township``) with the 验收截止日期 from ``today`` to
        ``today`` + ``DEADLINE_NOTICE_DAYS`` days, both included (past deadlines are ``overdue``)."""
        today = today or timezone.localdate()
        last = today + datetime.timedelta(days=Application.DEADLINE_NOTICE_DAYS)
        return self.awaiting_township().filter(deadline__gte=today, deadline__lte=last)


class Application(TownshipOwned):
    """创建申报: a township proposes one of its units for a category, level and year."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待验收"
        RECTIFYING = "rectifying", "整改中"
        ACCEPTED = "accepted", "通过"
        REJECTED = "rejected", "不通过"
        # 推荐市级: the county recommends an accepted 县级 site to the city, then records the city's decision.
        RECOMMENDED = "recommended", "待市级审核"
        CITY_ACCEPTED = "city_accepted", "市级通过"
        CITY_REJECTED = "city_rejected", "市级不通过"

    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.RECTIFYING)
    EDITABLE_STATUSES = (Status.DRAFT, Status.RECTIFYING)
    # The statuses of a recommendation to the city (``recommended_from`` set); the others are the county's
    # acceptance of a township's application.
    CITY_STATUSES = (Status.RECOMMENDED, Status.CITY_ACCEPTED, Status.CITY_REJECTED)
    # A 验收截止日期 this close (in days) is announced to the township (its 待办 list, the reminders).
    DEADLINE_NOTICE_DAYS = 30

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
    recommended_from = models.ForeignKey(
        "demo_sites.Designation",
        verbose_name="推荐依据(县级示范点)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="city_recommendations",
        help_text="推荐市级时所依据的在挂牌县级示范点；为空的是乡镇的申报。",
    )
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
        permissions = [
            ("submit_application", "提交申报"),
            ("decide_application", "验收决定"),
            ("recommend_to_city", "推荐市级"),
            ("record_city_decision", "登记市级审核结果"),
        ]
        ordering = ["-year", "-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "category", "level", "year"],
                name="one_application_per_unit_category_level_year",
                violation_error_message="该单位本年度已有同类别、同级别的申报。",
            ),
            # Recommending a site twice: one recommendation waits for the city at a time.
            models.UniqueConstraint(
                fields=["unit", "category"],
                condition=models.Q(status="recommended"),
                name="one_pending_city_recommendation_per_unit_category",
                violation_error_message="该单位已推荐市级，正等待市妇联审核，不能重复推荐。",
            ),
        ]
        indexes = [models.Index(fields=["township", "status", "year"])]

    def __str__(self) -> str:
        return f"{self.year}年 {self.unit} {self.get_level_display()}{self.get_category_display()}"

    @property
    def is_recommendation(self) -> bool:
        return self.recommended_from_id is not None

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
        if (
            self.status in (*self.OPEN_STATUSES, self.Status.RECOMMENDED)
            and self.unit_id
            and self.category
            and self.level
        ):
            held = self.designation_held()
            if held is not None:
                raise ValidationError({"unit": held.already_held_message}, code="level_already_held")

    def designation_held(self, on: datetime.date | None = None) -> Designation | None:
        """The designation by which the unit already holds this application's category and level on
        ``on`` (today by default), other than the one this application itself led to; None if none."""
        from demo_sites.models.designations import Designation

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

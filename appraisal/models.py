"""年度工作任务与分类考核: the county's task list per category and year, its items, and each assessee's
report, score and trail.

* ``Category``: 乡镇（街道）, 机关事业单位, and any the county adds; says who is assessed (township or organ).
* ``TaskList`` / ``TaskItem``: the year's 《…妇女工作任务》, data the county edits in the admin (copied from last
  year by ``services.task_list_copy``). Reference data: every role reads a published list.
* ``Assessment``: one item for one assessee (a township, or a county organ, which belongs to no township and
  so is the county's own row); what it reported, its score and the county's comment. Created when somebody
  first acts on it; an item nobody acted on counts as 待报送 with no score.
* ``AssessmentAttachment``, ``AssessmentChange``: the evidence, and the status trail of every move.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from appraisal.auto_scoring import RULES, rule_choices
from files.uploads import attachment_path, validate_attachment
from orgs.models import DATA_PERMISSIONS, Unit
from orgs.ownership import TownshipOwned
from orgs.scoping import ScopedQuerySet


def points_text(value) -> str:
    """A score or points as people write them: 5, 4.5 (never 5.0 or 5E+1)."""
    return f"{Decimal(value).normalize():f}"


class Category(models.Model):
    """考核类别: whose work a list assesses. The county may add categories (e.g. 社区) in the admin."""

    class Assessee(models.TextChoices):
        TOWNSHIP = Unit.Kind.TOWNSHIP, "乡镇（街道）妇联"
        ORGAN = Unit.Kind.ORGAN, "县直机关、事业单位妇委会"

    REFERENCE_DATA = True

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("类别名称", max_length=40, unique=True)
    assessee = models.CharField("考核对象", max_length=20, choices=Assessee.choices)
    order = models.PositiveSmallIntegerField("排序", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "考核类别"
        verbose_name_plural = "考核类别"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    def assessees(self) -> models.QuerySet[Unit]:
        """The units this category assesses, in the county's order."""
        return Unit.objects.filter(kind=self.assessee).order_by("pk")


class TaskListQuerySet(ScopedQuerySet):
    def published(self) -> TaskListQuerySet:
        return self.filter(status=TaskList.Status.PUBLISHED)


class TaskList(models.Model):
    """《镇街道妇女工作任务》 or 《区直机关妇女工作任务》 of one year: a draft until the county publishes it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    REFERENCE_DATA = True

    year = models.PositiveSmallIntegerField("年度", db_index=True)
    category = models.ForeignKey(Category, verbose_name="考核类别", on_delete=models.PROTECT, related_name="lists")
    title = models.CharField("任务名称", max_length=100)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    computed_at = models.DateTimeField("自动评分时间", null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", verbose_name="复制自", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = TaskListQuerySet.as_manager()

    class Meta:
        verbose_name = "年度工作任务"
        verbose_name_plural = "年度工作任务"
        permissions = [("publish_tasklist", "发布年度工作任务")]
        ordering = ["-year", "category__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "category"],
                name="one_task_list_per_year_category",
                violation_error_message="该类别本年度已有工作任务。",
            )
        ]

    def __str__(self) -> str:
        return self.title  # 《2026年镇街道妇女工作任务》: the year is in the title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def total_points(self) -> Decimal:
        return sum((item.points for item in self.items.all()), Decimal(0))


class TaskItem(models.Model):
    """One task: under a heading, with its points, what counts as done, the evidence asked for and a deadline;
    scored by county staff, or automatically from the portal's own figures (``auto_scoring.RULES``)."""

    class Scoring(models.TextChoices):
        MANUAL = "manual", "报送评分"
        AUTOMATIC = "automatic", "系统自动评分"

    REFERENCE_DATA = True

    task_list = models.ForeignKey(TaskList, verbose_name="年度工作任务", on_delete=models.CASCADE, related_name="items")
    heading = models.CharField("任务类别", max_length=40, help_text="如：组织建设、换届选举、示范创建。")
    order = models.PositiveSmallIntegerField("序号", default=0)
    name = models.CharField("任务名称", max_length=40, help_text="简称，用于排名表和考核情况表的表头。")
    content = models.TextField("任务内容")
    points = models.DecimalField("分值", max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))])
    done_criteria = models.TextField("完成标准")
    evidence_required = models.TextField("佐证材料", blank=True)
    deadline = models.DateField("完成时限")
    scoring = models.CharField("评分方式", max_length=20, choices=Scoring.choices, default=Scoring.MANUAL)
    rule = models.CharField("自动评分指标", max_length=40, choices=rule_choices(), blank=True)
    target = models.DecimalField(
        "目标值", max_digits=7, decimal_places=2, null=True, blank=True, help_text="比率填百分数，如 95 表示 ≥95%。"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "工作任务条目"
        verbose_name_plural = "工作任务条目"
        ordering = ["task_list", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}（{points_text(self.points)}分）"

    @property
    def is_automatic(self) -> bool:
        return self.scoring == self.Scoring.AUTOMATIC

    @property
    def rule_spec(self):
        return RULES.get(self.rule)

    @property
    def target_display(self) -> str:
        spec = self.rule_spec
        return spec.describe_target(self.target) if spec is not None else ""

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.is_automatic:
            spec = self.rule_spec
            if spec is None:
                errors["rule"] = "自动评分的任务须选择评分指标。"
            elif spec.needs_target and self.target is None:
                errors["target"] = f"“{spec.name}”须填写目标值。"
            if self.task_list_id and self.task_list.category.assessee != Category.Assessee.TOWNSHIP:
                errors["scoring"] = "系统只有乡镇（街道）的统计数据，此类别的任务只能报送评分。"
        elif self.rule:
            errors["rule"] = "报送评分的任务不选评分指标。"
        if self.pk is not None and self.points is not None:
            over = Assessment.objects.filter(item_id=self.pk, score__gt=self.points).count()
            if over:
                errors["points"] = f"已有 {over} 个单位的得分高于 {points_text(self.points)} 分，不能把分值改小。"
        if errors:
            raise ValidationError(errors)


class AssessmentQuerySet(ScopedQuerySet):
    def awaiting_score(self) -> AssessmentQuerySet:
        return self.filter(status=Assessment.Status.REPORTED)


class Assessment(TownshipOwned):
    """One task item for one assessee: its report (说明 and 佐证), score and the county's comment."""

    class Status(models.TextChoices):
        PENDING = "pending", "待报送"
        REPORTED = "reported", "已报送"
        RETURNED = "returned", "退回补充"
        SCORED = "scored", "已评分"

    REPORTABLE_STATUSES = (Status.PENDING, Status.RETURNED)

    township_from = ("unit",)
    item = models.ForeignKey(TaskItem, verbose_name="任务条目", on_delete=models.PROTECT, related_name="assessments")
    unit = models.ForeignKey(Unit, verbose_name="考核单位", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    note = models.TextField("完成情况说明", blank=True)
    reported_at = models.DateTimeField("报送时间", null=True, blank=True)
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    comment = models.TextField("县妇联评语", blank=True)
    explanation = models.CharField("自动评分依据", max_length=200, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评分人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    scored_at = models.DateTimeField("评分时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = AssessmentQuerySet.as_manager()

    # Township staff see and report their own; scoring and returning stay with the county.
    TOWNSHIP_STAFF_ACTIONS = ("view", "report")
    COUNTY_STAFF_ACTIONS = ("view", "export", "report", "score")

    class Meta:
        verbose_name = "考核任务完成情况"
        verbose_name_plural = "考核任务完成情况"
        default_permissions = DATA_PERMISSIONS
        permissions = [("report_assessment", "报送考核任务"), ("score_assessment", "考核评分")]
        ordering = ["item__order", "item_id", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "unit"], name="one_assessment_per_item_unit"),
            models.CheckConstraint(condition=models.Q(score__gte=0), name="assessment_score_not_negative"),
        ]
        indexes = [models.Index(fields=["township", "status"])]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.item_id}"

    def clean(self) -> None:
        if self.item_id and self.unit_id and self.unit.kind != self.item.task_list.category.assessee:
            raise ValidationError({"unit": f"{self.unit.name}不是“{self.item.task_list.category}”的考核对象。"})
        if self.score is not None and self.item_id and self.score > self.item.points:
            raise ValidationError({"score": f"得分不能超过该项分值 {points_text(self.item.points)} 分。"})

    @property
    def is_reportable(self) -> bool:
        return self.status in self.REPORTABLE_STATUSES


class AssessmentAttachment(TownshipOwned):
    """佐证材料: stored under a generated name, served only through a scoped view."""

    township_from = ("assessment",)
    assessment = models.ForeignKey(
        Assessment, verbose_name="考核任务", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_path, validators=[validate_attachment], max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小(字节)", default=0)
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
        verbose_name = "考核佐证材料"
        verbose_name_plural = "考核佐证材料"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class AssessmentChange(TownshipOwned):
    """Status trail: who moved an assessment from which status to which, with the score given and why."""

    township_from = ("assessment",)
    assessment = models.ForeignKey(
        Assessment, verbose_name="考核任务", on_delete=models.CASCADE, related_name="changes"
    )
    from_status = models.CharField("原状态", max_length=20, choices=Assessment.Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=20, choices=Assessment.Status.choices)
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    comment = models.TextField("说明", blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    TOWNSHIP_STAFF_ACTIONS = ("view",)
    COUNTY_STAFF_ACTIONS = ("view", "export")

    class Meta:
        verbose_name = "考核流程记录"
        verbose_name_plural = "考核流程记录"
        default_permissions = DATA_PERMISSIONS
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '新建'} → {self.get_to_status_display()}"

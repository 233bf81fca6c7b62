"""Training events and service activities the federation organises, and who attended them.

Scoping follows ``orgs``: an event carries the township of its organiser (None when the county organised
it, so only county-wide roles see it); an attendance row carries the township of the cadre who attended
(or the event's township for an external participant), so a township sees her own cadres' training
record even when the county ran the course.
"""

from __future__ import annotations

import posixpath
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_update_with_history

from files.uploads import attachment_path, validate_attachment
from orgs.models import DATA_PERMISSIONS, Cadre, Unit
from orgs.ownership import TownshipOwned
from orgs.scoping import ScopedQuerySet


class Audience(models.Model):
    """培训对象: whom an event is meant for (reference data seeded by a migration)."""

    name = models.CharField("名称", max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    history = HistoricalRecords()

    REFERENCE_DATA = True  # the county's list, the same for every township (orgs.scoping)
    # Seeded by migration 0002 (and again by the demo loader, since a reset flushes migration rows).
    STANDARD = (
        "科局级妇女干部",
        "“两代表一委员”",
        "新任村级妇女干部",
        "城乡社区妇联主席",
        "乡镇(街道)妇联主席",
        "村（社区）妇联主席",
        "执委",
        "两新组织妇女干部",
        "巾帼志愿者",
        "妇女群众",
    )
    # County staff keep the list; townships choose from it.
    TOWNSHIP_STAFF_ACTIONS = ("view",)

    class Meta:
        verbose_name = "培训对象"
        verbose_name_plural = "培训对象"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Event(TownshipOwned):
    """培训或活动: one course, meeting or service activity, organised by the county or a township."""

    class Category(models.TextChoices):
        TRAINING = "training", "培训"
        ACTIVITY = "activity", "活动"

    class Kind(models.TextChoices):
        COURSE = "course", "培训班"
        MEETING = "meeting", "以会代训"
        CORE_MEMBERS = "core_members", "骨干培训"
        EXCHANGE = "exchange", "工作交流"
        ON_SITE = "on_site", "现场推进会"
        STUDY_TOUR = "study_tour", "外出考察"

    class ActivityKind(models.TextChoices):
        CULTURE_STAGE = "culture_stage", "巾帼文化大舞台"
        CONDOLENCE = "condolence", "慰问"
        RIGHTS_RECEPTION = "rights_reception", "维权接待"
        SPRING_BUD = "spring_bud", "春蕾计划"
        CARING_MOTHER = "caring_mother", "爱心妈妈结对"
        OTHER = "other", "其他"

    # A township's event belongs to that township; the county's events belong to no township (the county's
    # own township key is empty), so only county-wide roles see them.
    township_from = ("organiser",)
    title = models.CharField("名称", max_length=200)
    # No indexes on the event's own columns: the table stays small (thousands of rows), and an index on
    # category or date makes SQLite answer "did this cadre attend a training this year" by probing every
    # event of the year instead of the cadre's few attendance rows.
    category = models.CharField("类别", max_length=20, choices=Category.choices, default=Category.TRAINING)
    kind = models.CharField("培训形式", max_length=20, choices=Kind.choices, blank=True)
    activity_kind = models.CharField("活动类型", max_length=20, choices=ActivityKind.choices, blank=True)
    audiences = models.ManyToManyField(Audience, verbose_name="培训对象", blank=True, related_name="events")
    organiser = models.ForeignKey(
        Unit,
        verbose_name="主办单位",
        on_delete=models.PROTECT,
        related_name="organised_events",
        limit_choices_to={"kind__in": (Unit.Kind.COUNTY, Unit.Kind.TOWNSHIP)},
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    place = models.CharField("地点", max_length=200, blank=True)
    hours = models.DecimalField(
        "学时",
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="培训必须填写（大于0）；参训人员的认定学时随此变化，单独认定的除外。活动可填0。",
    )
    budget = models.DecimalField(
        "经费(元)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    participant_count = models.PositiveIntegerField(
        "参与人数", null=True, blank=True, help_text="活动填写参与群众人数；培训的参训人数按签到记录统计。"
    )
    description = models.TextField("内容简介", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(m2m_fields=[audiences], excluded_fields=["updated_at"])

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "培训与活动"
        verbose_name_plural = "培训与活动"
        default_permissions = DATA_PERMISSIONS
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["township", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_start",
                violation_error_message="结束日期不能早于开始日期。",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_activity(self) -> bool:
        return self.category == self.Category.ACTIVITY

    @property
    def type_display(self) -> str:
        return self.get_activity_kind_display() if self.is_activity else self.get_kind_display()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.organiser_id and self.organiser.kind not in (Unit.Kind.COUNTY, Unit.Kind.TOWNSHIP):
            errors["organiser"] = "主办单位只能是县妇联或乡镇(街道)妇联。"
        if self.category == self.Category.TRAINING:
            if not self.kind:
                errors["kind"] = "培训请选择培训形式。"
            if self.activity_kind:
                errors["activity_kind"] = "培训不填写活动类型。"
        elif self.category == self.Category.ACTIVITY:
            if not self.activity_kind:
                errors["activity_kind"] = "活动请选择活动类型。"
            if self.kind:
                errors["kind"] = "活动不填写培训形式。"
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "结束日期不能早于开始日期。"
        if isinstance(self.hours, Decimal | int | float):
            if self.category == self.Category.TRAINING and self.hours <= 0:
                errors["hours"] = "培训须填写学时，且学时应大于0。"
            elif self.pk:
                # Hours set for one participant may not exceed the event's (checked as when they were entered).
                above = Attendance.objects.filter(event_id=self.pk, hours_individual__gt=self.hours).count()
                if above:
                    errors["hours"] = (
                        f"有 {above} 名参训人员单独认定的学时超过 {self.hours}，"
                        "请先修改这些参训记录的认定学时，再降低本次学时。"
                    )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        # When the organiser changes township, its attachments and external participants follow it
        # (orgs.ownership); a cadre's attendance stays with her own township.
        adding = self._state.adding
        previous = None if adding else type(self).objects.filter(pk=self.pk).values_list("hours", flat=True).first()
        super().save(*args, **kwargs)
        if previous is not None and previous != Decimal(str(self.hours)):
            self._credit_hours()

    def _credit_hours(self) -> None:
        """When the event's hours change, every participant whose hours follow the event is credited the
        new hours (a correction made after attendance was recorded is not lost); hours set for one
        participant stay. Here rather than in a service so that the admin's save does it too; each row's
        change is kept in its history. A fixed number of queries."""
        rows = list(
            self.attendances.filter(status=Attendance.Status.ATTENDED, hours_individual__isnull=True).exclude(
                hours_credited=self.hours
            )
        )
        for row in rows:
            row.derive_hours(event_hours=self.hours)
        if rows:
            bulk_update_with_history(
                rows,
                Attendance,
                ["hours_credited"],
                batch_size=500,
                default_user=getattr(self, "_history_user", None),
                default_change_reason="随本次学时调整",
            )


class EventAttachment(TownshipOwned):
    """附件: an agenda, photo or sign-in scan of an event, downloaded only through a scoped view."""

    class Kind(models.TextChoices):
        AGENDA = "agenda", "议程/通知"
        PHOTO = "photo", "照片"
        SIGN_IN = "sign_in", "签到表"
        MATERIAL = "material", "课件/材料"
        OTHER = "other", "其他"

    township_from = ("event",)
    event = models.ForeignKey(Event, verbose_name="培训与活动", on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("附件类型", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField("文件", upload_to=attachment_path, validators=[validate_attachment], max_length=200)
    original_name = models.CharField("文件名", max_length=200, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "培训与活动附件"
        verbose_name_plural = "培训与活动附件"
        ordering = ["event", "id"]

    def __str__(self) -> str:
        return self.original_name or posixpath.basename(self.file.name)

    def save(self, *args, **kwargs) -> None:
        if not self.original_name and self.file:
            self.original_name = posixpath.basename(self.file.name)[:200]
        super().save(*args, **kwargs)


class Attendance(TownshipOwned):
    """参训记录: one person at one event, a cadre from the roster or an external participant."""

    class Status(models.TextChoices):
        ATTENDED = "attended", "已参加"
        ABSENT = "absent", "缺席"

    # A cadre's row belongs to her township (and follows her when she is transferred); an external
    # participant's to the event's.
    township_from = ("cadre", "event")
    event = models.ForeignKey(Event, verbose_name="培训与活动", on_delete=models.CASCADE, related_name="attendances")
    cadre = models.ForeignKey(
        Cadre, verbose_name="妇女干部", on_delete=models.PROTECT, null=True, blank=True, related_name="attendances"
    )
    name = models.CharField("姓名", max_length=30, blank=True, help_text="不在干部名册中的参训人员填写。")
    organisation_name = models.CharField("单位", max_length=100, blank=True)
    status = models.CharField("出勤", max_length=10, choices=Status.choices, default=Status.ATTENDED)
    # What a participant is credited is decided in one place, ``credited_hours``: none when absent,
    # else the hours set for her alone, else the event's. ``hours_credited`` stores the result so that
    # every reader (pages, selectors, reports, exports) just sums a column; ``derive_hours`` (called by
    # ``save`` and by every bulk writer) and ``Event._credit_hours`` keep it current.
    hours_individual = models.DecimalField(
        "单独认定学时",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="留空则按本次学时认定，本次学时修改后随之变化；缺席为0。",
    )
    hours_credited = models.DecimalField(
        "认定学时",
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        editable=False,
        validators=[MinValueValidator(Decimal("0"))],
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "参训记录"
        verbose_name_plural = "参训记录"
        default_permissions = DATA_PERMISSIONS
        ordering = ["event", "id"]
        indexes = [models.Index(fields=["cadre", "status"]), models.Index(fields=["township", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "cadre"],
                condition=Q(cadre__isnull=False),
                name="one_attendance_per_cadre_and_event",
                violation_error_message="该干部已登记参加此次培训/活动。",
            ),
            models.CheckConstraint(
                condition=Q(cadre__isnull=False) | ~Q(name=""),
                name="attendance_has_person",
                violation_error_message="请选择干部，或填写参训人员姓名。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} 参训记录"

    @property
    def participant_name(self) -> str:
        return self.cadre.name if self.cadre_id else self.name

    @property
    def participant_unit(self) -> str:
        return self.cadre.unit.name if self.cadre_id else self.organisation_name

    @staticmethod
    def credited_hours(*, status: str, event_hours: Decimal, hours_individual: Decimal | None) -> Decimal:
        """认定学时: none when absent, else the hours set for this participant, else the event's."""
        if status != Attendance.Status.ATTENDED:
            return Decimal("0")
        return Decimal(str(event_hours)) if hours_individual is None else hours_individual

    def derive_hours(self, *, event_hours: Decimal | None = None) -> None:
        """Set ``hours_credited`` from the rule above. Hours set individually that equal the event's are not
        an individual setting (an exported sheet imported again must not pin every row)."""
        event_hours = self.event.hours if event_hours is None else event_hours
        if self.hours_individual is not None and Decimal(str(self.hours_individual)) == Decimal(str(event_hours)):
            self.hours_individual = None
        self.hours_credited = self.credited_hours(
            status=self.status, event_hours=event_hours, hours_individual=self.hours_individual
        )

    def clean(self) -> None:
        if self.hours_individual is not None and self.event_id and self.hours_individual > self.event.hours:
            raise ValidationError({"hours_individual": f"认定学时不能超过本次培训的学时（{self.event.hours}）。"})

    def save(self, *args, **kwargs) -> None:
        if self.cadre_id:
            self.name = ""
        self.derive_hours()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "hours_individual", "hours_credited"}
        super().save(*args, **kwargs)


class ScanSignIn(TownshipOwned):
    """扫码签到: one person who signed in at an event by scanning its QR code, waiting for the organiser.

    Written by an anonymous participant (``training.scan_signin``), so it keeps only what she typed, in its
    stored form: the name, the mobile number as ``entry.phones`` keeps it, and at most the last four
    characters of her 身份证号. The organiser confirms it (an ``Attendance`` is created through the same
    writer as the sign-in sheet's) or sets it aside; it is matched to a cadre only then, so a roster
    corrected in the meantime counts."""

    class Status(models.TextChoices):
        PENDING = "pending", "待确认"
        CONFIRMED = "confirmed", "已确认"
        DISMISSED = "dismissed", "未采纳"

    township_from = ("event",)
    event = models.ForeignKey(Event, verbose_name="培训与活动", on_delete=models.CASCADE, related_name="scan_sign_ins")
    name = models.CharField("姓名", max_length=30)
    phone = models.CharField("手机号", max_length=20)
    id_last4 = models.CharField("身份证号后四位", max_length=4, blank=True)
    signed_in_at = models.DateTimeField("签到时间", auto_now_add=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    attendance = models.OneToOneField(
        Attendance,
        verbose_name="参训记录",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scan_sign_in",
        editable=False,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField("确认时间", null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    # Participants write these rows; staff only look at them (the portal's confirm page decides them).
    TOWNSHIP_STAFF_ACTIONS = ("view",)
    COUNTY_STAFF_ACTIONS = ("view",)

    class Meta:
        verbose_name = "扫码签到"
        verbose_name_plural = "扫码签到"
        default_permissions = ("view",)
        ordering = ["event", "signed_in_at", "id"]
        indexes = [models.Index(fields=["event", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "phone"],
                name="one_scan_sign_in_per_phone_and_event",
                violation_error_message="该手机号已在本次培训/活动签到。",
            ),
        ]

    def __str__(self) -> str:
        # Named by the event only: the admin's LogEntry and the audit log keep str(obj).
        return f"{self.event} 扫码签到"

"""联系点 ("123"联系点制度): which county leader or staff member follows which grassroots unit in a year, the
visits they make there and the photos of those visits.

A contact point belongs to the township of its unit (a township unit owns itself), and its visits and photos
to the same township, so a township sees who her contacts are and what they found, and nothing of another
township's. The county assigns contact points and records the visits (also for its leaders); townships and
leadership read them (``TOWNSHIP_STAFF_ACTIONS``; leadership holds view only, ``orgs.roles``).

How many contact points of each kind one person takes on per year is a setting (``CONTACT_POINT_QUOTA``);
``quota_refusal`` is the one place that reads it.
"""

from __future__ import annotations

import posixpath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from files.uploads import attachment_path, validate_photo
from orgs import roles
from orgs.models import DATA_PERMISSIONS, Unit
from orgs.ownership import TownshipOwned
from orgs.scoping import ScopedQuerySet

# Units a contact point may name: a township, a village or community, an enterprise or social organisation.
CONTACT_UNIT_KINDS = (
    Unit.Kind.TOWNSHIP,
    Unit.Kind.VILLAGE,
    Unit.Kind.COMMUNITY,
    Unit.Kind.ENTERPRISE,
    Unit.Kind.SOCIAL_ORG,
)
# Roles whose members are assigned contact points: the county's leaders and staff.
CONTACT_ROLES = (roles.COUNTY_STAFF, roles.LEADER)


def contact_people():
    """The users who may be assigned a contact point: active county staff and leaders."""
    from django.contrib.auth.models import User

    return (
        User.objects.filter(is_active=True, groups__name__in=CONTACT_ROLES)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def person_name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else "—"


class ContactPointQuerySet(ScopedQuerySet):
    def with_visit_counts(self):
        """Each contact point's number of visits, its open follow-ups and its last visit date (no query per row)."""
        return self.annotate(
            visit_count=Count("visits", distinct=True),
            open_follow_ups=Count("visits", filter=Visit.OPEN_FOLLOW_UP_OF_VISITS, distinct=True),
            last_visit=Max("visits__visited_on"),
        )


class ContactPoint(TownshipOwned):
    """联系点: one county leader or staff member following one unit for one year."""

    class Category(models.TextChoices):
        TOWNSHIP = "township", "乡镇(街道)"
        VILLAGE_OR_COMMUNITY = "village_or_community", "村(社区)"
        ENTERPRISE_OR_SITE = "enterprise_or_site", "两新组织或示范点创建单位"

    # Which categories a unit of each kind may be counted under: a village or community that is creating a
    # 示范点 may be one of the person's three "企业或示范点创建单位" instead of one of her two villages.
    CATEGORIES_BY_KIND = {
        Unit.Kind.TOWNSHIP: (Category.TOWNSHIP,),
        Unit.Kind.VILLAGE: (Category.VILLAGE_OR_COMMUNITY, Category.ENTERPRISE_OR_SITE),
        Unit.Kind.COMMUNITY: (Category.VILLAGE_OR_COMMUNITY, Category.ENTERPRISE_OR_SITE),
        Unit.Kind.ENTERPRISE: (Category.ENTERPRISE_OR_SITE,),
        Unit.Kind.SOCIAL_ORG: (Category.ENTERPRISE_OR_SITE,),
    }

    township_from = ("unit",)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="联系人",
        on_delete=models.PROTECT,
        related_name="contact_points",
        help_text="县妇联领导或工作人员。",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="联系单位",
        on_delete=models.PROTECT,
        related_name="contact_points",
        limit_choices_to={"kind__in": CONTACT_UNIT_KINDS},
    )
    category = models.CharField("联系类别", max_length=30, choices=Category.choices)
    note = models.CharField("联系事项", max_length=200, blank=True, help_text="如：指导创建“妇女之家”示范点。")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = ContactPointQuerySet.as_manager()

    # The county assigns contact points; a township reads who hers are.
    TOWNSHIP_STAFF_ACTIONS = ("view",)

    class Meta:
        verbose_name = "联系点"
        verbose_name_plural = "联系点"
        default_permissions = DATA_PERMISSIONS
        ordering = ["-year", "township_id", "unit__kind", "unit__name", "pk"]
        indexes = [models.Index(fields=["township", "year"]), models.Index(fields=["person", "year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "person", "unit"],
                name="one_contact_point_per_person_unit_year",
                violation_error_message="该联系人本年度已联系此单位。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.unit.name if self.unit_id else ''}联系点"

    @classmethod
    def default_category(cls, kind: str) -> str | None:
        allowed = cls.CATEGORIES_BY_KIND.get(kind)
        return allowed[0] if allowed else None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.unit_id:
            allowed = self.CATEGORIES_BY_KIND.get(self.unit.kind)
            if allowed is None:
                errors["unit"] = "联系单位只能是乡镇(街道)、村、社区、非公企业或社会组织。"
            elif not self.category:
                self.category = allowed[0]
            elif self.category not in allowed:
                labels = "、".join(str(self.Category(c).label) for c in allowed)
                errors["category"] = f"{self.unit.get_kind_display()}只能作为“{labels}”联系点。"
        if self.person_id and not contact_people().filter(pk=self.person_id).exists():
            errors["person"] = "联系人须为县妇联领导或工作人员。"
        if not errors and self.person_id and self.year and self.category:
            refusal = quota_refusal(person=self.person, year=self.year, category=self.category, exclude_pk=self.pk)
            if refusal:
                errors["category"] = refusal
        if errors:
            raise ValidationError(errors)


def quota_refusal(*, person, year: int, category: str, exclude_pk: int | None = None) -> str | None:
    """Why ``person`` may not take one more contact point of ``category`` in ``year`` (None when she may):
    the "123" rule, each kind's number per person and year from ``CONTACT_POINT_QUOTA``."""
    quota = settings.CONTACT_POINT_QUOTA.get(category)
    if quota is None:
        return None
    taken = ContactPoint.objects.filter(person=person, year=year, category=category).exclude(pk=exclude_pk)
    names = list(taken.order_by("unit__name").values_list("unit__name", flat=True))
    if len(names) < quota:
        return None
    label = ContactPoint.Category(category).label
    return (
        f"按“123”联系点制度，每人每年联系{label}不超过 {quota} 个；"
        f"{person_name(person)} {year}年已联系：{'、'.join(names)}。请先调整已有联系点。"
    )


class VisitQuerySet(ScopedQuerySet):
    def open_follow_ups(self):
        return self.filter(Visit.OPEN_FOLLOW_UP)


class Visit(TownshipOwned):
    """走访记录: one visit to a contact point: who went, what they found, the help given and what follows."""

    township_from = ("contact_point",)
    contact_point = models.ForeignKey(
        ContactPoint, verbose_name="联系点", on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField("走访日期")
    visitors = models.CharField("参加人员", max_length=200)
    findings = models.TextField("发现问题")
    help_given = models.TextField("帮助指导")
    follow_up = models.TextField("后续事项", blank=True, help_text="需要跟进办理的事项；没有可不填。")
    follow_up_done = models.BooleanField("后续事项已办结", default=False)
    follow_up_done_on = models.DateField("办结日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = VisitQuerySet.as_manager()

    TOWNSHIP_STAFF_ACTIONS = ("view",)
    # A follow-up is open while it is written down and not yet done.
    OPEN_FOLLOW_UP = ~Q(follow_up="") & Q(follow_up_done=False)
    OPEN_FOLLOW_UP_OF_VISITS = ~Q(visits__follow_up="") & Q(visits__follow_up_done=False)

    class Meta:
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录"
        default_permissions = DATA_PERMISSIONS
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["township", "visited_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_done=False) | Q(follow_up_done_on__isnull=False),
                name="visit_follow_up_done_has_date",
                violation_error_message="后续事项已办结的，请填写办结日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} 走访记录" if self.visited_on else "走访记录"

    @property
    def follow_up_open(self) -> bool:
        return bool(self.follow_up.strip()) and not self.follow_up_done

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.visited_on:
            if self.visited_on > today:
                errors["visited_on"] = "走访日期不能晚于今天。"
            elif self.contact_point_id and self.visited_on.year != self.contact_point.year:
                errors["visited_on"] = f"走访日期应在联系点年度（{self.contact_point.year}年）内。"
        if self.follow_up_done:
            if not self.follow_up.strip():
                errors["follow_up_done"] = "没有后续事项，不能标记为已办结。"
            elif not self.follow_up_done_on:
                errors["follow_up_done_on"] = "后续事项已办结的，请填写办结日期。"
            elif self.visited_on and self.follow_up_done_on < self.visited_on:
                errors["follow_up_done_on"] = "办结日期不能早于走访日期。"
            elif self.follow_up_done_on > today:
                errors["follow_up_done_on"] = "办结日期不能晚于今天。"
        elif self.follow_up_done_on:
            self.follow_up_done_on = None
        if errors:
            raise ValidationError(errors)


class VisitPhoto(TownshipOwned):
    """走访照片: a photo of a visit (JPG or PNG only), downloaded only through a scoped view."""

    township_from = ("visit",)
    visit = models.ForeignKey(Visit, verbose_name="走访记录", on_delete=models.CASCADE, related_name="photos")
    file = models.FileField("照片", upload_to=attachment_path, validators=[validate_photo], max_length=200)
    caption = models.CharField("说明", max_length=100, blank=True)
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

    TOWNSHIP_STAFF_ACTIONS = ("view",)

    class Meta:
        verbose_name = "走访照片"
        verbose_name_plural = "走访照片"
        default_permissions = DATA_PERMISSIONS
        ordering = ["visit", "pk"]

    def __str__(self) -> str:
        return self.original_name or posixpath.basename(self.file.name)

    def save(self, *args, **kwargs) -> None:
        if not self.original_name and self.file:
            self.original_name = posixpath.basename(self.file.name)[:200]
        super().save(*args, **kwargs)


def covered_units(year: int):
    """A subquery: whether a unit (``OuterRef("pk")``) has a contact person in ``year``. The coverage page
    and the 联系点 indicators both ask this, so they count alike."""
    return Exists(ContactPoint.objects.filter(unit=OuterRef("pk"), year=year))

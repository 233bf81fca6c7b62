"""Cadres (妇女干部), their posts (任职) and the concurrent duties a post may carry (兼职岗位)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from orgs import idnumbers
from orgs.models.units import DATA_PERMISSIONS, Unit, WomenOrganisation
from orgs.ownership import TownshipOwned
from orgs.pinyin import person_initials_of
from orgs.scoping import ScopedQuerySet


class Duty(models.Model):
    """A concurrent duty (兼职) a cadre carries besides her federation post: 出纳, 文化, 组织 …"""

    REFERENCE_DATA = True  # the county's list, the same for every township (orgs.scoping)
    # The usual ones, created by migration 0002 (and again by load_demo after a reset).
    STANDARD = ("出纳", "文化", "组织", "宣传", "统计", "计生", "民政", "党建", "综治", "其他")

    name = models.CharField("名称", max_length=20, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "兼职岗位"
        verbose_name_plural = "兼职岗位"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class CadreQuerySet(ScopedQuerySet):
    def serving(self, on: datetime.date | None = None) -> CadreQuerySet:
        """Cadres holding a post on ``on`` (today by default) or kept as 后备干部: the roster the county
        contacts (a cadre whose posts have all ended stays on record, but is not asked about)."""
        held = Exists(Post.objects.current(on).filter(cadre=OuterRef("pk")))
        return self.filter(held | Q(is_reserve=True))

    def without_phone(self, on: datetime.date | None = None) -> CadreQuerySet:
        """Serving cadres (``serving``) with no 手机号 recorded."""
        return self.serving(on).filter(phone="")


class Cadre(TownshipOwned):
    """妇女干部: a woman recorded once, whatever posts she holds."""

    class Sex(models.TextChoices):
        FEMALE = "F", "女"
        MALE = "M", "男"

    class PoliticalStatus(models.TextChoices):
        PARTY_MEMBER = "party", "中共党员"
        PROBATIONARY = "probationary", "中共预备党员"
        LEAGUE_MEMBER = "league", "共青团员"
        DEMOCRATIC_PARTY = "democratic", "民主党派"
        MASSES = "masses", "群众"

    class Education(models.TextChoices):
        POSTGRADUATE = "postgraduate", "研究生"
        BACHELOR = "bachelor", "大学本科"
        COLLEGE = "college", "大专"
        HIGH_SCHOOL = "high_school", "高中/中专"
        JUNIOR = "junior", "初中及以下"

    class Position(models.TextChoices):
        CHAIR = "chair", "主席"
        VICE_CHAIR = "vice_chair", "副主席"
        STANDING = "standing", "常委"
        EXECUTIVE = "executive", "执委"
        DIRECTOR = "director", "妇女主任"
        COMMITTEE_DIRECTOR = "committee_director", "妇委会主任"

    township_from = ("unit",)
    unit = models.ForeignKey(Unit, verbose_name="所在单位", on_delete=models.PROTECT, related_name="cadres")
    name = models.CharField("姓名", max_length=30)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices, default=Sex.FEMALE)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    ethnicity = models.CharField("民族", max_length=20, default="汉族")
    political_status = models.CharField(
        "政治面貌", max_length=20, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    education = models.CharField("学历", max_length=20, choices=Education.choices, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    id_number_encrypted = models.TextField("身份证号(密文)", blank=True, editable=False)
    id_number_hash = models.CharField("身份证号索引", max_length=64, unique=True, null=True, blank=True, editable=False)
    id_number_masked = models.CharField("身份证号", max_length=18, blank=True, editable=False)
    is_reserve = models.BooleanField("后备干部", default=False)
    notes = models.TextField("备注", blank=True)
    name_initials = models.CharField("拼音首字母", max_length=30, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # The ciphertext stays out of history: a change shows as a changed lookup hash and mask.
    history = HistoricalRecords(excluded_fields=["id_number_encrypted", "name_initials", "updated_at"])

    objects = CadreQuerySet.as_manager()

    class Meta:
        verbose_name = "妇女干部"
        default_permissions = DATA_PERMISSIONS
        verbose_name_plural = "妇女干部"
        # Plain column ordering (not through Unit's own ordering) so that the index serves the changelist.
        ordering = ["township_id", "unit_id", "name"]
        indexes = [models.Index(fields=["township", "unit", "name"], name="orgs_cadre_listing")]
        permissions = [("reveal_id_number", "查看完整身份证号")]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        return idnumbers.decrypt(self.id_number_encrypted) if self.id_number_encrypted else ""

    @property
    def age(self) -> int | None:
        if not self.birth_date:
            return None
        today = timezone.localdate()
        return (
            today.year
            - self.birth_date.year
            - ((today.month, today.day) < (self.birth_date.month, self.birth_date.day))
        )

    def set_id_number(self, number: str) -> None:
        """Validate, then store encrypted with its lookup hash and mask; fills in the birth date."""
        number = idnumbers.normalise(number)
        if not number:
            self.id_number_encrypted, self.id_number_hash, self.id_number_masked = "", None, ""
            return
        try:
            idnumbers.validate_id_number(number)
        except ValidationError as exc:
            raise ValidationError({"id_number": exc.messages}) from exc
        born = idnumbers.birth_date_of(number)
        if self.birth_date and self.birth_date != born:
            raise ValidationError({"id_number": "身份证号中的出生日期与所填出生日期不一致。"})
        expected_sex = self.Sex.FEMALE if idnumbers.is_female(number) else self.Sex.MALE
        if self.sex and self.sex != expected_sex:
            raise ValidationError({"id_number": "身份证号显示的性别与所填性别不一致。"})
        lookup = idnumbers.lookup_hash(number)
        if type(self).objects.filter(id_number_hash=lookup).exclude(pk=self.pk).exists():
            raise ValidationError({"id_number": "该身份证号已登记，请勿重复录入。"})
        self.birth_date = born
        self.id_number_encrypted = idnumbers.encrypt(number)
        self.id_number_hash = lookup
        self.id_number_masked = idnumbers.mask(number)

    def save(self, *args, **kwargs) -> None:
        self.name_initials = person_initials_of(self.name)
        super().save(*args, **kwargs)


class PostQuerySet(ScopedQuerySet):
    def current(self, on: datetime.date | None = None) -> PostQuerySet:
        return self.filter(self.current_condition(on))

    @staticmethod
    def current_condition(on: datetime.date | None = None, prefix: str = "") -> Q:
        """Held on ``on`` (today by default): started by then, not ended before. ``prefix`` ("posts__")
        applies the same condition through a relation, e.g. in a filtered count per organisation."""
        on = on or timezone.localdate()
        return (Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": on})) & (
            Q(**{f"{prefix}started_on__isnull": True}) | Q(**{f"{prefix}started_on__lte": on})
        )

    def chairs(self) -> PostQuerySet:
        return self.filter(position=Cadre.Position.CHAIR)


class Post(TownshipOwned):
    """任职: one post a cadre holds in one women's organisation, with its tenure."""

    township_from = ("organisation",)
    cadre = models.ForeignKey(Cadre, verbose_name="干部", on_delete=models.CASCADE, related_name="posts")
    organisation = models.ForeignKey(
        WomenOrganisation, verbose_name="妇女组织", on_delete=models.PROTECT, related_name="posts"
    )
    position = models.CharField("职务", max_length=20, choices=Cadre.Position.choices, db_index=True)
    started_on = models.DateField("任职日期", null=True, blank=True)
    ended_on = models.DateField("离任日期", null=True, blank=True, db_index=True)
    is_full_time = models.BooleanField("专职", default=False)
    concurrent_duties = models.ManyToManyField(Duty, verbose_name="兼职岗位", blank=True, related_name="posts")
    on_committee = models.BooleanField("两委班子成员", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[concurrent_duties])

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = "任职"
        default_permissions = DATA_PERMISSIONS
        verbose_name_plural = "任职"
        ordering = ["organisation", "position", "cadre__name"]
        # The changelist's order (PostAdmin.ordering): a LIMIT scan, not a sort of every row.
        indexes = [models.Index(fields=["township", "organisation", "position", "id"], name="orgs_post_listing")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(position="chair", ended_on__isnull=True),
                name="one_current_chair_per_organisation",
                violation_error_message="该组织已有一名现任主席，请先填写原主席的离任日期。",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="post_ends_after_start",
                violation_error_message="离任日期不能早于任职日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.get_position_display()}"

    def clean(self) -> None:
        # Compare through the cadre's unit: a cadre being added together with her posts has no
        # township key yet (it is derived on save).
        cadre = getattr(self, "cadre", None)
        if cadre is None or not self.organisation_id or not cadre.unit_id:
            return
        if cadre.unit.township_id != self.organisation.township_id:
            raise ValidationError({"organisation": "干部与任职组织不属于同一乡镇。"})

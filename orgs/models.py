"""The county's grassroots organisations, the women who run them, and who may see which rows.

Every row that belongs to a township carries an indexed ``township`` foreign key, derived from its
parent row by ``orgs.ownership`` (on save and in every bulk writer), so that scoping a queryset to a user
is a single filter (see ``orgs.scoping``). Reference data (duties, leadership rules) has no township and
says so (``REFERENCE_DATA``).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from orgs import idnumbers
from orgs.ownership import TownshipOwned
from orgs.pinyin import initials_of, person_initials_of
from orgs.scoping import ScopedQuerySet

# Django's four actions plus import/export, which django-import-export checks by these codenames
# (IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import", ..._EXPORT_... = "export").
DATA_PERMISSIONS = ("add", "change", "delete", "view", "import", "export")


class Unit(TownshipOwned):
    """基层单位: the county, a township, or a unit below it, whether or not it has a women's organisation."""

    class Kind(models.TextChoices):
        COUNTY = "county", "县"
        TOWNSHIP = "township", "乡镇(街道)"
        COMMUNITY = "community", "社区"
        VILLAGE = "village", "村"
        ENTERPRISE = "enterprise", "非公企业"
        SOCIAL_ORG = "social_org", "社会组织"
        ORGAN = "organ", "县直机关/事业单位"
        GROUP_MEMBER = "group_member", "团体会员"

    class PartyOrganisation(models.TextChoices):
        NONE = "none", "未建立"
        OWN = "own", "独立党支部"
        JOINT = "joint", "联合党支部"

    # Kinds that sit under a township (and so carry its key); the others hang from the county.
    TOWNSHIP_KINDS = (Kind.COMMUNITY, Kind.VILLAGE, Kind.ENTERPRISE, Kind.SOCIAL_ORG)
    COUNTY_KINDS = (Kind.TOWNSHIP, Kind.ORGAN, Kind.GROUP_MEMBER)
    NEW_ORGANISATION_KINDS = (Kind.ENTERPRISE, Kind.SOCIAL_ORG)

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    township = models.ForeignKey(
        "self",
        verbose_name="所属乡镇",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="township_units",
        limit_choices_to={"kind": "township"},
        editable=False,
    )
    # A township owns itself (so that its staff see their own township row with the same filter); a unit
    # below it belongs to it; the county and the units hanging from it belong to no township.
    township_from = ("parent",)
    self_owned_when = {"kind": "township"}
    code = models.CharField("统一社会信用代码/区划代码", max_length=30, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    # 两新组织
    party_organisation = models.CharField(
        "党组织", max_length=10, choices=PartyOrganisation.choices, default=PartyOrganisation.NONE
    )
    employees = models.PositiveIntegerField("职工人数", null=True, blank=True)
    women_employees = models.PositiveIntegerField("女职工人数", null=True, blank=True)
    has_women_workers_committee = models.BooleanField("已建女职工委员会", default=False)
    # 村/社区
    woman_on_committees = models.BooleanField("两委班子中有女性", default=False)
    is_active = models.BooleanField("存续", default=True, help_text="关停、撤并的单位取消勾选，不再计入统计。")
    name_initials = models.CharField("拼音首字母", max_length=100, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(excluded_fields=["name_initials", "updated_at"])

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "基层单位"
        default_permissions = DATA_PERMISSIONS
        verbose_name_plural = "基层单位"
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="unit_name_unique_within_parent",
                violation_error_message="同一上级单位下已有同名单位。",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="unit_root_name_unique",
                violation_error_message="已有同名的县级单位。",
            ),
        ]
        # By name: imports and the 情况汇报 look units up by the names people write.
        indexes = [models.Index(fields=["township", "kind"]), models.Index(fields=["name"], name="orgs_unit_name_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        expected_parent = {
            self.Kind.COUNTY: None,
            self.Kind.TOWNSHIP: self.Kind.COUNTY,
            self.Kind.ORGAN: self.Kind.COUNTY,
            self.Kind.GROUP_MEMBER: self.Kind.COUNTY,
        }.get(self.kind, self.Kind.TOWNSHIP)
        parent_kind = self.parent.kind if self.parent_id else None
        if parent_kind != expected_parent:
            if expected_parent is None:
                raise ValidationError({"parent": "县级单位没有上级单位。"})
            label = self.Kind(expected_parent).label
            raise ValidationError({"parent": f"{self.get_kind_display()}的上级单位应为{label}。"})
        if self.employees is not None and self.women_employees is not None and self.women_employees > self.employees:
            raise ValidationError({"women_employees": "女职工人数不能多于职工人数。"})
        self._refuse_move_between_townships()

    def _refuse_move_between_townships(self) -> None:
        """Every row below a unit carries its township key; moving the unit would leave them behind
        (and hand its data to another township's staff), so a unit with data stays where it is."""
        if not self.pk or self.kind not in self.TOWNSHIP_KINDS:
            return
        old_parent_id = type(self).objects.filter(pk=self.pk).values_list("parent_id", flat=True).first()
        if old_parent_id is None or old_parent_id == self.parent_id:
            return
        if self.cadres.exists() or WomenOrganisation.objects.filter(unit_id=self.pk).exists():
            raise ValidationError(
                {"parent": "该单位已有妇女组织或干部数据，不能改属其他乡镇。如因区划调整确需变更，请联系系统管理员。"}
            )

    def save(self, *args, **kwargs) -> None:
        self.name_initials = initials_of(self.name)
        super().save(*args, **kwargs)


class WomenOrganisationQuerySet(ScopedQuerySet):
    def established(self, by: datetime.date | None = None) -> WomenOrganisationQuerySet:
        """Organisations that count as 已建 (what the 组建率 counts); see ``established_condition``."""
        return self.filter(WomenOrganisation.established_condition(by))

    def election_overdue(self, today: datetime.date | None = None) -> WomenOrganisationQuerySet:
        """Organisations whose next 换届 (after the latest one, or one term after founding) is past."""
        today = today or timezone.localdate()
        return self.established().filter(next_election_due__lt=today)


class WomenOrganisation(TownshipOwned):
    """妇女组织: the federation body inside a unit (妇联, 妇代会, 妇委会, 妇女小组)."""

    class Form(models.TextChoices):
        FEDERATION = "federation", "妇联"
        CONGRESS = "congress", "妇代会"
        COMMITTEE = "committee", "妇委会"
        GROUP = "group", "妇女小组"

    class Formation(models.TextChoices):
        SINGLE = "single", "单独组建"
        JOINT = "joint", "联合组建"
        REGIONAL = "regional", "区域共建"
        INDUSTRY = "industry", "行业组建"

    class Status(models.TextChoices):
        OPERATING = "operating", "正常运转"
        NOMINAL = "nominal", "空挂"
        DISSOLVED = "dissolved", "已撤销"

    LIVE = (Status.OPERATING, Status.NOMINAL)

    township_from = ("unit",)
    unit = models.OneToOneField(
        Unit, verbose_name="所在单位", on_delete=models.PROTECT, related_name="women_organisation"
    )
    name = models.CharField("组织名称", max_length=100)
    form = models.CharField("组织形式", max_length=20, choices=Form.choices, default=Form.FEDERATION)
    formation = models.CharField("组建方式", max_length=20, choices=Formation.choices, default=Formation.SINGLE)
    status = models.CharField(
        "运转状态", max_length=20, choices=Status.choices, default=Status.OPERATING, db_index=True
    )
    established_on = models.DateField("成立日期", null=True, blank=True, db_index=True)
    term_years = models.PositiveSmallIntegerField("每届任期(年)", default=5)
    # Kept by TermElection.save/delete: the latest election's due date, or establishment + one term.
    next_election_due = models.DateField("下次换届应于", null=True, blank=True, editable=False, db_index=True)
    has_womens_home = models.BooleanField("“妇女之家”已挂牌", default=False)
    womens_home_area = models.DecimalField(
        "“妇女之家”面积(平方米)", max_digits=8, decimal_places=1, null=True, blank=True
    )
    womens_home_facilities = models.TextField("“妇女之家”设施", blank=True)
    notes = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = WomenOrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "妇女组织"
        default_permissions = DATA_PERMISSIONS
        verbose_name_plural = "妇女组织"
        ordering = ["unit__kind", "name"]
        # The changelist's order (WomenOrganisationAdmin.ordering): a LIMIT scan, not a sort of every row.
        indexes = [models.Index(fields=["township", "name", "id"], name="orgs_organisation_listing")]

    @staticmethod
    def established_condition(by: datetime.date | None = None, prefix: str = "") -> Q:
        """The one definition of 已建 (an established organisation): it exists and is not dissolved (正常运转 or
        空挂) and, when ``by`` is given, was founded by then (one without a founding date counts as founded).
        ``prefix`` applies it through a relation, e.g. ``"women_organisation__"`` from a unit."""
        condition = Q(**{f"{prefix}status__in": WomenOrganisation.LIVE})
        if by is not None:
            condition &= Q(**{f"{prefix}established_on__isnull": True}) | Q(**{f"{prefix}established_on__lte": by})
        return condition

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.unit_id and self.unit.kind == Unit.Kind.COUNTY:
            raise ValidationError({"unit": "县妇联本身不在此登记。"})

    @property
    def election_is_overdue(self) -> bool:
        return self.next_election_due is not None and self.next_election_due < timezone.localdate()

    def expected_next_election(self) -> datetime.date | None:
        latest = self.term_elections.order_by("-held_on").first() if self.pk else None
        if latest is not None:
            return latest.next_due_on
        if self.established_on:
            return TermElection.due_date(self.established_on, self.term_years)
        return None

    def refresh_next_election_due(self) -> None:
        self.next_election_due = self.expected_next_election()
        type(self).objects.filter(pk=self.pk).update(next_election_due=self.next_election_due)

    def save(self, *args, **kwargs) -> None:
        self.next_election_due = self.expected_next_election()
        super().save(*args, **kwargs)


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

    objects = ScopedQuerySet.as_manager()

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


class TermElection(TownshipOwned):
    """换届: one renewal of an organisation's leadership, filed with and approved by the body above."""

    class Authority(models.TextChoices):
        ORGANISATION_DEPARTMENT = "org_dept", "组织部"
        PARTY_COMMITTEE = "party", "同级党组织"
        FEDERATION = "federation", "上级妇联"

    township_from = ("organisation",)
    organisation = models.ForeignKey(
        WomenOrganisation, verbose_name="妇女组织", on_delete=models.PROTECT, related_name="term_elections"
    )
    held_on = models.DateField("换届日期")
    term_years = models.PositiveSmallIntegerField("任期(年)", default=5)
    next_due_on = models.DateField("下次换届应于", editable=False, db_index=True)
    filed_with = models.CharField("备案机关", max_length=20, choices=Authority.choices, blank=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    approved_by = models.CharField("批复机关", max_length=20, choices=Authority.choices, blank=True)
    approved_on = models.DateField("批复日期", null=True, blank=True)
    notes = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "换届记录"
        default_permissions = DATA_PERMISSIONS
        verbose_name_plural = "换届记录"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["-held_on", "-id"], name="orgs_termelection_held")]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "held_on"], name="one_election_per_day"),
            models.CheckConstraint(condition=Q(term_years__gte=1) & Q(term_years__lte=10), name="term_years_range"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.held_on:%Y年%m月}换届"

    @staticmethod
    def due_date(held_on: datetime.date, term_years: int) -> datetime.date:
        try:
            return held_on.replace(year=held_on.year + term_years)
        except ValueError:  # 29 February
            return held_on.replace(year=held_on.year + term_years, day=28)

    @property
    def is_overdue(self) -> bool:
        return self.next_due_on < timezone.localdate()

    def clean(self) -> None:
        if self.filed_on and self.held_on and self.filed_on < self.held_on:
            raise ValidationError({"filed_on": "备案日期不能早于换届日期。"})
        if self.approved_on and self.held_on and self.approved_on < self.held_on:
            raise ValidationError({"approved_on": "批复日期不能早于换届日期。"})

    def save(self, *args, **kwargs) -> None:
        self.next_due_on = self.due_date(self.held_on, self.term_years)
        super().save(*args, **kwargs)
        self.organisation.refresh_next_election_due()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.organisation.refresh_next_election_due()
        return result


class LeadershipRuleQuerySet(models.QuerySet):
    def by_target(self) -> dict[tuple[str, str], LeadershipRule]:
        """The rules in force keyed by (unit kind, organisation form); form "" is the kind's general rule."""
        return {(rule.unit_kind, rule.organisation_form): rule for rule in self.filter(is_active=True)}


class LeadershipRule(models.Model):
    """班子配备要求 (会改联): the least leadership a women's organisation of one unit kind (optionally of one
    form) should have. The county edits these rows, since every place sets its own numbers.

    What is counted, among the organisation's posts current on the reference date, each woman once:
    主席; 副主席; 兼职副主席 = 副主席 whose post is not marked 专职 (``Post.is_full_time`` False; there is no
    separate position, so a vice chair stays one post whether full-time or not); 常委; 执委 = every member
    of the 执委会, i.e. 主席, 副主席, 常委 and 执委 together (they are all elected executive members).
    """

    LOCAL_NOTE = "各地“会改联”要求不一，请按本地要求调整。"
    # Posts that make up the 执委会 (counted for min_executives).
    COMMITTEE_POSITIONS = (
        Cadre.Position.CHAIR,
        Cadre.Position.VICE_CHAIR,
        Cadre.Position.STANDING,
        Cadre.Position.EXECUTIVE,
    )
    # (field, count name, label): count names are the ones orgs.selectors annotates per organisation.
    REQUIREMENTS = (
        ("min_chairs", "chairs", "主席"),
        ("min_vice_chairs", "vice_chairs", "副主席"),
        ("min_part_time_vice_chairs", "part_time_vice_chairs", "兼职副主席"),
        ("min_standing_members", "standing_members", "常委"),
        ("min_executives", "executives", "执委"),
    )

    unit_kind = models.CharField(
        "适用单位类别",
        max_length=20,
        choices=[c for c in Unit.Kind.choices if c[0] != Unit.Kind.COUNTY],
        help_text="没有要求的类别不计入班子配备指标。",
    )
    organisation_form = models.CharField(
        "适用组织形式",
        max_length=20,
        choices=WomenOrganisation.Form.choices,
        blank=True,
        help_text="留空表示该类别的各种组织形式；同一类别下指定了组织形式的要求优先。",
    )
    min_chairs = models.PositiveSmallIntegerField("主席(至少，名)", default=1)
    min_vice_chairs = models.PositiveSmallIntegerField("副主席(至少，名)", default=0, help_text="专职、兼职均计入。")
    min_part_time_vice_chairs = models.PositiveSmallIntegerField(
        "兼职副主席(至少，名)", default=0, help_text="现任副主席中未勾选“专职”的。"
    )
    min_standing_members = models.PositiveSmallIntegerField("常委(至少，名)", default=0)
    min_executives = models.PositiveSmallIntegerField(
        "执委(至少，名)", default=0, help_text="按执委会成员计：现任主席、副主席、常委、执委，每人计一次。"
    )
    is_active = models.BooleanField("启用", default=True, help_text="停用的要求不再计入班子配备指标。")
    notes = models.TextField("说明", blank=True, help_text="本地文件依据等。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = LeadershipRuleQuerySet.as_manager()

    # The county sets the rules; townships read them to know what they are measured against.
    REFERENCE_DATA = True
    TOWNSHIP_STAFF_ACTIONS = ("view",)
    COUNTY_STAFF_ACTIONS = ("view", "add", "change", "delete")

    class Meta:
        verbose_name = "班子配备要求"
        verbose_name_plural = "班子配备要求"
        ordering = ["unit_kind", "organisation_form"]
        default_permissions = ("add", "change", "delete", "view")
        constraints = [
            models.UniqueConstraint(
                fields=["unit_kind", "organisation_form"],
                name="one_leadership_rule_per_kind_and_form",
                violation_error_message="该单位类别和组织形式已有班子配备要求，请直接修改那一条。",
            ),
        ]

    def __str__(self) -> str:
        form = f"（{self.get_organisation_form_display()}）" if self.organisation_form else ""
        return f"{self.get_unit_kind_display()}{form}班子配备要求"

    @staticmethod
    def applicable(rules: dict[tuple[str, str], LeadershipRule], unit_kind: str, form: str) -> LeadershipRule | None:
        """The rule of ``rules`` (from ``by_target``) for an organisation: its form's, else its kind's."""
        return rules.get((unit_kind, form)) or rules.get((unit_kind, ""))

    def shortfalls(self, counts) -> list[str]:
        """What an organisation with ``counts`` (a mapping with the REQUIREMENTS count names) lacks,
        e.g. ["兼职副主席缺1名", "执委缺3名"]; empty when its 班子 is complete."""
        missing = []
        for field_name, count_name, label in self.REQUIREMENTS:
            lacking = getattr(self, field_name) - counts[count_name]
            if lacking > 0:
                missing.append(f"{label}缺{lacking}名")
        return missing


class StaffProfile(models.Model):
    """Binds a township staff account to exactly one township; county roles have none."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="staff_profile"
    )
    township = models.ForeignKey(
        Unit,
        verbose_name="所属乡镇",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": Unit.Kind.TOWNSHIP},
        related_name="staff_profiles",
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)
    history = HistoricalRecords()

    # Accounts are the system administrator's business: nobody else may rebind a user to a township.
    TOWNSHIP_STAFF_ACTIONS = ()
    COUNTY_STAFF_ACTIONS = ("view",)

    class Meta:
        verbose_name = "用户所属单位"
        verbose_name_plural = "用户所属单位"

    def __str__(self) -> str:
        return str(self.user)


class AuditEvent(models.Model):
    """A security event (login, lockout, denied access, export, import, reveal, workflow step, delete).
    Append-only: the admin shows it read-only and nobody may change or delete it there."""

    class Kind(models.TextChoices):
        LOGIN = "login", "登录成功"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKOUT = "lockout", "账号锁定"
        LOGOUT = "logout", "退出登录"
        PERMISSION_DENIED = "denied", "越权访问"
        EXPORT = "export", "导出"
        IMPORT = "import", "导入"
        REVEAL = "reveal", "查看完整身份证号"
        TRANSITION = "transition", "流程操作"
        DELETE = "delete", "删除"
        DOWNLOAD = "download", "下载附件"
        # A township clerk's number found registered in another township, or refused at the hourly limit
        # (orgs.idlookups): each answer says whether a person is registered somewhere in the county.
        ID_LOOKUP = "id_lookup", "身份证号查询"

    class Result(models.TextChoices):
        SUCCESS = "success", "成功"
        FAILURE = "failure", "失败"

    occurred_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    kind = models.CharField("事件", max_length=20, choices=Kind.choices, db_index=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    result = models.CharField("结果", max_length=10, choices=Result.choices, default=Result.SUCCESS)
    detail = models.TextField("说明", blank=True)

    TOWNSHIP_STAFF_ACTIONS = ()
    COUNTY_STAFF_ACTIONS = ("view",)

    class Meta:
        verbose_name = "安全审计日志"
        verbose_name_plural = "安全审计日志"
        ordering = ["-occurred_at"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.get_kind_display()}"


# 经费 (budgets and expenditures) live in their own module; imported here so that Django registers them.
from orgs.funds import Budget, Expenditure  # noqa: E402, F401

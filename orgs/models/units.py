"""Units (基层单位: 乡镇, 村, 社区, 两新, 机关) and the women's organisations inside them."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from orgs.ownership import TownshipOwned
from orgs.pinyin import initials_of
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
        expected_parents: dict[str, str | None] = {
            self.Kind.COUNTY: None,
            self.Kind.TOWNSHIP: self.Kind.COUNTY,
            self.Kind.ORGAN: self.Kind.COUNTY,
            self.Kind.GROUP_MEMBER: self.Kind.COUNTY,
        }
        expected_parent = expected_parents.get(self.kind, self.Kind.TOWNSHIP)
        parent_kind = self.parent.kind if self.parent is not None else None
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

    def election_due_soon(self, today: datetime.date | None = None) -> WomenOrganisationQuerySet:
        """Organisations whose next 换届 falls within ``ELECTION_NOTICE_DAYS`` days: from ``today`` to
        ``today`` + 90 days, both included (those already past are ``election_overdue``)."""
        today = today or timezone.localdate()
        last = today + datetime.timedelta(days=WomenOrganisation.ELECTION_NOTICE_DAYS)
        return self.established().filter(next_election_due__gte=today, next_election_due__lte=last)

    def without_current_chair(self, on: datetime.date | None = None) -> WomenOrganisationQuerySet:
        """Established organisations in which nobody holds the post of 主席 on ``on`` (today by default)."""
        return self.established().exclude(WomenOrganisation.has_current_chair(on))


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
    # A 换届 this close (in days) is announced to the township (its 待办 list, the reminders).
    ELECTION_NOTICE_DAYS = 90

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

    @staticmethod
    def has_current_chair(on: datetime.date | None = None) -> Exists:
        """Whether somebody holds the organisation's 主席 post on ``on`` (a condition on organisations)."""
        from orgs.models.cadres import Post  # posts build on organisations

        return Exists(Post.objects.current(on).chairs().filter(organisation=OuterRef("pk")))

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
            from orgs.models.elections import TermElection  # elections build on units

            return TermElection.due_date(self.established_on, self.term_years)
        return None

    def refresh_next_election_due(self) -> None:
        self.next_election_due = self.expected_next_election()
        type(self).objects.filter(pk=self.pk).update(next_election_due=self.next_election_due)

    def save(self, *args, **kwargs) -> None:
        self.next_election_due = self.expected_next_election()
        super().save(*args, **kwargs)

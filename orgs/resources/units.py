"""Import/export of units (villages and communities, 两新, 县直单位) and women's organisations, and the base
the other orgs resources share (``OrgsResource``, ``UnitLookupMixin``)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from entry.cells import (
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    TextWidget,
    text_of,
)
from orgs import scoping
from orgs.importing.resources import Column, ScopedResource
from orgs.models import TermElection, Unit, WomenOrganisation
from orgs.pinyin import initials_of

OWN_TOWNSHIP_ONLY = "只能导入本乡镇（{name}）的数据。"
COUNTY_LEVEL_ONLY = "县直机关、团体会员由县妇联导入。"


class OrgsResource(ScopedResource):
    """Township and unit resolution shared by the orgs resources (dicts built once per import)."""

    error_columns = {"parent": "township", "unit": "unit", "township": "township"}

    def prepare_townships(self) -> None:
        self.townships = {u.name: u for u in Unit.objects.filter(kind=Unit.Kind.TOWNSHIP)}
        self.townships_by_id = {u.pk: u for u in self.townships.values()}

    def resolve_township(self, name: str, errors: dict, *, required: bool = True) -> Unit | None:
        """The township a row names, if the user may import into it; else an error for that cell."""
        if not name:
            if required:
                errors["township"] = ValidationError("此项必填，不能为空。")
            return None
        township = self.townships.get(name)
        if not self.whole_county:
            own = self.townships_by_id.get(self.own_township_id)
            if township is None or own is None or township.pk != own.pk:
                # Same message whether the township exists or not: nothing about other townships leaks.
                errors["township"] = ValidationError(OWN_TOWNSHIP_ONLY.format(name=own.name if own else ""))
                return None
        elif township is None:
            errors["township"] = ValidationError(f"所属乡镇“{name}”不存在，请从下拉列表中选择。")
        return township

    def dropdown_values(self, name: str) -> list[str]:
        if name == "townships":
            return list(scoping.visible_townships(self.user).values_list("name", flat=True))
        if name == "units":
            units = self.scoped(Unit.objects.exclude(kind__in=(Unit.Kind.COUNTY,))).order_by("kind", "name")
            return sorted(set(units.values_list("name", flat=True)))
        return []

    def dehydrate_township(self, obj) -> str:
        township = getattr(obj, "township", None)
        return township.name if township is not None else ""


# --- units -------------------------------------------------------------------------------------------


class UnitResource(OrgsResource):
    """Units below a township (villages, communities, enterprises, social organisations)."""

    kinds: tuple[str, ...] = Unit.TOWNSHIP_KINDS
    under_township = True  # False for 县直机关/团体会员, which hang from the county
    title = "基层单位"

    township = Column(
        None,
        "所属乡镇",
        required=True,
        dropdown="townships",
        example="萧江镇",
        help_text="单位所在的乡镇（街道），从下拉列表中选择。",
    )
    name = Column(
        "name",
        "单位名称",
        TextWidget(max_length=100),
        required=True,
        example="桃源村",
        help_text="同一乡镇内单位名称唯一：名称相同的行会更新已有单位。",
    )
    kind = Column(
        "kind", "类别", ChoiceWidget(Unit.Kind.choices, allowed=Unit.TOWNSHIP_KINDS), required=True, example="村"
    )
    code = Column("code", "统一社会信用代码/区划代码", TextWidget(max_length=30), text_format=True)
    address = Column("address", "地址", TextWidget(max_length=200))
    contact_phone = Column("contact_phone", "联系电话", TextWidget(max_length=30), text_format=True)
    is_active = Column(
        "is_active", "存续", BooleanWidget(blank=True), example="是", help_text="关停、撤并的单位填“否”；空白视为“是”。"
    )

    class Meta(OrgsResource.Meta):
        model = Unit
        fields = ("township", "name", "kind", "code", "address", "contact_phone", "is_active")
        import_id_fields = ("name",)

    def prepare(self, dataset) -> None:
        self.prepare_townships()
        self.county = Unit.objects.filter(kind=Unit.Kind.COUNTY).first()
        units = self.scoped(Unit.objects.exclude(kind__in=(Unit.Kind.COUNTY, Unit.Kind.TOWNSHIP)))
        if not self.whole_county:
            units = units.filter(parent_id=self.own_township_id)
        self.existing = {(u.parent_id, u.name): u for u in units}

    def parent_for(self, row) -> Unit | None:
        if self.under_township:
            return self.townships.get(text_of(row.get(self.fields["township"].column_name)))
        return self.county

    def find_existing(self, row):
        parent = self.parent_for(row)
        name = text_of(row.get(self.fields["name"].column_name))
        return self.existing.get((parent.pk if parent else None, name))

    def hydrate(self, instance, values, errors, row_number) -> None:
        if self.under_township:
            parent = self.resolve_township(values.get("township", ""), errors)
        elif not self.whole_county:
            errors["name"] = ValidationError(COUNTY_LEVEL_ONLY)
            return
        else:
            parent = self.county
        if parent is None:
            return
        instance.parent = parent
        if instance.pk and instance._import_snapshot is not None:
            original_kind = self.existing[(parent.pk, instance.name)].kind
            if original_kind not in self.kinds:
                errors["name"] = ValidationError(f"该乡镇已有同名的{Unit.Kind(original_kind).label}，不能在此导入。")
        if "name" in values:
            self.remember((parent.pk, instance.name), row_number, errors, "name", "单位名称")

    def prepare_for_save(self, instance) -> None:
        instance.name_initials = initials_of(instance.name)

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset).filter(kind__in=self.kinds)

    def export_queryset(self, queryset):
        return queryset.select_related("township", "parent")


class VillageCommunityResource(UnitResource):
    kinds = (Unit.Kind.VILLAGE, Unit.Kind.COMMUNITY)
    title = "村和社区"

    kind = Column("kind", "类别", ChoiceWidget(Unit.Kind.choices, allowed=kinds), required=True, example="村")
    woman_on_committees = Column("woman_on_committees", "两委班子中有女性", BooleanWidget(), example="是")

    class Meta(UnitResource.Meta):
        fields = ("township", "name", "kind", "code", "address", "contact_phone", "woman_on_committees", "is_active")
        name = "村和社区"


class NewOrganisationResource(UnitResource):
    kinds = Unit.NEW_ORGANISATION_KINDS
    title = "两新组织"

    name = Column(
        "name",
        "单位名称",
        TextWidget(max_length=100),
        required=True,
        example="立天控股集团",
        help_text="同一乡镇内单位名称唯一：名称相同的行会更新已有单位。",
    )
    kind = Column("kind", "类别", ChoiceWidget(Unit.Kind.choices, allowed=kinds), required=True, example="非公企业")
    party_organisation = Column(
        "party_organisation",
        "党组织",
        ChoiceWidget(Unit.PartyOrganisation.choices),
        default=Unit.PartyOrganisation.NONE,
        example="独立党支部",
    )
    employees = Column("employees", "职工人数", IntegerWidget(), example=120)
    women_employees = Column("women_employees", "女职工人数", IntegerWidget(), example=64)
    has_women_workers_committee = Column(
        "has_women_workers_committee", "已建女职工委员会", BooleanWidget(), example="否"
    )

    class Meta(UnitResource.Meta):
        fields = (
            "township",
            "name",
            "kind",
            "code",
            "party_organisation",
            "employees",
            "women_employees",
            "has_women_workers_committee",
            "address",
            "contact_phone",
            "is_active",
        )
        name = "两新组织"


class OrganResource(UnitResource):
    kinds = (Unit.Kind.ORGAN, Unit.Kind.GROUP_MEMBER)
    under_township = False
    county_only = True  # not offered to township staff (the rows would all be refused)
    title = "县直机关和团体会员"

    name = Column("name", "单位名称", TextWidget(max_length=100), required=True, example="县教育局")
    kind = Column(
        "kind", "类别", ChoiceWidget(Unit.Kind.choices, allowed=kinds), required=True, example="县直机关/事业单位"
    )

    class Meta(UnitResource.Meta):
        fields = ("name", "kind", "code", "address", "contact_phone", "is_active")
        name = "县直机关和团体会员"

    def prepare(self, dataset) -> None:
        super().prepare(dataset)
        if self.whole_county and self.county is not None:
            self.existing = {
                (u.parent_id, u.name): u
                for u in Unit.objects.filter(parent=self.county).exclude(kind=Unit.Kind.TOWNSHIP)
            }


# --- women's organisations -----------------------------------------------------------------------------


class UnitLookupMixin:
    """所属乡镇 + 所在单位 → the unit, from a dict of the user's units."""

    def prepare_units(self) -> None:
        self.prepare_townships()
        units = self.scoped(Unit.objects.exclude(kind=Unit.Kind.COUNTY))
        self.units = {(u.township_id, u.name): u for u in units}

    def unit_key(self, row) -> tuple:
        township = self.townships.get(text_of(row.get(self.fields["township"].column_name)))
        return (township.pk if township else None, text_of(row.get(self.fields["unit"].column_name)))

    def resolve_unit(self, values: dict, errors: dict) -> Unit | None:
        township_name = values.get("township", "")
        if township_name:
            township = self.resolve_township(township_name, errors)
            if township is None:
                return None
        elif not self.whole_county:
            errors["township"] = ValidationError("此项必填，不能为空。")
            return None
        else:
            township = None
        name = values.get("unit", "")
        if not name:
            return None
        unit = self.units.get((township.pk if township else None, name))
        if unit is None:
            where = f"“{township.name}”" if township else "县直机关/团体会员中"
            errors["unit"] = ValidationError(f"在{where}找不到单位“{name}”：请检查名称，或先导入该单位。")
        return unit


class WomenOrganisationResource(UnitLookupMixin, OrgsResource):
    title = "妇女组织"

    township = Column(
        None, "所属乡镇", dropdown="townships", example="萧江镇", help_text="县直机关、团体会员的妇女组织此列留空。"
    )
    unit = Column(
        None,
        "所在单位",
        required=True,
        dropdown="units",
        example="桃源村",
        help_text="已登记的单位名称；每个单位只有一个妇女组织，同一单位的行会更新它。",
    )
    name = Column("name", "组织名称", TextWidget(max_length=100), required=True, example="桃源村妇联")
    form = Column(
        "form",
        "组织形式",
        ChoiceWidget(WomenOrganisation.Form.choices),
        default=WomenOrganisation.Form.FEDERATION,
        example="妇联",
    )
    formation = Column(
        "formation",
        "组建方式",
        ChoiceWidget(WomenOrganisation.Formation.choices),
        default=WomenOrganisation.Formation.SINGLE,
        example="单独组建",
    )
    status = Column(
        "status",
        "运转状态",
        ChoiceWidget(WomenOrganisation.Status.choices),
        default=WomenOrganisation.Status.OPERATING,
        example="正常运转",
    )
    established_on = Column("established_on", "成立日期", DateWidget(), example=datetime.date(2021, 3, 8))
    term_years = Column("term_years", "每届任期(年)", IntegerWidget(), default=5, example=5)
    has_womens_home = Column("has_womens_home", "“妇女之家”已挂牌", BooleanWidget(), example="是")
    womens_home_area = Column("womens_home_area", "“妇女之家”面积(平方米)", DecimalWidget(), example=60)
    notes = Column("notes", "备注", TextWidget())

    class Meta(OrgsResource.Meta):
        model = WomenOrganisation
        fields = (
            "township",
            "unit",
            "name",
            "form",
            "formation",
            "status",
            "established_on",
            "term_years",
            "has_womens_home",
            "womens_home_area",
            "notes",
        )
        import_id_fields = ("unit",)
        name = "妇女组织"

    def prepare(self, dataset) -> None:
        self.prepare_units()
        organisations = list(self.scoped(WomenOrganisation.objects.all()))
        self.existing = {o.unit_id: o for o in organisations}
        latest = {}
        for org_id, due in (
            TermElection.objects.filter(organisation__in=[o.pk for o in organisations])
            .order_by("organisation_id", "held_on")
            .values_list("organisation_id", "next_due_on")
        ):
            latest[org_id] = due
        self.latest_due = latest

    def find_existing(self, row):
        unit = self.units.get(self.unit_key(row))
        return self.existing.get(unit.pk) if unit else None

    def hydrate(self, instance, values, errors, row_number) -> None:
        unit = self.resolve_unit(values, errors)
        if unit is None:
            return
        if unit.kind == Unit.Kind.COUNTY:
            errors["unit"] = ValidationError("县妇联本身不在此登记。")
            return
        instance.unit = unit
        self.remember((unit.pk,), row_number, errors, "unit", "所在单位（每个单位只有一个妇女组织）")
        if "term_years" in values and not 1 <= (values["term_years"] or 0) <= 10:
            errors["term_years"] = ValidationError("每届任期应为 1 至 10 年。")

    def prepare_for_save(self, instance) -> None:
        due = self.latest_due.get(instance.pk)
        if due is None and instance.established_on:
            due = TermElection.due_date(instance.established_on, instance.term_years)
        instance.next_election_due = due

    def dehydrate_township(self, obj) -> str:
        return obj.unit.township.name if obj.unit.township_id else ""

    def dehydrate_unit(self, obj) -> str:
        return obj.unit.name

    def export_queryset(self, queryset):
        return queryset.select_related("unit__township")


# --- cadres ----------------------------------------------------------------------------------------------

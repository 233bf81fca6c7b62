"""Excel import/export of units, women's organisations, cadres (with their current post) and 换届 records.

Natural keys a person can type: a unit is its name within its township (县直单位: within the county), a
women's organisation is the unit it belongs to, a cadre is her 身份证号, a 换届 is its organisation and
date. See ``orgs.importing.resources`` for the machinery (scope, speed, validation, messages).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Case, F, FilteredRelation, When
from django.utils import timezone

from orgs import idnumbers, scoping
from orgs.idlookups import OutsideNumberChecks
from orgs.importing.bulk import BULK_BATCH_SIZE, create_with_history, update_with_history
from orgs.importing.resources import Column, ScopedResource
from orgs.importing.widgets import (
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    IdNumberWidget,
    IntegerWidget,
    PhoneWidget,
    TextWidget,
    mask_phone,
    text_of,
)
from orgs.models import Cadre, Post, TermElection, Unit, WomenOrganisation
from orgs.pinyin import initials_of, person_initials_of

OWN_TOWNSHIP_ONLY = "只能导入本乡镇（{name}）的数据。"
COUNTY_LEVEL_ONLY = "县直机关、团体会员由县妇联导入。"


def _chunks(items: list, size: int = 5000):
    for start in range(0, len(items), size):
        yield items[start : start + size]


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


class CadreResource(UnitLookupMixin, OrgsResource):
    """妇女干部 keyed by 身份证号, with her current post in her unit's women's organisation."""

    title = "妇女干部"
    masked_columns = ("身份证号", "手机号")
    snapshot_exclude = (*ScopedResource.snapshot_exclude, "id_number_encrypted")
    # Checked by their columns' widgets (length, choices, required, defaults) or derived from the checked
    # 身份证号: full_clean would check them again at a third of the import's validation time.
    clean_exclude = (
        "name",
        "sex",
        "birth_date",
        "ethnicity",
        "political_status",
        "education",
        "phone",
        "id_number_encrypted",
        "id_number_hash",
        "id_number_masked",
        "is_reserve",
        "notes",
        "name_initials",
        "created_at",
        "updated_at",
    )
    error_columns = {**OrgsResource.error_columns, "id_number_hash": "id_number", "id_number_masked": "id_number"}
    instructions = (
        "7. 身份证号是干部的唯一标识：已登记的身份证号会更新该干部的信息，新的身份证号新增一名干部。",
        "8. “职务”登记在所在单位的妇女组织中（该单位须已登记妇女组织）；同一组织只能有一名现任主席。",
    )

    township = Column(None, "所属乡镇", required=True, dropdown="townships", example="萧江镇")
    unit = Column(
        None,
        "所在单位",
        required=True,
        dropdown="units",
        example="桃源村",
        help_text="干部所在的村、社区或单位（已登记的名称）。",
    )
    name = Column("name", "姓名", TextWidget(max_length=30), required=True, example="王秀英")
    id_number = Column(
        None,
        "身份证号",
        IdNumberWidget(),
        required=True,
        text_format=True,
        example="330326198503120024",
        help_text="18位，末位可为X；请按文本填写。",
    )
    sex = Column("sex", "性别", ChoiceWidget(Cadre.Sex.choices), default=Cadre.Sex.FEMALE, example="女")
    ethnicity = Column("ethnicity", "民族", TextWidget(max_length=20), default="汉族", example="汉族")
    political_status = Column(
        "political_status",
        "政治面貌",
        ChoiceWidget(Cadre.PoliticalStatus.choices),
        default=Cadre.PoliticalStatus.MASSES,
        example="中共党员",
    )
    education = Column("education", "学历", ChoiceWidget(Cadre.Education.choices), example="大专")
    phone = Column("phone", "手机号", PhoneWidget(max_length=20), text_format=True, example="13812345678")
    position = Column(
        None,
        "职务",
        ChoiceWidget(Cadre.Position.choices),
        example="主席",
        help_text="在所在单位妇女组织中的现任职务；留空则不登记职务。",
    )
    started_on = Column(None, "任职日期", DateWidget(), example=datetime.date(2026, 3, 5))
    on_committee = Column(None, "两委班子成员", BooleanWidget(), example="是")
    is_reserve = Column("is_reserve", "后备干部", BooleanWidget(), example="否")
    notes = Column("notes", "备注", TextWidget())

    class Meta(OrgsResource.Meta):
        model = Cadre
        fields = (
            "township",
            "unit",
            "name",
            "id_number",
            "sex",
            "ethnicity",
            "political_status",
            "education",
            "phone",
            "position",
            "started_on",
            "on_committee",
            "is_reserve",
            "notes",
        )
        import_id_fields = ("id_number",)
        name = "妇女干部"

    def __init__(self, user=None, **kwargs) -> None:
        super().__init__(user=user, **kwargs)
        self.can_reveal = bool(user is not None and user.has_perm("orgs.reveal_id_number"))

    # import

    def import_data(self, *args, **kwargs):
        self.outside_numbers = None
        result = super().import_data(*args, **kwargs)
        if self.outside_numbers is not None:
            # After the library's savepoint (rolled back for a preview), so that the record stays.
            self.outside_numbers.record()
        return result

    def prepare(self, dataset) -> None:
        self.prepare_units()
        self.outside_numbers = OutsideNumberChecks(user=self.user, channel="妇女干部导入", action="导入")
        column = self.fields["id_number"].column_name
        hashes = set()
        for value in dataset[column] if column in (dataset.headers or []) else ():
            number = idnumbers.normalise(text_of(value)) if not isinstance(value, int | float) else ""
            if len(number) == 18:
                hashes.add(self.lookup_hash(number))
        # Unscoped on purpose: a 身份证号 already registered in another township must be refused, not duplicated.
        self.by_hash = {}
        for chunk in _chunks(sorted(hashes), 10_000):  # a sheet in one or two queries (a fifth faster than 5,000)
            for cadre in Cadre.objects.filter(id_number_hash__in=chunk).select_related("unit"):
                self.by_hash[cadre.id_number_hash] = cadre
        self.organisations = {o.unit_id: o for o in self.scoped(WomenOrganisation.objects.all())}
        chairs = Post.objects.current().chairs().filter(organisation__in=list(self.organisations.values()))
        self.chairs = dict(chairs.values_list("organisation_id", "cadre_id"))
        own_ids = [c.pk for c in self.by_hash.values() if scoping.in_scope(self.user, c.township_id)]
        self.current_posts = {}
        for chunk in _chunks(own_ids):
            for post in Post.objects.filter(cadre_id__in=chunk, ended_on__isnull=True):
                self.current_posts[(post.cadre_id, post.organisation_id)] = post

    def lookup_hash(self, number: str) -> str:
        """The HMAC of a normalised number, computed once per import (prepare, lookup and checks share it)."""
        memo = self.__dict__.setdefault("_hash_memo", {})
        if number not in memo:
            memo[number] = idnumbers.lookup_hash(number)
        return memo[number]

    def _hash(self, row) -> str | None:
        value = row.get(self.fields["id_number"].column_name)
        if isinstance(value, int | float):
            return None
        number = idnumbers.normalise(text_of(value))
        return self.lookup_hash(number) if len(number) == 18 else None

    def find_existing(self, row):
        cadre = self.by_hash.get(self._hash(row))
        return cadre if cadre is not None and scoping.in_scope(self.user, cadre.township_id) else None

    def hydrate(self, instance, values, errors, row_number) -> None:
        unit = self.resolve_unit(values, errors)
        if unit is not None:
            if unit.kind == Unit.Kind.COUNTY:
                errors["unit"] = ValidationError("县妇联本身不能作为干部所在单位。")
                unit = None
            else:
                instance.unit = unit
        number = values.get("id_number")
        if number:
            lookup = self.lookup_hash(number)
            holder = self.by_hash.get(lookup)
            if holder is None or not scoping.in_scope(self.user, holder.township_id):
                # Refused without saying where she is registered; limited per hour and audited (orgs.idlookups).
                refusal = self.outside_numbers.refusal(number=number, registered_elsewhere=holder is not None)
                if refusal is not None:
                    errors["id_number"] = refusal
                    return
            self.remember(("id", lookup), row_number, errors, "id_number", "身份证号")
            self.apply_id_number(instance, number, lookup, errors)
        self.hydrate_post(instance, unit, values, errors, row_number)

    def apply_id_number(self, instance, number: str, lookup: str, errors: dict) -> None:
        """What ``Cadre.set_id_number`` does, minus its per-row duplicate query (``by_hash`` answers that)."""
        # The number was validated by IdNumberWidget (GB 11643): its birth date is digits 7-14.
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        expected_sex = Cadre.Sex.FEMALE if idnumbers.is_female(number) else Cadre.Sex.MALE
        if instance.sex and instance.sex != expected_sex:
            errors["sex"] = ValidationError("身份证号显示的性别与所填性别不一致。")
            return
        instance.birth_date = born
        if instance.id_number_hash != lookup:
            # A preview stores nothing: the ciphertext (the costly part) is made only when the rows are written.
            instance.id_number_encrypted = "" if self._dry_run else idnumbers.encrypt(number)
            instance.id_number_hash = lookup
            instance.id_number_masked = idnumbers.mask(number)

    def hydrate_post(self, instance, unit, values, errors, row_number) -> None:
        instance._pending_post = None
        instance._related_changed = False
        position = values.get("position")
        if not position:
            if values.get("started_on") or values.get("on_committee"):
                errors["position"] = ValidationError("填写了任职日期或两委班子成员时，请同时填写职务。")
            return
        if unit is None:
            return
        organisation = self.organisations.get(unit.pk)
        if organisation is None:
            errors["position"] = ValidationError("所在单位尚未登记妇女组织，不能登记职务：请先导入妇女组织。")
            return
        if position == Cadre.Position.CHAIR:
            holder = self.chairs.get(organisation.pk)
            if holder is not None and holder != instance.pk:
                errors["position"] = ValidationError("该组织已有一名现任主席，请先填写原主席的离任日期。")
                return
            self.remember(("chair", organisation.pk), row_number, errors, "position", "现任主席（同一组织只能有一名）")
        started_on, on_committee = values.get("started_on"), bool(values.get("on_committee"))
        current = self.current_posts.get((instance.pk, organisation.pk)) if instance.pk else None
        if started_on and current is None and started_on > timezone.localdate():
            errors["started_on"] = ValidationError("任职日期不能晚于今天。")
            return
        changed = current is None or (current.position, current.started_on, current.on_committee) != (
            position,
            started_on,
            on_committee,
        )
        instance._pending_post = (organisation, position, started_on, on_committee, current)
        instance._related_changed = changed

    def prepare_for_save(self, instance) -> None:
        # pypinyin is slow; names repeat in a township's sheet, so each is converted once per import.
        initials = self.__dict__.setdefault("_initials_memo", {})
        if instance.name not in initials:
            initials[instance.name] = person_initials_of(instance.name)
        instance.name_initials = initials[instance.name]

    def write_related(self, instances, *, dry_run: bool) -> None:
        new_posts, changed_posts = [], []
        for cadre in instances:
            pending = getattr(cadre, "_pending_post", None)
            if not pending or not getattr(cadre, "_related_changed", False):
                continue
            organisation, position, started_on, on_committee, current = pending
            if current is None:
                new_posts.append(
                    Post(
                        cadre=cadre,
                        organisation=organisation,
                        position=position,
                        started_on=started_on,
                        on_committee=on_committee,
                    )
                )
            else:
                current.position, current.started_on, current.on_committee = position, started_on, on_committee
                changed_posts.append(current)
        if new_posts:
            create_with_history(Post, new_posts, user=self.history_user, reason=self.change_reason)
        if changed_posts:
            update_with_history(
                Post,
                changed_posts,
                ["position", "started_on", "on_committee"],
                user=self.history_user,
                reason=self.change_reason,
            )

    # export: plain values streamed straight to the workbook (no model instances, no tablib, nothing decrypted
    # unless the user may reveal the number). Her current post comes in the same query (a LEFT JOIN on the
    # current posts); a cadre with several current posts comes in adjacent rows, of which the first is kept.

    EXPORT_CHUNK = 2000
    EXPORT_COLUMNS = (
        "township",
        "unit",
        "name",
        "id_number",
        "sex",
        "ethnicity",
        "political_status",
        "education",
        "phone",
        "position",
        "started_on",
        "on_committee",
        "is_reserve",
        "notes",
    )

    def export_queryset(self, queryset):
        return queryset.select_related(None).prefetch_related(None)

    def export_rows(self, queryset):
        if [name for name in self.get_export_order() if name in self.EXPORT_COLUMNS] != list(self.EXPORT_COLUMNS):
            raise RuntimeError("CadreResource.export_rows assumes the declared column order")
        queryset = self.filter_export(queryset)
        today = timezone.localdate()
        # PostQuerySet.current()'s rule, as a join condition.
        current = FilteredRelation("posts", condition=Post.objects.current_condition(today, prefix="posts__"))
        ordering = list(queryset.query.order_by or Cadre._meta.ordering)
        # The post in her own unit's organisation first, then as the admin lists them.
        own_first = Case(When(current_post__organisation__unit_id=F("unit_id"), then=0), default=1)
        queryset = queryset.annotate(current_post=current, own_first=own_first).order_by(
            *ordering, "pk", "own_first", "current_post__position", "current_post__pk"
        )
        reveal = self.can_reveal
        columns = (
            "pk",
            "township__name",
            "unit__name",
            "name",
            "id_number_encrypted" if reveal else "id_number_masked",
            "sex",
            "ethnicity",
            "political_status",
            "education",
            "phone",
            "current_post__position",
            "current_post__started_on",
            "current_post__on_committee",
            "is_reserve",
            "notes",
        )
        sex = dict(Cadre.Sex.choices)
        politics = dict(Cadre.PoliticalStatus.choices)
        education = dict(Cadre.Education.choices)
        positions = dict(Cadre.Position.choices)
        yes_no = {True: "是", False: "否", None: ""}
        decrypt = idnumbers.decrypt
        last = None
        for (
            pk,
            township,
            unit,
            name,
            number,
            sex_code,
            ethnicity,
            political,
            edu,
            phone,
            position,
            started_on,
            on_committee,
            is_reserve,
            notes,
        ) in queryset.values_list(*columns).iterator(chunk_size=self.EXPORT_CHUNK):
            if pk == last:
                continue
            last = pk
            if reveal:
                number, phone = (decrypt(number) if number else ""), phone
            else:
                phone = mask_phone(phone)
            yield [
                township or "",
                unit,
                name,
                number,
                sex.get(sex_code, ""),
                ethnicity,
                politics.get(political, ""),
                education.get(edu, ""),
                phone,
                positions.get(position, ""),
                started_on,
                yes_no[on_committee] if position else "",
                "是" if is_reserve else "否",
                notes,
            ]


# --- 换届 --------------------------------------------------------------------------------------------------


class TermElectionResource(UnitLookupMixin, OrgsResource):
    title = "换届记录"

    township = Column(
        None, "所属乡镇", dropdown="townships", example="萧江镇", help_text="县直机关、团体会员此列留空。"
    )
    unit = Column(
        None,
        "所在单位",
        required=True,
        dropdown="units",
        example="桃源村",
        help_text="换届的妇女组织所在的单位（该单位须已登记妇女组织）。",
    )
    held_on = Column(
        "held_on",
        "换届日期",
        DateWidget(),
        required=True,
        example=datetime.date(2026, 3, 5),
        help_text="同一组织同一天只有一条换届记录：相同的行会更新它。",
    )
    term_years = Column("term_years", "任期(年)", IntegerWidget(), default=5, example=5)
    filed_with = Column("filed_with", "备案机关", ChoiceWidget(TermElection.Authority.choices), example="组织部")
    filed_on = Column("filed_on", "备案日期", DateWidget(), example=datetime.date(2026, 3, 20))
    approved_by = Column("approved_by", "批复机关", ChoiceWidget(TermElection.Authority.choices), example="组织部")
    approved_on = Column("approved_on", "批复日期", DateWidget(), example=datetime.date(2026, 4, 2))
    notes = Column("notes", "备注", TextWidget())

    class Meta(OrgsResource.Meta):
        model = TermElection
        fields = (
            "township",
            "unit",
            "held_on",
            "term_years",
            "filed_with",
            "filed_on",
            "approved_by",
            "approved_on",
            "notes",
        )
        import_id_fields = ("held_on",)
        name = "换届记录"

    def prepare(self, dataset) -> None:
        self.prepare_units()
        self.organisations = {o.unit_id: o for o in self.scoped(WomenOrganisation.objects.all())}
        self.existing = {(e.organisation_id, e.held_on): e for e in self.scoped(TermElection.objects.all())}

    def find_existing(self, row):
        unit = self.units.get(self.unit_key(row))
        organisation = self.organisations.get(unit.pk) if unit else None
        if organisation is None:
            return None
        try:
            held_on = DateWidget().clean(row.get(self.fields["held_on"].column_name))
        except ValueError:
            return None
        return self.existing.get((organisation.pk, held_on))

    def hydrate(self, instance, values, errors, row_number) -> None:
        unit = self.resolve_unit(values, errors)
        if "term_years" in values and not 1 <= (values["term_years"] or 0) <= 10:
            errors["term_years"] = ValidationError("任期应为 1 至 10 年。")
        if unit is None:
            return
        organisation = self.organisations.get(unit.pk)
        if organisation is None:
            errors["unit"] = ValidationError("该单位尚未登记妇女组织：请先导入妇女组织。")
            return
        instance.organisation = organisation
        if values.get("held_on"):
            self.remember((organisation.pk, values["held_on"]), row_number, errors, "held_on", "换届（同一组织同一天）")

    def prepare_for_save(self, instance) -> None:
        instance.next_due_on = TermElection.due_date(instance.held_on, instance.term_years)

    def write_related(self, instances, *, dry_run: bool) -> None:
        # What TermElection.save does per row (refresh the organisation's next due date), once per organisation.
        ids = {e.organisation_id for e in instances}
        latest = dict(
            TermElection.objects.filter(organisation_id__in=ids)
            .order_by("organisation_id", "held_on")
            .values_list("organisation_id", "next_due_on")
        )
        organisations = list(WomenOrganisation.objects.filter(pk__in=ids))
        for organisation in organisations:
            organisation.next_election_due = latest.get(organisation.pk)
        WomenOrganisation.objects.bulk_update(organisations, ["next_election_due"], batch_size=BULK_BATCH_SIZE)

    def dehydrate_township(self, obj) -> str:
        township = obj.organisation.unit.township
        return township.name if township else ""

    def dehydrate_unit(self, obj) -> str:
        return obj.organisation.unit.name

    def export_queryset(self, queryset):
        return queryset.select_related("organisation__unit__township")

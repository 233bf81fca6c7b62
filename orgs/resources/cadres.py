"""Import/export of cadres with their current post (a cadre is her 身份证号)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Case, F, FilteredRelation, When
from django.utils import timezone

from entry.cells import (
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    PhoneWidget,
    TextWidget,
    mask_phone,
    text_of,
)
from orgs import idnumbers, scoping
from orgs.idlookups import OutsideNumberChecks
from orgs.importing.bulk import create_with_history, update_with_history
from orgs.importing.id_numbers import IdNumberWidget
from orgs.importing.resources import Column, ScopedResource
from orgs.models import Cadre, Post, Unit, WomenOrganisation
from orgs.pinyin import person_initials_of
from orgs.resources.units import OrgsResource, UnitLookupMixin


def _chunks(items: list, size: int = 5000):
    for start in range(0, len(items), size):
        yield items[start : start + size]


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

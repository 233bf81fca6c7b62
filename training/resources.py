"""Excel import/export of training attendance (参训记录) across events, in the admin.

A row names its event by title and start date, and its participant by 身份证号 (a cadre of the user's
scope) or, for someone outside the roster, by 姓名 and 单位. The 认定学时 column is read as hours set for
the participant alone (blank: the event's hours, following later changes; none if absent) and written with
the hours actually credited (``Attendance.derive_hours``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from entry.cells import ChoiceWidget, DateWidget, DecimalWidget, TextWidget, text_of
from orgs import idnumbers, scoping
from orgs.importing.id_numbers import IdNumberWidget
from orgs.importing.resources import Column, ScopedResource
from orgs.models import Cadre
from training.models import Attendance, Event


class AttendanceResource(ScopedResource):
    title = "参训记录"
    masked_columns = ("身份证号",)
    error_columns = {"event": "event", "cadre": "id_number", "hours_individual": "hours_credited"}
    instructions = (
        "7. 培训与活动按“名称 + 开始日期”识别，须为已登记的培训或活动。",
        "8. 名册中的干部填写身份证号（姓名、单位可不填）；名册外人员不填身份证号，填写姓名和单位。",
    )

    event = Column(None, "培训与活动", required=True, dropdown="events", example="城乡社区妇联主席培训班")
    starts_on = Column(None, "开始日期", DateWidget(), required=True, example="2026-09-25")
    name = Column("name", "姓名", TextWidget(max_length=30), example="王秀英")
    id_number = Column(None, "身份证号", IdNumberWidget(), text_format=True, example="330326198503120024")
    organisation_name = Column("organisation_name", "单位", TextWidget(max_length=100), example="桃源村")
    status = Column(
        "status", "出勤", ChoiceWidget(Attendance.Status.choices), default=Attendance.Status.ATTENDED, example="已参加"
    )
    hours_credited = Column(
        "hours_individual",
        "认定学时",
        DecimalWidget(),
        example=4,
        help_text="留空（或与本次学时相同）：按本次学时认定，学时修改后随之变化；缺席为 0。",
    )

    class Meta(ScopedResource.Meta):
        model = Attendance
        fields = ("event", "starts_on", "name", "id_number", "organisation_name", "status", "hours_credited")
        import_id_fields = ("event",)
        name = "参训记录"

    def __init__(self, user=None, **kwargs) -> None:
        super().__init__(user=user, **kwargs)
        self.can_reveal = bool(user is not None and user.has_perm("orgs.reveal_id_number"))

    def dropdown_values(self, name: str) -> list[str]:
        if name == "events":
            return sorted(set(self.scoped(Event.objects.all()).values_list("title", flat=True)))
        return []

    # import

    def prepare(self, dataset) -> None:
        self.events = {(e.title, e.starts_on): e for e in self.scoped(Event.objects.all())}
        hashes = set()
        column = self.fields["id_number"].column_name
        for value in dataset[column] if column in (dataset.headers or []) else ():
            number = idnumbers.normalise(text_of(value))
            if len(number) == 18:
                hashes.add(idnumbers.lookup_hash(number))
        self.cadres = {
            c.id_number_hash: c for c in Cadre.objects.filter(id_number_hash__in=hashes).select_related("unit")
        }
        existing = self.scoped(Attendance.objects.filter(event__in=list(self.events.values())))
        self.by_cadre = {}
        self.by_name = {}
        for attendance in existing:
            if attendance.cadre_id:
                self.by_cadre[(attendance.event_id, attendance.cadre_id)] = attendance
            else:
                self.by_name[(attendance.event_id, attendance.name, attendance.organisation_name)] = attendance

    def _event_of(self, row) -> Event | None:
        try:
            starts_on = DateWidget().clean(row.get(self.fields["starts_on"].column_name))
        except ValueError:
            return None
        return self.events.get((text_of(row.get(self.fields["event"].column_name)), starts_on))

    def find_existing(self, row):
        event = self._event_of(row)
        if event is None:
            return None
        number = idnumbers.normalise(text_of(row.get(self.fields["id_number"].column_name)))
        if number:
            cadre = self.cadres.get(idnumbers.lookup_hash(number)) if len(number) == 18 else None
            if cadre is None or not scoping.in_scope(self.user, cadre.township_id):
                return None
            return self.by_cadre.get((event.pk, cadre.pk))
        key = (
            event.pk,
            text_of(row.get(self.fields["name"].column_name)),
            text_of(row.get(self.fields["organisation_name"].column_name)),
        )
        return self.by_name.get(key)

    def hydrate(self, instance, values, errors, row_number) -> None:
        event = self.events.get((values.get("event"), values.get("starts_on")))
        if event is None and values.get("event") and values.get("starts_on"):
            errors["event"] = ValidationError(
                f"找不到 {values['starts_on']:%Y-%m-%d} 开始的“{values['event']}”：请核对名称和开始日期。"
            )
        number = values.get("id_number")
        cadre = None
        if number:
            cadre = self.cadres.get(idnumbers.lookup_hash(number))
            if cadre is None or not scoping.in_scope(self.user, cadre.township_id):
                # One answer for another township's cadre and for nobody's: an import is no county-wide lookup.
                errors["id_number"] = ValidationError("干部名册中没有该身份证号：名册外人员请不要填写身份证号。")
                cadre = None
        elif not values.get("name"):
            errors["name"] = ValidationError("请填写身份证号（名册中的干部）或姓名（名册外人员）。")
        if event is None:
            return
        instance.event = event
        if cadre is not None:
            instance.cadre = cadre
            instance.name = instance.organisation_name = ""
            self.remember((event.pk, "cadre", cadre.pk), row_number, errors, "id_number", "参训人员")
        elif values.get("name"):
            instance.cadre = None
            self.remember(
                (event.pk, "name", instance.name, instance.organisation_name), row_number, errors, "name", "参训人员"
            )

    def prepare_for_save(self, instance) -> None:
        instance.derive_hours()

    # export

    def export_queryset(self, queryset):
        return queryset.select_related("event", "cadre__unit")

    def dehydrate_event(self, obj) -> str:
        return obj.event.title

    def dehydrate_starts_on(self, obj):
        return obj.event.starts_on

    def dehydrate_name(self, obj) -> str:
        return obj.participant_name

    def dehydrate_organisation_name(self, obj) -> str:
        return obj.participant_unit

    def dehydrate_hours_credited(self, obj):
        return obj.hours_credited

    def dehydrate_id_number(self, obj) -> str:
        if not obj.cadre_id:
            return ""
        return obj.cadre.id_number if self.can_reveal else obj.cadre.id_number_masked

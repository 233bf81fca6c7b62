"""Import/export of 换届 records (a 换届 is its organisation and date)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from entry.cells import (
    ChoiceWidget,
    DateWidget,
    IntegerWidget,
    TextWidget,
)
from orgs.importing.bulk import BULK_BATCH_SIZE
from orgs.importing.resources import Column
from orgs.models import TermElection, WomenOrganisation
from orgs.resources.units import OrgsResource, UnitLookupMixin


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

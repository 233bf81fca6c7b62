"""Which township owns a row is written once (issue 16, "One ownership mechanism"): one abstract base carries
the key, one rule derives it, and every writer — ``save`` and the bulk writers — goes through that rule."""

from __future__ import annotations

import pytest

from demo_sites import services as demo_services
from demo_sites.models import SelfAssessment
from notices.models import Message
from orgs import sample_county_bulk
from orgs.federation import federation_models
from orgs.importing.bulk import create_with_history
from orgs.models import Cadre, StaffProfile, Unit
from orgs.ownership import TownshipOwned, assign_townships, township_of
from orgs.scoping import is_township_owned
from reports.models import YearConfirmation
from tests.factories import (
    AttendanceFactory,
    CadreFactory,
    EventFactory,
    UnitFactory,
    demo_criteria_set,
)
from training.models import Attendance, Event

# Keys a person chooses (which township an account, a 填报确认 or a message is for), not derived from a parent row.
CHOSEN_TOWNSHIP_KEYS = {StaffProfile, YearConfirmation, Message}


def test_every_derived_township_key_comes_from_the_one_base():
    owned = [model for model in federation_models() if is_township_owned(model)]
    strays = [m.__name__ for m in owned if not issubclass(m, TownshipOwned) and m not in CHOSEN_TOWNSHIP_KEYS]
    assert strays == []
    assert len([m for m in owned if issubclass(m, TownshipOwned)]) >= 18
    for model in owned:
        if issubclass(model, TownshipOwned):
            assert model.township_from, model
            for name in model.township_from:
                field = model._meta.get_field(name)
                assert field.concrete and field.is_relation and not field.many_to_many, (model, name)


def test_no_model_derives_its_township_in_its_own_save():
    import inspect

    for model in federation_models():
        if "save" in vars(model):
            assert "township_id =" not in inspect.getsource(model.save), model


def test_the_rule(county, township1, township2):
    village = UnitFactory(parent=township1)
    organ = UnitFactory(parent=county, kind=Unit.Kind.ORGAN)
    assert (township_of(township1), township_of(village), township_of(organ), township_of(county)) == (
        township1.pk,
        township1.pk,
        None,
        None,
    )
    cadre = CadreFactory(unit=UnitFactory(parent=township2))
    event = EventFactory(organiser=township1)
    assert township_of(Attendance(event=event, cadre=cadre)) == township2.pk
    assert township_of(Attendance(event=event, name="张三")) == township1.pk
    assert township_of(Event(organiser=county)) is None
    assert township_of(Event(organiser=township1)) == township1.pk


def test_the_rule_answers_from_known_parents_without_reading_them(django_assert_num_queries, township1):
    row = Cadre(unit_id=12345)
    with django_assert_num_queries(0):
        assert township_of(row, {("unit", 12345): township1.pk}) == township1.pk


def test_save_derives_the_key_whatever_was_set(township1, township2):
    cadre = CadreFactory(unit=UnitFactory(parent=township1))
    cadre.township_id = township2.pk
    cadre.save()
    assert Cadre.objects.get(pk=cadre.pk).township_id == township1.pk


def test_a_new_township_owns_itself(county):
    township = Unit.objects.create(name="新设镇", kind=Unit.Kind.TOWNSHIP, parent=county)
    assert township.township_id == township.pk == Unit.objects.get(pk=township.pk).township_id


def test_the_import_writer_derives_the_key(township1, township2):
    village = UnitFactory(parent=township1)
    rows = [Cadre(unit_id=village.pk, name="导入一", township_id=township2.pk), Cadre(unit=village, name="导入二")]
    create_with_history(Cadre, rows, reason="Excel导入")
    assert set(Cadre.objects.filter(name__startswith="导入").values_list("township_id", flat=True)) == {township1.pk}
    assert set(Cadre.history.filter(name__startswith="导入").values_list("township_id", flat=True)) == {township1.pk}


def test_the_demo_writer_derives_the_key(township1, township2):
    cadre = CadreFactory(unit=UnitFactory(parent=township2))
    event = EventFactory(organiser=township1)
    rows = [
        Attendance(event_id=event.pk, cadre_id=cadre.pk, township_id=township1.pk),
        Attendance(event_id=event.pk, name="外单位人员"),
    ]
    sample_county_bulk.create(Attendance, rows)
    stored = dict(Attendance.objects.filter(event=event).values_list("name", "township_id"))
    assert stored == {"": township2.pk, "外单位人员": township1.pk}


def test_assign_townships_reads_missing_parents_once_per_relation(django_assert_num_queries, township1, township2):
    cadres = [CadreFactory(unit=UnitFactory(parent=township)) for township in (township1, township2, township1)]
    rows = [Attendance(cadre_id=c.pk, event_id=1) for c in cadres]
    with django_assert_num_queries(1):
        assign_townships(rows)
    assert [row.township_id for row in rows] == [township1.pk, township2.pk, township1.pk]


def test_the_services_bulk_writes_derive_the_key(township1, town01):
    demo_criteria_set()
    village = UnitFactory(parent=township1, kind=Unit.Kind.VILLAGE)
    application = demo_services.application_create(
        unit=village, category="womens_home", level="county", year=demo_criteria_set().year, by=town01
    )
    assert set(SelfAssessment.objects.filter(application=application).values_list("township_id", flat=True)) == {
        township1.pk
    }


@pytest.mark.parametrize("field", ["status", "hours_individual"])
def test_a_partial_save_keeps_the_key(township1, field):
    row = AttendanceFactory(cadre=CadreFactory(unit=UnitFactory(parent=township1)))
    row.save(update_fields=[field])
    assert Attendance.objects.get(pk=row.pk).township_id == township1.pk

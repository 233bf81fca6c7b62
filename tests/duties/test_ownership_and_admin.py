"""A record follows its 执委 to another township; the county keeps the scheme, townships only read it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from duties import services
from duties.models import DutyScheme, DutyScoreEntry, ExecutiveDutyRecord
from tests.duties.conftest import YEAR, item
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_a_transferred_executives_record_and_entries_move_with_her(scheme, executive1, township2, town01, town02):
    record = services.record_save(
        cadre=executive1, year=YEAR, women_in_touch=12, scores={item(scheme, "组织").pk: 1}, by=town01
    )
    executive1.unit = UnitFactory(parent=township2, name="新村")
    executive1.save()

    record.refresh_from_db()
    assert record.township_id == township2.pk
    assert DutyScoreEntry.objects.get().township_id == township2.pk
    assert not ExecutiveDutyRecord.objects.for_user(town01).exists()
    assert ExecutiveDutyRecord.objects.for_user(town02).get() == record


def test_township_staff_read_the_scheme_but_only_the_county_changes_it(client_for, scheme, town01, county_staff):
    changelist = reverse("admin:duties_dutyscheme_changelist")
    change = reverse("admin:duties_dutyscheme_change", args=[scheme.pk])
    assert client_for(town01).get(changelist).status_code == 200
    assert client_for(town01).get(reverse("admin:duties_dutyscheme_add")).status_code == 403
    client_for(town01).post(change, {"year": YEAR, "base_points": 99})
    assert DutyScheme.objects.get().base_points == 60
    assert client_for(county_staff).get(reverse("admin:duties_dutyscheme_add")).status_code == 200


def test_editing_through_the_form_keeps_one_record_and_refuses_a_stale_form(client_for, scheme, executive1, town01):
    services.record_save(cadre=executive1, year=YEAR, women_in_touch=12, by=town01)
    url = reverse("duties:record_edit", args=[YEAR, executive1.pk])
    client = client_for(town01)
    form = client.get(url).context["form"]
    data = {bf.html_name: bf.value() for bf in form}
    data = {k: ("" if v is None else v) for k, v in data.items() if k != "activities"}
    data["women_in_touch"] = 20
    assert client.post(url, data).status_code == 302
    assert ExecutiveDutyRecord.objects.get().women_in_touch == 20

    data["women_in_touch"] = 25  # the same (now stale) form posted again
    response = client.post(url, data)
    assert response.status_code == 200
    assert ExecutiveDutyRecord.objects.get().women_in_touch == 20

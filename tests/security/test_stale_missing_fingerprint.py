"""A save that arrives without the stale-edit fingerprint (an old page, a script, a forged POST) is refused as
stale, in the admin and on the portal forms that use it, and overwrites nothing."""

from __future__ import annotations

import datetime

from django.test import Client

from editing.stale import FIELD_NAME, STALE_MESSAGE
from orgs.models import Unit
from tests.factories import ApplicationFactory, UnitFactory
from training.models import Event


def _admin_form_data(response) -> dict:
    """What the browser posts back from an admin change form, fingerprint included."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = (
            "on" if value is True else [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
        )
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{inline.formset.prefix}-{name}"] = str(management[name].value())
    data[FIELD_NAME] = response.context["stale_fingerprint"]
    data["_save"] = "保存"
    return data


def test_an_admin_save_without_fingerprint_does_not_overwrite_a_newer_save(township1, town01, county_staff):
    village = UnitFactory(parent=township1, name="桃源村")
    url = f"/admin/orgs/unit/{village.pk}/change/"
    clerk, county = Client(), Client()
    clerk.force_login(town01)
    county.force_login(county_staff)
    clerks_form = _admin_form_data(clerk.get(url))
    newer = _admin_form_data(county.get(url))
    newer["address"] = "桃源路 1 号"
    assert county.post(url, newer).status_code == 302

    del clerks_form[FIELD_NAME]
    clerks_form["address"] = "桃源路 99 号"
    refused = clerk.post(url, clerks_form)

    assert refused.status_code == 200
    assert STALE_MESSAGE in refused.content.decode()
    assert Unit.objects.get(pk=village.pk).address == "桃源路 1 号"
    # The re-shown form carries no fingerprint either: only reopening the record allows a save.
    assert f'name="{FIELD_NAME}"' not in refused.content.decode()
    assert STALE_MESSAGE in clerk.post(url, clerks_form).content.decode()


def test_an_admin_save_without_fingerprint_is_refused_even_when_nothing_changed_since(township1, client_for, town01):
    village = UnitFactory(parent=township1, name="沿河村")
    client = client_for(town01)
    url = f"/admin/orgs/unit/{village.pk}/change/"
    data = _admin_form_data(client.get(url))
    data[FIELD_NAME] = ""
    data["address"] = "沿河路 5 号"

    refused = client.post(url, data)

    assert STALE_MESSAGE in refused.content.decode()
    assert Unit.objects.get(pk=village.pk).address == ""
    data[FIELD_NAME] = _admin_form_data(client.get(url))[FIELD_NAME]
    assert client.post(url, data).status_code == 302
    assert Unit.objects.get(pk=village.pk).address == "沿河路 5 号"


def test_a_self_assessment_save_without_fingerprint_is_refused(client_for, township1, town01):
    application = ApplicationFactory(unit=UnitFactory(parent=township1), summary="原来的简介")
    client = client_for(town01)

    refused = client.post(
        f"/demo-sites/applications/{application.pk}/edit/", {"summary": "没有指纹的修改", "contact": ""}
    )

    assert refused.status_code == 200
    assert "已被其他人修改" in refused.content.decode()
    application.refresh_from_db()
    assert application.summary == "原来的简介"


def test_an_event_save_without_fingerprint_is_refused(client_for, township1, town01):
    event = Event.objects.create(
        title="村级妇女干部培训班",
        category=Event.Category.TRAINING,
        kind=Event.Kind.COURSE,
        organiser=township1,
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 5, 1),
    )
    client = client_for(town01)
    data = {
        "title": "没有指纹的修改",
        "category": event.category,
        "kind": event.kind,
        "organiser": township1.pk,
        "starts_on": "2026-05-01",
        "ends_on": "2026-05-01",
        "hours": "4",
        "place": "镇会议室",
    }

    refused = client.post(f"/training/events/{event.pk}/edit/", data)

    assert refused.status_code == 200
    assert "已被其他人修改" in refused.content.decode()
    assert Event.objects.get(pk=event.pk).title == "村级妇女干部培训班"

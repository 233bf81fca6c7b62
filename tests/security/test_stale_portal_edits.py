"""Stale edits on portal pages: of two people who opened the same record, the second save is refused."""

from __future__ import annotations

import datetime
import re

from demo_sites.models import Application
from tests.factories import ApplicationFactory, UnitFactory
from training.models import Event


def _fingerprint(page: str) -> str:
    return re.search(r'name="_state_fingerprint" value="([^"]+)"', page).group(1)


def test_second_of_two_overlapping_self_assessment_saves_is_refused(client_for, township1, town01):
    application = ApplicationFactory(unit=UnitFactory(parent=township1))
    client = client_for(town01)
    url = f"/demo-sites/applications/{application.pk}/edit/"
    stale = _fingerprint(client.get(url).content.decode())

    first = client.post(url, {"_state_fingerprint": stale, "summary": "第一位填报员的简介", "contact": ""})
    assert first.status_code == 302

    second = client.post(url, {"_state_fingerprint": stale, "summary": "第二位填报员的简介", "contact": ""})
    assert second.status_code == 200
    assert "已被其他人修改" in second.content.decode()
    assert Application.objects.get(pk=application.pk).summary == "第一位填报员的简介"


def test_second_of_two_overlapping_event_saves_is_refused(client_for, township1, town01):
    event = Event.objects.create(
        title="村级妇女干部培训班",
        category=Event.Category.TRAINING,
        kind=Event.Kind.COURSE,
        organiser=township1,
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 5, 1),
    )
    client = client_for(town01)
    url = f"/training/events/{event.pk}/edit/"
    page = client.get(url).content.decode()
    stale = _fingerprint(page)
    data = {
        "_state_fingerprint": stale,
        "category": event.category,
        "kind": event.kind,
        "organiser": township1.pk,
        "starts_on": "2026-05-01",
        "ends_on": "2026-05-01",
        "hours": "4",
        "place": "镇会议室",
    }

    assert client.post(url, {**data, "title": "第一次修改"}).status_code == 302
    second = client.post(url, {**data, "title": "第二次修改"})

    assert second.status_code == 200
    assert "已被其他人修改" in second.content.decode()
    assert Event.objects.get(pk=event.pk).title == "第一次修改"

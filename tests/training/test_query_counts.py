"""Pages cost the same number of queries however many events and attendance rows there are."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    EventFactory,
    PostFactory,
    UnitFactory,
    WomenOrganisationFactory,
)
from training.models import Audience

THIS_YEAR = timezone.localdate().year


def _grow(township, events: int, per_event: int) -> None:
    audiences = list(Audience.objects.all()[:2])
    cadres = [
        PostFactory(organisation=WomenOrganisationFactory(unit=UnitFactory(parent=township))).cadre
        for _ in range(per_event)
    ]
    for _ in range(per_event):  # chairs nobody trained, for the 未参训 list
        PostFactory(organisation=WomenOrganisationFactory(unit=UnitFactory(parent=township)))
    for n in range(events):
        day = datetime.date(THIS_YEAR, 1 + n % 12, 1)
        event = EventFactory(organiser=township, starts_on=day, ends_on=day)
        event.audiences.set(audiences)
        ActivityFactory(organiser=township, starts_on=day, ends_on=day)
        for cadre in cadres:
            AttendanceFactory(event=event, cadre=cadre)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def _first_event_and_cadre(township):
    from training.models import Attendance

    row = Attendance.objects.filter(township=township).order_by("pk").first()
    return row.event_id, row.cadre_id


def test_pages_cost_the_same_for_few_and_many_rows(client_for, township1, town01):
    client = client_for(town01)
    _grow(township1, events=2, per_event=2)
    event_id, cadre_id = _first_event_and_cadre(township1)
    urls = [
        "/training/",
        f"/training/?year={THIS_YEAR}&category=training",
        f"/training/events/{event_id}/",
        f"/training/cadres/{cadre_id}/",
        "/training/untrained/",
        f"/training/events/{event_id}/attendance/?q=测试",
    ]
    small = [_queries(client, url) for url in urls]

    _grow(township1, events=12, per_event=15)
    large = [_queries(client, url) for url in urls]

    assert small == large


def test_county_pages_cost_the_same_for_few_and_many_rows(client_for, township1, county_staff):
    client = client_for(county_staff)
    _grow(township1, events=1, per_event=2)
    urls = ["/training/", "/training/untrained/"]
    small = [_queries(client, url) for url in urls]

    _grow(township1, events=10, per_event=12)
    large = [_queries(client, url) for url in urls]

    assert small == large

"""Deleting an event deletes its attendance: a township may not take along rows it cannot see (another
township's cadre, recorded at its event by the county), neither in the portal nor in the admin."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.factories import AttendanceFactory, EventFactory
from training import services
from training.models import Attendance, Event

REFUSAL = "有 1 条参训记录属于其他乡镇或县级单位的干部"


@pytest.fixture
def shared_event(township1, chair1, chair2):
    """town01's course, where the county also recorded 水头镇's 李桂芳."""
    event = EventFactory(organiser=township1, title="萧江镇村级妇女干部培训班")
    AttendanceFactory(event=event, cadre=chair1)
    AttendanceFactory(event=event, cadre=chair2)
    return event


def _snapshot():
    return (
        sorted(Event.objects.values_list("pk", "title")),
        sorted(Attendance.objects.values_list("pk", "event_id", "cadre_id", "township_id", "status", "hours_credited")),
        Attendance.history.count(),
    )


def test_portal_refuses_to_delete_an_event_with_other_townships_attendance(client_for, town01, shared_event):
    before = _snapshot()
    client = client_for(town01)

    response = client.post(f"/training/events/{shared_event.pk}/delete/")

    assert response.status_code == 302 and response["Location"] == f"/training/events/{shared_event.pk}/"
    assert REFUSAL in client.get(response["Location"]).content.decode()
    assert _snapshot() == before


def test_admin_delete_page_refuses_and_says_why(client_for, town01, shared_event):
    before = _snapshot()
    client = client_for(town01)
    url = f"/admin/training/event/{shared_event.pk}/delete/"

    page = client.get(url).content.decode()
    response = client.post(url, {"post": "yes"})

    assert REFUSAL in page
    assert response.status_code == 200 and REFUSAL in response.content.decode()
    assert _snapshot() == before


def test_admin_bulk_delete_refuses_all_when_one_event_has_other_townships_attendance(
    client_for, township1, town01, chair1, shared_event
):
    own_only = EventFactory(organiser=township1, title="萧江镇执委培训")
    AttendanceFactory(event=own_only, cadre=chair1)
    before = _snapshot()

    response = client_for(town01).post(
        "/admin/training/event/",
        {"action": "delete_selected", "_selected_action": [shared_event.pk, own_only.pk], "post": "yes"},
    )

    assert response.status_code == 200 and REFUSAL in response.content.decode()
    assert _snapshot() == before


def test_the_service_refuses_whatever_calls_it(town01, shared_event):
    before = _snapshot()

    with pytest.raises(ValidationError) as refused:
        services.event_delete(event=shared_event, by=town01)

    assert REFUSAL in refused.value.messages[0]
    assert _snapshot() == before


def test_township_deletes_its_event_when_every_row_is_its_own(client_for, township1, town01, chair1):
    event = EventFactory(organiser=township1)
    AttendanceFactory(event=event, cadre=chair1)

    response = client_for(town01).post(f"/training/events/{event.pk}/delete/")

    assert response.status_code == 302 and response["Location"] == "/training/"
    assert not Event.objects.exists() and not Attendance.objects.exists()


def test_township_deletes_its_event_in_the_admin_when_every_row_is_its_own(client_for, township1, town01, chair1):
    event = EventFactory(organiser=township1)
    AttendanceFactory(event=event, cadre=chair1)

    response = client_for(town01).post(
        "/admin/training/event/", {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )

    assert response.status_code == 302
    assert not Event.objects.exists() and not Attendance.objects.exists()


def test_county_may_delete_the_event_with_every_townships_attendance(client_for, county_staff, shared_event):
    client = client_for(county_staff)

    response = client.post(f"/admin/training/event/{shared_event.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Event.objects.exists() and not Attendance.objects.exists()
    assert Attendance.history.filter(history_type="-").count() == 2

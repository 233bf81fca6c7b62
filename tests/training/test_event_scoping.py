"""Who sees and records which events: townships keep their own, the county sees and records all."""

from __future__ import annotations

import io

from editing.stale import state_fingerprint
from tests.factories import ActivityFactory, EventFactory
from training.models import Event, EventAttachment


def _event_post(organiser, **extra):
    data = {
        "title": "村级妇女干部培训班",
        "category": "training",
        "kind": "course",
        "organiser": organiser.pk,
        "starts_on": "2026-05-10",
        "ends_on": "2026-05-11",
        "place": "党群服务中心",
        "hours": "8",
        "budget": "3000.50",
        "description": "",
    }
    data.update(extra)
    return data


def _edit_post(event, organiser, **extra):
    """An edit as submitted from the form just opened: it carries the event's current fingerprint."""
    event.refresh_from_db()
    return _event_post(organiser, _state_fingerprint=state_fingerprint(event), **extra)


def test_township_staff_sees_only_own_township_events(client_for, township1, township2, town01):
    EventFactory(title="萧江镇自办培训", organiser=township1)
    EventFactory(title="水头镇自办培训", organiser=township2)
    EventFactory(title="县级培训班")

    page = client_for(town01).get("/training/").content.decode()

    assert "萧江镇自办培训" in page
    assert "水头镇自办培训" not in page
    assert "县级培训班" not in page


def test_county_staff_sees_every_event(client_for, township1, township2, county_staff):
    EventFactory(title="萧江镇自办培训", organiser=township1)
    EventFactory(title="县级培训班")

    page = client_for(county_staff).get("/training/").content.decode()

    assert "萧江镇自办培训" in page and "县级培训班" in page


def test_township_staff_cannot_open_other_township_event(client_for, township2, town01):
    other = EventFactory(organiser=township2)

    assert client_for(town01).get(f"/training/events/{other.pk}/").status_code == 404
    assert client_for(town01).get(f"/training/events/{other.pk}/edit/").status_code == 404


def test_township_staff_cannot_open_county_event(client_for, town01):
    county_event = EventFactory()

    assert client_for(town01).get(f"/training/events/{county_event.pk}/").status_code == 404


def test_township_event_is_owned_by_its_organiser(client_for, township1, town01):
    response = client_for(town01).post("/training/events/new/", _event_post(township1))

    event = Event.objects.get()
    assert response.status_code == 302
    assert event.township == township1
    assert str(event.budget) == "3000.50"
    assert event.created_by == town01


def test_township_staff_cannot_name_another_organiser(client_for, county, township2, town01):
    client = client_for(town01)

    for organiser in (township2, county):
        response = client.post("/training/events/new/", _event_post(organiser))
        assert response.status_code == 200
        assert "不在您的管辖范围内" in response.content.decode()
    assert not Event.objects.exists()


def test_township_staff_cannot_edit_other_township_event(client_for, township1, township2, town01):
    other = EventFactory(organiser=township2, title="原名称")

    response = client_for(town01).post(f"/training/events/{other.pk}/edit/", _event_post(township1, title="改名"))

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.title == "原名称" and other.township == township2


def test_county_staff_records_county_event_without_township(client_for, county, county_staff):
    client_for(county_staff).post("/training/events/new/", _event_post(county))

    assert Event.objects.get().township is None


def test_training_needs_a_kind_and_activity_an_activity_kind(client_for, township1, town01):
    client = client_for(town01)

    training = client.post("/training/events/new/", _event_post(township1, kind=""))
    activity = client.post("/training/events/new/", _event_post(township1, category="activity", kind=""))

    assert "培训请选择培训形式" in training.content.decode()
    assert "活动请选择活动类型" in activity.content.decode()
    assert not Event.objects.exists()


def test_end_before_start_is_refused(client_for, township1, town01):
    response = client_for(town01).post("/training/events/new/", _event_post(township1, ends_on="2026-05-01"))

    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not Event.objects.exists()


def test_leader_may_look_but_not_record(client_for, county, leader):
    event = EventFactory()
    client = client_for(leader)

    assert client.get(f"/training/events/{event.pk}/").status_code == 200
    assert client.get("/training/events/new/").status_code == 403
    assert client.post("/training/events/new/", _event_post(county)).status_code == 403


def test_activity_shows_its_participant_count(client_for, township1, town01):
    ActivityFactory(organiser=township1, title="巾帼文化大舞台·广场舞展演", participant_count=321)

    page = client_for(town01).get("/training/?category=activity").content.decode()

    assert "巾帼文化大舞台·广场舞展演" in page and "321" in page


def _png() -> io.BytesIO:
    data = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    data.name = "合影.png"
    return data


def test_attachment_is_stored_and_downloaded_only_in_scope(client_for, township1, town01, town02):
    event = EventFactory(organiser=township1)

    response = client_for(town01).post(f"/training/events/{event.pk}/attachments/", {"kind": "photo", "file": _png()})
    attachment = EventAttachment.objects.get()

    assert response.status_code == 302
    assert attachment.township == township1 and attachment.original_name == "合影.png"
    assert "合影" not in attachment.file.name
    download = client_for(town01).get(f"/training/attachments/{attachment.pk}/")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert client_for(town02).get(f"/training/attachments/{attachment.pk}/").status_code == 404


def test_attachment_with_wrong_content_is_refused(client_for, township1, town01):
    event = EventFactory(organiser=township1)
    fake = io.BytesIO(b"<html><script>alert(1)</script></html>")
    fake.name = "签到表.pdf"

    client = client_for(town01)
    response = client.post(f"/training/events/{event.pk}/attachments/", {"kind": "sign_in", "file": fake}, follow=True)

    assert "不支持的文件类型" in response.content.decode()
    assert not EventAttachment.objects.exists()


def test_township_staff_cannot_attach_to_other_township_event(client_for, township2, town01):
    other = EventFactory(organiser=township2)

    response = client_for(town01).post(f"/training/events/{other.pk}/attachments/", {"kind": "photo", "file": _png()})

    assert response.status_code == 404
    assert not EventAttachment.objects.exists()


def test_moving_an_event_to_another_organiser_moves_its_attachments_and_externals(
    client_for, township1, township2, county_staff, chair1
):
    from tests.factories import AttendanceFactory
    from training.models import Attendance

    event = EventFactory(organiser=township1)
    external = AttendanceFactory(event=event, cadre=None, name="赵女士")
    cadre_row = AttendanceFactory(event=event, cadre=chair1)
    EventAttachment.objects.create(event=event, file="attachments/training/x.png", original_name="x.png")

    client_for(county_staff).post(f"/training/events/{event.pk}/edit/", _edit_post(event, township2))

    assert Attendance.objects.get(pk=external.pk).township == township2
    assert Attendance.objects.get(pk=cadre_row.pk).township == township1
    assert EventAttachment.objects.get().township == township2

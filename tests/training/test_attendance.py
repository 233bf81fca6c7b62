"""Marking attendance: only on events the user may see, only for cadres in her roster."""

from __future__ import annotations

from decimal import Decimal

from tests.factories import AttendanceFactory, EventFactory
from training.models import Attendance


def test_township_staff_marks_own_cadre_on_own_event(client_for, township1, town01, chair1):
    event = EventFactory(organiser=township1, hours=6)

    response = client_for(town01).post(
        f"/training/events/{event.pk}/attendance/", {"cadre": chair1.pk, "status": "attended"}
    )

    attendance = Attendance.objects.get()
    assert response.status_code == 302
    assert attendance.cadre == chair1 and attendance.township == township1
    assert attendance.hours_credited == Decimal("6")


def test_forged_post_with_other_township_cadre_saves_nothing(client_for, township1, town01, chair2):
    event = EventFactory(organiser=township1)

    response = client_for(town01).post(
        f"/training/events/{event.pk}/attendance/", {"cadre": chair2.pk, "status": "attended"}
    )

    assert response.status_code == 200
    assert "不在您的管辖范围内" in response.content.decode()
    assert not Attendance.objects.exists()


def test_township_staff_cannot_mark_attendance_on_other_township_event(client_for, township2, town01, chair1):
    other = EventFactory(organiser=township2)

    response = client_for(town01).post(
        f"/training/events/{other.pk}/attendance/", {"cadre": chair1.pk, "status": "attended"}
    )

    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_township_staff_cannot_mark_attendance_on_county_event(client_for, town01, chair1):
    county_event = EventFactory()

    response = client_for(town01).post(f"/training/events/{county_event.pk}/attendance/", {"cadre": chair1.pk})

    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_county_staff_marks_cadres_of_several_townships_on_county_event(
    client_for, township1, township2, county_staff, chair1, chair2
):
    event = EventFactory()
    client = client_for(county_staff)

    for cadre in (chair1, chair2):
        client.post(f"/training/events/{event.pk}/attendance/", {"cadre": cadre.pk, "status": "attended"})

    rows = {a.cadre: a.township for a in Attendance.objects.all()}
    assert rows == {chair1: township1, chair2: township2}


def test_township_sees_own_cadres_attendance_at_county_event(client_for, town01, chair1, chair2):
    county_event = EventFactory(title="城乡社区妇联主席培训班")
    AttendanceFactory(event=county_event, cadre=chair1)
    AttendanceFactory(event=county_event, cadre=chair2)

    assert list(Attendance.objects.for_user(town01)) == [Attendance.objects.get(cadre=chair1)]
    page = client_for(town01).get(f"/training/cadres/{chair1.pk}/").content.decode()
    assert "城乡社区妇联主席培训班" in page
    assert client_for(town01).get(f"/training/cadres/{chair2.pk}/").status_code == 404


def test_external_participant_is_recorded_with_event_township(client_for, township1, town01):
    event = EventFactory(organiser=township1)

    client_for(town01).post(
        f"/training/events/{event.pk}/attendance/",
        {"name": "赵女士", "organisation_name": "县人大代表", "status": "attended"},
    )

    attendance = Attendance.objects.get()
    assert attendance.cadre is None and attendance.name == "赵女士" and attendance.township == township1


def test_nobody_chosen_and_no_name_is_refused(client_for, township1, town01):
    event = EventFactory(organiser=township1)

    response = client_for(town01).post(f"/training/events/{event.pk}/attendance/", {"status": "attended"})

    assert "请选择名册中的干部，或填写名册外参训人员的姓名" in response.content.decode()
    assert not Attendance.objects.exists()


def test_same_cadre_cannot_be_recorded_twice(client_for, township1, town01, chair1):
    event = EventFactory(organiser=township1)
    AttendanceFactory(event=event, cadre=chair1)

    response = client_for(town01).post(
        f"/training/events/{event.pk}/attendance/", {"cadre": chair1.pk, "status": "attended"}
    )

    assert "已登记参加" in response.content.decode()
    assert Attendance.objects.count() == 1


def test_hours_beyond_the_event_are_refused(client_for, township1, town01, chair1):
    event = EventFactory(organiser=township1, hours=4)

    response = client_for(town01).post(
        f"/training/events/{event.pk}/attendance/", {"cadre": chair1.pk, "status": "attended", "hours_individual": "9"}
    )

    assert "认定学时不能超过" in response.content.decode()
    assert not Attendance.objects.exists()


def test_marking_absent_removes_the_hours(client_for, township1, town01, chair1):
    attendance = AttendanceFactory(event=EventFactory(organiser=township1, hours=8), cadre=chair1)

    client_for(town01).post(f"/training/attendance/{attendance.pk}/status/", {"status": "absent"})

    attendance.refresh_from_db()
    assert attendance.status == "absent" and attendance.hours_credited == 0


def test_township_staff_cannot_change_or_delete_other_township_attendance(client_for, township2, town01, chair2):
    attendance = AttendanceFactory(event=EventFactory(organiser=township2), cadre=chair2)
    client = client_for(town01)

    assert client.post(f"/training/attendance/{attendance.pk}/status/", {"status": "absent"}).status_code == 404
    assert client.post(f"/training/attendance/{attendance.pk}/delete/").status_code == 404
    attendance.refresh_from_db()
    assert attendance.status == "attended"


def test_cadre_search_answers_only_within_scope(client_for, town01, chair1, chair2):
    client = client_for(town01)

    mine = client.get("/training/cadres/search/", {"q": "王秀英"}).json()["results"]
    theirs = client.get("/training/cadres/search/", {"q": "李桂芳"}).json()["results"]

    assert [r["id"] for r in mine] == [chair1.pk]
    assert theirs == []


def test_attendance_page_search_lists_only_own_cadres(client_for, township1, town01, chair1, chair2):
    event = EventFactory(organiser=township1)

    page = client_for(town01).get(f"/training/events/{event.pk}/attendance/", {"q": "村"}).content.decode()

    assert "王秀英" in page and "李桂芳" not in page


def test_attendance_changes_are_kept_in_history(township1, town01, chair1):
    attendance = AttendanceFactory(event=EventFactory(organiser=township1), cadre=chair1)
    attendance.status = "absent"
    attendance.save()

    assert attendance.history.count() == 2


def test_admin_refuses_other_township_cadre_or_event(client_for, township1, township2, town01, chair1, chair2):
    mine = EventFactory(organiser=township1)
    theirs = EventFactory(organiser=township2)
    client = client_for(town01)

    for event, cadre in ((mine, chair2), (theirs, chair1)):
        response = client.post(
            "/admin/training/attendance/add/",
            {"event": event.pk, "cadre": cadre.pk, "status": "attended", "hours_individual": "1"},
        )
        assert response.status_code == 200
    assert not Attendance.objects.exists()

    client.post(
        "/admin/training/attendance/add/",
        {"event": mine.pk, "cadre": chair1.pk, "status": "attended", "hours_individual": "1"},
    )
    assert Attendance.objects.get().township == township1


def test_admin_lists_only_own_township_attendance(client_for, township1, township2, town01, chair1, chair2):
    AttendanceFactory(event=EventFactory(organiser=township1), cadre=chair1)
    AttendanceFactory(event=EventFactory(organiser=township2), cadre=chair2)

    page = client_for(town01).get("/admin/training/attendance/").content.decode()

    assert "王秀英" in page and "李桂芳" not in page

"""学时: a training must have hours, and attendance hours follow the event unless set for one participant,
so a correction made after attendance was recorded reaches every attendee and her training record."""

from __future__ import annotations

import importlib
from decimal import Decimal

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from editing.stale import FIELD_NAME, state_fingerprint
from tests.factories import ActivityFactory, AttendanceFactory, CadreFactory, EventFactory, UnitFactory
from tests.importexport.helpers import import_file, xlsx_bytes
from tests.orgs.admin_helpers import form_data
from training.models import Attendance, Event

IMPORT_HEADERS = ["培训与活动", "开始日期", "姓名", "身份证号", "单位", "出勤", "认定学时"]


def _event_post(organiser, **extra):
    data = {
        "title": "村级妇女干部培训班",
        "category": "training",
        "kind": "course",
        "organiser": organiser.pk,
        "starts_on": "2026-05-10",
        "ends_on": "2026-05-10",
        "place": "党群服务中心",
        "hours": "2",
        "budget": "",
        "description": "",
    }
    data.update(extra)
    return data


def _edit(client, event, **extra):
    """Post the portal's edit form as opened just now, with ``extra`` changed."""
    event.refresh_from_db()
    return client.post(
        f"/training/events/{event.pk}/edit/",
        _event_post(event.organiser, _state_fingerprint=state_fingerprint(event), **extra),
    )


def _hours(*attendances) -> list[Decimal]:
    return [Attendance.objects.get(pk=a.pk).hours_credited for a in attendances]


def test_training_with_zero_hours_is_refused_in_the_portal(client_for, township1, town01):
    response = client_for(town01).post("/training/events/new/", _event_post(township1, hours="0"))

    assert response.status_code == 200
    assert "培训须填写学时，且学时应大于0" in response.content.decode()
    assert not Event.objects.exists()


def test_training_with_zero_hours_is_refused_in_the_admin(client_for, township1, town01):
    data = _event_post(township1, hours="0")
    data.update(
        {
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
        }
    )

    response = client_for(town01).post("/admin/training/event/add/", data)

    assert response.status_code == 200
    assert "培训须填写学时，且学时应大于0" in response.content.decode()
    assert not Event.objects.exists()


def test_an_activity_may_have_no_hours(client_for, township1, town01):
    response = client_for(town01).post(
        "/training/events/new/",
        _event_post(township1, category="activity", kind="", activity_kind="culture_stage", hours="0"),
    )

    assert response.status_code == 302
    assert Event.objects.get().hours == 0


def test_hours_corrected_after_attendance_reach_every_attendee_and_her_record(client_for, township1, town01, chair1):
    client = client_for(town01)
    client.post("/training/events/new/", _event_post(township1, hours="2"))
    event = Event.objects.get()
    client.post(f"/training/events/{event.pk}/attendance/", {"cadre": chair1.pk, "status": "attended"})
    client.post(
        f"/training/events/{event.pk}/attendance/",
        {"name": "赵女士", "organisation_name": "县人大代表", "status": "attended"},
    )
    assert sorted(Attendance.objects.values_list("hours_credited", flat=True)) == [2, 2]

    response = _edit(client, event, hours="4")

    assert response.status_code == 302
    assert sorted(Attendance.objects.values_list("hours_credited", flat=True)) == [Decimal("4.0")] * 2
    event_page = client.get(f"/training/events/{event.pk}/")
    assert [row.hours_credited for row in event_page.context["page"]] == [Decimal("4.0")] * 2
    record = client.get(f"/training/cadres/{chair1.pk}/")
    assert [row.hours_credited for row in record.context["page"]] == [Decimal("4.0")]
    assert [row["hours"] for row in record.context["years"]] == [Decimal("4.0")]
    attendance = Attendance.objects.get(cadre=chair1)
    latest = attendance.history.first()
    assert latest.hours_credited == Decimal("4.0") and latest.history_user == town01
    assert latest.history_change_reason == "随本次学时调整"


def test_hours_set_for_one_participant_stay_when_the_event_changes(client_for, township1, town01, chair1):
    colleague = CadreFactory(unit=UnitFactory(parent=township1), name="张丽")
    client = client_for(town01)
    event = EventFactory(organiser=township1, hours=4)
    client.post(
        f"/training/events/{event.pk}/attendance/", {"cadre": chair1.pk, "status": "attended", "hours_individual": "3"}
    )
    client.post(f"/training/events/{event.pk}/attendance/", {"cadre": colleague.pk, "status": "attended"})
    individual, following = Attendance.objects.get(cadre=chair1), Attendance.objects.get(cadre=colleague)

    _edit(client, event, hours="6")

    assert _hours(individual, following) == [Decimal("3.0"), Decimal("6.0")]
    record = client.get(f"/training/cadres/{chair1.pk}/")
    assert [row["hours"] for row in record.context["years"]] == [Decimal("3.0")]


def test_absent_participants_stay_at_zero_and_get_their_hours_when_marked_attended(
    client_for, township1, town01, chair1
):
    client = client_for(town01)
    event = EventFactory(organiser=township1, hours=2)
    absent = AttendanceFactory(event=event, cadre=chair1, status="absent")

    _edit(client, event, hours="5")
    assert _hours(absent) == [0]

    client.post(f"/training/attendance/{absent.pk}/status/", {"status": "attended"})
    assert _hours(absent) == [Decimal("5.0")]


def test_lowering_the_hours_below_a_participants_own_hours_is_refused(client_for, township1, town01, chair1):
    client = client_for(town01)
    event = EventFactory(organiser=township1, hours=4)
    attendance = AttendanceFactory(event=event, cadre=chair1, hours_individual=Decimal("3"))

    response = _edit(client, event, hours="2")

    assert "有 1 名参训人员单独认定的学时超过 2" in response.content.decode()
    event.refresh_from_db()
    assert event.hours == 4 and _hours(attendance) == [Decimal("3.0")]


def test_hours_corrected_in_the_admin_reach_the_attendees(client_for, township1, town01, chair1):
    event = EventFactory(organiser=township1, hours=2)
    attendance = AttendanceFactory(event=event, cadre=chair1)
    client = client_for(town01)
    page = client.get(f"/admin/training/event/{event.pk}/change/")
    data = form_data(page)
    data[FIELD_NAME] = page.context["stale_fingerprint"]
    data["hours"] = "4"

    response = client.post(f"/admin/training/event/{event.pk}/change/", data)

    assert response.status_code == 302
    assert _hours(attendance) == [Decimal("4.0")]


def test_admin_attendance_left_blank_follows_the_event(client_for, township1, town01, chair1):
    event = EventFactory(organiser=township1, hours=2)
    client = client_for(town01)

    client.post(
        "/admin/training/attendance/add/",
        {"event": event.pk, "cadre": chair1.pk, "status": "attended", "hours_individual": ""},
    )
    event.hours = Decimal("4")
    event.save()

    assert Attendance.objects.get().hours_credited == Decimal("4.0")
    changelist = client.get("/admin/training/attendance/").content.decode()
    assert "4.0" in changelist


def test_imported_attendance_without_hours_follows_the_event(client_for, township1, town01, chair1):
    event = EventFactory(organiser=township1, hours=2, title="村级妇女干部培训班")
    start = f"{event.starts_on:%Y/%m/%d}"
    rows = [
        [event.title, start, "", chair1.id_number, "", "已参加", None],
        [event.title, start, "赵女士", "", "县人大代表", "已参加", 1],
    ]
    import_file(client_for(town01), "attendance", xlsx_bytes(IMPORT_HEADERS, rows), app="training")

    event.hours = Decimal("4")
    event.save()

    credited = dict(Attendance.objects.values_list("name", "hours_credited"))
    assert credited == {"": Decimal("4.0"), "赵女士": Decimal("1.0")}


def test_changing_the_hours_costs_the_same_queries_for_many_attendees(township1):
    def queries_for(attendees: int) -> int:
        event = EventFactory(organiser=township1, hours=2)
        for _ in range(attendees):
            AttendanceFactory(event=event, cadre=CadreFactory(unit=UnitFactory(parent=township1)))
        event.hours = Decimal("4")
        with CaptureQueriesContext(connection) as captured:
            event.save()
        assert set(event.attendances.values_list("hours_credited", flat=True)) == {Decimal("4.0")}
        return len(captured)

    assert queries_for(2) == queries_for(12)


def test_rows_credited_before_the_rule_follow_the_event_unless_they_differed(township1, chair1, chair2):
    """The data migration: a row credited the event's hours (even 0) follows the event from now on; a row
    credited something else keeps it as its own."""
    migration = importlib.import_module("training.migrations.0004_attendance_keep_individual_hours")
    zero_hours = EventFactory(hours=2)
    Event.objects.filter(pk=zero_hours.pk).update(hours=0)  # saved before 学时 > 0 was required
    copied = AttendanceFactory(event=zero_hours, cadre=chair1)
    course = EventFactory(hours=8)
    own = AttendanceFactory(event=course, cadre=chair2)
    absent = AttendanceFactory(event=course, cadre=chair1, status="absent")
    Attendance.objects.filter(pk=copied.pk).update(hours_credited=0)
    Attendance.objects.filter(pk=own.pk).update(hours_credited=Decimal("6.5"))

    migration.keep_individual_hours(apps, None)

    rows = {a.pk: a.hours_individual for a in Attendance.objects.all()}
    assert rows == {copied.pk: None, own.pk: Decimal("6.5"), absent.pk: None}
    zero_hours.refresh_from_db()
    zero_hours.hours = Decimal("4")
    zero_hours.save()
    course.hours = Decimal("7")
    course.save()
    assert _hours(copied, own, absent) == [Decimal("4.0"), Decimal("6.5"), 0]


def test_activity_attendance_with_no_hours_is_credited_none(township1, chair1):
    activity = ActivityFactory(organiser=township1)

    assert AttendanceFactory(event=activity, cadre=chair1).hours_credited == 0

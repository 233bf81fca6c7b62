"""Training entry that forgives: an attendee is deleted only after a confirmation page, the only 主办单位 a
clerk may name is chosen for her, dates are typed the Chinese way, and a sign-in sheet's phone numbers are
read like the cadre form reads them."""

from __future__ import annotations

import datetime

from django.urls import reverse

from tests.factories import AttendanceFactory, EventFactory
from tests.training.test_sign_in_import import workbook
from training.models import Attendance, Event
from training.signin import parse_sign_in


def test_deleting_an_attendee_asks_first_and_deletes_nothing_until_confirmed(client_for, township1, town01, chair1):
    event = EventFactory(organiser=township1, title="萧江镇妇女干部培训班", starts_on=datetime.date(2026, 3, 10))
    attendance = AttendanceFactory(event=event, cadre=chair1)
    client = client_for(town01)
    url = reverse("training:attendance_delete", args=[attendance.pk])

    detail = client.get(reverse("training:event_detail", args=[event.pk])).content.decode()
    confirm = client.get(url)

    assert f'href="{url}"' in detail  # a link to the question, not a button that deletes at once
    assert f'action="{url}"' not in detail
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "确定要从 <strong>萧江镇妇女干部培训班</strong>" in page and "<strong>王秀英</strong>" in page
    assert "确认删除" in page and reverse("training:event_detail", args=[event.pk]) in page
    assert Attendance.objects.filter(pk=attendance.pk).exists()


def test_confirming_deletes_the_attendee(client_for, township1, town01, chair1):
    event = EventFactory(organiser=township1)
    attendance = AttendanceFactory(event=event, cadre=chair1)
    client = client_for(town01)

    response = client.post(reverse("training:attendance_delete", args=[attendance.pk]))

    assert response.status_code == 302
    assert not Attendance.objects.filter(pk=attendance.pk).exists()
    followed = client.get(response.url).content.decode()
    assert "已删除 王秀英 的参训记录。" in followed


def test_another_townships_attendee_is_not_found_and_a_leader_may_not_delete(
    client_for, township2, town01, leader, chair2
):
    attendance = AttendanceFactory(event=EventFactory(organiser=township2), cadre=chair2)
    url = reverse("training:attendance_delete", args=[attendance.pk])

    assert client_for(town01).get(url).status_code == 404
    assert client_for(town01).post(url).status_code == 404
    assert client_for(leader).post(url).status_code == 403
    assert Attendance.objects.filter(pk=attendance.pk).exists()


def _organiser_options(response) -> list[tuple[str, bool]]:
    adminform = response.context.get("adminform")
    field = (adminform.form if adminform else response.context["form"])["organiser"]
    widget = field.field.widget
    chosen = str(field.value() or "")
    return [(str(label), str(value) == chosen) for value, label in widget.choices]


def test_a_township_clerks_only_organiser_is_chosen_already(client_for, township1, town01):
    client = client_for(town01)

    portal = client.get(reverse("training:event_create"))
    admin_add = client.get(reverse("admin:training_event_add"))

    assert _organiser_options(portal) == [("萧江镇", True)]
    assert _organiser_options(admin_add) == [("萧江镇", True)]


def test_county_staff_still_choose_among_several_organisers(client_for, township1, township2, county_staff):
    options = _organiser_options(client_for(county_staff).get(reverse("training:event_create")))

    assert options[0] == ("---------", True)
    assert {label for label, _ in options} >= {"萧江镇", "水头镇"}


def test_an_event_is_recorded_with_dates_typed_the_chinese_way(client_for, township1, town01):
    response = client_for(town01).post(
        reverse("training:event_create"),
        {
            "title": "萧江镇村级妇女干部业务培训班",
            "category": "training",
            "kind": "course",
            "organiser": township1.pk,
            "starts_on": "2026年5月1日",
            "ends_on": "2026.5.2",
            "hours": "4",
        },
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    event = Event.objects.get(title="萧江镇村级妇女干部业务培训班")
    assert (event.starts_on, event.ends_on) == (datetime.date(2026, 5, 1), datetime.date(2026, 5, 2))


def test_an_impossible_event_date_is_refused_with_the_accepted_forms(client_for, township1, town01):
    response = client_for(town01).post(
        reverse("training:event_create"),
        {
            "title": "培训",
            "category": "training",
            "kind": "course",
            "organiser": township1.pk,
            "hours": "4",
            "starts_on": "2026年2月30日",
            "ends_on": "5/2/2026",
        },
    )

    errors = response.context["form"].errors
    assert errors["starts_on"] == ["日期“2026年2月30日”不存在。"]
    assert "2024年5月1日" in errors["ends_on"][0]
    assert not Event.objects.exists()


def test_a_sign_in_sheet_reads_phone_numbers_as_the_cadre_form_does(township1):
    rows = parse_sign_in(
        workbook(
            [
                ("王秀英", "", "138 0000 0001", ""),
                ("张丽", "", "0571-88888888", ""),
                ("李梅", "", "138-0000-12345", ""),
                ("赵敏", "", 13900000003, ""),
            ]
        )
    )

    assert [(row.phone, row.error) for row in rows[:2]] == [("13800000001", ""), ("0571-88888888", "")]
    assert rows[2].error == "手机号“138-0000-12345”有12位数字，应为11位（如 13812345678）。"
    assert (rows[3].phone, rows[3].error) == ("13900000003", "")

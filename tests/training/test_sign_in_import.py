"""Importing a sign-in list: preview, matching, duplicates, bad files, all or nothing."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.db import DatabaseError

from tests.factories import AttendanceFactory, CadreFactory, EventFactory, UnitFactory, valid_id_number
from training import services
from training.models import Attendance


def workbook(rows, header=("姓名", "身份证号", "手机号", "单位")) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, event, data: bytes, name: str = "签到表.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(f"/training/events/{event.pk}/sign-in/", {"file": file})


@pytest.fixture
def sheet(township1, chair1, chair2):
    """王秀英 by 身份证号, 张丽 by phone and name, an external, a repeat of 王秀英, and 水头镇's 李桂芳."""
    by_phone = CadreFactory(unit=UnitFactory(parent=township1), name="张丽", phone="13900000003")
    data = workbook(
        [
            ("王秀英", chair1.id_number, "", "桃源村"),
            ("张丽", "", "13900000003", ""),
            ("赵女士", "", "13700000009", "县人大代表"),
            ("王秀英", chair1.id_number.lower(), "", "桃源村"),
            ("李桂芳", chair2.id_number, "", "沿溪村"),
        ]
    )
    return {"data": data, "by_phone": by_phone}


def test_preview_matches_by_id_number_then_phone_and_flags_duplicates(client_for, township1, town01, chair1, sheet):
    event = EventFactory(organiser=township1)
    client = client_for(town01)

    response = upload(client, event, sheet["data"])
    preview = client.get(response["Location"])
    page = preview.content.decode()

    assert response.status_code == 302
    result = preview.context["preview"]
    assert [r.cadre for r in result.matched] == [chair1, sheet["by_phone"]]
    assert [r.name for r in result.external] == ["赵女士", "李桂芳"]
    assert [(r.line, r.duplicate_of) for r in result.duplicates] == [(5, 2)]
    assert "与第2行重复" in page
    assert chair1.id_number not in page  # the preview shows masked numbers only
    assert not Attendance.objects.exists()


def test_other_township_cadre_is_never_matched(township1, town01, chair2, sheet):
    event = EventFactory(organiser=township1)

    preview = services.sign_in_preview(event=event, data=sheet["data"], by=town01)

    assert chair2 not in [r.cadre for r in preview.rows]


def test_confirm_imports_matched_and_external_once(client_for, township1, town01, chair1, sheet):
    event = EventFactory(organiser=township1, hours=6)
    client = client_for(town01)
    upload(client, event, sheet["data"])

    response = client.post(f"/training/events/{event.pk}/sign-in/preview/", {"confirm": "1"})

    assert response.status_code == 302
    rows = Attendance.objects.filter(event=event)
    assert rows.count() == 4
    assert {a.cadre for a in rows if a.cadre} == {chair1, sheet["by_phone"]}
    assert sorted(a.name for a in rows if not a.cadre) == ["李桂芳", "赵女士"]
    assert all(a.hours_credited == 6 and a.township == township1 for a in rows)
    assert all(a.history.count() == 1 for a in rows)


def test_people_already_recorded_are_not_imported_again(client_for, township1, town01, chair1, sheet):
    event = EventFactory(organiser=township1)
    AttendanceFactory(event=event, cadre=chair1)
    client = client_for(town01)
    upload(client, event, sheet["data"])

    client.post(f"/training/events/{event.pk}/sign-in/preview/", {"confirm": "1"})

    assert Attendance.objects.filter(event=event, cadre=chair1).count() == 1
    assert Attendance.objects.filter(event=event).count() == 4


def test_a_row_in_error_refuses_the_whole_file(client_for, township1, town01, chair1):
    event = EventFactory(organiser=township1)
    data = workbook(
        [("王秀英", chair1.id_number, "", ""), ("", "", "13700000001", ""), ("钱红", "330326199001011235", "", "")]
    )
    client = client_for(town01)
    upload(client, event, data)

    preview = client.get(f"/training/events/{event.pk}/sign-in/preview/")
    confirm = client.post(f"/training/events/{event.pk}/sign-in/preview/", {"confirm": "1"}, follow=True)

    assert "姓名为空" in preview.content.decode()
    assert "确认导入" not in preview.content.decode()
    assert "签到表有错误，未导入任何记录" in confirm.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"this is not a workbook", "不是有效的 Excel"),
        (workbook([("王秀英", "13800000001")], header=("姓名", "备注")), "包含“姓名”列"),
        (workbook([]), "没有数据行"),
    ],
)
def test_bad_file_gets_a_clear_chinese_error_and_saves_nothing(client_for, township1, town01, data, message):
    event = EventFactory(organiser=township1)
    client = client_for(town01)

    response = upload(client, event, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attendance.objects.exists()
    assert client.get(f"/training/events/{event.pk}/sign-in/preview/").status_code == 302  # nothing stashed


def test_import_is_all_or_nothing_when_a_row_fails_on_save(township1, town01, chair1, monkeypatch):
    event = EventFactory(organiser=township1)
    data = workbook([("王秀英", chair1.id_number, "", ""), ("赵女士", "", "13700000009", "")])
    original = Attendance.full_clean

    def failing_full_clean(self, *args, **kwargs):
        if self.name == "赵女士":
            from django.core.exceptions import ValidationError

            raise ValidationError("模拟失败")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Attendance, "full_clean", failing_full_clean)
    with pytest.raises(Exception, match="模拟失败"):
        services.sign_in_import(event=event, data=data, by=town01)

    assert not Attendance.objects.exists()


def test_a_database_failure_on_a_later_row_leaves_no_attendance(township1, town01, sheet, monkeypatch):
    """The confirm is one transaction: when the database fails while writing the third row, the two
    rows already written are gone too (the writer's own transaction covers only what it wrote)."""
    event = EventFactory(organiser=township1)
    real_writer = services.bulk_create_with_history

    def fails_on_the_third_row(rows, model, **kwargs):
        real_writer(rows[:2], model, **kwargs)
        raise DatabaseError("模拟数据库故障：第3行写入失败")

    monkeypatch.setattr(services, "bulk_create_with_history", fails_on_the_third_row)
    with pytest.raises(DatabaseError):
        services.sign_in_import(event=event, data=sheet["data"], by=town01)

    assert not Attendance.objects.exists()
    assert not Attendance.history.exists()


def test_township_staff_cannot_import_into_other_township_event(client_for, township2, town01, chair1):
    other = EventFactory(organiser=township2)

    response = upload(client_for(town01), other, workbook([("王秀英", chair1.id_number, "", "")]))

    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_another_user_cannot_confirm_my_upload(client_for, township1, town01, chair1):
    event = EventFactory(organiser=township1)
    upload(client_for(town01), event, workbook([("王秀英", chair1.id_number, "", "")]))

    from django.test import Client

    from orgs import roles
    from tests.factories import make_user

    colleague = Client()
    colleague.force_login(make_user("town01b", roles.TOWNSHIP_STAFF, township1))
    response = colleague.post(f"/training/events/{event.pk}/sign-in/preview/", {"confirm": "1"})

    assert response.status_code == 302
    assert not Attendance.objects.exists()


def test_header_variants_and_phone_numbers_typed_as_numbers_are_read(township1, town01):
    cadre = CadreFactory(unit=UnitFactory(parent=township1), name="周敏", phone="13600000006")
    event = EventFactory(organiser=township1)
    data = workbook([("周 敏", 13600000006, "")], header=("*姓名", "手机号码（必填）", "工作单位"))

    preview = services.sign_in_preview(event=event, data=data, by=town01)

    assert [r.cadre for r in preview.matched] == [cadre]


def test_matching_costs_the_same_queries_for_ten_or_two_hundred_rows(township1, town01, django_assert_num_queries):
    event = EventFactory(organiser=township1)
    for i in range(200):
        CadreFactory(unit=UnitFactory(parent=township1), name=f"人员{i}", id_number=valid_id_number(5000 + i))

    def sheet(rows: int) -> bytes:  # half matched by 身份证号, half by phone (unmatched)
        return workbook(
            [(f"人员{i}", valid_id_number(5000 + i) if i % 2 else "", f"137{i:08d}", "") for i in range(rows)]
        )

    Attendance.objects.for_user(town01).exists()  # the user's scope is cached from here on
    with django_assert_num_queries(4):
        small = services.sign_in_preview(event=event, data=sheet(10), by=town01)
    with django_assert_num_queries(4):
        large = services.sign_in_preview(event=event, data=sheet(200), by=town01)
    assert (len(small.matched), len(large.matched)) == (5, 100)

"""Training attendance import/export and demonstration-site exports reuse the same machinery."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from tests.factories import CadreFactory, DesignationFactory, EventFactory, valid_id_number
from tests.importexport.helpers import content_of, export, import_file, read_xlsx, upload, xlsx_bytes
from training.models import Attendance

HEADERS = ["培训与活动", "开始日期", "姓名", "身份证号", "单位", "出勤", "认定学时"]


def test_attendance_import_matches_cadres_and_externals(client_for, town01, township1, villages):
    event = EventFactory(title="村级妇女干部培训班", organiser=township1, hours=8)
    cadre = CadreFactory(unit=villages["桃源村"], name="王秀英")
    other = CadreFactory(unit=villages["山前村"], name="水头干部")
    start = f"{event.starts_on:%Y/%m/%d}"
    rows = [
        [event.title, start, "", cadre.id_number, "", "已参加", None],
        [event.title, start, "李外援", "", "县妇联", "缺席", None],
    ]
    client = client_for(town01)

    import_file(client, "attendance", xlsx_bytes(HEADERS, rows), app="training")

    attendances = {a.participant_name: a for a in Attendance.objects.all()}
    assert attendances["王秀英"].hours_credited == Decimal("8")
    assert attendances["王秀英"].township_id == township1.pk
    assert attendances["李外援"].hours_credited == Decimal("0")
    assert Attendance.history.filter(history_type="+", history_user=town01).count() == 2
    # The same file again changes nothing; another township's cadre is refused as if nobody had the number.
    again = upload(client, "attendance", xlsx_bytes(HEADERS, rows), app="training")
    assert again.context["result"].counts == {"new": 0, "update": 0, "skip": 2, "invalid": 0}
    refused = upload(
        client,
        "attendance",
        xlsx_bytes(HEADERS, [[event.title, start, "", other.id_number, "", "", None]]),
        app="training",
    )
    assert refused.context["result"].messages == [
        "第2行 第4列（身份证号）：干部名册中没有该身份证号：名册外人员请不要填写身份证号。"
    ]

    exported = read_xlsx(content_of(export(client, "attendance", app="training")))
    assert exported[0] == HEADERS
    masked = cadre.id_number[:6] + "********" + cadre.id_number[-4:]
    assert [event.title, "王秀英", masked, "桃源村", "已参加", 8] in [r[:1] + r[2:] for r in exported[1:]]


def test_attendance_preview_reports_unknown_event(client_for, town01, villages):
    rows = [["不存在的培训", "2026-03-05", "", valid_id_number(1), "", "", None]]

    preview = upload(client_for(town01), "attendance", xlsx_bytes(HEADERS, rows), app="training")

    assert preview.context["result"].messages[0] == (
        "第2行 第1列（培训与活动）：找不到 2026-03-05 开始的“不存在的培训”：请核对名称和开始日期。"
    )


def test_designations_export_is_scoped(client_for, town01, county_staff, villages):
    DesignationFactory(unit=villages["桃源村"])
    DesignationFactory(unit=villages["山前村"])

    own = read_xlsx(content_of(export(client_for(town01), "designation", app="demo_sites")))
    everything = read_xlsx(content_of(export(client_for(county_staff), "designation", app="demo_sites")))

    assert [r[:2] for r in own[1:]] == [["萧江镇", "桃源村"]]
    assert sorted(r[1] for r in everything[1:]) == ["山前村", "桃源村"]
    assert client_for(town01).get(reverse("admin:demo_sites_designation_changelist")).status_code == 200

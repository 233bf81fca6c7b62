"""The downloadable template, and a full round trip: template → fill → import → export → same values."""

from __future__ import annotations

import datetime
import io

import openpyxl
from django.urls import reverse

from files.spreadsheets import set_text_safe
from orgs.models import Cadre, Post, Unit, WomenOrganisation
from tests.factories import valid_id_number
from tests.importexport.helpers import content_of, export, import_file, read_xlsx, xlsx_bytes


def _template(client, model: str, index: int = 0):
    response = client.get(reverse(f"admin:orgs_{model}_import_template", args=[index]))
    assert response.status_code == 200
    return response, openpyxl.load_workbook(io.BytesIO(content_of(response)))


def test_template_has_instructions_dropdowns_and_an_example_row(client_for, town01, villages):
    response, workbook = _template(client_for(town01), "cadre")

    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert workbook.sheetnames[0] == "数据"
    assert "填表说明" in workbook.sheetnames
    assert workbook["选项"].sheet_state == "hidden"
    sheet = workbook["数据"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["所属乡镇", "所在单位", "姓名", "身份证号"]
    assert str(sheet["A2"].value).startswith("（示例）")
    validations = sheet.data_validations.dataValidation
    assert validations and all(v.showErrorMessage for v in validations)
    by_column = {str(v.sqref).split(":")[0]: v for v in validations}
    # A township user's lists offer only her own township and units.
    assert by_column["A2"].formula1 == "'选项'!$A$1:$A$1"
    assert by_column["B2"].formula1.startswith("'选项'!$B$1")
    assert [c.value for c in workbook["选项"]["A"] if c.value] == ["萧江镇"]
    units = [c.value for c in workbook["选项"]["B"] if c.value]
    assert "桃源村" in units and "山前村" not in units
    assert '"主席,副主席,常委,执委,妇女主任,妇委会主任"' in [v.formula1 for v in validations]
    guide = [row[0] for row in workbook["填表说明"].iter_rows(values_only=True)]
    assert "身份证号" in guide


def test_cadre_template_round_trip(client_for, admin_user, villages):
    client = client_for(admin_user)
    _, workbook = _template(client, "cadre")
    sheet = workbook["数据"]
    header = [c.value for c in sheet[1]]
    filled = [
        [
            "萧江镇",
            "桃源村",
            "王秀英",
            valid_id_number(1),
            "女",
            "汉族",
            "中共党员",
            "大专",
            "13812345678",
            "主席",
            "2026/3/5",
            "是",
            "否",
            "=不是公式",
        ],
        [
            "萧江镇",
            "沿河村",
            "李桂芳",
            valid_id_number(2),
            "女",
            "畲族",
            "群众",
            "高中/中专",
            "13900001111",
            "执委",
            "2025年12月1日",
            "否",
            "是",
            "",
        ],
        [
            "水头镇",
            "山前村",
            "陈玉兰",
            valid_id_number(3),
            "女",
            "汉族",
            "中共预备党员",
            "",
            "",
            "",
            None,
            "",
            "是",
            "备注",
        ],
    ]
    for row in filled:
        sheet.append(row)  # below the example row, which the importer skips
    set_text_safe(sheet.cell(row=3, column=14), "=不是公式")  # typed as text in Excel ('=...)
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = import_file(client, "cadre", buffer.getvalue())

    assert response.status_code == 302
    assert Cadre.objects.count() == 3
    assert Post.objects.filter(position=Cadre.Position.CHAIR, cadre__name="王秀英").count() == 1
    exported = read_xlsx(content_of(export(client, "cadre")))
    assert exported[0] == header
    expected = {row[3]: row for row in filled}
    assert len(exported) == 4
    started = {"2026/3/5": datetime.datetime(2026, 3, 5), "2025年12月1日": datetime.datetime(2025, 12, 1)}
    for row in exported[1:]:
        original = [v if v != "" else None for v in expected[row[3]]]
        original[10] = started.get(original[10])
        if original[9] is None:
            original[11] = None  # no post: nothing to say about the committees
        assert row == original


def test_unit_and_organisation_templates_round_trip(client_for, county_staff, township1):
    client = client_for(county_staff)
    _, workbook = _template(client, "unit", 0)
    sheet = workbook["数据"]
    sheet.append(["萧江镇", "沿河社区", "社区", "330326001", "沿河路1号", "0577-1234567", "是", "是"])
    sheet.append(["萧江镇", "桃源村", "村", "", "", "", "否", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert import_file(client, "unit", buffer.getvalue()).status_code == 302
    assert Unit.objects.get(name="沿河社区").township == township1

    _, workbook = _template(client, "womenorganisation")
    sheet = workbook["数据"]
    sheet.append(
        ["萧江镇", "沿河社区", "沿河社区妇联", "妇联", "单独组建", "正常运转", "2021年3月8日", 5, "是", 80, ""]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert import_file(client, "womenorganisation", buffer.getvalue()).status_code == 302
    organisation = WomenOrganisation.objects.get(name="沿河社区妇联")
    assert organisation.township == township1
    assert organisation.next_election_due == datetime.date(2026, 3, 8)

    units = read_xlsx(content_of(export(client, "unit", resource=0)))
    assert units[0][:3] == ["所属乡镇", "单位名称", "类别"]
    assert ["萧江镇", "沿河社区", "社区", "330326001", "沿河路1号", "0577-1234567", "是", "是"] in units
    organisations = read_xlsx(content_of(export(client, "womenorganisation")))
    assert organisations[1][:7] == [
        "萧江镇",
        "沿河社区",
        "沿河社区妇联",
        "妇联",
        "单独组建",
        "正常运转",
        datetime.datetime(2021, 3, 8),
    ]


def test_term_elections_import_and_refresh_the_due_date(client_for, town01, villages):
    client = client_for(town01)
    _, workbook = _template(client, "termelection")
    sheet = workbook["数据"]
    sheet.append(["萧江镇", "桃源村", "2026-03-05", 5, "组织部", "2026/3/20", "组织部", "2026年4月2日", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert import_file(client, "termelection", buffer.getvalue()).status_code == 302

    organisation = villages["桃源村"].women_organisation
    organisation.refresh_from_db()
    assert organisation.next_election_due == datetime.date(2031, 3, 5)
    election = organisation.term_elections.get()
    assert (election.filed_on, election.approved_on) == (datetime.date(2026, 3, 20), datetime.date(2026, 4, 2))
    assert election.township_id == villages["桃源村"].township_id


def test_county_staff_import_county_organs(client_for, county_staff, county):
    rows = [["县教育局", "县直机关/事业单位", "", "", "", "是"], ["县女企业家协会", "团体会员", "", "", "", ""]]
    data = xlsx_bytes(["单位名称", "类别", "统一社会信用代码/区划代码", "地址", "联系电话", "存续"], rows)

    import_file(client_for(county_staff), "unit", data, resource=2)

    organs = Unit.objects.filter(parent=county).exclude(kind=Unit.Kind.TOWNSHIP).order_by("name")
    assert [(u.name, u.kind, u.township_id, u.is_active) for u in organs] == [
        ("县女企业家协会", Unit.Kind.GROUP_MEMBER, None, True),
        ("县教育局", Unit.Kind.ORGAN, None, True),
    ]

"""Exports: scoped and filtered like the changelist, masked, formula-safe, streamed, with Chinese names."""

from __future__ import annotations

import io
from urllib.parse import quote

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orgs.models import Cadre, Unit
from tests.factories import CadreFactory, PostFactory, UnitFactory, WomenOrganisationFactory, valid_id_number
from tests.importexport.helpers import content_of, export, read_xlsx

FORMULA_LIKE = ['=HYPERLINK("http://x","点我")', "+86 577", "-1+2", "@SUM(A1)", "\t制表符"]


def test_formula_like_text_is_exported_as_text(client_for, county_staff, villages):
    for index, text in enumerate(FORMULA_LIKE):
        CadreFactory(unit=villages["桃源村"], name=f"干部{index}", notes=text)

    response = export(client_for(county_staff), "cadre")

    sheet = openpyxl.load_workbook(io.BytesIO(content_of(response))).worksheets[0]
    notes_column = [c.value for c in sheet[1]].index("备注") + 1
    cells = [sheet.cell(row=r, column=notes_column) for r in range(2, sheet.max_row + 1)]
    assert sorted(c.value for c in cells) == sorted(FORMULA_LIKE)
    assert {c.data_type for c in cells} == {"s"}
    assert all(c.quotePrefix for c in cells)  # data_type "s" alone holds for "+86 577" unescaped


def test_id_number_and_phone_are_masked_unless_the_user_may_reveal_them(client_for, town01, admin_user, villages):
    number = valid_id_number(42)
    CadreFactory(unit=villages["桃源村"], name="王秀英", phone="13812345678", id_number=number)

    masked = read_xlsx(content_of(export(client_for(town01), "cadre")))
    revealed = read_xlsx(content_of(export(client_for(admin_user), "cadre")))

    header = masked[0]
    id_column, phone_column = header.index("身份证号"), header.index("手机号")
    assert masked[1][id_column] == number[:6] + "********" + number[-4:]
    assert masked[1][phone_column] == "138****5678"
    assert number not in repr(masked)
    assert (revealed[1][id_column], revealed[1][phone_column]) == (number, "13812345678")


def test_export_honours_scope_and_changelist_filters(client_for, town01, county_staff, villages, township2):
    CadreFactory(unit=villages["桃源村"], name="萧江干部", is_reserve=True)
    CadreFactory(unit=villages["沿河村"], name="萧江干部二")
    CadreFactory(unit=villages["山前村"], name="水头干部", is_reserve=True)

    own = read_xlsx(content_of(export(client_for(town01), "cadre")))
    filtered = read_xlsx(content_of(export(client_for(town01), "cadre", "is_reserve__exact=1")))
    other_township = read_xlsx(content_of(export(client_for(county_staff), "cadre", f"township={township2.pk}")))

    assert sorted(r[2] for r in own[1:]) == ["萧江干部", "萧江干部二"]
    assert [r[2] for r in filtered[1:]] == ["萧江干部"]
    assert [r[2] for r in other_township[1:]] == ["水头干部"]


def test_unit_export_per_kind(client_for, county_staff, township1, villages):
    UnitFactory(name="立天控股集团", parent=township1, kind=Unit.Kind.ENTERPRISE, employees=100, women_employees=40)

    villages_sheet = read_xlsx(content_of(export(client_for(county_staff), "unit", resource=0)))
    enterprises = read_xlsx(content_of(export(client_for(county_staff), "unit", resource=1)))

    assert sorted(r[1] for r in villages_sheet[1:]) == ["山前村", "桃源村", "沿河村"]
    assert [r[1:3] + r[4:7] for r in enterprises[1:]] == [["立天控股集团", "非公企业", "未建立", 100, 40]]


def test_export_file_name_is_chinese(client_for, county_staff):
    response = export(client_for(county_staff), "cadre")

    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('妇女干部')}-" in disposition
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")


def _export_queries(client, count: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = export(client, "cadre")
        rows = read_xlsx(content_of(response))
    assert len(rows) == count + 1
    return len(captured)


def test_export_queries_do_not_grow_with_rows(client_for, county_staff, township1):
    organisation = WomenOrganisationFactory(unit=UnitFactory(parent=township1))
    client = client_for(county_staff)
    for _ in range(3):
        PostFactory(organisation=organisation, position=Cadre.Position.EXECUTIVE)
    few = _export_queries(client, 3)
    for _ in range(30):
        PostFactory(organisation=organisation, position=Cadre.Position.EXECUTIVE)

    assert _export_queries(client, 33) == few

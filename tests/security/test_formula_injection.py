"""No workbook the portal writes turns a name into a live formula (issue 16, finding 2).

Names that users type (townships, units, organisations, cadres, events, purposes) are planted with every
start that Excel evaluates or re-evaluates after an edit, then every generated workbook is read back:
each import template (all sheets, the hidden 选项 sheet included), each admin export, and each summary
workbook. A cell holding such text must be a string cell marked ``quotePrefix`` (what Excel stores for
text typed as '=1+1). ``data_type == "s"`` alone would pass for ``+cmd`` or ``-1+2`` unescaped.
"""

from __future__ import annotations

import datetime
import io
import unicodedata
from decimal import Decimal

import openpyxl
import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from files import spreadsheets
from orgs.importing.admin import ImportExportAdminMixin, _PortalExport
from tests.factories import (
    ApplicationFactory,
    AttendanceFactory,
    CadreFactory,
    DesignationFactory,
    EventFactory,
    TermElectionFactory,
    TownshipFactory,
    UnitFactory,
    WomenOrganisationFactory,
)

HOSTILE_STARTS = ["=1+1", "+cmd", "-1+2", "@SUM(A1)", "\tcmd", "\rcmd", "＝1+1"]


def _evaluated_start(value) -> bool:
    """Text Excel would take for a formula (by the definition, not by the code under test)."""
    if not isinstance(value, str) or not value:
        return False
    return value[0] in "\t\r" or unicodedata.normalize("NFKC", value[0])[:1] in "=+-@"


def _hostile_cells(content: bytes) -> list:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [
        (sheet.title, cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if _evaluated_start(cell.value)
    ]


def _assert_all_text(content: bytes, what: str) -> list:
    cells = _hostile_cells(content)
    assert cells, f"{what}: no planted name found, the check would prove nothing"
    unsafe = [
        (title, cell.coordinate, cell.value)
        for title, cell in cells
        if not (cell.data_type == "s" and (cell.quotePrefix or cell.value.startswith("'")))
    ]
    assert not unsafe, f"{what}: live formulas {unsafe}"
    return cells


def _saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def hostile(county):
    """One township per hostile start, with a village, its 妇联, a cadre holding a post, a 换届, an event
    with her attendance, and a designated 示范点 with a subsidy: every name starting with the start."""
    from demo_sites.models import Subsidy
    from tests.factories import PostFactory

    today = timezone.localdate()
    for index, start in enumerate(HOSTILE_STARTS):
        township = TownshipFactory(name=f"{start}镇{index}", parent=county)
        unit = UnitFactory(name=f"{start}村{index}", parent=township)
        organisation = WomenOrganisationFactory(unit=unit, name=f"{start}妇联{index}")
        cadre = CadreFactory(unit=unit, name=f"{start}干部{index}")
        PostFactory(cadre=cadre, organisation=organisation)
        TermElectionFactory(organisation=organisation, held_on=datetime.date(today.year, 3, 8))
        event = EventFactory(
            organiser=township,
            title=f"{start}培训{index}",
            starts_on=today.replace(month=3, day=10),
            ends_on=today.replace(month=3, day=10),
        )
        AttendanceFactory(event=event, cadre=cadre)
        ApplicationFactory(unit=unit, contact=f"{start}联系人{index}")
        designation = DesignationFactory(
            unit=unit,
            year=today.year,
            designated_on=today.replace(month=1, day=5),
            certificate_number=f"{start}证书{index}",
        )
        Subsidy.objects.create(
            designation=designation,
            township=township,
            granted_on=today.replace(month=2, day=1),
            amount=Decimal("1000.00"),
            purpose=f"{start}用途{index}",
        )
    return county


def _portal_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, _PortalExport)
    ]


def test_every_import_template_writes_names_as_text(client_for, admin_user, hostile):
    client = client_for(admin_user)
    seen = 0
    for model, model_admin in _portal_admins():
        if not isinstance(model_admin, ImportExportAdminMixin):
            continue
        for index, resource in enumerate(model_admin.resource_classes):
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_import_template", args=[index])
            response = client.get(url)
            assert response.status_code == 200, url
            content = b"".join(response.streaming_content)
            if not any(getattr(field, "dropdown", None) for field in resource.fields.values()):
                assert not _hostile_cells(content), url  # no list drawn from the data (县直机关)
                continue
            cells = _assert_all_text(content, url)
            # The dropdown lists on the hidden sheet are where the names of others end up.
            assert any(title == "选项" for title, _ in cells), url
            seen += 1
    assert seen >= 6  # villages/communities, new organisations, 妇女组织, 干部, 换届, 参训记录


def test_every_export_writes_names_as_text(client_for, admin_user, hostile):
    client = client_for(admin_user)
    seen = 0
    for model, model_admin in _portal_admins():
        for index, resource in enumerate(model_admin.resource_classes):
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
            response = client.post(url, {"format": "0", "resource": str(index)})
            assert response.status_code == 200, (url, resource)
            content = b"".join(response.streaming_content) if response.streaming else response.content
            if resource.__name__ in ("NewOrganisationResource", "OrganResource"):
                continue  # 县直机关/团体会员 and enterprises: none planted (the village export covers units)
            _assert_all_text(content, f"{url} {resource.__name__}")
            seen += 1
    assert seen >= 8


def test_every_summary_workbook_writes_names_as_text(hostile):
    from reports import workbooks
    from reports.selectors import make_scope

    scope = make_scope(user=None, year=timezone.localdate().year)
    for name in workbooks.NAMES:
        workbook, _ = workbooks.export(name, scope)
        _assert_all_text(_saved(workbook), name)


def test_a_quoted_cell_keeps_the_style_of_its_neighbours_to_itself():
    """Summary table cells share one style array: quoting one must not mark every cell of that style."""
    from reports.workbooks.layout import Column, ReportMeta, write_table

    workbook = openpyxl.Workbook()
    meta = ReportMeta(year=2026, reporting_unit="清源县妇联", report_date=datetime.date(2026, 12, 1))
    rows = [{"name": "=1+1镇", "count": 3}, {"name": "萧江镇", "count": 4}]
    write_table(workbook.active, title="测试表", meta=meta, columns=[Column("count", "数量")], rows=rows)

    sheet = openpyxl.load_workbook(io.BytesIO(_saved(workbook))).active
    by_value = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert by_value["=1+1镇"].quotePrefix is True
    assert by_value["萧江镇"].quotePrefix is False
    assert by_value[3].quotePrefix is False


@pytest.mark.parametrize("start", HOSTILE_STARTS)
def test_the_safe_writers_quote_each_start(start):
    workbook = openpyxl.Workbook()
    spreadsheets.write_cell(workbook.active, 1, 1, f"{start}名称")
    spreadsheets.append_row(workbook.active, [f"{start}名称", 5])
    streamed = openpyxl.Workbook(write_only=True)
    sheet = streamed.create_sheet("数据")
    sheet.append([spreadsheets.safe_cell(sheet, f"{start}名称")])
    for content in (_saved(workbook), _saved(streamed)):
        _assert_all_text(content, repr(start))


def test_every_character_that_folds_to_a_formula_start_is_quoted():
    folding = {
        chr(code)
        for code in range(0x80, 0x110000)
        if unicodedata.normalize("NFKC", chr(code))[:1] in ("=", "+", "-", "@")
    }
    assert folding | set("=+-@\t\r") == spreadsheets.FORMULA_START

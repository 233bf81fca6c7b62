"""A small upload that expands to a huge sheet is refused while it is being counted (issue 16, finding 1).

A 1.3 MB .xlsx of 1.4 million one-cell rows and no <dimension> held a worker for a minute: openpyxl's
loader parses such a sheet to its end just to size it. Rows and cells are now counted in one pass over
the package, read a megabyte at a time, which stops as soon as a cap is passed; neither openpyxl nor
calamine ever sees the file. Counters (not timers) show it.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
import python_calamine

from files import spreadsheets
from files.spreadsheets import SpreadsheetError
from orgs.models import Cadre
from tests.importexport.helpers import upload

SHEET = "xl/worksheets/sheet1.xml"
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe5\xa7\x93\xe5\x90\x8d</t></is></c></row>'
)
TAIL = b"</sheetData></worksheet>"


def _package(sheet_xml: bytes, *, sheet_path: str = SHEET) -> bytes:
    """A real workbook (openpyxl's parts) whose first sheet is ``sheet_xml``, stored at ``sheet_path``."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    target_name = sheet_path.removeprefix("xl/")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == SHEET:
                target.writestr(sheet_path, sheet_xml)
                continue
            if sheet_path != SHEET:
                content = content.replace(b"worksheets/sheet1.xml", target_name.encode())
            target.writestr(item.filename, content)
    return out.getvalue()


def _many_rows(count: int, row: bytes = b'<row r="%d"><c r="A%d"><v>1</v></c></row>') -> bytes:
    """``count`` one-cell rows from row 2 on, no <dimension>: the hostile file of the finding, smaller."""
    numbered = row.count(b"%d")
    return HEAD + b"".join(row % ((number,) * numbered) for number in range(2, count + 2)) + TAIL


@pytest.fixture
def readers(monkeypatch):
    """Counts calls of both readers and the bytes the scan decompressed from the sheet part."""
    calls = {"openpyxl": 0, "calamine": 0, "sheet_bytes": 0}
    real_load, real_calamine = openpyxl.load_workbook, python_calamine.CalamineWorkbook.from_filelike
    real_read = zipfile.ZipExtFile.read

    def load(*args, **kwargs):
        calls["openpyxl"] += 1
        return real_load(*args, **kwargs)

    def calamine(*args, **kwargs):
        calls["calamine"] += 1
        return real_calamine(*args, **kwargs)

    def read(self, *args, **kwargs):
        data = real_read(self, *args, **kwargs)
        if self.name.endswith("sheet1.xml") or "elsewhere" in self.name:
            calls["sheet_bytes"] += len(data)
        return data

    monkeypatch.setattr(openpyxl, "load_workbook", load)
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", calamine)
    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    return calls


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


HOSTILE = {
    "rows with references": b'<row r="%d"><c r="A%d"><v>1</v></c></row>',
    "rows without references": b"<row><c><v>%d</v></c></row>",
    "rows with a namespace prefix": b'<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<x:c><x:v>%d</x:v></x:c></x:row>",
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_sheet_of_300000_rows_is_refused_before_any_reader_parses_it(readers, kind):
    sheet = _many_rows(300_000, HOSTILE[kind])
    data = _package(sheet)

    with pytest.raises(SpreadsheetError) as caught:
        spreadsheets.read_rows(data)

    assert "行数过多" in str(caught.value) and _has_chinese(str(caught.value))
    assert readers["openpyxl"] == 0 and readers["calamine"] == 0
    # Counting stopped a few pieces after the cap, far before the end of the sheet.
    assert readers["sheet_bytes"] < len(sheet) // 3, (readers["sheet_bytes"], len(sheet))


def test_a_sheet_stored_outside_the_worksheets_folder_is_counted_too(readers):
    """Readers find sheets through the package's relationships: the counting does not trust the folder."""
    data = _package(_many_rows(300_000), sheet_path="xl/elsewhere.xml")
    assert b"xl/elsewhere.xml" in data

    with pytest.raises(SpreadsheetError, match="行数过多"):
        spreadsheets.read_rows(data)

    assert readers["openpyxl"] == 0 and readers["calamine"] == 0


def test_too_many_cells_in_few_rows_are_refused_before_any_reader(readers, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_SHEET_CELLS", 10_000)
    cells = b"".join(b"<c><v>%d</v></c>" % n for n in range(10_001))
    data = _package(HEAD + b"<row>" + cells + b"</row>" + TAIL)

    with pytest.raises(SpreadsheetError, match="单元格过多"):
        spreadsheets.read_rows(data)

    assert readers["openpyxl"] == 0 and readers["calamine"] == 0


def test_the_row_cap_counts_formatted_empty_rows_and_stops_just_past_it(readers):
    at_cap = _package(_many_rows(spreadsheets.MAX_SHEET_ROWS - 1, b'<row r="%d" s="1" customFormat="1"/>'))
    over_cap = _package(_many_rows(spreadsheets.MAX_SHEET_ROWS, b'<row r="%d" s="1" customFormat="1"/>'))

    assert spreadsheets.read_rows(at_cap) == (["姓名"], [])
    with pytest.raises(SpreadsheetError, match="行数过多"):
        spreadsheets.read_rows(over_cap)


def test_a_sparse_sheet_the_streaming_reader_would_take_long_over_is_refused_before_openpyxl(readers, monkeypatch):
    """Cells far apart go to openpyxl, several times slower: such a sheet is held to fewer cells."""
    monkeypatch.setattr(spreadsheets, "MAX_STREAMED_ELEMENTS", 1_000)
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(2, 1_000))
    data = _package(HEAD + rows + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>' + TAIL)

    with pytest.raises(SpreadsheetError, match="分布过散"):
        spreadsheets.read_rows(data)

    assert readers["openpyxl"] == 0


def test_a_far_cell_does_not_widen_every_row_of_a_streamed_sheet(readers):
    """openpyxl's iter_rows pads each row to the sheet's width (16,384 for one cell in column XFD)."""
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n) for n in range(2, 5))
    data = _package(HEAD + rows + b'<row r="100"><c r="XFD100" t="inlineStr"><is><t>x</t></is></c></row>' + TAIL)

    sheet = spreadsheets.read_sheet(data)

    assert readers["openpyxl"] == 1 and readers["calamine"] == 0
    assert sheet.header == ["姓名"]
    assert [row[0] for row in sheet.rows] == [2, 3, 4]
    assert max(len(row) for row in sheet.rows) <= spreadsheets.MAX_COLUMNS
    with pytest.raises(SpreadsheetError, match="第100行 第16384列有数据，但该列没有列名"):
        spreadsheets.read_sheet(data, strict_columns=True)


def test_the_cadre_import_refuses_the_hostile_file_in_chinese_and_writes_nothing(client_for, town01, villages, readers):
    response = upload(client_for(town01), "cadre", _package(_many_rows(300_000)))

    assert response.status_code == 200
    errors = response.context["form"].errors.get("import_file", [])
    assert any("行数过多" in error for error in errors), errors
    assert "confirm_form" not in response.context
    assert readers["openpyxl"] == 0 and readers["calamine"] == 0
    assert Cadre.objects.count() == 0

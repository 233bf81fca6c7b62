"""The one file format of the portal's imports and exports: .xlsx, read safely and written streamed."""

from __future__ import annotations

import tempfile
import unicodedata
from collections.abc import Iterable

import tablib
from import_export.formats import base_formats

from files import spreadsheets

# The template's example row starts with this mark; the importer skips such rows, so a user may keep it.
EXAMPLE_MARK = "（示例）"
DATA_SHEET_TITLE = "数据"


def display_width(text) -> int:
    """Column width in Excel units: East Asian wide characters take two."""
    text = "" if text is None else str(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


class SafeXLSX(base_formats.XLSX):
    """XLSX that reads uploads through ``files.spreadsheets`` (zip checks, row cap, Chinese errors)."""

    def get_title(self):
        return "xlsx"

    def create_dataset(self, in_stream):
        sheet = spreadsheets.read_sheet(bytes(in_stream), strict_columns=True)
        rows, numbers = [], []
        for row, number in zip(sheet.rows, sheet.row_numbers, strict=True):
            first = row[0] if row else None
            if isinstance(first, str) and first.strip().startswith(EXAMPLE_MARK):
                continue
            rows.append(row)
            numbers.append(number)
        if not rows:
            raise spreadsheets.SpreadsheetError("文件中没有数据行：第一行应为列名（表头），数据从第二行起逐行填写。")
        dataset = tablib.Dataset(*rows, headers=sheet.header)
        dataset.sheet_row_numbers = numbers
        return dataset

    def export_data(self, dataset, **kwargs):
        with write_xlsx(dataset.headers or [], iter(dataset)) as handle:
            return handle.read()


def write_xlsx(headers: list[str], rows: Iterable[Iterable], *, title: str = DATA_SHEET_TITLE):
    """Stream rows into a write-only workbook on a temporary file and return it rewound.

    Memory stays flat however many rows there are; text that Excel would take for a formula
    (``= + - @`` and their full-width forms, tab, carriage return) is written as a quoted string cell."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for index, header in enumerate(headers, 1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, display_width(header) + 6))
    sheet.freeze_panes = "A2"
    header_cells = []
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for header in headers:
        cell = WriteOnlyCell(sheet)
        spreadsheets.set_text_safe(cell, header)
        cell.font, cell.fill = bold, fill
        header_cells.append(cell)
    sheet.append(header_cells)
    safe_cell = spreadsheets.safe_cell
    formula_start = spreadsheets.FORMULA_START
    for row in rows:
        # Plain values go to openpyxl as they are (a date gets its yyyy-mm-dd format there); an empty text
        # cell is left out of the file, as Excel does; formula-like text becomes a plain string cell.
        sheet.append(
            [
                value
                if type(value) is not str
                else None
                if not value
                else safe_cell(sheet, value)
                if value[0] in formula_start
                else value
                for value in row
            ]
        )
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(handle)
    handle.seek(0)
    return handle

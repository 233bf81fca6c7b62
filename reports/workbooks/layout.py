"""The shape of a Chinese statistical table (统计表), written once for every summary sheet by ``write_table``.

A sheet is: a centred title; a line with 填报单位 on the left and 填报日期 on the right; two header rows
where a column either sits under a merged group heading or spans both rows; 序号 and a name column;
one row per township (or unit); a 合计 row; and the footer line 单位负责人 / 审核人 / 填表人 / 联系电话 /
报出日期. Headers wrap and column widths follow the content, so most tables fit one page wide at (nearly)
full size.

This module writes the headers, the body and the 合计 rows and puts the parts together; the others own the
rest: ``captions`` (title, 表号 block, 填报 line, notes, signature), ``widths`` (how wide a text is, how many
lines it wraps to, each column's width), ``print_setup`` (page setup and the split of a table too wide for
one page), ``totals`` (a 合计 computed here when the caller gives none), ``styles`` (fonts, borders and the
named cell styles).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from files.spreadsheets import set_text_safe, write_cell
from reports.workbooks.captions import (
    META_ROW,
    Captions,
    Merges,
    caption_spans,
    fit_captions,
    write_captions,
    write_notes_and_signature,
)
from reports.workbooks.print_setup import print_parts, set_up_printing
from reports.workbooks.styles import style_range, table_styles
from reports.workbooks.totals import computed_total_rows, fill_rates
from reports.workbooks.widths import LINE_HEIGHT, column_widths, display_width, formatted_width, text_lines

__all__ = [
    "FIRST_DATA_ROW",
    "Column",
    "ReportMeta",
    "ReturnBlock",
    "display_width",
    "header_text",
    "measure_units",
    "write_table",
]

NOT_APPLICABLE = "—"
HEADER_TOP, HEADER_BOTTOM = META_ROW + 1, META_ROW + 2  # rows 3 and 4, under the title and the 填报 line
FIRST_DATA_ROW = HEADER_BOTTOM + 1


@dataclass(frozen=True)
class Column:
    """One data column. ``group`` is the merged heading above it (None: the heading spans both header
    rows). ``kind`` is "int", "money", "hours" (a plain number with one decimal), "mean", "text" or
    "rate"; a rate is ``numerator / denominator`` of two other columns' keys, so the 合计 row's rate is
    recomputed from the totals, never averaged. ``unit`` (个, 人, 元 …) makes the sheet's 计量单位."""

    key: str
    header: str
    group: str | None = None
    kind: str = "int"
    rate_of: tuple[str, str] | None = None
    width: float | None = None
    unit: str = ""


@dataclass(frozen=True)
class ReturnBlock:
    """The 表号 / 制表机关 / 批准文号 / 有效期至 block of a statistical return (统计报表), printed at the
    title's right; ``form_numbers`` gives each sheet (by its name) its 表号. Empty: nothing is printed."""

    authority: str = ""
    approval: str = ""
    valid_until: str = ""
    form_numbers: tuple[tuple[str, str], ...] = ()

    def lines(self, sheet_name: str) -> list[str]:
        number = dict(self.form_numbers).get(sheet_name, "")
        labelled = (
            ("表　　号", number),
            ("制表机关", self.authority),
            ("批准文号", self.approval),
            ("有效期至", self.valid_until),
        )
        return [f"{label}：{value}" for label, value in labelled if value]


@dataclass(frozen=True)
class ReportMeta:
    """What every sheet needs besides its rows: the year, who reports, and the date it is reported."""

    year: int
    reporting_unit: str
    report_date: datetime.date
    area: str = "全县"  # how the report names its area in sentences: 全县, or a township's name
    whole_county: bool = True
    sealed_version: int | None = None  # the 年报定稿 version the figures come from; None: live figures
    return_block: ReturnBlock = ReturnBlock()


def header_text(text: str) -> str:
    """Headings use full-width brackets: 乡镇（街道）, not 乡镇(街道) (the catalogue's names keep theirs)."""
    return text.replace("(", "（").replace(")", "）")


def measure_units(columns: Sequence[Column]) -> str:
    """计量单位 from the columns' own units, in order of first use, % last: 计量单位：个、% on a sheet
    without people, never a fixed 个、人."""
    units = list(dict.fromkeys(c.unit for c in columns if c.unit and c.unit != "%"))
    if any(c.unit == "%" for c in columns):
        units.append("%")
    return f"计量单位：{'、'.join(units)}" if units else ""


@dataclass
class _Table:
    """One table being written: its sheet, columns and headings, the table styles, the ranges to merge at
    the end, and the widest value of each column as shown (for the widths)."""

    ws: Worksheet
    columns: Sequence[Column]
    headers: list[str]
    groups: list[str | None]
    styles: dict
    merges: Merges = field(default_factory=list)
    content: list[int] = field(default_factory=list)

    @classmethod
    def start(cls, ws: Worksheet, columns: Sequence[Column], name_header: str) -> _Table:
        headers = ["序号", header_text(name_header)] + [header_text(c.header) for c in columns]
        groups: list[str | None] = [None, None, *(header_text(c.group) if c.group else None for c in columns)]
        return cls(ws, columns, headers, groups, table_styles(ws), content=[0] * len(headers))

    @property
    def last_col(self) -> int:
        return len(self.headers)

    @property
    def lead(self) -> int:
        """序号, the name and the text columns before the first figure: repeated on every printed part."""
        return 2 + next((i for i, c in enumerate(self.columns) if c.kind != "text"), len(self.columns))


def write_table(
    ws: Worksheet,
    *,
    title: str,
    meta: ReportMeta,
    columns: Sequence[Column],
    rows: Sequence[Mapping],
    name_header: str = "乡镇（街道）",
    unit_note: str | None = None,
    notes: Sequence[str] = (),
    subtotal_by: str | None = None,
    total_rows: Sequence[Mapping] | None = None,
) -> None:
    """Write one statistical table onto ``ws`` (a fresh normal-mode worksheet, already named: its name
    picks its 表号). ``subtotal_by`` names a text column (e.g. the category) whose values each get a 其中
    row under the 合计 row. ``unit_note`` None: the 计量单位 of the columns' units.

    ``total_rows`` gives the 合计 row (and any 其中 rows after it) ready-made, as the indicator catalogue
    computes them; an empty sequence writes no 合计 row (a table whose rows must not be added up)."""
    table = _Table.start(ws, columns, name_header)
    if unit_note is None:
        unit_note = measure_units(columns)
    _write_headers(table)
    body = [fill_rates(columns, dict(row)) for row in rows]
    last_row = _write_body(table, body)
    if total_rows is None:
        total_rows = computed_total_rows(columns, body, subtotal_by)
    last_row = _write_totals(table, total_rows, last_row + 1)  # the table's last row, 合计 included

    # Widths from the content and the wrapped headings; the print parts; then the lines above and below
    # the table, each within one part's columns, so that no part prints a piece of another's text.
    widths = column_widths(columns, table.headers, table.groups, table.content)
    lead = table.lead
    parts = print_parts(widths, table.groups, lead)
    spans = caption_spans(parts, lead)
    captions = Captions.for_table(title=title, meta=meta, unit_note=unit_note, sheet_name=ws.title)
    fit_captions(widths, captions, parts, spans, lead)
    write_captions(ws, widths, captions, parts, spans, table.merges)
    _size_header_rows(table, widths)
    write_notes_and_signature(ws, widths, captions, notes, spans[-1], last_table_row=last_row, merges=table.merges)

    _merge(ws, table.merges)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    _fit_text_rows(table, widths, FIRST_DATA_ROW, last_row)

    # Frozen panes below the headers and right of the names; print setup.
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, lead + 1)
    set_up_printing(ws, widths=widths, parts=parts, lead=lead, title_rows=f"{HEADER_TOP}:{HEADER_BOTTOM}")


def _write_headers(table: _Table) -> None:
    """Two header rows: 序号 and the name span both; grouped columns share a merged top heading."""
    ws, headers, groups, last_col = table.ws, table.headers, table.groups, table.last_col
    col = 1
    while col <= last_col:
        group = groups[col - 1]
        if group is None:
            write_cell(ws, HEADER_TOP, col, headers[col - 1])
            table.merges.append((HEADER_TOP, col, HEADER_BOTTOM, col))
            col += 1
            continue
        span_end = col
        while span_end + 1 <= last_col and groups[span_end] == group:
            span_end += 1
        write_cell(ws, HEADER_TOP, col, group)
        if span_end > col:
            table.merges.append((HEADER_TOP, col, HEADER_TOP, span_end))
        for c in range(col, span_end + 1):
            write_cell(ws, HEADER_BOTTOM, c, headers[c - 1])
        col = span_end + 1
    style_range(ws, table.styles, HEADER_TOP, HEADER_BOTTOM, 1, last_col, style="统计表表头")


def _write_body(table: _Table, body: Sequence[Mapping]) -> int:
    """One row per entry of ``body``; rows of one name (a township with several categories) share a merged
    序号 and name. Returns the last row written (the row above the first, if none)."""
    row_number = FIRST_DATA_ROW
    serial, run_start = 0, FIRST_DATA_ROW
    for index, row in enumerate(body):
        first_of_run = index == 0 or row.get("name") != body[index - 1].get("name")
        if first_of_run:
            serial += 1
            run_start = row_number
        # Only the top-left cell of a merged range holds a value: the 序号 and name go on a run's first row.
        _write_row(
            table,
            row_number,
            serial if first_of_run else None,
            row.get("name", "") if first_of_run else None,
            row,
            total=False,
        )
        last_of_run = index == len(body) - 1 or row.get("name") != body[index + 1].get("name")
        if last_of_run and row_number > run_start:
            table.merges.append((run_start, 1, row_number, 1))
            table.merges.append((run_start, 2, row_number, 2))
        row_number += 1
    return row_number - 1


def _write_totals(table: _Table, total_rows: Sequence[Mapping], first_row: int) -> int:
    """The 合计 row and any 其中 rows after it, from ``first_row`` on, with one merged 合计 label; returns the
    table's last row (the row above ``first_row`` if there are none)."""
    if not total_rows:
        return first_row - 1
    last_row = first_row + len(total_rows) - 1
    for row_number, totals in enumerate(total_rows, start=first_row):
        _write_row(table, row_number, None, None, totals, total=True)
    table.merges.append((first_row, 1, last_row, 2))
    write_cell(table.ws, first_row, 1, "合计")  # centred by its style
    return last_row


def _write_row(table: _Table, row_number: int, serial, name, values: Mapping, *, total: bool) -> None:
    ws, styles, content = table.ws, table.styles, table.content
    prefix = "统计表合计" if total else "统计表正文"
    plain = styles[prefix]
    serial_cell = write_cell(ws, row_number, 1, serial)
    serial_cell._style = plain
    content[0] = max(content[0], len(str(serial or "")))
    name_cell = ws.cell(row_number, 2)
    name_cell._style = plain if total else styles["统计表正文左对齐"]
    if name is not None:
        set_text_safe(name_cell, name)
        content[1] = max(content[1], display_width(str(name)))
    for offset, column in enumerate(table.columns, start=3):
        value = values.get(column.key)
        _write_value(ws.cell(row_number, offset), column.kind, value, styles, prefix)
        content[offset - 1] = max(content[offset - 1], formatted_width(column.kind, value))


def _write_value(cell, kind: str, value, styles: dict, prefix: str) -> None:
    """A figure as its column's kind shows it: rates as percentages ("—" where there is no denominator),
    money with cents, hours with one decimal, a missing count as "—"."""
    cell._style = styles[prefix]
    if kind == "rate":
        if value is None:
            set_text_safe(cell, NOT_APPLICABLE)
        else:
            set_text_safe(cell, round(value, 6))
            cell._style = styles[f"{prefix}百分比"]
    elif kind == "money":
        set_text_safe(cell, value)
        cell._style = styles[f"{prefix}金额"]
    elif kind == "hours":
        set_text_safe(cell, value)
        cell._style = styles[f"{prefix}学时"]
    elif kind == "text":
        set_text_safe(cell, value)
    else:
        set_text_safe(cell, NOT_APPLICABLE if value is None else value)


def _size_header_rows(table: _Table, widths: Sequence[float]) -> None:
    """Heading rows tall enough for the wrapped headings."""
    headers, groups, last_col = table.headers, table.groups, table.last_col
    top_lines = max(
        [
            text_lines(groups[c - 1] or "", sum(widths[c - 1 : c - 1 + groups.count(groups[c - 1])]))
            for c in range(1, last_col + 1)
            if groups[c - 1] and groups[c - 2] != groups[c - 1]
        ]
        or [1]
    )
    bottom_lines = max(
        [text_lines(headers[c - 1], widths[c - 1]) for c in range(1, last_col + 1) if groups[c - 1]] or [1]
    )
    spanning = max(text_lines(headers[c - 1], widths[c - 1]) for c in range(1, last_col + 1) if not groups[c - 1])
    bottom_lines = max(bottom_lines, spanning - top_lines)
    table.ws.row_dimensions[HEADER_TOP].height = LINE_HEIGHT * top_lines + 8
    table.ws.row_dimensions[HEADER_BOTTOM].height = LINE_HEIGHT * bottom_lines + 8


def _fit_text_rows(table: _Table, widths: Sequence[float], first_row: int, last_row: int) -> None:
    """Rows whose text wraps get the height it needs (LibreOffice does not grow them on opening), and long
    texts (口径) read from the left."""
    ws = table.ws
    text_columns = [2] + [index for index, c in enumerate(table.columns, start=3) if c.kind == "text"]
    long_text = [c for c in text_columns if widths[c - 1] > 30 and c > 2]
    for row in range(first_row, last_row + 1):
        lines = max(text_lines(str(ws.cell(row, c).value or ""), widths[c - 1]) for c in text_columns)
        if lines > 1:
            ws.row_dimensions[row].height = LINE_HEIGHT * lines + 3
        for c in long_text:
            if ws.cell(row, c).value is not None:
                ws.cell(row, c)._style = table.styles["统计表正文左对齐"]


def _merge(ws: Worksheet, merges: Merges) -> None:
    """Merge the ranges in one step. ``ws.merge_cells`` checks each new range against every earlier one
    and redraws its borders: quadratic in the number of ranges (a second per 1,000 townships' merged
    序号/name cells), and the borders are already on every cell (the named styles). The cells under a
    range keep only their style, as in a file saved by Excel."""
    ranges = [
        MergedCellRange(ws, CellRange(min_row=r1, min_col=c1, max_row=r2, max_col=c2).coord)
        for r1, c1, r2, c2 in merges
        if (r1, c1) != (r2, c2)
    ]
    ws.merged_cells = MultiCellRange([*ws.merged_cells.ranges, *ranges])

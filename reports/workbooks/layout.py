"""The shape of a Chinese statistical table (统计表), written once for every summary sheet.

A sheet is: a centred title; a line with 填报单位 on the left and 填报日期 on the right; two header rows
where a column either sits under a merged group heading or spans both rows; 序号 and a name column;
one row per township (or unit); a 合计 row whose values are computed here (openpyxl never evaluates
formulas, so a reader with ``data_only=True`` would see nothing); and the footer line
单位负责人 / 审核人 / 填表人 / 联系电话 / 报出日期. Printing: A4 landscape fitted to one page wide, header
rows repeated on every page, page numbers in the footer.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from orgs.spreadsheets import set_text_safe, write_cell

TITLE_FONT = Font(name="宋体", size=16, bold=True)
HEADER_FONT = Font(name="宋体", size=10, bold=True)
BODY_FONT = Font(name="仿宋", size=10)
TOTAL_FONT = Font(name="仿宋", size=10, bold=True)
META_FONT = Font(name="仿宋", size=10)
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
RATE_FORMAT = "0.0%"
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
NOT_APPLICABLE = "—"

# The table's cell styles, registered once per workbook as named styles (font, border, alignment and
# number format in one), so that a cell is styled by taking one small array of style ids instead of
# setting four style objects, each hashed against the workbook's list (most of the time of a summary
# of 500 townships otherwise).
TABLE_STYLES = {
    "统计表表头": (HEADER_FONT, CENTRE, "General"),
    "统计表正文": (BODY_FONT, CENTRE, "General"),
    "统计表正文左对齐": (BODY_FONT, LEFT, "General"),
    "统计表正文百分比": (BODY_FONT, CENTRE, RATE_FORMAT),
    "统计表正文金额": (BODY_FONT, CENTRE, MONEY_FORMAT),
    "统计表合计": (TOTAL_FONT, CENTRE, "General"),
    "统计表合计百分比": (TOTAL_FONT, CENTRE, RATE_FORMAT),
    "统计表合计金额": (TOTAL_FONT, CENTRE, MONEY_FORMAT),
}

TITLE_ROW, META_ROW, HEADER_TOP, HEADER_BOTTOM = 1, 2, 3, 4
FIRST_DATA_ROW = 5


@dataclass(frozen=True)
class Column:
    """One data column. ``group`` is the merged heading above it (None: the heading spans both header
    rows). ``kind`` is "int", "money", "text" or "rate"; a rate is ``numerator / denominator`` of two
    other columns' keys, so the 合计 row's rate is recomputed from the totals, never averaged."""

    key: str
    header: str
    group: str | None = None
    kind: str = "int"
    rate_of: tuple[str, str] | None = None
    width: float | None = None


@dataclass(frozen=True)
class ReportMeta:
    """What every sheet needs besides its rows: the year, who reports, and the date it is reported."""

    year: int
    reporting_unit: str
    report_date: datetime.date
    area: str = "全县"  # how the report names its area in sentences: 全县, or a township's name
    whole_county: bool = True
    sealed_version: int | None = None  # the 年报定稿 version the figures come from; None: live figures


def display_width(text: str) -> int:
    """Columns a text needs in Excel: East Asian wide/full-width characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def rate(numerator, denominator) -> float | None:
    if not denominator:
        return None
    return (numerator or 0) / denominator


def total_row(columns: Sequence[Column], rows: Sequence[Mapping]) -> dict:
    """Sums of the counted columns and rates recomputed from those sums."""
    totals: dict = {}
    for column in columns:
        if column.kind in ("int", "money"):
            values = [row.get(column.key) for row in rows if row.get(column.key) is not None]
            totals[column.key] = sum(values) if values else (0 if column.kind == "int" else None)
    for column in columns:
        if column.kind == "rate" and column.rate_of:
            numerator, denominator = column.rate_of
            totals[column.key] = rate(totals.get(numerator), totals.get(denominator))
    return totals


def sum_rows(rows: Sequence[Mapping]) -> dict:
    """Every numeric figure of ``rows`` summed (names and keys left out)."""
    totals: dict = {}
    for row in rows:
        for key, value in row.items():
            if key != "township_id" and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                totals[key] = totals.get(key, 0) + value
    return totals


def fill_rates(columns: Sequence[Column], row: dict) -> dict:
    for column in columns:
        if column.kind == "rate" and column.rate_of and column.key not in row:
            numerator, denominator = column.rate_of
            row[column.key] = rate(row.get(numerator), row.get(denominator))
    return row


def _table_styles(ws: Worksheet) -> dict[str, object]:
    """The workbook's table styles (added on first use), as arrays of style ids.

    Table cells *share* these arrays (50,000 cells, 6 MB less than a copy each): restyle a table cell only
    by giving it another array from here, never by setting ``cell.font`` and the like, which would change
    the array in place and so every cell of that style."""
    workbook = ws.parent
    arrays = {}
    for name, (font, alignment, number_format) in TABLE_STYLES.items():
        if name not in workbook.named_styles:
            workbook.add_named_style(
                NamedStyle(name=name, font=font, border=BORDER, alignment=alignment, number_format=number_format)
            )
        probe = Cell(ws)  # not placed on the sheet
        probe.style = name
        arrays[name] = probe._style
    return arrays


def _style_range(ws: Worksheet, styles: dict, first_row: int, last_row: int, first_col: int, last_col: int,
                 *, style: str) -> None:
    # In a merged range only the top-left cell holds the value, but every cell needs its border.
    array = styles[style]
    for row in ws.iter_rows(min_row=first_row, max_row=last_row, min_col=first_col, max_col=last_col):
        for cell in row:
            cell._style = array


def write_table(
    ws: Worksheet,
    *,
    title: str,
    meta: ReportMeta,
    columns: Sequence[Column],
    rows: Sequence[Mapping],
    name_header: str = "乡镇(街道)",
    unit_note: str = "计量单位：个、人",
    notes: Sequence[str] = (),
    subtotal_by: str | None = None,
    total_rows: Sequence[Mapping] | None = None,
) -> None:
    """Write one statistical table onto ``ws`` (a fresh normal-mode worksheet). ``subtotal_by`` names a
    text column (e.g. the category) whose values each get a 其中 row under the 合计 row.

    ``total_rows`` gives the 合计 row (and any 其中 rows after it) ready-made, as the indicator catalogue
    computes them; an empty sequence writes no 合计 row (a table whose rows must not be added up)."""
    all_headers = ["序号", name_header] + [c.header for c in columns]
    last_col = len(all_headers)
    styles = _table_styles(ws)
    merges: list[tuple[int, int, int, int]] = []  # (first row, first column, last row, last column)

    # Title and the 填报单位 / 填报日期 line.
    merges.append((TITLE_ROW, 1, TITLE_ROW, last_col))
    write_cell(ws, TITLE_ROW, 1, title).font = TITLE_FONT
    ws.cell(TITLE_ROW, 1).alignment = CENTRE
    ws.row_dimensions[TITLE_ROW].height = 30
    split = max(2, last_col // 2)
    merges.append((META_ROW, 1, META_ROW, split))
    set_text_safe(ws.cell(META_ROW, 1), f"填报单位（盖章）：{meta.reporting_unit}")
    ws.cell(META_ROW, 1).alignment = LEFT
    ws.cell(META_ROW, 1).font = META_FONT
    merges.append((META_ROW, split + 1, META_ROW, last_col))
    right = write_cell(ws, META_ROW, split + 1, f"填报日期：{meta.report_date:%Y}年{meta.report_date.month}月"
                                                f"{meta.report_date.day}日　　{unit_note}")
    right.alignment = RIGHT
    right.font = META_FONT

    # Two header rows: 序号 and the name span both; grouped columns share a merged top heading.
    for index, header in enumerate(all_headers[:2], start=1):
        write_cell(ws, HEADER_TOP, index, header)
        merges.append((HEADER_TOP, index, HEADER_BOTTOM, index))
    col = 3
    while col <= last_col:
        column = columns[col - 3]
        if column.group is None:
            write_cell(ws, HEADER_TOP, col, column.header)
            merges.append((HEADER_TOP, col, HEADER_BOTTOM, col))
            col += 1
            continue
        span_end = col
        while span_end + 1 <= last_col and columns[span_end + 1 - 3].group == column.group:
            span_end += 1
        write_cell(ws, HEADER_TOP, col, column.group)
        if span_end > col:
            merges.append((HEADER_TOP, col, HEADER_TOP, span_end))
        for c in range(col, span_end + 1):
            write_cell(ws, HEADER_BOTTOM, c, columns[c - 3].header)
        col = span_end + 1
    _style_range(ws, styles, HEADER_TOP, HEADER_BOTTOM, 1, last_col, style="统计表表头")
    ws.row_dimensions[HEADER_TOP].height = 24
    ws.row_dimensions[HEADER_BOTTOM].height = 36

    # Body: rows of one name (a township with several categories) share a merged 序号 and name.
    row_number = FIRST_DATA_ROW
    widths = [display_width(h) for h in all_headers]
    widths[2:] = [display_width(c.header) for c in columns]
    body = [fill_rates(columns, dict(row)) for row in rows]
    serial, run_start = 0, FIRST_DATA_ROW
    for index, row in enumerate(body):
        first_of_run = index == 0 or row.get("name") != body[index - 1].get("name")
        if first_of_run:
            serial += 1
            run_start = row_number
        # Only the top-left cell of a merged range holds a value: the 序号 and name go on a run's first row.
        _write_row(ws, row_number, serial if first_of_run else None, row.get("name", "") if first_of_run else None,
                   columns, row, widths, styles=styles, total=False)
        last_of_run = index == len(body) - 1 or row.get("name") != body[index + 1].get("name")
        if last_of_run and row_number > run_start:
            merges.append((run_start, 1, row_number, 1))
            merges.append((run_start, 2, row_number, 2))
        row_number += 1

    # The 合计 row, then (if asked) one 其中 row per value of a text column, e.g. per category.
    if total_rows is None:
        totals = total_row(columns, body)
        total_rows = [totals]
        if subtotal_by:
            totals[subtotal_by] = "全部"
            for value in dict.fromkeys(row.get(subtotal_by) for row in body):
                part = total_row(columns, [row for row in body if row.get(subtotal_by) == value])
                part[subtotal_by] = f"其中：{value}"
                total_rows.append(part)
    if total_rows:
        total_row_number = row_number
        for index, totals in enumerate(total_rows):
            if index:
                row_number += 1
            _write_row(ws, row_number, None, None, columns, totals, widths, styles=styles, total=True)
        merges.append((total_row_number, 1, row_number, 2))
        write_cell(ws, total_row_number, 1, "合计")  # centred by its style
    else:
        row_number -= 1

    # Notes and the signature line.
    row_number += 1
    for note in notes:
        merges.append((row_number, 1, row_number, last_col))
        set_text_safe(ws.cell(row_number, 1), note)
        ws.cell(row_number, 1).font = META_FONT
        ws.cell(row_number, 1).alignment = LEFT
        # Merged cells do not grow with wrapped text: give a long note as many lines as it needs.
        ws.row_dimensions[row_number].height = 15 * (1 + display_width(note) // max(sum(widths), 1))
        row_number += 1
    footer_row = row_number + 1
    merges.append((footer_row, 1, footer_row, last_col))
    signature = write_cell(
        ws, footer_row, 1,
        "单位负责人：　　　　　　审核人：　　　　　　填表人：　　　　　　联系电话：　　　　　　"
        f"报出日期：{meta.report_date:%Y}年{meta.report_date.month}月{meta.report_date.day}日",
    )
    signature.font = META_FONT
    signature.alignment = LEFT

    _merge(ws, merges)

    # Column widths for Chinese text (openpyxl has no auto-fit).
    for index, width in enumerate(widths, start=1):
        fixed = columns[index - 3].width if index > 2 else None
        ws.column_dimensions[get_column_letter(index)].width = fixed or min(max(width + 2, 6), 32)
    ws.column_dimensions["A"].width = 6

    # Frozen panes below the headers and right of the names; print setup.
    leading_text = next((i for i, c in enumerate(columns) if c.kind != "text"), len(columns))
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 3 + leading_text)
    ws.print_title_rows = f"{HEADER_TOP}:{HEADER_BOTTOM}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.font = "仿宋"
    ws.evenFooter.center.text = "第 &P 页 共 &N 页"


def _merge(ws: Worksheet, merges: list[tuple[int, int, int, int]]) -> None:
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


def _write_row(ws, row_number, serial, name, columns, values, widths, *, styles: dict, total: bool) -> None:
    prefix = "统计表合计" if total else "统计表正文"
    plain, percent, money = styles[prefix], styles[f"{prefix}百分比"], styles[f"{prefix}金额"]
    serial_cell = write_cell(ws, row_number, 1, serial)
    serial_cell._style = plain
    name_cell = ws.cell(row_number, 2)
    name_cell._style = plain if total else styles["统计表正文左对齐"]
    if name is not None:
        set_text_safe(name_cell, name)
        widths[1] = max(widths[1], display_width(str(name)))
    for offset, column in enumerate(columns, start=3):
        value = values.get(column.key)
        cell = ws.cell(row_number, offset)
        cell._style = plain
        if column.kind == "rate":
            if value is None:
                set_text_safe(cell, NOT_APPLICABLE)
            else:
                set_text_safe(cell, round(value, 6))
                cell._style = percent
        elif column.kind == "money":
            set_text_safe(cell, value)
            cell._style = money
        elif column.kind == "text":
            set_text_safe(cell, value)
            widths[offset - 1] = max(widths[offset - 1], display_width(str(value or "")))
        else:
            set_text_safe(cell, NOT_APPLICABLE if value is None else value)
        if column.kind != "text":
            widths[offset - 1] = max(widths[offset - 1], len(str(value if value is not None else "")) + 1)

"""The shape of a Chinese statistical table (统计表), written once for every summary sheet.

A sheet is: a centred title; a line with 填报单位 on the left and 填报日期 on the right; two header rows
where a column either sits under a merged group heading or spans both rows; 序号 and a name column;
one row per township (or unit); a 合计 row whose values are computed here (openpyxl never evaluates
formulas, so a reader with ``data_only=True`` would see nothing); and the footer line
单位负责人 / 审核人 / 填表人 / 联系电话 / 报出日期. Statistical returns may carry the 表号 / 制表机关 / 批准文号
block at the title's right (configured in settings, printed only when set).

Printing: A4 landscape, header rows repeated on every page, page numbers in the footer, and never smaller
than ``MIN_PRINTED_PT``. Headers wrap and column widths follow the content, so most tables fit one page
wide at (nearly) full size. A table still too wide is printed in parts, one above the other on the same
sheet's pages: Excel's and LibreOffice's manual column breaks at group boundaries, with 序号 and the name
columns repeated as print titles on every part, at one fixed scale (fit-to-page would ignore the breaks).
The data stay one row per township on one sheet, so the workbook reads and sorts as before.
"""

from __future__ import annotations

import datetime
import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from files.spreadsheets import set_text_safe, write_cell

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
BLOCK = Alignment(horizontal="left", vertical="center", wrap_text=True)
RATE_FORMAT = "0.0%"
MONEY_FORMAT = "#,##0.00"
HOURS_FORMAT = "0.0"
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
    "统计表正文学时": (BODY_FONT, CENTRE, HOURS_FORMAT),
    "统计表合计": (TOTAL_FONT, CENTRE, "General"),
    "统计表合计百分比": (TOTAL_FONT, CENTRE, RATE_FORMAT),
    "统计表合计金额": (TOTAL_FONT, CENTRE, MONEY_FORMAT),
    "统计表合计学时": (TOTAL_FONT, CENTRE, HOURS_FORMAT),
}

TITLE_ROW, META_ROW, HEADER_TOP, HEADER_BOTTOM = 1, 2, 3, 4
FIRST_DATA_ROW = 5

# Printing. A column of width w is about 7w + 5 px at 96 dpi (field notes); A4 landscape less half-inch
# margins leaves 1,026 px. The printed size of a font is its size times the scale: nothing below 9 pt.
MARGIN_INCHES = 0.5
PRINTABLE_PX = int((297 / 25.4 - 2 * MARGIN_INCHES) * 96)
MIN_PRINTED_PT = 9
MAX_HEADER_LINES = 3  # a column heading wraps to at most three lines
LINE_HEIGHT = 13.5  # points per line of 10 pt text
MAX_NAME_WIDTH = 32


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


def display_width(text: str) -> int:
    """Columns a text needs in Excel at 10–11 pt: East Asian wide/full-width characters count twice, and so
    do the ambiguous ones (“ ” — ～), which Chinese fonts draw full width."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1 for ch in text)


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


def formatted_width(column: Column, value) -> int:
    """Columns the value needs as Excel shows it (52.3%, 82,600.00, 2806.0), not as Python prints it."""
    if value is None or value == "":
        return 2  # —
    if isinstance(value, str):
        return display_width(value)
    if column.kind == "rate":
        return len(f"{value:.1%}")
    if column.kind == "money":
        return len(f"{value:,.2f}")
    if column.kind in ("hours", "mean"):
        return len(f"{value:.1f}")
    return len(str(value))


def column_px(width: float) -> float:
    return 7 * width + 5


CHARACTER_PX = 13.5  # a Chinese character of 10 pt at 96 dpi; half of it per display_width unit
CELL_PADDING_PX = 14


def width_for(units: float) -> float:
    """The column width that holds ``units`` of display width (at 10 pt) on one line."""
    return (units * CHARACTER_PX / 2 + CELL_PADDING_PX - 5) / 7


def _lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` wide (a Chinese character is never split)."""
    per_line = max(2, int((column_px(width) - CELL_PADDING_PX) / (CHARACTER_PX / 2)) // 2 * 2)
    return max(1, math.ceil(display_width(text) / per_line))


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


def _style_range(
    ws: Worksheet, styles: dict, first_row: int, last_row: int, first_col: int, last_col: int, *, style: str
) -> None:
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
    headers = ["序号", header_text(name_header)] + [header_text(c.header) for c in columns]
    groups: list[str | None] = [None, None] + [header_text(c.group) if c.group else None for c in columns]
    last_col = len(headers)
    styles = _table_styles(ws)
    merges: list[tuple[int, int, int, int]] = []  # (first row, first column, last row, last column)
    if unit_note is None:
        unit_note = measure_units(columns)

    # Two header rows: 序号 and the name span both; grouped columns share a merged top heading.
    col = 1
    while col <= last_col:
        group = groups[col - 1]
        if group is None:
            write_cell(ws, HEADER_TOP, col, headers[col - 1])
            merges.append((HEADER_TOP, col, HEADER_BOTTOM, col))
            col += 1
            continue
        span_end = col
        while span_end + 1 <= last_col and groups[span_end] == group:
            span_end += 1
        write_cell(ws, HEADER_TOP, col, group)
        if span_end > col:
            merges.append((HEADER_TOP, col, HEADER_TOP, span_end))
        for c in range(col, span_end + 1):
            write_cell(ws, HEADER_BOTTOM, c, headers[c - 1])
        col = span_end + 1
    _style_range(ws, styles, HEADER_TOP, HEADER_BOTTOM, 1, last_col, style="统计表表头")

    # Body: rows of one name (a township with several categories) share a merged 序号 and name.
    row_number = FIRST_DATA_ROW
    content = [0] * last_col  # the widest value of each column, as shown
    body = [fill_rates(columns, dict(row)) for row in rows]
    serial, run_start = 0, FIRST_DATA_ROW
    for index, row in enumerate(body):
        first_of_run = index == 0 or row.get("name") != body[index - 1].get("name")
        if first_of_run:
            serial += 1
            run_start = row_number
        # Only the top-left cell of a merged range holds a value: the 序号 and name go on a run's first row.
        _write_row(
            ws,
            row_number,
            serial if first_of_run else None,
            row.get("name", "") if first_of_run else None,
            columns,
            row,
            content,
            styles=styles,
            total=False,
        )
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
            _write_row(ws, row_number, None, None, columns, totals, content, styles=styles, total=True)
        merges.append((total_row_number, 1, row_number, 2))
        write_cell(ws, total_row_number, 1, "合计")  # centred by its style
    else:
        row_number -= 1

    last_body_row = row_number
    # Widths from the content and the wrapped headings; the print parts; then the lines above and below
    # the table, each within one part's columns, so that no part prints a piece of another's text.
    widths = _column_widths(columns, headers, groups, content)
    lead = 2 + next((i for i, c in enumerate(columns) if c.kind != "text"), len(columns))
    parts = _print_parts(widths, groups, lead)
    split = len(parts) > 1
    segments = parts
    meta_segments = [
        (lead + 1 if split else 1, last) if index == 0 else (first, last)
        for index, (first, last) in enumerate(segments)
    ]
    date = f"{meta.report_date:%Y}年{meta.report_date.month}月{meta.report_date.day}日"
    reporting = f"填报单位（盖章）：{meta.reporting_unit}"
    dated = f"填报日期：{date}" + (f"　　{unit_note}" if unit_note else "")
    signature_text = f"单位负责人：　　　　　审核人：　　　　　填表人：　　　　　联系电话：　　　　　　报出日期：{date}"
    block = meta.return_block.lines(ws.title)
    block_width = max((display_width(line) for line in block), default=0) + 2
    title_width = display_width(title) * 1.7 + 4 + (2 * block_width if block else 0)
    for index, (first, last) in enumerate(segments):
        need = max(
            title_width if index == 0 else display_width(title) * 1.7 + 10,
            display_width(reporting) + display_width(dated) + 6,
        )
        if index == len(segments) - 1:
            need = max(need, display_width(signature_text) + 2)
        _widen(widths, range(max(first, meta_segments[index][0]), last + 1), lead, need - sum(widths[first - 1 : last]))
        # 填报单位 left of a column boundary, 填报日期 and 计量单位 right of it, neither cut.
        first = meta_segments[index][0]
        middle = _meta_split(widths, first, last, display_width(reporting))
        _widen(widths, range(middle + 1, last + 1), 0, display_width(dated) + 2 - sum(widths[middle:last]))

    # Title (and the 表号 block at its right), the 填报单位 / 填报日期 line of every part.
    title_lines = 1
    for index, (first, last) in enumerate(segments):
        text = title if index == 0 else f"{title}（续）"
        title_first, title_last = first, last
        if index == 0 and block:
            block_first = last
            while block_first > first + 1 and sum(widths[block_first - 1 : last]) < block_width:
                block_first -= 1
            blank_last = first
            while blank_last < block_first - 2 and sum(widths[first - 1 : blank_last]) < sum(
                widths[block_first - 1 : last]
            ):
                blank_last += 1
            title_first, title_last = blank_last + 1 if blank_last > first else first, block_first - 1
            merges.append((TITLE_ROW, block_first, TITLE_ROW, last))
            cell = write_cell(ws, TITLE_ROW, block_first, "\n".join(block))
            cell.font, cell.alignment = META_FONT, BLOCK
            title_lines = len(block)
        merges.append((TITLE_ROW, title_first, TITLE_ROW, title_last))
        cell = write_cell(ws, TITLE_ROW, title_first, text)
        cell.font, cell.alignment = TITLE_FONT, CENTRE
        first, last = meta_segments[index]
        middle = _meta_split(widths, first, last, display_width(reporting))
        merges.append((META_ROW, first, META_ROW, middle))
        set_text_safe(ws.cell(META_ROW, first), reporting)
        ws.cell(META_ROW, first).alignment = LEFT
        ws.cell(META_ROW, first).font = META_FONT
        merges.append((META_ROW, middle + 1, META_ROW, last))
        right = write_cell(ws, META_ROW, middle + 1, dated)
        right.alignment = RIGHT
        right.font = META_FONT
    ws.row_dimensions[TITLE_ROW].height = max(30, LINE_HEIGHT * title_lines + 6)
    ws.row_dimensions[META_ROW].height = 20

    # Heading rows tall enough for the wrapped headings.
    top_lines = max(
        [
            _lines(groups[c - 1], sum(widths[c - 1 : c - 1 + groups.count(groups[c - 1])]))
            for c in range(1, last_col + 1)
            if groups[c - 1] and groups[c - 2] != groups[c - 1]
        ]
        or [1]
    )
    bottom_lines = max([_lines(headers[c - 1], widths[c - 1]) for c in range(1, last_col + 1) if groups[c - 1]] or [1])
    spanning = max(_lines(headers[c - 1], widths[c - 1]) for c in range(1, last_col + 1) if not groups[c - 1])
    bottom_lines = max(bottom_lines, spanning - top_lines)
    ws.row_dimensions[HEADER_TOP].height = LINE_HEIGHT * top_lines + 8
    ws.row_dimensions[HEADER_BOTTOM].height = LINE_HEIGHT * bottom_lines + 8

    # Notes and the signature line, on the last part.
    first, last = meta_segments[-1]
    width = sum(widths[first - 1 : last])
    row_number += 1
    for note in notes:
        merges.append((row_number, first, row_number, last))
        set_text_safe(ws.cell(row_number, first), note)
        ws.cell(row_number, first).font = META_FONT
        ws.cell(row_number, first).alignment = LEFT
        # Merged cells do not grow with wrapped text: give a long note as many lines as it needs.
        ws.row_dimensions[row_number].height = LINE_HEIGHT * _lines(note, width) + 4
        row_number += 1
    footer_row = row_number + 1
    merges.append((footer_row, first, footer_row, last))
    signature = write_cell(ws, footer_row, first, signature_text)
    signature.font = META_FONT
    signature.alignment = LEFT
    ws.row_dimensions[footer_row].height = LINE_HEIGHT * _lines(signature_text, width) + 4

    _merge(ws, merges)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    _fit_text_rows(ws, columns, widths, styles, FIRST_DATA_ROW, last_body_row)

    # Frozen panes below the headers and right of the names; print setup.
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, lead + 1)
    ws.print_title_rows = f"{HEADER_TOP}:{HEADER_BOTTOM}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_INCHES
    if split:
        # Fit-to-page would ignore the manual breaks: one fixed scale at which the widest part fits.
        ws.print_title_cols = f"A:{get_column_letter(lead)}"
        for _, last in parts[:-1]:
            ws.col_breaks.append(Break(id=last))
        widest = max(_part_px(widths, lead, part) for part in parts)
        ws.page_setup.scale = min(100, math.floor(100 * PRINTABLE_PX / widest))
        ws.sheet_properties.pageSetUpPr.fitToPage = False
    else:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.font = "仿宋"
    ws.evenFooter.center.text = "第 &P 页 共 &N 页"


def _column_widths(columns: Sequence[Column], headers: list[str], groups: list, content: list[int]) -> list[float]:
    """Each column as wide as its widest value plus a margin, and as its heading wrapped to at most
    ``MAX_HEADER_LINES`` lines (the name column's heading to one or two); a group heading fits its columns
    on one line."""
    widths: list[float] = [max(5.0, content[0] + 2.0)]
    heading = display_width(headers[1])  # on one line up to seven characters (乡镇（街道）), else on two
    name_heading = width_for(heading if heading <= 14 else 2 * math.ceil(heading / 4))
    widths.append(float(min(max(content[1] + 2, name_heading, 8), MAX_NAME_WIDTH)))
    for index, column in enumerate(columns, start=2):
        if column.width:
            widths.append(float(column.width))
            continue
        # Wide enough for three characters a line (short headings stay on one line), more if three lines
        # would not hold the heading.
        characters = math.ceil(display_width(headers[index]) / 2)
        heading = width_for(2 * max(min(characters, 3), math.ceil(characters / MAX_HEADER_LINES)))
        value = min(content[index], MAX_NAME_WIDTH) + 2.5  # bold in the 合计 row
        widths.append(float(max(5, heading, value)))
    col = 0
    while col < len(widths):
        group = groups[col]
        if group is None:
            col += 1
            continue
        end = col
        while end + 1 < len(widths) and groups[end + 1] == group:
            end += 1
        _widen(widths, range(col + 1, end + 2), 0, width_for(display_width(group)) - sum(widths[col : end + 1]))
        col = end + 1
    return widths


def _fit_text_rows(
    ws: Worksheet, columns: Sequence[Column], widths: Sequence[float], styles: dict, first_row: int, last_row: int
) -> None:
    """Rows whose text wraps get the height it needs (LibreOffice does not grow them on opening), and long
    texts (口径) read from the left."""
    text_columns = [2] + [index for index, c in enumerate(columns, start=3) if c.kind == "text"]
    long_text = [c for c in text_columns if widths[c - 1] > 30 and c > 2]
    for row in range(first_row, last_row + 1):
        lines = max(_lines(str(ws.cell(row, c).value or ""), widths[c - 1]) for c in text_columns)
        if lines > 1:
            ws.row_dimensions[row].height = LINE_HEIGHT * lines + 3
        for c in long_text:
            if ws.cell(row, c).value is not None:
                ws.cell(row, c)._style = styles["统计表正文左对齐"]


def _meta_split(widths: Sequence[float], first: int, last: int, left: float) -> int:
    """The last column of the 填报单位 half: the first boundary with room for ``left`` (and a column
    left over for the 填报日期 half)."""
    middle = first
    while middle < last - 1 and sum(widths[first - 1 : middle]) < left + 2:
        middle += 1
    return middle


def _widen(widths: list[float], columns: range, lead: int, extra: float) -> None:
    """Spread ``extra`` width over ``columns`` (1-based), leaving the repeated columns (≤ ``lead``) alone
    unless there is nothing else."""
    if extra <= 0:
        return
    own = [c for c in columns if c > lead] or list(columns)
    share = math.ceil(extra / len(own) * 2) / 2
    for c in own:
        widths[c - 1] += share


def _part_px(widths: Sequence[float], lead: int, part: tuple[int, int]) -> float:
    """Printed width of a part: its own columns and the repeated ones (the first part has them already)."""
    first, last = part
    columns = range(1, last + 1) if first == 1 else [*range(1, lead + 1), *range(first, last + 1)]
    return sum(column_px(widths[c - 1]) for c in columns)


def _print_parts(widths: Sequence[float], groups: Sequence, lead: int) -> list[tuple[int, int]]:
    """The table's printed parts (first and last column, 1-based): the whole table if it prints at
    ``MIN_PRINTED_PT`` or more fitted to one page wide, else as few parts, split between column groups
    and as even as possible, as print at full size each with the repeated columns."""
    last_col = len(widths)
    if sum(column_px(w) for w in widths) * MIN_PRINTED_PT / BODY_FONT.size <= PRINTABLE_PX:
        return [(1, last_col)]
    blocks: list[tuple[int, int]] = []  # columns that stay together: a group, or one ungrouped column
    col = lead + 1
    while col <= last_col:
        end = col
        while groups[col - 1] is not None and end + 1 <= last_col and groups[end] == groups[col - 1]:
            end += 1
        blocks.append((col, end))
        col = end + 1

    def pack(limit: float) -> list[tuple[int, int]]:
        parts: list[tuple[int, int]] = []
        for first, last in blocks:
            if parts and _part_px(widths, lead, (parts[-1][0], last)) <= limit:
                parts[-1] = (parts[-1][0], last)
            else:
                parts.append((1 if not parts else first, last))
        return parts

    fewest = len(pack(PRINTABLE_PX * BODY_FONT.size / MIN_PRINTED_PT))  # two parts a little reduced beat three
    repeated = sum(column_px(w) for w in widths[:lead])
    limit = repeated + sum(column_px(w) for w in widths[lead:]) / fewest
    while len(pack(limit)) > fewest:  # the narrowest limit that still needs no more parts: even parts
        limit += 7
    return pack(limit)


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


def _write_row(ws, row_number, serial, name, columns, values, content, *, styles: dict, total: bool) -> None:
    prefix = "统计表合计" if total else "统计表正文"
    plain, percent, money, hours = (
        styles[prefix],
        styles[f"{prefix}百分比"],
        styles[f"{prefix}金额"],
        styles[f"{prefix}学时"],
    )
    serial_cell = write_cell(ws, row_number, 1, serial)
    serial_cell._style = plain
    content[0] = max(content[0], len(str(serial or "")))
    name_cell = ws.cell(row_number, 2)
    name_cell._style = plain if total else styles["统计表正文左对齐"]
    if name is not None:
        set_text_safe(name_cell, name)
        content[1] = max(content[1], display_width(str(name)))
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
        elif column.kind == "hours":
            set_text_safe(cell, value)
            cell._style = hours
        elif column.kind == "text":
            set_text_safe(cell, value)
        else:
            set_text_safe(cell, NOT_APPLICABLE if value is None else value)
        content[offset - 1] = max(content[offset - 1], formatted_width(column, value))

"""How a statistical table looks: its fonts, borders, alignments and number formats, and the named styles
every table cell takes (``table_styles``)."""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.worksheet.worksheet import Worksheet

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


def table_styles(ws: Worksheet) -> dict[str, object]:
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


def style_range(
    ws: Worksheet, styles: dict, first_row: int, last_row: int, first_col: int, last_col: int, *, style: str
) -> None:
    """Give every cell of the range the table style ``style`` (one of ``table_styles``' arrays)."""
    # In a merged range only the top-left cell holds the value, but every cell needs its border.
    array = styles[style]
    for row in ws.iter_rows(min_row=first_row, max_row=last_row, min_col=first_col, max_col=last_col):
        for cell in row:
            cell._style = array

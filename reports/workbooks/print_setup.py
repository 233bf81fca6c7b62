"""How a statistical table prints: A4 landscape, the header rows repeated on every page, page numbers in the
footer, never smaller than ``MIN_PRINTED_PT``; and a table too wide for that split into parts
(``print_parts``), printed one above the other at one fixed scale.

The parts are Excel's and LibreOffice's manual column breaks at group boundaries, with 序号 and the name
columns repeated as print titles on every part (fit-to-page would ignore the breaks). The data stay one row
per township on one sheet, so the workbook reads and sorts as before.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from reports.workbooks.styles import BODY_FONT
from reports.workbooks.widths import column_px

# A4 landscape less half-inch margins leaves 1,026 px at 96 dpi. The printed size of a font is its size
# times the scale: nothing below 9 pt.
MARGIN_INCHES = 0.5
PRINTABLE_PX = int((297 / 25.4 - 2 * MARGIN_INCHES) * 96)
MIN_PRINTED_PT = 9


def part_px(widths: Sequence[float], lead: int, part: tuple[int, int]) -> float:
    """Printed width of a part: its own columns and the repeated ones (the first part has them already)."""
    first, last = part
    columns = range(1, last + 1) if first == 1 else [*range(1, lead + 1), *range(first, last + 1)]
    return sum(column_px(widths[c - 1]) for c in columns)


def print_parts(widths: Sequence[float], groups: Sequence, lead: int) -> list[tuple[int, int]]:
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
            if parts and part_px(widths, lead, (parts[-1][0], last)) <= limit:
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


def set_up_printing(
    ws: Worksheet, *, widths: Sequence[float], parts: Sequence[tuple[int, int]], lead: int, title_rows: str
) -> None:
    """Page setup of a table printed in ``parts`` (``print_parts``), ``title_rows`` ("3:4") repeated on
    every page and, when it is split, its first ``lead`` columns too."""
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_INCHES
    if len(parts) > 1:
        # Fit-to-page would ignore the manual breaks: one fixed scale at which the widest part fits.
        ws.print_title_cols = f"A:{get_column_letter(lead)}"
        for _, last in parts[:-1]:
            ws.col_breaks.append(Break(id=last))
        widest = max(part_px(widths, lead, part) for part in parts)
        ws.page_setup.scale = min(100, math.floor(100 * PRINTABLE_PX / widest))
        ws.sheet_properties.pageSetUpPr.fitToPage = False
    else:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.font = "仿宋"
    ws.evenFooter.center.text = "第 &P 页 共 &N 页"

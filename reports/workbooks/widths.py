"""How much room a text takes in a table: display widths (a Chinese character counts twice), the lines a
wrapped text needs in a column, and each column's width from its content and its heading.

A column of width w is about 7w + 5 px at 96 dpi (field notes); a Chinese character of 10 pt is 13.5 px.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reports.workbooks.layout import Column

MAX_HEADER_LINES = 3  # a column heading wraps to at most three lines
LINE_HEIGHT = 13.5  # points per line of 10 pt text
MAX_NAME_WIDTH = 32
CHARACTER_PX = 13.5  # a Chinese character of 10 pt at 96 dpi; half of it per display_width unit
CELL_PADDING_PX = 14


def display_width(text: str) -> int:
    """Columns a text needs in Excel at 10–11 pt: East Asian wide/full-width characters count twice, and so
    do the ambiguous ones (“ ” — ～), which Chinese fonts draw full width."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1 for ch in text)


def formatted_width(kind: str, value) -> int:
    """Columns the value of a column of ``kind`` needs as Excel shows it (52.3%, 82,600.00, 2806.0), not as
    Python prints it."""
    if value is None or value == "":
        return 2  # —
    if isinstance(value, str):
        return display_width(value)
    if kind == "rate":
        return len(f"{value:.1%}")
    if kind == "money":
        return len(f"{value:,.2f}")
    if kind in ("hours", "mean"):
        return len(f"{value:.1f}")
    return len(str(value))


def column_px(width: float) -> float:
    return 7 * width + 5


def width_for(units: float) -> float:
    """The column width that holds ``units`` of display width (at 10 pt) on one line."""
    return (units * CHARACTER_PX / 2 + CELL_PADDING_PX - 5) / 7


def text_lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` wide (a Chinese character is never split)."""
    per_line = max(2, int((column_px(width) - CELL_PADDING_PX) / (CHARACTER_PX / 2)) // 2 * 2)
    return max(1, math.ceil(display_width(text) / per_line))


def widen(widths: list[float], columns: range, lead: int, extra: float) -> None:
    """Spread ``extra`` width over ``columns`` (1-based), leaving the repeated columns (≤ ``lead``) alone
    unless there is nothing else."""
    if extra <= 0:
        return
    own = [c for c in columns if c > lead] or list(columns)
    share = math.ceil(extra / len(own) * 2) / 2
    for c in own:
        widths[c - 1] += share


def column_widths(columns: Sequence[Column], headers: list[str], groups: list, content: list[int]) -> list[float]:
    """Each column as wide as its widest value plus a margin, and as its heading wrapped to at most
    ``MAX_HEADER_LINES`` lines (the name column's heading to one or two); a group heading fits its columns
    on one line."""
    widths: list[float] = [max(5.0, content[0] + 2.0)]
    name_units = display_width(headers[1])  # on one line up to seven characters (乡镇（街道）), else on two
    name_heading = width_for(name_units if name_units <= 14 else 2 * math.ceil(name_units / 4))
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
        widen(widths, range(col + 1, end + 2), 0, width_for(display_width(group)) - sum(widths[col : end + 1]))
        col = end + 1
    return widths

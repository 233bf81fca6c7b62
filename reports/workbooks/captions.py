"""The lines around a statistical table: above it the centred title (with the 表号 / 制表机关 / 批准文号 block at
its right when settings configure one) and the line with 填报单位 on the left and 填报日期 and 计量单位 on the
right; below it the notes (注, 口径) and the signature line 单位负责人 / 审核人 / 填表人 / 联系电话 / 报出日期.

A table printed in parts (``reports.workbooks.print_setup``) repeats its title, as 续, and its 填报 line over
each part's own columns, so that no part prints a piece of another's text; the columns are widened until
every line fits on one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from openpyxl.worksheet.worksheet import Worksheet

from files.spreadsheets import set_text_safe, write_cell
from reports.workbooks.styles import BLOCK, CENTRE, LEFT, META_FONT, RIGHT, TITLE_FONT
from reports.workbooks.widths import LINE_HEIGHT, display_width, text_lines, widen

if TYPE_CHECKING:
    from reports.workbooks.layout import ReportMeta

TITLE_ROW, META_ROW = 1, 2
SIGNATURE = "单位负责人：　　　　　审核人：　　　　　填表人：　　　　　联系电话：　　　　　　报出日期："

Span = tuple[int, int]  # first and last column, 1-based
Merges = list[tuple[int, int, int, int]]  # (first row, first column, last row, last column)


@dataclass(frozen=True)
class Captions:
    """The texts of a table's lines: ``block`` is the 表号 block's lines (empty: none)."""

    title: str
    reporting: str
    dated: str
    signature: str
    block: tuple[str, ...]

    @classmethod
    def for_table(cls, *, title: str, meta: ReportMeta, unit_note: str, sheet_name: str) -> Captions:
        date = f"{meta.report_date:%Y}年{meta.report_date.month}月{meta.report_date.day}日"
        return cls(
            title=title,
            reporting=f"填报单位（盖章）：{meta.reporting_unit}",
            dated=f"填报日期：{date}" + (f"　　{unit_note}" if unit_note else ""),
            signature=f"{SIGNATURE}{date}",
            block=tuple(meta.return_block.lines(sheet_name)),
        )

    @property
    def block_width(self) -> int:
        return max((display_width(line) for line in self.block), default=0) + 2

    def title_width(self, index: int) -> float:
        """The width part ``index``'s title needs: the first one holds the 表号 block too (on both sides,
        so that the title stays centred), the others end in （续）."""
        if index:
            return display_width(self.title) * 1.7 + 10
        return display_width(self.title) * 1.7 + 4 + (2 * self.block_width if self.block else 0)


def caption_spans(parts: Sequence[Span], lead: int) -> list[Span]:
    """The columns the 填报 line, the notes and the signature use in each printed part: a split table's
    first part leaves out the columns repeated on every part."""
    split = len(parts) > 1
    return [
        (lead + 1 if split else 1, last) if index == 0 else (first, last) for index, (first, last) in enumerate(parts)
    ]


def meta_split(widths: Sequence[float], first: int, last: int, left: float) -> int:
    """The last column of the 填报单位 half: the first boundary with room for ``left`` (and a column
    left over for the 填报日期 half)."""
    middle = first
    while middle < last - 1 and sum(widths[first - 1 : middle]) < left + 2:
        middle += 1
    return middle


def fit_captions(
    widths: list[float], captions: Captions, parts: Sequence[Span], spans: Sequence[Span], lead: int
) -> None:
    """Widen the columns until each part's title and 填报 line (and the last part's signature) fit on one
    line, 填报单位 left of a column boundary, 填报日期 and 计量单位 right of it, neither cut."""
    reporting, dated = display_width(captions.reporting), display_width(captions.dated)
    for index, (first, last) in enumerate(parts):
        need = max(captions.title_width(index), reporting + dated + 6)
        if index == len(parts) - 1:
            need = max(need, display_width(captions.signature) + 2)
        widen(widths, range(max(first, spans[index][0]), last + 1), lead, need - sum(widths[first - 1 : last]))
        first = spans[index][0]
        middle = meta_split(widths, first, last, reporting)
        widen(widths, range(middle + 1, last + 1), 0, dated + 2 - sum(widths[middle:last]))


def write_captions(
    ws: Worksheet,
    widths: Sequence[float],
    captions: Captions,
    parts: Sequence[Span],
    spans: Sequence[Span],
    merges: Merges,
) -> None:
    """The title (and the 表号 block at its right) and the 填报单位 / 填报日期 line of every part."""
    title_lines = 1
    for index, (first, last) in enumerate(parts):
        text = captions.title if index == 0 else f"{captions.title}（续）"
        title_first, title_last = first, last
        if index == 0 and captions.block:
            title_first, title_last = _write_block(ws, widths, captions, first, last, merges)
            title_lines = len(captions.block)
        merges.append((TITLE_ROW, title_first, TITLE_ROW, title_last))
        cell = write_cell(ws, TITLE_ROW, title_first, text)
        cell.font, cell.alignment = TITLE_FONT, CENTRE
        _write_meta_line(ws, widths, captions, spans[index], merges)
    ws.row_dimensions[TITLE_ROW].height = max(30, LINE_HEIGHT * title_lines + 6)
    ws.row_dimensions[META_ROW].height = 20


def _write_block(
    ws: Worksheet, widths: Sequence[float], captions: Captions, first: int, last: int, merges: Merges
) -> Span:
    """The 表号 block at the right of the first title; returns the columns left for the title, as many
    blank columns at its left as the block takes at its right, so that the title stays centred."""
    block_first = last
    while block_first > first + 1 and sum(widths[block_first - 1 : last]) < captions.block_width:
        block_first -= 1
    blank_last = first
    while blank_last < block_first - 2 and sum(widths[first - 1 : blank_last]) < sum(widths[block_first - 1 : last]):
        blank_last += 1
    merges.append((TITLE_ROW, block_first, TITLE_ROW, last))
    cell = write_cell(ws, TITLE_ROW, block_first, "\n".join(captions.block))
    cell.font, cell.alignment = META_FONT, BLOCK
    return (blank_last + 1 if blank_last > first else first), block_first - 1


def _write_meta_line(ws: Worksheet, widths: Sequence[float], captions: Captions, span: Span, merges: Merges) -> None:
    first, last = span
    middle = meta_split(widths, first, last, display_width(captions.reporting))
    merges.append((META_ROW, first, META_ROW, middle))
    set_text_safe(ws.cell(META_ROW, first), captions.reporting)
    ws.cell(META_ROW, first).alignment = LEFT
    ws.cell(META_ROW, first).font = META_FONT
    merges.append((META_ROW, middle + 1, META_ROW, last))
    right = write_cell(ws, META_ROW, middle + 1, captions.dated)
    right.alignment = RIGHT
    right.font = META_FONT


def write_notes_and_signature(
    ws: Worksheet,
    widths: Sequence[float],
    captions: Captions,
    notes: Sequence[str],
    span: Span,
    *,
    last_table_row: int,
    merges: Merges,
) -> None:
    """The notes right under the table, then a blank row and the signature line, over the last part's
    columns ``span``."""
    first, last = span
    width = sum(widths[first - 1 : last])
    row_number = last_table_row + 1
    for note in notes:
        merges.append((row_number, first, row_number, last))
        set_text_safe(ws.cell(row_number, first), note)
        ws.cell(row_number, first).font = META_FONT
        ws.cell(row_number, first).alignment = LEFT
        # Merged cells do not grow with wrapped text: give a long note as many lines as it needs.
        ws.row_dimensions[row_number].height = LINE_HEIGHT * text_lines(note, width) + 4
        row_number += 1
    footer_row = row_number + 1
    merges.append((footer_row, first, footer_row, last))
    signature = write_cell(ws, footer_row, first, captions.signature)
    signature.font = META_FONT
    signature.alignment = LEFT
    ws.row_dimensions[footer_row].height = LINE_HEIGHT * text_lines(captions.signature, width) + 4

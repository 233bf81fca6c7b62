"""Safe reading of uploaded .xlsx files and formula-safe writing, shared by every import and export.

An uploaded workbook is untrusted: it is checked as a zip archive (entry count, uncompressed size,
compression ratio, macros, encryption) before openpyxl sees it, opened read-only (defusedxml guards
the XML), and read with a row cap. Every failure is a ``SpreadsheetError`` with a Chinese message.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_COMPRESSION_RATIO = 100
MAX_DATA_ROWS = 20_000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# calamine holds a sheet's used range as a dense grid: sheets whose cells span more than this are read by
# openpyxl's streaming reader instead (a few far-apart cells must not cost gigabytes).
MAX_DENSE_CELLS = 1_000_000
_ROW_TAG = re.compile(rb"<row[\s>/]")
_CELL_TAG = re.compile(rb"<c[\s>/]")
# r="…" attributes, however quoted or spaced (a <row>'s number or a <c>'s reference): one of any form but
# those two (such a sheet is read by openpyxl), and every reference as (column letters, row number), the
# letters empty for a row's. Whole-chunk scans in C: a Python loop over the references cost more than calamine.
_OTHER_REFERENCE = re.compile(rb"""\sr\s*=\s*["'](?!\d{1,7}["']|[A-Z]{1,3}\d{1,7}["'])""")
_REFERENCE = re.compile(rb"""\sr\s*=\s*["']([A-Z]{0,3})(\d{1,7})["']""")
_PREFIXED_TAG = re.compile(rb"<\w+:(?:c|row)[\s>/]")


class SpreadsheetError(ValueError):
    """An uploaded file that cannot be read as a workbook; the message is shown to the user as is."""


def check_archive(data: bytes) -> None:
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(f"文件过大：不能超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB。")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SpreadsheetError("文件已加密或为旧版 .xls 格式：请取消密码保护并另存为 .xlsx 后再上传。")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SpreadsheetError("文件不是有效的 Excel（.xlsx）文件，或文件已损坏。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            if len(entries) > MAX_ZIP_ENTRIES:
                raise SpreadsheetError("文件结构异常（包含过多内部文件），已拒绝。")
            total = sum(entry.file_size for entry in entries)
            compressed = sum(entry.compress_size for entry in entries) or 1
            if total > MAX_UNCOMPRESSED_BYTES or total / compressed > MAX_COMPRESSION_RATIO:
                raise SpreadsheetError("文件解压后体积异常（疑似压缩炸弹），已拒绝。")
            if "xl/vbaProject.bin" in names:
                raise SpreadsheetError("不接受含宏的工作簿（.xlsm），请另存为 .xlsx 后再上传。")
            if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
                raise SpreadsheetError("文件不是有效的 Excel（.xlsx）文件，或文件已损坏。")
            # An .xlsm saved without macros still declares itself macro-enabled; so do templates (.xltx/.xltm).
            content_types = archive.read("[Content_Types].xml")[:200_000]
            if b"macroEnabled" in content_types:
                raise SpreadsheetError("不接受含宏的工作簿（.xlsm），请另存为 .xlsx 后再上传。")
            if archive.testzip() is not None:
                raise SpreadsheetError("文件已损坏，无法读取。")
    except zipfile.BadZipFile as exc:
        raise SpreadsheetError("文件已损坏或不完整，无法读取。") from exc


def open_workbook(data: bytes):
    """Check then open an uploaded workbook read-only."""
    import openpyxl

    check_archive(data)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SpreadsheetError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise SpreadsheetError("文件已损坏或格式不正确，无法读取。") from exc


@dataclass
class Sheet:
    """What an upload holds: the header row, the non-empty data rows and each row's number in Excel."""

    header: list[str]
    rows: list[tuple] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)


def read_sheet(
    data: bytes, *, sheet: str | None = None, max_rows: int = MAX_DATA_ROWS, strict_columns: bool = False
) -> Sheet:
    """Like ``read_rows``, keeping the Excel row number of every data row (for "第N行" messages).

    The header is the first non-empty row. With ``strict_columns`` trailing empty header cells are
    dropped, every row is cut or padded to the header's width, and data in a column without a header
    (which would be silently lost) is refused."""
    workbook = open_workbook(data)
    result: Sheet | None = None
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        rows: Iterator[tuple] | list[list] | None = _dense_rows(data, worksheet.title)
        if rows is None:
            rows = worksheet.iter_rows(values_only=True)
        blank_run = 0
        for number, row in enumerate(rows, 1):
            if row is None or all(cell is None or str(cell).strip() == "" for cell in row):
                blank_run += 1
                if blank_run > max_rows:
                    break
                continue
            blank_run = 0
            if result is None:
                header = [str(cell).strip() if cell is not None else "" for cell in row]
                while strict_columns and header and not header[-1]:
                    header.pop()
                result = Sheet(header=header)
                continue
            if strict_columns:
                width = len(result.header)
                for index, cell in enumerate(row[width:], width + 1):
                    if cell is not None and str(cell).strip() != "":
                        raise SpreadsheetError(
                            f"第{number}行 第{index}列有数据，但该列没有列名：请删除多余的列后再上传。"
                        )
                row = tuple(row[:width]) + (None,) * (width - len(row))
            result.rows.append(row)
            result.row_numbers.append(number)
            if len(result.rows) > max_rows:
                raise SpreadsheetError(f"数据行过多：一次最多导入 {max_rows} 行。")
    except KeyError as exc:
        raise SpreadsheetError(f"找不到工作表“{sheet}”。") from exc
    except SpreadsheetError:
        raise
    except Exception as exc:  # a damaged sheet part only shows up while reading rows
        raise SpreadsheetError("文件已损坏或格式不正确，无法读取。") from exc
    finally:
        workbook.close()
    if result is None or not any(result.header):
        raise SpreadsheetError("工作表没有表头行：第一行应为列名。")
    return result


def _sheet_parts_are_compact(data: bytes) -> bool:
    """Whether every worksheet's cells fit a dense grid of ``MAX_DENSE_CELLS``; refuses DTDs (entity bombs).

    The grid is bounded from above: the largest row and column references, plus one row per ``<row>`` and
    one column per ``<c>`` that has no reference (a reader places those after the previous one). Read in
    pieces cut after a ``>``, so that no tag or attribute is split and memory stays flat."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            max_row = max_column = row_tags = cell_tags = cell_references = 0
            rest = b""
            with archive.open(name) as part:
                while True:
                    chunk = part.read(1 << 20)
                    text = rest + chunk
                    if chunk:
                        cut = text.rfind(b">") + 1
                        text, rest = text[:cut], text[cut:]
                    if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
                        raise SpreadsheetError("文件结构异常（包含实体定义），已拒绝。")
                    if _PREFIXED_TAG.search(text):
                        return False  # written unlike Excel and the usual libraries: not worth bounding
                    if _OTHER_REFERENCE.search(text):
                        return False  # a reference calamine might place anywhere
                    references = _REFERENCE.findall(text)
                    columns, rows = zip(*references, strict=True) if references else ((), ())
                    max_row = max(max_row, *map(int, set(rows)), 0)
                    cell_references += len(columns) - columns.count(b"")
                    for letters in set(columns):
                        column = 0
                        for letter in letters:
                            column = column * 26 + letter - 64
                        max_column = max(max_column, column)
                    row_tags += len(_ROW_TAG.findall(text))
                    cell_tags += len(_CELL_TAG.findall(text))
                    if not chunk:
                        break
            height = max_row + row_tags
            width = max_column + max(0, cell_tags - cell_references)
            if height * max(width, 1) > MAX_DENSE_CELLS:
                return False
    return True


def _dense_rows(data: bytes, title: str) -> list[list] | None:
    """The sheet's rows from row 1 on, read by calamine (Rust, several times openpyxl's speed), with
    openpyxl's conventions: an empty cell is None, a whole number is an int. None if the sheet is too sparse
    for a dense read."""
    from python_calamine import CalamineWorkbook

    if not _sheet_parts_are_compact(data):
        return None
    grid = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(title).to_python(skip_empty_area=False)
    return [
        [None if value == "" else int(value) if type(value) is float and value.is_integer() else value for value in row]
        for row in grid
    ]


def read_rows(data: bytes, *, sheet: str | None = None, max_rows: int = MAX_DATA_ROWS) -> tuple[list[str], list[tuple]]:
    """The header row and the non-empty data rows of the first (or named) sheet.

    Blank rows are skipped without counting against the cap, so a sheet with 20,000 empty formatted
    rows reads as quickly as its real content."""
    result = read_sheet(data, sheet=sheet, max_rows=max_rows)
    return result.header, result.rows


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def set_text_safe(cell, value) -> None:
    """Assign ``value`` to a normal-mode cell; formula-like text is stored as a plain string cell
    (shown exactly as typed, never evaluated)."""
    cell.value = value
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def safe_cell(worksheet, value):
    """A write-only-mode cell for ``value``; plain values pass through, formula-like text becomes text."""
    if not looks_like_formula(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(worksheet, value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell

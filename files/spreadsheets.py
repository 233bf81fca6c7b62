"""Safe reading of uploaded .xlsx files and formula-safe writing, shared by every import and export.

An uploaded workbook is untrusted: it is checked as an Office package (entry count, uncompressed size,
compression ratio, the main part its content types declare, macros, encryption) and every part is read
once, in pieces, counting rows and cells, before any reader parses it: a sheet of more rows or cells than
an import may hold is refused while counting, however it is compressed and whether or not it declares its
size. Compact sheets are then read by calamine, the rest by openpyxl's streaming reader (defusedxml guards
the XML), with a row cap. Every failure is a ``SpreadsheetError`` with a Chinese message.

Every cell the portal writes goes through ``set_text_safe`` / ``write_cell`` (normal mode) or
``safe_cell`` (write-only mode): text that Excel would take for a formula is stored as quoted text.
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
# What a whole upload may hold, blank formatted rows and cells included, counted before any reader parses
# it (openpyxl's loader otherwise parses a sheet without <dimension> to its end just to size it: a 1.3 MB
# file of 1.4 million one-cell rows held a worker for a minute). Twice the data rows and a margin leaves
# room for formatted empty rows below the data and for the template's other sheets. The widest template
# has 14 columns: 20,000 rows of it are 280,000 cells, twice that leaves room for formatted empty cells.
MAX_SHEET_ROWS = 2 * MAX_DATA_ROWS + 10_000
MAX_SHEET_CELLS = 600_000
# openpyxl reads several times slower than calamine, and its loader parses a sheet without <dimension>
# once more just to size it: a file it must read (cells far apart, references written unusually) is held
# to fewer rows and cells (counted together).
MAX_STREAMED_ELEMENTS = 60_000
# Columns read by openpyxl's streaming reader (a template has fewer than 20).
MAX_COLUMNS = 256
# Text Excel would evaluate: = + - @ (and the forms that NFKC folds to them: full-width ＝, small ﹦, …),
# tab and carriage return. The set is checked against unicodedata in the tests.
FORMULA_START = frozenset(
    "=+-@\t\r\u207a\u207c\u208a\u208c\u2a75\u2a76\ufb29\ufe62\ufe63\ufe66\ufe6b\uff0b\uff0d\uff1d\uff20"
)
# calamine holds a sheet's used range as a dense grid: sheets whose cells span more than this are read by
# openpyxl's streaming reader instead (a few far-apart cells must not cost gigabytes).
MAX_DENSE_CELLS = 1_000_000
_SCAN_CHUNK = 1 << 20
_LONGEST_TAG = 4 << 20  # a piece with no ">" in this many bytes is cut anyway (and the part not trusted dense)
# Row and cell elements however they are prefixed (<row>, <x:row>): readers match the local name. One
# scan yields both, in order ("row", "c", "c", "row", …), so that cells are counted per row too.
_ROW_OR_CELL_TAG = re.compile(rb"<(?:[^\s<>/:!?]+:)?(row|c)[\s>/]")
# r="…" attributes, however quoted or spaced (a <row>'s number or a <c>'s reference): one of any form but
# those two (such a sheet is read by openpyxl), and every reference as (column letters, row number), the
# letters empty for a row's. Whole-chunk scans in C: a Python loop over the references cost more than calamine.
_OTHER_REFERENCE = re.compile(rb"""\sr\s*=\s*["'](?!\d{1,7}["']|[A-Z]{1,3}\d{1,7}["'])""")
_REFERENCE = re.compile(rb"""\sr\s*=\s*["']([A-Z]{0,3})(\d{1,7})["']""")
_ENTITY_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
CONTENT_TYPES = "[Content_Types].xml"
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


class SpreadsheetError(ValueError):
    """An uploaded file that cannot be read as a workbook; the message is shown to the user as is."""


@dataclass(frozen=True)
class OfficeKind:
    """What an Office Open XML package of one kind must declare: its main part's content types, and the
    parts that mean macros."""

    label: str
    main_types: tuple[str, ...]
    macro_parts: tuple[str, ...]
    macro_message: str


XLSX = OfficeKind(
    "Excel（.xlsx）",
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    ),
    ("xl/vbaProject.bin",),
    "不接受含宏的工作簿（.xlsm），请另存为 .xlsx 后再上传。",
)
DOCX = OfficeKind(
    "Word（.docx）",
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    ),
    ("word/vbaProject.bin",),
    "不接受含宏的文档（.docm），请另存为 .docx 后再上传。",
)


def check_package(source, *, kind: OfficeKind, verify: bool = True) -> None:
    """Refuse ``source`` (bytes or a seekable binary file) unless it is a plain Office package of ``kind``.

    The zip's declared sizes are checked first (entry count, total, ratio), then the content types: the
    main part they declare must exist and nothing may be macro-enabled. With ``verify`` every entry is
    read to its end, so a damaged or lying entry is found (zipfile stops at the declared size and checks
    the CRC); ``read_sheet`` verifies while it counts rows instead."""
    not_valid = f"文件不是有效的 {kind.label}文件，或文件已损坏。"
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    try:
        with zipfile.ZipFile(source) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise SpreadsheetError("文件结构异常（包含过多内部文件），已拒绝。")
            total = sum(entry.file_size for entry in entries)
            compressed = sum(entry.compress_size for entry in entries) or 1
            if total > MAX_UNCOMPRESSED_BYTES or total / compressed > MAX_COMPRESSION_RATIO:
                raise SpreadsheetError("文件解压后体积异常（疑似压缩炸弹），已拒绝。")
            if any(entry.flag_bits & 0x1 for entry in entries):
                raise SpreadsheetError("文件已加密：请取消密码保护后再上传。")
            names = {entry.filename.lower(): entry.filename for entry in entries}
            if any(part.lower() in names for part in kind.macro_parts):
                raise SpreadsheetError(kind.macro_message)
            if CONTENT_TYPES.lower() not in names or archive.getinfo(names[CONTENT_TYPES.lower()]).file_size > 1 << 20:
                raise SpreadsheetError(not_valid)
            content_types = archive.read(names[CONTENT_TYPES.lower()])
            # An .xlsm saved without macros still declares itself macro-enabled; so do .xltm and .docm.
            if b"macroenabled" in content_types.lower():
                raise SpreadsheetError(kind.macro_message)
            if not any(part.lower() in names for part in _main_parts(content_types, kind)):
                raise SpreadsheetError(not_valid)
            if verify:
                for entry in entries:
                    with archive.open(entry) as part:
                        while part.read(_SCAN_CHUNK):
                            pass
    except zipfile.BadZipFile as exc:
        raise SpreadsheetError("文件已损坏或不完整，无法读取。") from exc
    except (RuntimeError, NotImplementedError, EOFError, OSError) as exc:  # encrypted or unknown compression
        raise SpreadsheetError(not_valid) from exc


def _main_parts(content_types: bytes, kind: OfficeKind) -> list[str]:
    """The parts ``[Content_Types].xml`` declares with the main content type of ``kind``."""
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(content_types)
    except Exception as exc:  # malformed, or a DTD (defusedxml refuses those)
        raise SpreadsheetError(f"文件不是有效的 {kind.label}文件，或文件已损坏。") from exc
    return [
        element.get("PartName", "").lstrip("/")
        for element in root.iter(f"{_CONTENT_TYPES_NS}Override")
        if element.get("ContentType", "").strip() in kind.main_types
    ]


def check_archive(data: bytes) -> None:
    """The checks of an uploaded workbook that need no more than its zip directory and content types."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(f"文件过大：不能超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB。")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SpreadsheetError("文件已加密或为旧版 .xls 格式：请取消密码保护并另存为 .xlsx 后再上传。")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SpreadsheetError("文件不是有效的 Excel（.xlsx）文件，或文件已损坏。")
    check_package(data, kind=XLSX, verify=False)


def open_workbook(data: bytes):
    """Check, count, then open an uploaded workbook read-only with openpyxl."""
    check_archive(data)
    return _open_with_openpyxl(data, _scan(data))


def _open_with_openpyxl(data: bytes, shape: _Shape):
    import openpyxl

    _refuse_streaming(shape, always=True)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SpreadsheetError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise SpreadsheetError("文件已损坏或格式不正确，无法读取。") from exc


def _refuse_streaming(shape: _Shape, *, always: bool = False) -> None:
    """Refuse a package too large for openpyxl's streaming reader, which reads it if it is not compact."""
    if (always or not shape.compact) and shape.rows + shape.cells > MAX_STREAMED_ELEMENTS:
        raise SpreadsheetError(
            "工作表中的单元格分布过散（如远处有误填的单元格）或写法不常见，且内容较多，无法安全读取："
            "请把数据复制到新建的工作簿，另存为 .xlsx 后再上传。"
        )


@dataclass
class _Shape:
    """What one pass over a package found: its rows and cells in all, and whether every part's cells fit
    a dense grid of ``MAX_DENSE_CELLS`` (so that calamine may read it)."""

    rows: int = 0
    cells: int = 0
    compact: bool = True


def _scan(data: bytes) -> _Shape:
    """Read every part of the package once, in pieces, counting ``<row>`` and ``<c>`` elements; refuse as
    soon as either count passes its cap (so a file of millions of rows costs a few megabytes of reading),
    and refuse DTDs (entity bombs). Every part is scanned, not only xl/worksheets/: the readers find sheets
    through the package's relationships, wherever they are. Reading each part to its end also checks its
    CRC."""
    shape = _Shape()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for entry in archive.infolist():
                with archive.open(entry) as part:
                    _scan_part(part, shape)
    except zipfile.BadZipFile as exc:
        raise SpreadsheetError("文件已损坏，无法读取。") from exc
    except (RuntimeError, NotImplementedError, EOFError, OSError) as exc:  # encrypted or unknown compression
        raise SpreadsheetError("文件已损坏或格式不正确，无法读取。") from exc
    return shape


def _scan_part(part, shape: _Shape) -> None:
    """Count one part into ``shape``, and mark the package not compact when this part's cells do not fit
    the dense grid (then the streaming reader's smaller cap applies, checked as counting goes on).

    The grid is bounded from above: the largest row and column references, plus one row per ``<row>``
    that has no reference, and, if some ``<c>`` has no reference (a reader places those after the previous
    one), as many columns again as the most cells in one row. Pieces are cut after a ``>``, so that no tag
    or attribute is split and memory stays flat; a piece with no ``>`` at all is cut anyway and the part is
    not trusted to be dense."""
    max_row = max_column = row_tags = cell_tags = row_references = cell_references = widest = run = 0
    compact = True
    rest = b""
    while True:
        chunk = part.read(_SCAN_CHUNK)
        text = rest + chunk
        if chunk:
            cut = text.rfind(b">") + 1
            if not cut and len(text) > _LONGEST_TAG:
                cut, compact = len(text), False
            text, rest = text[:cut], text[cut:]
        if _ENTITY_DECLARATION.search(text):
            raise SpreadsheetError("文件结构异常（包含实体定义），已拒绝。")
        tags = b"".join(_ROW_OR_CELL_TAG.findall(text))  # b"rowccrowc…": a "c" per cell
        rows = tags.count(b"row")
        cells = len(tags) - 3 * rows
        runs = tags.split(b"row")  # the cells of each row, the first continuing the last piece's row
        run += len(runs[0])
        if rows:
            widest, run = max(widest, run, *map(len, runs[1:-1])), len(runs[-1])
        shape.rows += rows
        shape.cells += cells
        if shape.rows > MAX_SHEET_ROWS:
            raise SpreadsheetError(
                f"工作表行数过多（连同空白行超过 {MAX_SHEET_ROWS} 行）：一次最多导入 {MAX_DATA_ROWS} 行数据，"
                "请删除多余的行（包括设置过格式的空行）后再上传。"
            )
        if shape.cells > MAX_SHEET_CELLS:
            raise SpreadsheetError(
                f"工作表单元格过多（超过 {MAX_SHEET_CELLS} 个）：请只保留需要导入的数据，删除多余的行和列后再上传。"
            )
        row_tags += rows
        cell_tags += cells
        if compact and _OTHER_REFERENCE.search(text):
            compact = False  # a reference calamine might place anywhere
        if compact:
            references = _REFERENCE.findall(text)
            columns, numbers = zip(*references, strict=True) if references else ((), ())
            max_row = max(max_row, *map(int, set(numbers)), 0)
            unlettered = columns.count(b"")
            row_references += unlettered
            cell_references += len(columns) - unlettered
            for letters in set(columns):
                column = 0
                for letter in letters:
                    column = column * 26 + letter - 64
                max_column = max(max_column, column)
        height = max_row + max(0, row_tags - row_references)
        width = max_column + (max(widest, run) if cell_tags > cell_references else 0)
        if not compact or height * max(width, 1) > MAX_DENSE_CELLS:
            shape.compact = False
            _refuse_streaming(shape)
        if not chunk:
            break


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
    check_archive(data)
    shape = _scan(data)
    if shape.compact:
        try:
            return _collect(_calamine_rows(data, sheet), max_rows=max_rows, strict_columns=strict_columns)
        except SpreadsheetError:
            raise
        except Exception as exc:  # a damaged part only shows up while reading it
            raise SpreadsheetError("文件已损坏或格式不正确，无法读取。") from exc
    workbook = _open_with_openpyxl(data, shape)
    try:
        try:
            worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        except (KeyError, IndexError) as exc:
            raise SpreadsheetError(f"找不到工作表“{sheet}”。" if sheet else "文件中没有工作表。") from exc
        return _collect(
            _stream_rows(worksheet, strict_columns=strict_columns), max_rows=max_rows, strict_columns=strict_columns
        )
    except SpreadsheetError:
        raise
    except Exception as exc:  # a damaged sheet part only shows up while reading rows
        raise SpreadsheetError("文件已损坏或格式不正确，无法读取。") from exc
    finally:
        workbook.close()


def _stream_rows(worksheet, *, strict_columns: bool) -> Iterator[tuple]:
    """The rows of a read-only worksheet as openpyxl's parser yields them, each only as wide as its own
    cells and at most ``MAX_COLUMNS`` wide. (Its ``iter_rows`` pads every row to the sheet's width: one
    cell in column XFD made 20,000 rows of 16,384 values each.) A missing row is an empty tuple; a value
    beyond ``MAX_COLUMNS`` has no column name and is refused with ``strict_columns``, else left out."""
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = worksheet.parent
    with worksheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            worksheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        expected = 1
        for number, cells in parser.parse():
            if number < expected:
                continue  # a row repeated or out of order: openpyxl's reader skips it too
            while expected < number:
                expected += 1
                yield ()
            expected = number + 1
            row = [None] * min(MAX_COLUMNS, max((cell["column"] for cell in cells), default=0))
            for cell in cells:
                column, value = cell["column"], cell["value"]
                if column <= MAX_COLUMNS:
                    row[column - 1] = value
                elif strict_columns and value is not None and str(value).strip() != "":
                    raise SpreadsheetError(f"第{number}行 第{column}列有数据，但该列没有列名：请删除多余的列后再上传。")
            yield tuple(row)


def _collect(rows: Iterator[tuple] | list[list], *, max_rows: int, strict_columns: bool) -> Sheet:
    result: Sheet | None = None
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
                    raise SpreadsheetError(f"第{number}行 第{index}列有数据，但该列没有列名：请删除多余的列后再上传。")
            row = tuple(row[:width]) + (None,) * (width - len(row))
        result.rows.append(tuple(row))
        result.row_numbers.append(number)
        if len(result.rows) > max_rows:
            raise SpreadsheetError(f"数据行过多：一次最多导入 {max_rows} 行。")
    if result is None or not any(result.header):
        raise SpreadsheetError("工作表没有表头行：第一行应为列名。")
    return result


def _sheet_parts_are_compact(data: bytes) -> bool:
    """Whether every part's cells fit a dense grid of ``MAX_DENSE_CELLS`` (refusing what ``_scan`` refuses)."""
    return _scan(data).compact


def _calamine_rows(data: bytes, sheet: str | None) -> list[list]:
    """The rows of the first (or named) worksheet from row 1 on, read by calamine (Rust, several times
    openpyxl's speed), with openpyxl's conventions: an empty cell is None, a whole number is an int. Only
    for a package ``_scan`` found compact."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    names = [meta.name for meta in workbook.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet]
    if sheet is None and not names:
        raise SpreadsheetError("文件中没有工作表。")
    if sheet is not None and sheet not in names:
        raise SpreadsheetError(f"找不到工作表“{sheet}”。")
    grid = workbook.get_sheet_by_name(sheet or names[0]).to_python(skip_empty_area=False)
    return [
        [None if value == "" else int(value) if type(value) is float and value.is_integer() else value for value in row]
        for row in grid
    ]


def _dense_rows(data: bytes, title: str) -> list[list] | None:
    """The sheet ``title`` read by calamine, or None if the package is not compact enough for a dense read."""
    if not _sheet_parts_are_compact(data):
        return None
    return _calamine_rows(data, title)


def read_rows(data: bytes, *, sheet: str | None = None, max_rows: int = MAX_DATA_ROWS) -> tuple[list[str], list[tuple]]:
    """The header row and the non-empty data rows of the first (or named) sheet.

    Blank rows are skipped without counting against the cap, so a sheet with 20,000 empty formatted
    rows reads as quickly as its real content."""
    result = read_sheet(data, sheet=sheet, max_rows=max_rows)
    return result.header, result.rows


def looks_like_formula(value) -> bool:
    """Whether Excel would evaluate ``value`` typed into a cell (or re-entered after an edit)."""
    return isinstance(value, str) and bool(value) and value[0] in FORMULA_START


def set_text_safe(cell, value) -> None:
    """Assign ``value`` to a normal-mode cell; formula-like text is stored as a quoted string cell (shown
    exactly as typed, never evaluated, still text after an edit). Every cell the portal writes in normal
    mode goes through here (or ``write_cell``)."""
    cell.value = value
    if looks_like_formula(value):
        from openpyxl.styles.cell_style import StyleArray

        cell.data_type = "s"
        # Cells may share one style array (the summary tables do): give this cell its own before marking it.
        cell._style = StyleArray(cell._style) if cell._style is not None else StyleArray()
        cell.quotePrefix = True


def write_cell(worksheet, row: int, column: int, value):
    """``worksheet.cell(row, column, value)`` through ``set_text_safe``; returns the cell."""
    cell = worksheet.cell(row=row, column=column)
    set_text_safe(cell, value)
    return cell


def append_row(worksheet, values) -> None:
    """``worksheet.append(values)`` for a normal-mode sheet, every value through ``set_text_safe``."""
    row = worksheet._current_row + 1
    for column, value in enumerate(values, 1):
        set_text_safe(worksheet.cell(row=row, column=column), value)
    worksheet._current_row = row  # an empty row still takes its line, as with append()


def safe_cell(worksheet, value):
    """A write-only-mode cell for ``value``; plain values pass through, formula-like text becomes text."""
    if not looks_like_formula(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(worksheet)
    set_text_safe(cell, value)
    return cell

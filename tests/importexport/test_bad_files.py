"""Every kind of bad upload gets a clear Chinese error on the import form; nothing is written, no 500."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from files import spreadsheets
from orgs.models import Cadre
from tests.factories import valid_id_number
from tests.importexport.helpers import CADRE_HEADERS, cadre_row, upload, xlsx_bytes


def _good() -> bytes:
    return xlsx_bytes(CADRE_HEADERS, [cadre_row("萧江镇", "桃源村", "王秀英", valid_id_number(1))])


def _rezip(data: bytes, *, extra: dict | None = None, replace: dict | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            for old, new in (replace or {}).get(item.filename, {}).items():
                content = content.replace(old, new)
            target.writestr(item, content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()


def _not_xlsx() -> bytes:
    return "姓名,身份证号\n王秀英,330326198503120024\n".encode()


def _truncated() -> bytes:
    data = _good()
    return data[: len(data) // 2]


def _password_protected() -> bytes:
    # Excel saves an encrypted workbook as an OLE compound file (EncryptedPackage inside), not a zip.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096


def _xlsm_with_macros() -> bytes:
    return _rezip(_good(), extra={"xl/vbaProject.bin": b"\x00" * 64})


def _xlsm_without_macros() -> bytes:
    return _rezip(
        _good(),
        replace={
            "[Content_Types].xml": {
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
                ),
            }
        },
    )


def _no_header_row() -> bytes:
    return xlsx_bytes(None, [cadre_row("萧江镇", "桃源村", f"干部{i}", valid_id_number(i)) for i in range(3)])


def _extra_column() -> bytes:
    return xlsx_bytes(
        [*CADRE_HEADERS, "籍贯"], [cadre_row("萧江镇", "桃源村", "王秀英", valid_id_number(1)) + ["平阳"]]
    )


def _missing_column() -> bytes:
    header = [h for h in CADRE_HEADERS if h != "民族"]
    row = cadre_row("萧江镇", "桃源村", "王秀英", valid_id_number(1))
    del row[CADRE_HEADERS.index("民族")]
    return xlsx_bytes(header, [row])


def _unnamed_column_with_data() -> bytes:
    return xlsx_bytes(CADRE_HEADERS, [cadre_row("萧江镇", "桃源村", "王秀英", valid_id_number(1)) + [None, "多出来的"]])


def _empty_rows() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(CADRE_HEADERS)
    fill = PatternFill("solid", fgColor="FFFF00")
    for row in range(2, 20_002):
        sheet.cell(row=row, column=1).fill = fill  # formatted, but empty
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _too_large() -> bytes:
    return _good() + b"\x00" * (spreadsheets.MAX_UPLOAD_BYTES + 1)


BAD_FILES = {
    "not_xlsx": (_not_xlsx, "不是有效的 Excel"),
    "truncated": (_truncated, "损坏"),
    "password_protected": (_password_protected, "已加密"),
    "xlsm_with_macros": (_xlsm_with_macros, "不接受含宏的工作簿"),
    "xlsm_without_macros": (_xlsm_without_macros, "不接受含宏的工作簿"),
    "no_header_row": (_no_header_row, "第一行应为模板中的列名"),
    "extra_column": (_extra_column, "多余的列：籍贯"),
    "missing_column": (_missing_column, "缺少列：民族"),
    "unnamed_column_with_data": (_unnamed_column_with_data, "该列没有列名"),
    "20000_empty_rows": (_empty_rows, "没有数据行"),
    "too_large": (_too_large, "文件过大"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_file_gets_a_chinese_error_and_writes_nothing(client_for, town01, villages, kind):
    make, expected = BAD_FILES[kind]

    response = upload(client_for(town01), "cadre", make(), name=f"{kind}.xlsx")

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    result = response.context.get("result")
    shown = list(response.context["form"].errors.get("import_file", [])) + list(getattr(result, "messages", []))
    assert any(expected in message for message in shown), shown
    assert "Traceback" not in response.content.decode()
    assert Cadre.objects.count() == 0


def test_a_few_rows_above_many_formatted_empty_rows_import_fine(client_for, town01, villages):
    workbook = openpyxl.load_workbook(io.BytesIO(_empty_rows()))
    workbook.active.cell(row=2, column=1).value = None
    for column, value in enumerate(cadre_row("萧江镇", "桃源村", "王秀英", valid_id_number(1)), 1):
        workbook.active.cell(row=2, column=column).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = upload(client_for(town01), "cadre", buffer.getvalue())

    assert response.context["result"].counts["new"] == 1
    assert "confirm_form" in response.context

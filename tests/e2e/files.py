"""Files a user brings along: a photo from her phone, and a filled-in import template."""

from __future__ import annotations

import datetime
import struct
import zlib
from pathlib import Path

from openpyxl import load_workbook
from stdnum.cn import ric


def write_photo(path: Path, *, width: int = 48, height: int = 32) -> Path:
    """A small but real PNG (a red-to-gold gradient), written without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(
        b"\x00" + b"".join(bytes((181, 18 + (x * 180) // width, 27 + (y * 100) // height)) for x in range(width))
        for y in range(height)
    )
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
    path.write_bytes(png)
    return path


def id_number(birth: datetime.date, order: int) -> str:
    """A valid 身份证号 of a woman (even 17th digit) born on ``birth``, from a neighbouring county's
    region (330327), which the demo county's generated cadres never use, so it can never collide."""
    assert order % 2 == 0
    body = f"330327{birth:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")


def with_wrong_check_digit(number: str) -> str:
    digits = "0123456789X"
    return number[:17] + digits[(digits.index(number[17]) + 1) % len(digits)]


def fill_cadre_template(template: Path, target: Path, people: list[tuple[str, str]]) -> list[str]:
    """Fill the downloaded 妇女干部 template as a township worker would: below the example row, one
    person per row, units picked from the template's own dropdown list. Returns the units used."""
    workbook = load_workbook(template)
    sheet = workbook["数据"]
    headers = {cell.value: cell.column for cell in sheet[1] if cell.value}
    options = workbook["选项"]
    units = [cell.value for cell in next(options.iter_cols(min_col=2, max_col=2)) if cell.value]
    townships = [cell.value for cell in next(options.iter_cols(min_col=1, max_col=1)) if cell.value]
    assert townships == ["萧江镇"], f"模板的乡镇下拉列表应只有本乡镇：{townships}"
    villages = [u for u in units if u.endswith("村")]
    assert len(villages) >= len(people), f"模板的单位下拉列表里没有足够的村：{units[:10]}"
    used = []
    for offset, (name, number) in enumerate(people):
        row = 3 + offset
        values = {
            "所属乡镇": "萧江镇",
            "所在单位": villages[offset],
            "姓名": name,
            "身份证号": number,
            "性别": "女",
            "民族": "汉族",
            "政治面貌": "中共党员",
            "学历": "大专",
            "手机号": f"1381234{5670 + offset}",
        }
        for header, value in values.items():
            sheet.cell(row=row, column=headers[header], value=value)
        used.append(villages[offset])
    workbook.save(target)
    return used

"""Attachments that are not what they claim are refused in Chinese and leave nothing behind (issue 16, finding 9).

Images carrying markup (ASCII or UTF-16), zips renamed .docx, macro documents and a zip bomb are sent
through both upload pages (示范点 applications and training events); none may leave a row or a file.
Every hostile file is built in memory: the bomb is a small zip whose one entry expands past 200 MB.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from demo_sites.models import Attachment
from files.uploads import validate_attachment
from tests.demo_sites.helpers import PNG_BYTES
from tests.factories import ApplicationFactory, EventFactory, UnitFactory
from training.models import EventAttachment

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
JPEG_START = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"


def _jpeg_with_comment(comment: bytes) -> bytes:
    """A JPEG whose COM segment holds ``comment`` (where a polyglot puts its page)."""
    return JPEG_START + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + b"\x00" * 64 + b"\xff\xd9"


def _png_with_text(text: bytes) -> bytes:
    """A 1×1 PNG with a tEXt chunk holding ``text`` before its image data."""
    body = b"Comment\x00" + text
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    return PNG_BYTES[:33] + chunk + PNG_BYTES[33:]


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _content_types(main: str = DOCX_MAIN, part: str = "/word/document.xml") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="{part}" ContentType="{main}"/></Types>'
    ).encode()


def _real_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("创建工作总结")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _real_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "单位"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    """A .docx of a few hundred kilobytes: its content types and main part, and one entry of 201 MB of
    zeros, compressed in one-megabyte writes (never held in memory or written to disk)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types())
        archive.writestr("word/document.xml", b"<w:document/>")
        megabyte = b"\x00" * (1 << 20)
        with archive.open("word/media/image1.png", "w", force_zip64=True) as entry:
            for _ in range(201):
                entry.write(megabyte)
    return buffer.getvalue()


def _docm_renamed() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": _content_types("application/vnd.ms-word.document.macroEnabled.main+xml"),
            "word/document.xml": b"<w:document/>",
            "word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 512,
        }
    )


HOSTILE = {
    "jpeg with <body onload>": (
        "现场照片.jpg",
        lambda: _jpeg_with_comment(b'<BODY onload="alert(document.cookie)">'),
        "图片中含有网页或脚本内容",
    ),
    "png with a UTF-16LE <script>": (
        "合影.png",
        lambda: _png_with_text("<script>alert(1)</script>".encode("utf-16-le")),
        "图片中含有网页或脚本内容",
    ),
    "png with a UTF-16BE <svg>": (
        "合影.png",
        lambda: _png_with_text("<SVG onload=alert(1)>".encode("utf-16-be")),
        "图片中含有网页或脚本内容",
    ),
    "any zip renamed .docx": (
        "总结.docx",
        lambda: _zip({"readme.txt": "不是文档".encode(), "a/b.bin": b"\x00" * 100}),
        "不是有效的 Word（.docx）文件",
    ),
    "word folder without content types": (
        "总结.docx",
        lambda: _zip({"word/document.xml": b"<w:document/>"}),
        "不是有效的 Word（.docx）文件",
    ),
    "content types without the main part": (
        "总结.docx",
        lambda: _zip(
            {"[Content_Types].xml": _content_types(part="/word/missing.xml"), "word/document.xml": b"<w:document/>"}
        ),
        "不是有效的 Word（.docx）文件",
    ),
    "macro document renamed .docx": ("总结.docx", _docm_renamed, "不接受含宏的文档"),
    "200 MB zip bomb as .docx": ("总结.docx", _zip_bomb, "疑似压缩炸弹"),
}


@pytest.fixture(params=["demo_sites", "training"])
def upload_page(request, client_for, town01, township1, settings, tmp_path):
    """Posts a file to one of the two upload pages as town01; returns (post, rows, stored files)."""
    settings.MEDIA_ROOT = tmp_path
    client = client_for(town01)
    if request.param == "demo_sites":
        application = ApplicationFactory(unit=UnitFactory(parent=township1))
        url, fields, model = f"/demo-sites/applications/{application.pk}/attachments/", {"description": ""}, Attachment
    else:
        event = EventFactory(organiser=township1)
        url, fields, model = f"/training/events/{event.pk}/attachments/", {"kind": "photo"}, EventAttachment

    def post(name: str, content: bytes) -> str:
        response = client.post(url, {**fields, "file": SimpleUploadedFile(name, content)}, follow=True)
        assert response.status_code == 200
        return response.content.decode()

    return post, model, lambda: [path for path in tmp_path.rglob("*") if path.is_file()]


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_attachment_is_refused_in_chinese_and_leaves_no_row_or_file(upload_page, kind):
    post, model, stored = upload_page
    name, make, message = HOSTILE[kind]

    page = post(name, make())

    assert message in page
    assert "附件已上传" not in page
    assert not model.objects.exists()
    assert stored() == []


@pytest.mark.parametrize(("name", "make"), [("总结.docx", _real_docx), ("名单.xlsx", _real_xlsx)])
def test_real_office_files_are_accepted(upload_page, name, make):
    post, model, stored = upload_page

    page = post(name, make())

    assert "附件已上传" in page
    assert model.objects.count() == 1
    assert len(stored()) == 1


def test_the_zip_bomb_is_small_and_refused_by_its_declared_size_before_any_entry_is_read(monkeypatch):
    bomb = _zip_bomb()
    assert len(bomb) < 2 * 1024 * 1024
    assert sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(bomb)).infolist()) > 200 * 1024 * 1024
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, *args, **kwargs: opened.append(args) or 1 / 0)

    with pytest.raises(ValidationError, match="疑似压缩炸弹"):
        validate_attachment(SimpleUploadedFile("总结.docx", bomb))

    assert opened == []


def test_an_entry_that_expands_past_its_declared_size_is_refused():
    """A zip whose directory understates an entry: reading it to its declared end fails its CRC."""
    honest = _zip({"[Content_Types].xml": _content_types(), "word/document.xml": b"<w:document>" + b"x" * 5000})
    central = honest.rindex(b"PK\x01\x02")
    entry = honest.index(b"word/document.xml", central) - 46  # the central header of the document
    forged = bytearray(honest)
    struct.pack_into("<I", forged, entry + 24, 100)  # uncompressed size: 100 bytes instead of 5,012
    (local,) = struct.unpack_from("<I", honest, entry + 42)  # where its local header starts
    struct.pack_into("<I", forged, local + 22, 100)

    with pytest.raises(ValidationError) as caught:
        validate_attachment(SimpleUploadedFile("总结.docx", bytes(forged)))

    assert "损坏" in " ".join(caught.value.messages) or "不是有效" in " ".join(caught.value.messages)

"""Uploads checked by content, downloads that never render, and hostile spreadsheets refused in Chinese."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import Resolver404, resolve

from files import spreadsheets
from files.spreadsheets import SpreadsheetError, read_rows
from files.uploads import attachment_path, attachment_response, validate_attachment

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
POLYGLOT = PNG_HEADER + b"\x00" * 16 + b"<html><body><script>alert(document.cookie)</script></body></html>"


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_attachment(SimpleUploadedFile(name, content))
    message = " ".join(caught.value.messages)
    assert _has_chinese(message)
    return message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("照片.jpg", POLYGLOT),  # a PNG that is also a web page, renamed
        ("照片.png", POLYGLOT),  # the same under its true extension: the HTML inside is refused
        ("页面.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("图标.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("程序.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200),
        ("程序.jpg", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200),
    ],
    ids=["polyglot-as-jpg", "polyglot-as-png", "html", "svg", "exe", "exe-as-jpg"],
)
def test_dangerous_uploads_are_refused_by_content(name, content):
    _refusal(name, content)


def test_a_real_photo_is_accepted():
    validate_attachment(SimpleUploadedFile("现场照片.jpg", JPEG))


@override_settings(ATTACHMENT_MAX_BYTES=1024)
def test_an_upload_over_the_size_limit_is_refused():
    assert "过大" in _refusal("现场照片.jpg", JPEG + b"\x00" * 2048)


def test_stored_names_are_generated_and_outside_the_static_and_public_paths(settings):
    class _Row:
        class _meta:
            app_label = "demo_sites"

    path = attachment_path(_Row(), "../../etc/<script>.jpg")
    assert path.startswith("attachments/demo_sites/") and path.endswith(".jpg")
    assert ".." not in path and "script" not in path
    static_roots = [
        str(settings.STATIC_ROOT),
        *(str(d[1] if isinstance(d, tuple) else d) for d in settings.STATICFILES_DIRS),
    ]
    assert not any(str(settings.MEDIA_ROOT).startswith(root) for root in static_roots)
    # No URL serves the media folder: files leave only through the scoped download views.
    with pytest.raises(Resolver404):
        resolve(f"/media/{path}")


def test_a_download_is_always_an_attachment_that_the_browser_does_not_sniff():
    name = default_storage.save("attachments/test/sample.png", ContentFile(POLYGLOT))
    field_file = default_storage.open(name)
    field_file.open = lambda mode="rb": default_storage.open(name, mode)
    response = attachment_response(field_file, "材料.png")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    response.file_to_stream.close()


# --- spreadsheets -------------------------------------------------------------------------------------


def _workbook_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "身份证号"])
    sheet.append(["王秀兰", "330326198503120024"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, (replace or {}).get(item.filename, source.read(item.filename)))
        for name, body in (add or {}).items():
            target.writestr(name, body)
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>
</sheetData></worksheet>"""


def _hostile_files() -> dict[str, bytes]:
    good = _workbook_bytes()
    padding = b" " * (40 * 1024 * 1024)
    sheet = zipfile.ZipFile(io.BytesIO(good)).read("xl/worksheets/sheet1.xml")
    return {
        "truncated": good[: len(good) // 2],
        "renamed-csv": "姓名,身份证号\n王秀兰,330326198503120024\n".encode(),
        "renamed-docx": _rezip(good, replace={}, add={"word/document.xml": b"<w/>"}).replace(
            b"xl/workbook.xml", b"xl/notabook.xml"
        ),
        "xlsm": _rezip(good, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 512}),
        "zip-bomb": _rezip(
            good, replace={"xl/worksheets/sheet1.xml": sheet.replace(b"<sheetData>", b"<sheetData>" + padding)}
        ),
        "entity-bomb-in-sheet": _rezip(good, replace={"xl/worksheets/sheet1.xml": BILLION_LAUGHS}),
        "entity-bomb-in-workbook": _rezip(
            good, replace={"xl/workbook.xml": BILLION_LAUGHS.replace(b"worksheet", b"workbook")}
        ),
    }


def test_openpyxl_parses_uploads_through_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


@pytest.mark.parametrize("kind", list(_hostile_files()))
def test_a_hostile_spreadsheet_gets_a_chinese_error_in_bounded_memory(kind):
    data = _hostile_files()[kind]
    tracemalloc.start()
    try:
        with pytest.raises(SpreadsheetError) as caught:
            read_rows(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert _has_chinese(str(caught.value))
    assert peak < 64 * 1024 * 1024, f"{kind}: {peak / 1e6:.0f} MB"


def test_the_archive_is_checked_before_openpyxl_sees_it(monkeypatch):
    opened = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(1))
    for kind in ("zip-bomb", "xlsm", "truncated"):
        with pytest.raises(SpreadsheetError):
            spreadsheets.open_workbook(_hostile_files()[kind])
    assert opened == []


def test_formula_like_text_is_written_as_text():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for value in ('=HYPERLINK("http://evil","点我")', "+1+1", "-2+3", "@SUM(A1)"):
        spreadsheets.set_text_safe(sheet.cell(row=sheet.max_row + 1, column=1), value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    reread = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    cells = [row[0] for row in reread.active.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


def _stored(row, name="现场照片.png"):
    row.file.save(name, ContentFile(POLYGLOT), save=False)
    row.original_name = name
    row.save()
    return row


def _attachments(township):
    """One attachment of a 示范点 application and one of a township's training event, in ``township``."""
    from demo_sites.models import Attachment as SiteAttachment
    from tests.factories import ApplicationFactory, EventFactory, UnitFactory
    from training.models import EventAttachment

    application = ApplicationFactory(unit=UnitFactory(parent=township))
    event = EventFactory(organiser=township)
    return [
        ("/demo-sites/attachments/{}/", _stored(SiteAttachment(application=application))),
        ("/training/attachments/{}/", _stored(EventAttachment(event=event))),
    ]


def test_portal_downloads_are_attachments_never_rendered_and_audited(client_for, town01, town02, township1):
    from audit.models import AuditEvent

    for pattern, row in _attachments(township1):
        url = pattern.format(row.pk)
        response = client_for(town01).get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment;"), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert b"".join(response.streaming_content) == POLYGLOT
        assert resolve_or_none("/" + row.file.name) is None  # the stored file itself is served by no URL
        assert client_for(town02).get(url).status_code == 404, url
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD, user=town01).count() == 2


def resolve_or_none(url):
    try:
        return resolve(url)
    except Resolver404:
        return None

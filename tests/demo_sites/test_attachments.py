"""Attachments are checked by their bytes: forbidden types, disguised files and oversize uploads are refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from demo_sites.models import Attachment
from tests.demo_sites.helpers import PNG_BYTES
from tests.factories import ApplicationFactory, UnitFactory


@pytest.fixture
def draft(township1):
    return ApplicationFactory(unit=UnitFactory(parent=township1))


def _upload(client, application, name: str, content: bytes):
    return client.post(
        f"/demo-sites/applications/{application.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content), "description": ""},
        follow=True,
    ).content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 200, "不支持的文件类型"),
        ("page.html", b"<!doctype html><html><script>alert(1)</script></html>", "不支持的文件类型"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "不支持的文件类型"),
        ("photo.jpg", PNG_BYTES + b"<html><script>alert(1)</script></html>", "文件扩展名与文件内容不符"),
        ("photo.png", PNG_BYTES + b"<html><script>alert(1)</script></html>", "图片中含有网页或脚本内容"),
    ],
)
def test_forbidden_files_are_refused(draft, town01, client_for, name, content, message):
    page = _upload(client_for(town01), draft, name, content)
    assert message in page
    assert not Attachment.objects.exists()


def test_oversize_file_is_refused(draft, town01, client_for, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    page = _upload(client_for(town01), draft, "big.png", PNG_BYTES + b"\x00" * 2048)
    assert "文件过大" in page
    assert not Attachment.objects.exists()


def test_allowed_pdf_is_stored_under_a_generated_name(draft, town01, client_for):
    page = _upload(
        client_for(town01), draft, "创建台账.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    )
    assert "附件已上传" in page
    attachment = Attachment.objects.get()
    assert attachment.original_name == "创建台账.pdf"
    assert attachment.file.name.startswith("attachments/demo_sites/") and attachment.file.name.endswith(".pdf")
    assert "创建台账" not in attachment.file.name
    assert attachment.township == draft.township

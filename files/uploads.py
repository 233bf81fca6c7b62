"""Attachments (photos, scans, PDF/Word/Excel): checked by content, stored under generated names,
served only through views that scope them first.

Checked by content: the bytes must be an allowed type that agrees with the extension; a .docx/.xlsx must be
a plain Office package (as an uploaded workbook is: entry count, declared sizes and ratio, the main part its
content types declare, no macros, every entry readable to its end); an image must not carry markup a
browser could run (in ASCII or in UTF-16 of either byte order).

Apps declare a ``FileField(upload_to=attachment_path, validators=[validate_attachment])`` (``validate_photo``
where only a picture will do) and serve
with ``attachment_response`` after fetching the owning row through ``orgs.scoping``.
"""

from __future__ import annotations

import posixpath
import uuid
from urllib.parse import quote

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils import timezone

from files import spreadsheets

# Content type detected from the bytes -> extensions a user may give such a file.
ALLOWED_TYPES = {
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
    "application/pdf": {"pdf"},
    "application/msword": {"doc"},
    "application/vnd.ms-excel": {"xls"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"xlsx"},
}
ALLOWED_LABEL = "JPG、PNG 图片，PDF，Word（doc/docx），Excel（xls/xlsx）"
OFFICE_PACKAGES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": spreadsheets.DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": spreadsheets.XLSX,
}
# Markers that turn an otherwise valid image into something a browser might render as a page, matched
# in lower case, as ASCII and with a zero byte between characters (UTF-16, either byte order).
_ACTIVE_CONTENT_MARKERS = (
    b"<script",
    b"<body",
    b"<html",
    b"<svg",
    b"<iframe",
    b"<!doctype html",
    b"javascript:",
    b"onload=",
    b"onerror=",
)
_ACTIVE_CONTENT = (
    *_ACTIVE_CONTENT_MARKERS,
    *(b"\x00".join(marker[i : i + 1] for i in range(len(marker))) for marker in _ACTIVE_CONTENT_MARKERS),
)
_LONGEST_MARKER = 2 * max(len(marker) for marker in _ACTIVE_CONTENT_MARKERS)


def _extension(name: str) -> str:
    return posixpath.splitext(name or "")[1].lower().lstrip(".")


def validate_attachment(upload) -> None:
    """Refuse files whose bytes are not an allowed document type, that disagree with their
    extension, exceed the size limit, are Office files that are not plain Office packages (renamed zips,
    zip bombs, macros), or are images carrying markup."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(f"文件过大：单个附件不能超过 {limit // (1024 * 1024)} MB。", code="too_large")
    if upload.size == 0:
        raise ValidationError("文件为空。", code="empty")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime == "application/zip" and _extension(upload.name) in {"docx", "xlsx"}:
        mime = next(m for m, exts in ALLOWED_TYPES.items() if _extension(upload.name) in exts)
    if mime not in ALLOWED_TYPES:
        raise ValidationError(f"不支持的文件类型，只能上传{ALLOWED_LABEL}。", code="file_type")
    if _extension(upload.name) not in ALLOWED_TYPES[mime]:
        raise ValidationError("文件扩展名与文件内容不符，请上传原始文件。", code="extension_mismatch")
    if mime in OFFICE_PACKAGES:
        upload.seek(0)
        try:
            spreadsheets.check_package(upload, kind=OFFICE_PACKAGES[mime])
        except spreadsheets.SpreadsheetError as exc:
            raise ValidationError(str(exc), code="office_package") from exc
        finally:
            upload.seek(0)
    if mime.startswith("image/") and _has_active_content(upload):
        raise ValidationError("图片中含有网页或脚本内容，已拒绝。", code="active_content")


PHOTO_TYPES = {"jpg", "jpeg", "png"}


def validate_photo(upload) -> None:
    """An attachment (``validate_attachment``) that is also a JPG or PNG picture: a PDF or a Word file is
    refused where a photo is asked for."""
    if _extension(upload.name) not in PHOTO_TYPES:
        raise ValidationError("只能上传 JPG、PNG 格式的照片。", code="not_a_photo")
    validate_attachment(upload)


def _has_active_content(upload) -> bool:
    """Whether any marker occurs in the file, read in pieces that overlap by the longest marker."""
    upload.seek(0)
    try:
        tail = b""
        while chunk := upload.read(1 << 20):
            text = (tail + chunk).lower()  # ASCII letters only: the zero bytes of UTF-16 stay as they are
            if any(marker in text for marker in _ACTIVE_CONTENT):
                return True
            tail = chunk[-_LONGEST_MARKER:]
        return False
    finally:
        upload.seek(0)


def attachment_path(instance, filename: str) -> str:
    """attachments/<app>/<yyyy>/<mm>/<uuid>.<ext>: the user's file name is kept on the row, not on disk."""
    ext = _extension(filename)
    now = timezone.localtime()
    return f"attachments/{instance._meta.app_label}/{now:%Y/%m}/{uuid.uuid4().hex}.{ext}"


def attachment_response(field_file, download_name: str) -> FileResponse:
    """Always a download, never rendered in the browser."""
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(download_name)}"
    return response

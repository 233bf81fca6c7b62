"""Attachments (photos, scans, PDF/Word/Excel): checked by content, stored under generated names,
served only through views that scope them first.

Apps declare a ``FileField(upload_to=attachment_path, validators=[validate_attachment])`` and serve
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
# Markers that turn an otherwise valid image into something a browser might render as a page.
_ACTIVE_CONTENT_MARKERS = (b"<script", b"<html", b"<svg", b"<!doctype html", b"<iframe", b"javascript:")


def _extension(name: str) -> str:
    return posixpath.splitext(name or "")[1].lower().lstrip(".")


def validate_attachment(upload) -> None:
    """Refuse files whose bytes are not an allowed document type, that disagree with their
    extension, carry active HTML content, or exceed the size limit."""
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
    if mime.startswith("image/"):
        upload.seek(0)
        body = upload.read().lower()
        upload.seek(0)
        if any(marker in body for marker in _ACTIVE_CONTENT_MARKERS):
            raise ValidationError("图片中含有网页或脚本内容，已拒绝。", code="active_content")


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

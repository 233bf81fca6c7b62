"""Uploaded files and the rows that name them, kept in step.

A file and its row cannot be written in one transaction, so they are written in an order that a crash can
only leave harmless: the file first, complete, then the row in the caller's transaction. A worker killed
between the two, or a transaction rolled back after both, leaves at worst a file no row names (an *orphan*),
never a row whose file is missing. ``check_attachments`` (``manage.py check_attachments``) finds both kinds
and removes orphans on request. Deleting goes the other way: the row first, the file once that is committed.

* ``AtomicFileSystemStorage``: a file appears under its name only when all its bytes are on disk (written to
  a temporary name in the same directory, then renamed), so a full disk or a killed worker never leaves half
  a file under a name a row could hold. An S3 upload is one request and needs no such care.
* ``save_with_file(instance)``: the file, then the row; if the row cannot be written the file is removed at
  once, and a storage error (disk full) is a ``FileNotStored`` with a Chinese message and nothing saved.
"""

from __future__ import annotations

import errno
import logging
import os
import posixpath
import tempfile
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils._os import safe_makedirs  # type: ignore[attr-defined]  # in Django 5.2, not in its stubs

logger = logging.getLogger(__name__)

# Where uploads live in the storage (files.uploads.attachment_path writes "attachments/<app>/<yyyy>/<mm>/…").
ATTACHMENTS_ROOT = "attachments"
PARTIAL_PREFIX = ".upload-"
PARTIAL_SUFFIX = ".part"
NO_SPACE = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
DISK_FULL_MESSAGE = "附件未能保存：服务器存储空间已满，本次上传没有保存任何内容。请联系系统管理员清理空间后再上传。"
STORAGE_ERROR_MESSAGE = (
    "附件未能保存：服务器存储出错，本次上传没有保存任何内容。请稍后重试；如问题持续存在，请联系系统管理员。"
)


class FileNotStored(ValidationError):
    """The storage refused the bytes (disk full, read-only, gone); nothing of the upload was kept."""


class _WrittenFile:
    """A complete file on disk, handed to ``FileSystemStorage._save`` to be moved into place."""

    def __init__(self, path: str) -> None:
        self.path = path

    def temporary_file_path(self) -> str:
        return self.path


class AtomicFileSystemStorage(FileSystemStorage):
    """Django's file system storage, except that a file is renamed into place only once fully written."""

    def _save(self, name, content):
        directory = os.path.dirname(self.path(name))
        if self.directory_permissions_mode is not None:
            safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        else:
            os.makedirs(directory, exist_ok=True)
        # mkstemp makes the file private (0600); Django's FILE_UPLOAD_PERMISSIONS (0644 unless set to None)
        # is applied once it is in place.
        descriptor, partial = tempfile.mkstemp(prefix=PARTIAL_PREFIX, suffix=PARTIAL_SUFFIX, dir=directory)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                for chunk in content.chunks():
                    handle.write(chunk.encode() if isinstance(chunk, str) else chunk)
                handle.flush()
                os.fsync(handle.fileno())  # on disk before the row that names it can be committed
            # Django's own loop picks another name if this one was taken meanwhile, then renames and chmods.
            return super()._save(name, _WrittenFile(partial))  # type: ignore[misc]  # FileSystemStorage._save
        finally:
            if os.path.exists(partial):
                os.unlink(partial)


def save_with_file(instance: models.Model, *, field_name: str = "file") -> None:
    """Store ``instance``'s new upload, then save the row (in the caller's transaction).

    Raises ``FileNotStored`` (a ``ValidationError`` with a Chinese message) when the storage fails; if the row
    cannot be saved, the file just written is deleted before the error goes on."""
    field_file = getattr(instance, field_name)
    stored = False
    if field_file and not field_file._committed:
        try:
            field_file.save(field_file.name, field_file.file, save=False)
        except OSError as exc:
            full = exc.errno in NO_SPACE
            logger.error(
                "attachment not stored for %s: %s",
                instance._meta.label,
                "disk full" if full else "storage error",
                exc_info=True,
            )
            raise FileNotStored(DISK_FULL_MESSAGE if full else STORAGE_ERROR_MESSAGE, code="file_not_stored") from exc
        stored = True
    try:
        with transaction.atomic():
            instance.save()
    except BaseException:
        if stored:
            field_file.storage.delete(field_file.name)
        raise


# --- the check ---------------------------------------------------------------------------------------------


@dataclass
class StoredFilesReport:
    rows_without_file: list[tuple[type[models.Model], int, str]] = field(default_factory=list)  # model, pk, name
    orphan_files: list[str] = field(default_factory=list)  # names in the storage no row holds
    young_orphans: list[str] = field(default_factory=list)  # orphans too recent to be sure (an upload under way)

    @property
    def consistent(self) -> bool:
        return not self.rows_without_file and not self.orphan_files and not self.young_orphans


def file_fields() -> list[tuple[type[models.Model], str]]:
    """(model, field name) for every file field of every model (django-simple-history keeps the names in its
    history tables as plain text, so files since deleted are not looked for)."""
    return [
        (model, f.attname)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField)
    ]


def _walk(storage, directory: str):
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in files:
        yield posixpath.join(directory, name)
    for name in directories:
        yield from _walk(storage, posixpath.join(directory, name))


def check_stored_files(*, storage=None, min_orphan_age: float = 3600) -> StoredFilesReport:
    """Compare the rows' file names with the files under ``ATTACHMENTS_ROOT``.

    A file no row names is an orphan only if older than ``min_orphan_age`` seconds: a younger one may be an
    upload whose row is not committed yet."""
    storage = storage or default_storage
    report = StoredFilesReport()
    named: set[str] = set()
    stored = set(_walk(storage, ATTACHMENTS_ROOT))
    for model, attname in file_fields():
        for pk, name in model._default_manager.exclude(**{attname: ""}).values_list("pk", attname).iterator():
            named.add(name)
            present = name in stored if name.startswith(ATTACHMENTS_ROOT + "/") else storage.exists(name)
            if not present:
                report.rows_without_file.append((model, pk, name))
    now = timezone.now()
    for name in sorted(stored - named):
        age = (now - storage.get_modified_time(name)).total_seconds()
        (report.orphan_files if age >= min_orphan_age else report.young_orphans).append(name)
    report.rows_without_file.sort(key=lambda item: (item[0]._meta.label, item[1]))
    return report

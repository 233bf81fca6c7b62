"""An attachment upload that fails half-way: no row without its file, no half-written file, a clear Chinese
error when the disk is full, and ``manage.py check_attachments`` to find what a killed worker left
(issue 16, "Faults")."""

from __future__ import annotations

import errno
import io
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, OperationalError, connection, transaction

from demo_sites import services as demo_services
from demo_sites.models import Application, Attachment
from files import storage as storage_module
from files.storage import DISK_FULL_MESSAGE, FileNotStored
from tests.demo_sites.helpers import PNG_BYTES, png
from tests.factories import ApplicationFactory, EventFactory, UnitFactory
from tests.faults.helpers import count_rows, postgresql_only
from training import services as training_services
from training.models import EventAttachment

# A PDF of several storage chunks (64 KiB each), so that a failure can come after the first one is written.
BIG_PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n" + b"0" * (200 * 1024) + b"\ntrailer<<>>\n%%EOF"


@pytest.fixture
def media(settings, tmp_path):
    """An empty storage of its own for each test, so that "no file left" can be checked by listing it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def draft(township1):
    return ApplicationFactory(unit=UnitFactory(parent=township1))


def _upload(client, application, name: str, content: bytes):
    return client.post(
        f"/demo-sites/applications/{application.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content), "description": ""},
        follow=True,
    )


class _FillsUp:
    """A file handle on a disk with ``room`` bytes left: it writes what fits, then fails."""

    def __init__(self, handle, room: int) -> None:
        self.handle, self.room = handle, room

    def write(self, data):
        if len(data) > self.room:
            self.handle.write(data[: self.room])
            self.handle.flush()
            self.room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return self.handle.write(data)

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


# --- disk full ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("room", [0, 100 * 1024], ids=["full-before-the-first-byte", "full-half-way-through"])
def test_a_full_disk_gives_a_chinese_error_and_keeps_nothing(
    media, draft, town01, client_for, monkeypatch, caplog, room
):
    real_fdopen = os.fdopen
    monkeypatch.setattr(storage_module.os, "fdopen", lambda *a, **k: _FillsUp(real_fdopen(*a, **k), room))

    with caplog.at_level(logging.ERROR, logger="files.storage"):
        response = _upload(client_for(town01), draft, "创建台账.pdf", BIG_PDF)

    assert response.status_code == 200
    page = response.content.decode()
    assert DISK_FULL_MESSAGE in page and "附件已上传" not in page
    assert not Attachment.objects.exists()
    assert stored_files(media) == []  # not even the part written before the disk filled
    assert "disk full" in caplog.text


def test_any_other_storage_error_is_a_chinese_error_too(media, draft, town01, monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(storage_module.tempfile, "mkstemp", read_only)
    with pytest.raises(FileNotStored, match="服务器存储出错"):
        demo_services.attachment_add(application=draft, by=town01, upload=png())
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_a_full_disk_refuses_a_training_attachment_the_same_way(media, township1, town01, monkeypatch):
    event = EventFactory(organiser=township1)
    real_fdopen = os.fdopen
    monkeypatch.setattr(storage_module.os, "fdopen", lambda *a, **k: _FillsUp(real_fdopen(*a, **k), 1024))

    with pytest.raises(FileNotStored, match="存储空间已满"):
        training_services.attachment_add(
            event=event, file=SimpleUploadedFile("签到表.pdf", BIG_PDF), kind="photo", by=town01
        )
    assert not EventAttachment.objects.exists() and stored_files(media) == []


# --- the row cannot be written after the file was ------------------------------------------------------------


def test_a_row_that_cannot_be_written_takes_its_file_with_it(media, draft, town01, client_for, monkeypatch):
    def database_gone(self, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Attachment, "save_base", database_gone)
    response = _upload(client_for(town01), draft, "阵地照片.png", PNG_BYTES)

    assert response.status_code == 503
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_a_refused_training_row_takes_its_file_with_it(media, township1, town01, monkeypatch):
    event = EventFactory(organiser=township1)

    def refused(self, *args, **kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(EventAttachment, "save_base", refused)
    with pytest.raises(IntegrityError):
        training_services.attachment_add(event=event, file=png(), kind="photo", by=town01)
    assert stored_files(media) == []


def test_a_stored_file_appears_only_complete(media, draft, town01):
    attachment = demo_services.attachment_add(application=draft, by=town01, upload=png())

    assert stored_files(media) == [attachment.file.name]
    assert (media / attachment.file.name).read_bytes() == PNG_BYTES
    assert oct((media / attachment.file.name).stat().st_mode & 0o777) == oct(settings.FILE_UPLOAD_PERMISSIONS)


# --- deleting -----------------------------------------------------------------------------------------------


def test_a_training_attachment_delete_that_rolls_back_keeps_row_and_file(media, township1, town01):
    event = EventFactory(organiser=township1)
    attachment = training_services.attachment_add(event=event, file=png(), kind="photo", by=town01)
    pk, name = attachment.pk, attachment.file.name

    class Crash(Exception):
        pass

    with pytest.raises(Crash), transaction.atomic():
        training_services.attachment_delete(attachment=attachment, by=town01)
        raise Crash  # the worker fails after the delete, before the commit

    assert EventAttachment.objects.filter(pk=pk).exists()
    assert default_storage.exists(name)


def test_a_training_attachment_file_goes_once_the_delete_is_committed(
    media, township1, town01, django_capture_on_commit_callbacks
):
    event = EventFactory(organiser=township1)
    attachment = training_services.attachment_add(event=event, file=png(), kind="photo", by=town01)

    with django_capture_on_commit_callbacks(execute=True):
        training_services.attachment_delete(attachment=attachment, by=town01)

    assert not EventAttachment.objects.exists()
    assert stored_files(media) == []


# --- manage.py check_attachments ------------------------------------------------------------------------------


def _check(*args) -> tuple[str, str | None]:
    out = io.StringIO()
    try:
        call_command("check_attachments", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), str(exc)
    return out.getvalue(), None


def test_the_check_is_quiet_when_rows_and_files_agree(media, draft, town01, township1):
    demo_services.attachment_add(application=draft, by=town01, upload=png())
    training_services.attachment_add(event=EventFactory(organiser=township1), file=png(), kind="photo", by=town01)
    deleted = demo_services.attachment_add(application=draft, by=town01, upload=png())
    with transaction.atomic():
        demo_services.attachment_delete(attachment=deleted, by=town01)
    default_storage.delete(deleted.file.name)  # what the on-commit hook does (its history row stays)

    output, error = _check("--min-age", "0")

    assert error is None, output
    assert "记录缺少文件 0 条，孤立文件 0 个" in output


def test_the_check_reports_a_row_whose_file_is_gone(media, draft, town01):
    attachment = demo_services.attachment_add(application=draft, by=town01, upload=png())
    (media / attachment.file.name).unlink()

    output, error = _check()

    assert f"记录缺少文件：申报附件（demo_sites.Attachment #{attachment.pk}）{attachment.file.name}" in output
    assert error is not None and "记录缺少文件 1 条" in error and "备份" in error
    output, error = _check("--delete-orphan-files")
    assert error is not None and Attachment.objects.filter(pk=attachment.pk).exists()  # rows are never deleted


def test_the_check_reports_and_deletes_orphan_files_but_spares_young_ones(media, draft, town01):
    kept = demo_services.attachment_add(application=draft, by=town01, upload=png())
    orphan = default_storage.save("attachments/demo_sites/2026/01/left-behind.png", io.BytesIO(PNG_BYTES))
    partial = default_storage.save("attachments/training/2026/01/.upload-x1y2.part", io.BytesIO(b"half"))
    for name in (orphan, partial):
        os.utime(media / name, (0, 0))  # written long ago
    young = default_storage.save("attachments/demo_sites/2026/01/uploading-now.png", io.BytesIO(PNG_BYTES))

    output, error = _check()
    assert f"孤立文件：{orphan}" in output and f"孤立文件：{partial}" in output
    assert f"可能正在上传，未处理）：{young}" in output
    assert error is not None and "孤立文件 2 个" in error and "--delete-orphan-files" in error

    output, error = _check("--delete-orphan-files")
    assert error is None, error
    assert "孤立文件 2 个（已删除）" in output
    assert stored_files(media) == sorted([kept.file.name, young])


# --- a worker killed in the middle (a real SIGKILL, PostgreSQL) -------------------------------------------------

CHILD = r"""
import os, signal, sys
import django
django.setup()
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from demo_sites import services
from demo_sites.models import Application, Attachment

media, application_pk, user_pk, where = sys.argv[1:5]

def die():
    os.kill(os.getpid(), signal.SIGKILL)

class DiesHalfWritten(SimpleUploadedFile):
    def chunks(self, chunk_size=None):
        for chunk in super().chunks(64 * 1024):
            yield chunk
            die()  # the first chunk went to the storage

original = Attachment.save_base
def insert_then_die(self, *args, **kwargs):
    original(self, *args, **kwargs)
    die()  # the row is inserted, not committed

content = b"%PDF-1.4\n" + b"0" * (200 * 1024) + b"\n%%EOF"
with override_settings(MEDIA_ROOT=media):
    upload = (DiesHalfWritten if where == "writing" else SimpleUploadedFile)("kill.pdf", content)
    if where == "row":
        Attachment.save_base = insert_then_die
    services.attachment_add(
        application=Application.objects.get(pk=application_pk), by=User.objects.get(pk=user_pk), upload=upload,
    )
print("not killed")
"""


def _database_url() -> str:
    params = connection.settings_dict
    host = f"{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
    return f"postgres://{host}/{params['NAME']}"


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("where", ["writing", "row"])
def test_a_worker_killed_during_an_upload_leaves_at_worst_an_orphan_file_that_the_check_removes(
    media, township1, town01, where
):
    draft = ApplicationFactory(unit=UnitFactory(parent=township1))
    before = count_rows(Attachment, Attachment.history.model, Application)
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "fulian.settings.test"}

    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(media), str(draft.pk), str(town01.pk), where],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert child.returncode == -signal.SIGKILL, child.stdout + child.stderr
    assert count_rows(Attachment, Attachment.history.model, Application) == before  # no row without its file
    left = stored_files(media)
    assert len(left) == 1
    assert left[0].endswith(".part") if where == "writing" else left[0].endswith(".pdf")

    output, error = _check("--min-age", "0")
    assert f"孤立文件：{left[0]}" in output and "记录缺少文件 0 条，孤立文件 1 个" in error
    output, error = _check("--min-age", "0", "--delete-orphan-files")
    assert error is None and stored_files(media) == []

"""Backup and restore into an empty database, and rotation of the 身份证号 keys."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from audit.log import audit_log
from audit.models import AuditEvent
from orgs import idnumbers
from orgs.models import Cadre
from tests.factories import CadreFactory, PostFactory, TermElectionFactory, UnitFactory, valid_id_number


def _live_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _checksums(root) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def empty_database(tmp_path):
    """A URL of a brand-new empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg2

    params = {k: v for k, v in connection.get_connection_params().items() if k in ("user", "password", "host", "port")}
    name = f"fulian_restore_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        user = params.get("user", "")
        password = f":{params['password']}" if params.get("password") else ""
        yield f"postgres://{user}{password}@{params.get('host', '')}:{params.get('port') or 5432}/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _restored_counts(url: str, tables) -> dict[str, int]:
    import dj_database_url

    config = dj_database_url.parse(url)
    if "sqlite" in config["ENGINE"]:
        conn = sqlite3.connect(config["NAME"])
    else:
        import psycopg2

        conn = psycopg2.connect(
            dbname=config["NAME"],
            user=config["USER"],
            password=config["PASSWORD"] or None,
            host=config["HOST"],
            port=config["PORT"],
        )
    try:
        cursor = conn.cursor()
        result = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            result[table] = cursor.fetchone()[0]
        return result
    finally:
        conn.close()


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_every_row_and_file(
    tmp_path, settings, township1, town01, empty_database
):
    if connection.vendor == "postgresql":
        import shutil

        if not shutil.which("pg_dump"):
            pytest.skip("pg_dump is not installed")
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    (media / "attachments" / "demo_sites" / "2026" / "11").mkdir(parents=True)
    (media / "attachments" / "demo_sites" / "2026" / "11" / "a1.jpg").write_bytes(
        b"\xff\xd8\xff" + bytes(range(256)) * 40
    )
    (media / "attachments" / "training").mkdir(parents=True)
    (media / "attachments" / "training" / "签到表.pdf").write_bytes(b"%PDF-1.4\n" + b"x" * 5000)
    for _ in range(3):
        PostFactory(organisation__unit=UnitFactory(parent=township1))
    TermElectionFactory(organisation__unit=UnitFactory(parent=township1))
    audit_log(user=town01, kind=AuditEvent.Kind.EXPORT, object_repr="妇女干部名册")
    expected = _live_counts()
    assert expected["orgs_cadre"] == 3 and expected["orgs_historicalcadre"] >= 3

    call_command("backup", output_dir=str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    restored_media = tmp_path / "restored-media"
    call_command("restore", str(folder), database_url=empty_database, media_root=str(restored_media), no_input=True)

    assert _restored_counts(empty_database, expected) == expected
    assert _checksums(restored_media) == _checksums(media)
    assert len(_checksums(media)) == 2


@pytest.mark.django_db(transaction=True)
def test_a_restore_that_loses_a_file_is_reported(tmp_path, settings, empty_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "a.pdf").write_bytes(b"%PDF-1.4 original")
    call_command("backup", output_dir=str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    # Tamper with the archive: the restore must notice that the file no longer matches.
    import tarfile

    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        tampered = tmp_path / "a.pdf"
        tampered.write_bytes(b"%PDF-1.4 changed")
        archive.add(tampered, arcname="a.pdf")
    with pytest.raises(CommandError, match="a.pdf"):
        call_command(
            "restore", str(folder), database_url=empty_database, media_root=str(tmp_path / "m2"), no_input=True
        )


def test_key_rotation_re_encrypts_every_number_with_the_newest_key(settings, township1):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    numbers = {}
    for n in range(3):
        cadre = CadreFactory(unit=UnitFactory(parent=township1), id_number=valid_id_number(100 + n))
        numbers[cadre.pk] = valid_id_number(100 + n)
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_id_keys")
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is retired
    for cadre in Cadre.objects.all():
        assert cadre.id_number == numbers[cadre.pk]
    settings.FIELD_ENCRYPTION_KEYS = [old_key]
    with pytest.raises(RuntimeError):
        Cadre.objects.first().id_number  # noqa: B018


def test_a_new_hash_key_is_applied_by_rehashing(settings, township1, client_for, county_staff):
    number = valid_id_number(200)
    cadre = CadreFactory(unit=UnitFactory(parent=township1), id_number=number)
    settings.ID_NUMBER_HASH_KEY = "a-brand-new-hash-key"
    call_command("rotate_id_keys", rehash=True)
    cadre.refresh_from_db()
    assert cadre.id_number_hash == idnumbers.lookup_hash(number)
    # Search by full number keeps working under the new key.
    page = client_for(county_staff).post("/admin/orgs/cadre/search/", {"q": number}, follow=True).content.decode()
    assert cadre.name in page


def test_rotation_stops_with_a_clear_message_when_a_key_is_missing(settings, township1):
    CadreFactory(unit=UnitFactory(parent=township1))
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="密钥"):
        call_command("rotate_id_keys")

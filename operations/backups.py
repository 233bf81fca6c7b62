"""Backup and restore of the database and the uploaded files, with a manifest to verify a restore against.

A backup is a folder ``fulian-YYYYmmdd-HHMMSS`` holding

* ``database.pgdump`` (``pg_dump --format=custom``) on PostgreSQL, or ``database.sqlite3`` (a copy made with
  SQLite's online backup API) on SQLite;
* ``media.tar.gz``: every uploaded file under ``MEDIA_ROOT``;
* ``manifest.json``: the row count of every table and the SHA-256 of every file, taken from the same
  snapshot as the dump (PostgreSQL: an exported snapshot that ``pg_dump --snapshot`` reuses).

``restore`` loads a backup into a database (the configured one, or any given URL, e.g. a fresh empty
database) and a media folder, then checks every row count and every checksum against the manifest.
The 身份证号 stay encrypted inside a backup: the keys live in the environment, not in the database.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
PG_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"


class BackupError(RuntimeError):
    """A backup or restore that cannot go on; the message is shown to the operator as is."""


@dataclass(frozen=True)
class Target:
    """Where a database lives: ``vendor`` is "postgresql" or "sqlite"."""

    vendor: str
    params: dict

    @classmethod
    def from_url(cls, url: str) -> Target:
        import dj_database_url

        config = dj_database_url.parse(url)
        return cls._from_settings(dict(config))

    @classmethod
    def default(cls) -> Target:
        return cls._from_settings(connection.settings_dict)

    @classmethod
    def _from_settings(cls, config: dict) -> Target:
        engine = config["ENGINE"]
        if "postgresql" in engine:
            return cls(
                "postgresql",
                {
                    "dbname": config["NAME"],
                    "user": config.get("USER") or "",
                    "password": config.get("PASSWORD") or "",
                    "host": config.get("HOST") or "",
                    "port": str(config.get("PORT") or ""),
                },
            )
        if "sqlite" in engine:
            return cls("sqlite", {"path": str(config["NAME"])})
        raise BackupError(f"不支持的数据库类型：{engine}")

    def pg_env(self) -> dict[str, str]:
        env = dict(os.environ)
        names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST", "port": "PGPORT"}
        for key, name in names.items():
            if self.params.get(key):
                env[name] = self.params[key]
        return env

    def pg_connect(self):
        import psycopg2

        return psycopg2.connect(**{k: v for k, v in self.params.items() if v})

    @property
    def is_django_default(self) -> bool:
        return self == Target.default()


def file_checksums(root: Path) -> dict[str, str]:
    result: dict[str, str] = {}
    if not root.exists():
        return result
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
        result[path.relative_to(root).as_posix()] = digest.hexdigest()
    return result


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _count_rows(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # table names come from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _sqlite_tables(cursor) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    return [row[0] for row in cursor.fetchall()]


def _sqlite_source():
    """A sqlite3 connection to the configured database (Django's own for an in-memory test database)."""
    path = connection.settings_dict["NAME"]
    if str(path) == ":memory:" or "mode=memory" in str(path):
        connection.ensure_connection()
        return connection.connection, False
    return sqlite3.connect(str(path)), True


def create_backup(output_dir: Path, media_root: Path | None = None) -> Path:
    """Write a complete backup under ``output_dir`` and return its folder."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder = Path(output_dir) / f"fulian-{stamp}"
    suffix = 1
    while folder.exists():
        suffix += 1
        folder = Path(output_dir) / f"fulian-{stamp}-{suffix}"
    folder.mkdir(parents=True, mode=0o700)
    target = Target.default()
    if target.vendor == "postgresql":
        counts = _backup_postgresql(target, folder / PG_DUMP)
    else:
        counts = _backup_sqlite(folder / SQLITE_COPY)
    with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
        if media_root.exists():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
                archive.add(path, arcname=path.relative_to(media_root).as_posix(), recursive=False)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "vendor": target.vendor,
        "tables": counts,
        "media": file_checksums(media_root),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
    for path in folder.iterdir():
        path.chmod(0o600)
    return folder


def _backup_postgresql(target: Target, dump_path: Path) -> dict[str, int]:
    if shutil.which("pg_dump") is None:
        raise BackupError("找不到 pg_dump：请安装与数据库版本一致的 PostgreSQL 客户端工具。")
    snapshot_conn = target.pg_connect()
    try:
        snapshot_conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with snapshot_conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count_rows(cursor, _pg_tables(cursor))
            # The dump reads the very snapshot the counts were taken from, while this transaction stays open.
            completed = subprocess.run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={dump_path}",
                ],
                env=target.pg_env(),
                capture_output=True,
                text=True,
                check=False,
            )
        if completed.returncode != 0:
            raise BackupError(f"pg_dump 失败：{completed.stderr.strip()}")
    finally:
        snapshot_conn.rollback()
        snapshot_conn.close()
    return counts


def _backup_sqlite(copy_path: Path) -> dict[str, int]:
    source, owned = _sqlite_source()
    try:
        destination = sqlite3.connect(str(copy_path))
        try:
            source.backup(destination)
            cursor = destination.cursor()
            return _count_rows(cursor, _sqlite_tables(cursor))
        finally:
            destination.close()
    finally:
        if owned:
            source.close()


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise BackupError(f"{folder} 不是完整的备份：缺少 {MANIFEST}。")
    return json.loads(path.read_text())


def restore_backup(folder: Path, *, target: Target | None = None, media_root: Path | None = None) -> dict:
    """Load ``folder`` into ``target`` and ``media_root``; return the verification summary.

    Raises ``BackupError`` when the restored data does not match the manifest."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    target = target or Target.default()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if manifest["vendor"] != target.vendor:
        raise BackupError(f"备份来自 {manifest['vendor']} 数据库，不能恢复到 {target.vendor} 数据库。")
    if target.vendor == "postgresql":
        _restore_postgresql(folder / PG_DUMP, target)
    else:
        _restore_sqlite(folder / SQLITE_COPY, target)
    _restore_media(folder / MEDIA_ARCHIVE, media_root)
    return verify_restore(manifest, target=target, media_root=media_root)


def _restore_postgresql(dump_path: Path, target: Target) -> None:
    if shutil.which("pg_restore") is None:
        raise BackupError("找不到 pg_restore：请安装与数据库版本一致的 PostgreSQL 客户端工具。")
    if target.is_django_default:
        connection.close()
    completed = subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={target.params['dbname']}",
            str(dump_path),
        ],
        env=target.pg_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BackupError(f"pg_restore 失败：{completed.stderr.strip()}")


def _restore_sqlite(copy_path: Path, target: Target) -> None:
    source = sqlite3.connect(str(copy_path))
    try:
        if target.is_django_default:
            destination, owned = _sqlite_source()
        else:
            destination, owned = sqlite3.connect(target.params["path"]), True
        try:
            source.backup(destination)
        finally:
            if owned:
                destination.close()
    finally:
        source.close()


def _restore_media(archive_path: Path, media_root: Path) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path, "r:gz") as archive:
        # The "data" filter refuses absolute paths, "..", links out of the folder and device files.
        archive.extractall(media_root, filter="data")


def _target_counts(target: Target, tables: list[str]) -> dict[str, int]:
    if target.vendor == "postgresql":
        conn = target.pg_connect()
        try:
            with conn.cursor() as cursor:
                present = set(_pg_tables(cursor))
                return _count_rows(cursor, [t for t in tables if t in present])
        finally:
            conn.close()
    if target.is_django_default:
        conn, owned = _sqlite_source()
    else:
        conn, owned = sqlite3.connect(target.params["path"]), True
    try:
        cursor = conn.cursor()
        present = set(_sqlite_tables(cursor))
        return _count_rows(cursor, [t for t in tables if t in present])
    finally:
        if owned:
            conn.close()


def verify_restore(manifest: dict, *, target: Target, media_root: Path) -> dict:
    counts = _target_counts(target, list(manifest["tables"]))
    problems = []
    for table, expected in manifest["tables"].items():
        actual = counts.get(table)
        if actual != expected:
            problems.append(f"表 {table}：备份中 {expected} 行，恢复后 {actual if actual is not None else '缺失'}")
    checksums = file_checksums(media_root)
    for name, digest in manifest["media"].items():
        if checksums.get(name) != digest:
            problems.append(f"附件 {name}：{'缺失' if name not in checksums else '校验值不一致'}")
    if problems:
        raise BackupError("恢复后的数据与备份清单不一致：\n" + "\n".join(problems))
    return {"tables": len(counts), "rows": sum(counts.values()), "files": len(manifest["media"])}

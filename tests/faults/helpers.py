"""Faults made on purpose: a database connection killed from outside, a storage that is full."""

from __future__ import annotations

import errno

import pytest
from django.conf import settings
from django.db import connection

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
postgresql_only = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="kills the connection with pg_terminate_backend from a second connection: PostgreSQL only "
    "(CI runs this file again with DATABASE_URL=postgres://…)",
)


def _other_connection():
    """A connection of its own to the test database, not Django's."""
    import psycopg2

    return psycopg2.connect(**connection.get_connection_params())


def terminate_this_connection() -> None:
    """What a database restart or an administrator does to the request's connection, from another one."""
    pid = connection.connection.get_backend_pid()
    other = _other_connection()
    try:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone()[0], "the backend was not terminated"
    finally:
        other.close()


def count_rows(*models) -> tuple[int, ...]:
    """Row counts read through a fresh connection: what another user would see committed."""
    other = _other_connection()
    try:
        with other.cursor() as cursor:
            counts = []
            for model in models:
                cursor.execute(f'SELECT count(*) FROM "{model._meta.db_table}"')  # noqa: S608 (model names only)
                counts.append(cursor.fetchone()[0])
            return tuple(counts)
    finally:
        other.close()


def disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")

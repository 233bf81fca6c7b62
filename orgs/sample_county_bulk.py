"""Fast bulk writes for the demo loaders: rows and their "created" history rows in one pass.

On PostgreSQL the rows go in with COPY through the import's writer (``orgs.importing.bulk.
copy_with_history``: several times faster than multi-row INSERTs at the scaled county's size); on SQLite
(development and tests, where every demo-county test module loads it) with one ``executemany`` and an
``INSERT … SELECT`` of their history rows; elsewhere with simple-history's ``bulk_create_with_history``.
Either way every row gets its history row, as the house rules ask.

Primary keys are taken up front (``allocate_ids``), so a loader can point rows at each other before
anything is written and nothing has to be read back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from orgs import ownership
from orgs.importing.bulk import copy_with_history, uses_copy

COPY_CHUNK = 20_000  # rows per COPY statement: bounds the size of the text buffer
SQLITE_IDS_PER_STATEMENT = 500  # ids named in one history INSERT … SELECT (well under SQLite's variable limit)
# Fields whose Python value SQLite stores as it is (Django's preparation would only return it unchanged).
PLAIN_FIELD_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "BooleanField",
    "CharField",
    "TextField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "ForeignKey",
    "OneToOneField",
}


@contextmanager
def checks_and_indexes_at_end(tables: list[str]) -> Iterator[None]:
    """On PostgreSQL, drop the foreign keys and the plain (non-unique) indexes of ``tables`` for the
    block and put them back after it, as PostgreSQL's guide to populating a database advises.

    A kept (deferred) foreign key checks every inserted row on its own at commit, a million lookups
    and row locks for the scaled county, where adding it back checks all rows in one join; an index
    built once by sorting costs a fraction of a million single inserts. Unique indexes stay, so
    duplicates are refused as they arrive. DDL is transactional: use this inside the loading
    transaction, so that a failure (or a row pointing nowhere, which the re-added constraint refuses)
    rolls everything back, constraints and indexes included."""
    if connection.vendor != "postgresql" or not tables:
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("checks_and_indexes_at_end must run inside a transaction")
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid = ANY(%s::regclass[]) AND NOT indisunique AND NOT indisprimary"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid) ORDER BY 1",
            [tables],
        )
        indexes = cursor.fetchall()
        if constraints:
            # Rows written before the block (reference rows after a reset) still owe their checks:
            # run them now, since PostgreSQL will not alter a table with pending trigger events.
            cursor.execute(f"SET CONSTRAINTS {', '.join(qn(name) for _, name, _ in constraints)} IMMEDIATE")
        for table, name, _ in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {qn(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in constraints:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {qn(name)} {definition}")


def allocate_ids(model: type[models.Model], objs: list[models.Model]) -> None:
    """Give every unsaved object its primary key, in list order."""
    todo = [obj for obj in objs if obj.pk is None]
    if not todo:
        return
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s) ORDER BY 1",
                [table, column, len(todo)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        else:
            qn = connection.ops.quote_name
            cursor.execute(f"SELECT COALESCE(MAX({qn(column)}), 0) FROM {qn(table)}")
            start = cursor.fetchone()[0] + 1
            ids = range(start, start + len(todo))
    for obj, pk in zip(todo, ids, strict=True):
        obj.pk = pk


def create(model: type[models.Model], objs: list[models.Model]) -> list[models.Model]:
    """Write ``objs`` (unsaved instances) and, if the model keeps history, one "+" history row each: with
    the import's COPY writer on PostgreSQL, ``bulk_create_with_history`` elsewhere.

    Foreign keys are read from their ``*_id`` attributes, or the pk of an assigned related object that
    only got its pk after being assigned. The township key is derived here (``orgs.ownership``), not by the
    loaders."""
    if not objs:
        return objs
    allocate_ids(model, objs)
    _resolve_foreign_keys(model, objs)
    if _history_model(model) is None:
        ownership.assign_townships(objs)
        return model._default_manager.bulk_create(objs)
    if uses_copy(model):
        for start in range(0, len(objs), COPY_CHUNK):
            copy_with_history(model, objs[start : start + COPY_CHUNK])  # derives the townships itself
        return objs
    ownership.assign_townships(objs)
    if connection.vendor == "sqlite":
        _sqlite_insert_with_history(model, objs)
        return objs
    return bulk_create_with_history(objs, model)


def _sqlite_insert_with_history(model, objs) -> None:
    """What ``bulk_create_with_history`` writes, without compiling every row through Django's INSERT and
    building a history object per row (most of a demo load's time): the rows go in with one
    ``executemany``; their "+" history rows are copied by the database from the rows just written."""
    qn = connection.ops.quote_name
    meta = model._meta
    fields = meta.concrete_fields
    plain = [field.get_internal_type() in PLAIN_FIELD_TYPES for field in fields]
    rows = []
    for obj in objs:
        # pre_save stamps auto_now(_add) fields, as bulk_create does on insert.
        rows.append(
            tuple(
                getattr(obj, field.attname)
                if is_plain
                else field.get_db_prep_save(field.pre_save(obj, True), connection)
                for field, is_plain in zip(fields, plain, strict=True)
            )
        )
        obj._state.adding, obj._state.db = False, connection.alias
    columns = ", ".join(qn(field.column) for field in fields)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", rows
        )
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        history = _history_model(model)._meta
        tracked = [f for f in history.concrete_fields if not f.primary_key and not f.name.startswith("history_")]
        common = {
            "history_date": timezone.now(),
            "history_change_reason": "",
            "history_type": "+",
            "history_user": None,
        }
        extra = [f for f in history.concrete_fields if f.name in common]
        targets = ", ".join(qn(f.column) for f in tracked + extra)
        sources = ", ".join([qn(meta.get_field(f.name).column) for f in tracked] + ["%s"] * len(extra))
        values = [f.get_db_prep_save(common[f.name], connection) for f in extra]
        ids = [obj.pk for obj in objs]
        for start in range(0, len(ids), SQLITE_IDS_PER_STATEMENT):
            chunk = ids[start : start + SQLITE_IDS_PER_STATEMENT]
            cursor.execute(
                f"INSERT INTO {qn(history.db_table)} ({targets}) SELECT {sources} FROM {qn(meta.db_table)}"
                f" WHERE {qn(meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                [*values, *chunk],
            )


def _resolve_foreign_keys(model, objs) -> None:
    for field in model._meta.concrete_fields:
        if not field.is_relation:
            continue
        for obj in objs:
            if getattr(obj, field.attname) is None and field.is_cached(obj):
                target = field.get_cached_value(obj)
                setattr(obj, field.attname, target.pk if target is not None else None)


def _history_model(model):
    try:
        return get_history_manager_for_model(model).model
    except NotHistoricalModelError:
        return None

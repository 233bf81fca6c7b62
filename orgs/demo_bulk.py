"""Fast bulk writes for the demo loaders: rows and their "created" history rows in one pass.

On PostgreSQL the rows go in with COPY (several times faster than multi-row INSERTs at the scaled
county's size); elsewhere (SQLite in development and tests) with simple-history's
``bulk_create_with_history``. Either way every row gets its history row, as the house rules ask.

Primary keys are taken up front (``allocate_ids``), so a loader can point rows at each other before
anything is written and nothing has to be read back.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, models
from django.utils import timezone
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

COPY_CHUNK = 20_000  # rows per COPY statement: bounds the size of the text buffer
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_NULL = "\\N"
_BOOLEAN = {True: "t", False: "f", None: _NULL}


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
    """Write ``objs`` (unsaved instances) and, if the model keeps history, one "+" history row each.

    Foreign keys are read from their ``*_id`` attributes (or the pk of an assigned related object)."""
    if not objs:
        return objs
    allocate_ids(model, objs)
    with_history = _history_model(model) is not None
    if connection.vendor != "postgresql":
        if with_history:
            return bulk_create_with_history(objs, model)
        return model._default_manager.bulk_create(objs)
    for start in range(0, len(objs), COPY_CHUNK):
        _copy(model, objs[start:start + COPY_CHUNK], with_history)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def _history_model(model):
    try:
        return get_history_manager_for_model(model).model
    except NotHistoricalModelError:
        return None


def _copy(model, objs, with_history: bool) -> None:
    fields = model._meta.concrete_fields
    now = timezone.now()
    cells = [_cell(field, now) for field in fields]
    rows = [[cell(obj) for cell in cells] for obj in objs]
    _copy_rows(model._meta.db_table, [f.column for f in fields], rows)
    if not with_history:
        return
    # A history row repeats the row's own (already formatted) columns, minus the excluded fields.
    position = {f.attname: i for i, f in enumerate(fields)}
    history_model = _history_model(model)
    columns, picks = [], []
    for field in history_model._meta.concrete_fields:
        if field.name == "history_id":
            continue
        columns.append(field.column)
        if field.name == "history_date":
            picks.append(now.isoformat())
        elif field.name == "history_type":
            picks.append("+")
        elif field.name in ("history_change_reason", "history_user"):
            picks.append(_NULL)
        elif field.attname in position:
            picks.append(position[field.attname])
        else:
            raise RuntimeError(f"{history_model.__name__}.{field.name}: no source for the demo history row")
    _copy_rows(
        history_model._meta.db_table,
        columns,
        ([row[p] if isinstance(p, int) else p for p in picks] for row in rows),
    )


def _cell(field, now):
    """A function from an instance to the COPY text of ``field``'s column."""
    attname = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        stamp = now.isoformat()

        def cell(obj):
            setattr(obj, attname, now)
            return stamp
        return cell
    if field.is_relation:
        def cell(obj):
            value = getattr(obj, attname)
            if value is None and field.is_cached(obj):  # assigned an object that got its pk later
                target = field.get_cached_value(obj)
                value = target.pk if target is not None else None
                setattr(obj, attname, value)
            return _NULL if value is None else str(value)
        return cell
    if isinstance(field, models.BooleanField):
        return lambda obj: _BOOLEAN[getattr(obj, attname)]
    if isinstance(field, (models.CharField, models.TextField)):
        def cell(obj):
            value = getattr(obj, attname)
            return _NULL if value is None else value.translate(_ESCAPES)
        return cell
    if isinstance(field, (models.IntegerField, models.DecimalField)):
        def cell(obj):
            value = getattr(obj, attname)
            return _NULL if value is None else str(value)
        return cell
    if isinstance(field, models.DateField):  # and DateTimeField: aware datetimes keep their offset
        def cell(obj):
            value = getattr(obj, attname)
            return _NULL if value is None else value.isoformat()
        return cell

    def cell(obj):  # anything else (files, IP addresses) as Django would save it
        value = field.get_db_prep_save(getattr(obj, attname), connection)
        return _NULL if value is None else str(value).translate(_ESCAPES)
    return cell


def _copy_rows(table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    buffer.writelines("\t".join(row) + "\n" for row in rows)
    buffer.seek(0)
    qn = connection.ops.quote_name
    sql = f"COPY {qn(table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if hasattr(raw, "copy_expert"):  # psycopg2
            raw.copy_expert(sql, buffer)
        else:  # psycopg 3
            with raw.copy(sql) as copy:
                copy.write(buffer.getvalue())

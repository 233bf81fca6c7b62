"""Writing many rows at once with their history: PostgreSQL ``COPY`` where it can (ids reserved from the
sequence first, history rows copied in the same pass), ``bulk_create`` / ``bulk_update`` elsewhere, and the
owner of every row derived by ``orgs.ownership`` before it is written. Used by the imports
(``orgs.importing.resources``), the sample county's loaders and the services that write in bulk.
"""

from __future__ import annotations

import csv
import io
from operator import attrgetter

from django.db import connections, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from orgs import ownership

BULK_BATCH_SIZE = 500


def _history_common(history_type: str, user, reason: str) -> dict:
    """The history columns shared by all rows of an import: one timestamp (the rows were written together),
    the user by id."""
    return {
        "history_date": timezone.now(),
        "history_user_id": getattr(user, "pk", None),
        "history_change_reason": reason,
        "history_type": history_type,
    }


def _history_enabled() -> bool:
    from django.conf import settings

    return getattr(settings, "SIMPLE_HISTORY_ENABLED", True)


def record_history(model, instances: list, *, history_type: str, user=None, reason: str = "") -> None:
    """Historical rows for ``instances`` just written in bulk, in one ``bulk_create`` per batch.

    What ``simple_history``'s ``bulk_history_create`` does, without its per-row costs."""
    if not instances or not _history_enabled():
        return
    history_model = model.history.model
    attnames = [field.attname for field in history_model.tracked_fields]
    common = _history_common(history_type, user, reason)
    rows = [history_model(**common, **{name: getattr(instance, name) for name in attnames}) for instance in instances]
    history_model.objects.bulk_create(rows, batch_size=BULK_BATCH_SIZE)


# --- COPY on PostgreSQL ----------------------------------------------------------------------------------
# An import of thousands of rows spends most of its write time building INSERT statements; PostgreSQL's
# COPY takes the same rows as CSV at a fraction of the cost. Primary keys are reserved from
# the table's sequence first, so that history rows and related rows can point at the new rows.

COPY_FIELD_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "CharField",
    "TextField",
    "BooleanField",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "ForeignKey",
    "OneToOneField",
}


class _Null(int):
    """None in a COPY row. Text is always quoted in the CSV (an empty string too); this is a number to the
    csv module, so it is written unquoted as \\N, which COPY ... NULL '\\N' reads as NULL."""

    def __str__(self) -> str:
        return "\\N"

    __repr__ = __str__


_NULL = _Null()


def _copyable(model) -> bool:
    return all(field.get_internal_type() in COPY_FIELD_TYPES for field in model._meta.concrete_fields)


def _copy(cursor, model, columns: list[str], rows) -> None:
    """COPY ``rows`` (tuples in the order of ``columns``) into ``model``'s table, as CSV written by the
    csv module in C; None becomes NULL, text stays text (tabs, line breaks and backslashes included)."""
    connection = connections[model._default_manager.db]
    quote = connection.ops.quote_name
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(
        [_NULL if value is None else value for value in row] for row in rows
    )
    with connection.wrap_database_errors:  # Django's IntegrityError etc., as from execute()
        cursor.copy_expert(
            f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
            "FROM STDIN WITH (FORMAT csv, NULL '\\N')",
            io.BytesIO(buffer.getvalue().encode()),
            1 << 20,  # read size; positional, as Django's debug cursor passes it on
        )


def uses_copy(model) -> bool:
    """Whether ``create_with_history`` writes ``model`` with COPY (PostgreSQL with psycopg2)."""
    connection = connections[model._default_manager.db]
    if connection.vendor != "postgresql" or not _copyable(model) or not _copyable(model.history.model):
        return False
    with connection.cursor() as cursor:
        return hasattr(cursor.cursor, "copy_expert")


def copy_with_history(model, instances: list, *, user=None, reason: str = "") -> None:
    """Insert ``instances`` and their "+" history rows with COPY. Instances without a primary key get the
    sequence's next ones, in list order; those that have one (reserved by the caller) keep it."""
    alias = model._default_manager.db
    connection = connections[alias]
    meta = model._meta
    quote = connection.ops.quote_name
    now = timezone.now()
    fields = meta.concrete_fields
    with transaction.atomic(using=alias, savepoint=False), connection.cursor() as cursor:
        pending = [instance for instance in instances if instance.pk is None]
        if pending:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s) ORDER BY 1",
                [quote(meta.db_table), meta.pk.column, len(pending)],
            )
            for instance, (pk,) in zip(pending, cursor.fetchall(), strict=True):
                instance.pk = pk
        ownership.assign_townships(instances)  # after the keys: a township owns itself
        stamped = [f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
        for instance in instances:
            instance._state.adding, instance._state.db = False, alias
            for name in stamped:  # what the fields' pre_save does on insert
                setattr(instance, name, now)
        values = attrgetter(*[field.attname for field in fields])
        _copy(cursor, model, [field.column for field in fields], map(values, instances))
        if not _history_enabled():
            return
        # The history rows are copied by the database from the rows just written (nothing sent twice).
        history_model = model.history.model
        common = _history_common("+", user, reason)
        tracked = [field.attname for field in history_model.tracked_fields]
        extra = [f for f in history_model._meta.concrete_fields if not f.primary_key and f.attname not in tracked]
        targets = [history_model._meta.get_field(name).column for name in tracked] + [f.column for f in extra]
        sources = [quote(meta.get_field(name).column) for name in tracked] + ["%s"] * len(extra)
        cursor.execute(
            f"INSERT INTO {quote(history_model._meta.db_table)} ({', '.join(quote(c) for c in targets)}) "
            f"SELECT {', '.join(sources)} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = ANY(%s)",
            [*(common[f.attname] for f in extra), [instance.pk for instance in instances]],
        )


def create_with_history(model, instances: list, *, user=None, reason: str = "") -> None:
    """Insert ``instances`` (primary keys come back) and their "+" history rows, in one transaction:
    COPY on PostgreSQL, ``bulk_create`` elsewhere."""
    if not instances:
        return
    if uses_copy(model):
        copy_with_history(model, instances, user=user, reason=reason)
        return
    ownership.assign_townships(instances)
    manager = model._default_manager
    if not connections[manager.db].features.can_return_rows_from_bulk_insert:
        # No primary keys come back from bulk inserts here: the library's slower path finds them.
        bulk_create_with_history(
            instances, model, batch_size=BULK_BATCH_SIZE, default_user=user, default_change_reason=reason
        )
        return
    with transaction.atomic(savepoint=False):
        manager.bulk_create(instances, batch_size=BULK_BATCH_SIZE)
        record_history(model, instances, history_type="+", user=user, reason=reason)


def update_with_history(model, instances: list, fields: list[str], *, user=None, reason: str = "") -> None:
    """``bulk_update`` then their "~" history rows, in one transaction. A row whose township changes (a cadre
    moved to a unit of another township) takes the rows it owns along (``orgs.ownership``)."""
    ownership.assign_townships(instances)
    moved = ownership.transferred(instances)
    if moved and "township" not in fields:
        fields = [*fields, "township"]
    with transaction.atomic(savepoint=False):
        model._default_manager.bulk_update(instances, fields, batch_size=BULK_BATCH_SIZE)
        record_history(model, instances, history_type="~", user=user, reason=reason)
        for owner in moved:
            ownership.move_owned_rows(owner, user=user)

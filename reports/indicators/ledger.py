"""Live figures for the whole county, kept up to date one township at a time.

At year-end every township is editing, and a county-wide figure set costs about a second at fifty times the
county. So the figures are kept per township in the shared cache (``CACHES["default"]``: the database table
``fulian_cache`` or Redis) together with what they were computed from, and after a change only the
townships whose data changed are recomputed and the county is summed again.

"What changed" is read from the history tables (every write to the federation's data leaves a history
row: forms, imports, workflow, COPY loads): for each history table we keep a *floor* and the history ids
seen above it. A request first asks, in one query, for each table's newest id and the count of rows above
its floor: if both match, nothing changed. Otherwise the rows above the floor that were not seen before
name the objects that changed, and so their townships, the township each object had before (a cadre moved
to another township changes both) and, for events and attendance, the townships on the other side. A table
without a township column (reference data such as duties, audiences, leadership rules) changes everything.

Keeping the ids above the floor, not only the newest id, catches a transaction that took its ids before
another one and committed after it (its rows appear below the newest id). The floor trails the newest id by
``LOOKBACK`` rows; the figures are also keyed by the reference day, so whatever might still slip through is
recomputed at the latest the next day.
"""

from __future__ import annotations

import datetime
import pickle
import zlib
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from simple_history.models import HistoricalChanges

from reports.indicators import measures
from reports.indicators.measures import Figures, Period, Townships, add_up

LOOKBACK = 200
TIMEOUT = 60 * 60 * 36
VERSION = 7  # bump when the measures change what they store


@dataclass(frozen=True)
class Table:
    # A historical model, built by django-simple-history at run time (``instance_type``, ``objects``).
    model: Any
    table: str
    pk: str  # the history id column
    object_id: str  # the tracked object's id column
    township: str | None  # None: reference data without an owner


@dataclass
class Ledger:
    figures: Figures
    total: dict  # the figures of every township and the county-level row added up
    floors: dict[str, int] = field(default_factory=dict)
    seen: dict[str, frozenset[int]] = field(default_factory=dict)
    newest: dict[str, int] = field(default_factory=dict)


def history_tables() -> list[Table]:
    tables = []
    for label in settings.FEDERATION_APPS:
        for model in apps.get_app_config(label).get_models():
            if not issubclass(model, HistoricalChanges):
                continue
            names = {f.name: f for f in model._meta.concrete_fields}
            township = names["township"].column if "township" in names else None
            object_id = model.instance_type._meta.pk.attname  # type: ignore[attr-defined]  # a historical model
            tables.append(Table(model, model._meta.db_table, model._meta.pk.column, object_id, township))
    return tables


def _connection():
    return connections[router.db_for_read(apps.get_model("orgs", "Unit"))]


def _quote(name: str) -> str:
    return _connection().ops.quote_name(name)


def _read_state(tables: list[Table], floors: dict[str, int]) -> tuple[dict[str, int], dict[str, int]]:
    """Each table's newest history id and its count of rows above the floor, in one query."""
    parts = []
    for t in tables:
        parts.append(f"(SELECT MAX({_quote(t.pk)}) FROM {_quote(t.table)})")
        parts.append(f"(SELECT COUNT(*) FROM {_quote(t.table)} WHERE {_quote(t.pk)} > {int(floors.get(t.table, -1))})")
    with _connection().cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    newest = {t.table: row[2 * i] or 0 for i, t in enumerate(tables)}
    counts = {t.table: row[2 * i + 1] for i, t in enumerate(tables)}
    return newest, counts


def _rows_above(table: Table, floor: int) -> list[tuple]:
    columns = [table.pk, table.object_id] + ([table.township] if table.township else [])
    with _connection().cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(_quote(c) for c in columns)} FROM {_quote(table.table)} WHERE {_quote(table.pk)} > %s",
            [floor],
        )
        return cursor.fetchall()


def _changed_objects(table: Table, since: int, late: list[int]) -> tuple[str, list[int]]:
    """SQL (with its parameters) selecting the ids of the objects changed after history id ``since``, and
    of those whose late-committed rows ``late`` (ids at or below ``since``) were not seen before."""
    pk, obj, name = _quote(table.pk), _quote(table.object_id), _quote(table.table)
    condition = f"{pk} > %s" + (f" OR {pk} IN ({', '.join(['%s'] * len(late))})" if late else "")
    return f"SELECT {obj} FROM {name} WHERE {condition}", [since, *late]


def _townships_of_objects(table: Table, since: int, late: list[int]) -> set[int | None]:
    """Every township the changed objects ever had (before and after a move). One query."""
    # A table without a township column (reference data) changed everything before this is asked.
    assert table.township is not None
    objects, params = _changed_objects(table, since, late)
    with _connection().cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT {_quote(table.township)} FROM {_quote(table.table)} "
            f"WHERE {_quote(table.object_id)} IN ({objects})",
            params,
        )
        return {row[0] for row in cursor.fetchall()}


def _related_townships(table: Table, since: int, late: list[int]) -> set[int | None]:
    """Figures that cross owners: an event's attendance is counted by the attendees' townships (hours,
    participants), and an attendance row under the organiser's township (participants by audience); a
    subsidy belongs to its site's township but is the county federation's spending (经费支出 on the
    county-level row)."""
    from django.db.models import Q

    from demo_sites.models import Subsidy
    from training.models import Attendance, Event

    if table.model.instance_type is Subsidy:
        return {None}
    changed = table.model.objects.filter(Q(history_id__gt=since) | Q(history_id__in=late))
    if table.model.instance_type is Event:
        attendance = Attendance.objects.filter(event_id__in=changed.values("id"))
        return set(attendance.values_list("township_id", flat=True).distinct())
    if table.model.instance_type is Attendance:
        events = Event.objects.filter(pk__in=changed.values("event_id"))
        return set(events.values_list("township_id", flat=True).distinct())
    return set()


def _fresh_marks(tables: list[Table], newest: dict[str, int]) -> tuple[dict[str, int], dict[str, frozenset[int]]]:
    """New floors (``LOOKBACK`` ids below the newest) and the ids seen above them, in one query."""
    floors = {t.table: max(newest[t.table] - LOOKBACK, 0) for t in tables}
    seen: dict[str, set[int]] = {t.table: set() for t in tables}
    if tables:
        parts = [
            f"SELECT {i}, {_quote(t.pk)} FROM {_quote(t.table)} WHERE {_quote(t.pk)} > {int(floors[t.table])}"
            for i, t in enumerate(tables)
        ]
        with _connection().cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts))
            for index, history_id in cursor.fetchall():
                seen[tables[index].table].add(history_id)
    return floors, {name: frozenset(ids) for name, ids in seen.items()}


def _load(key: str) -> Ledger | None:
    stored = cache.get(key)
    return None if stored is None else pickle.loads(zlib.decompress(stored))


def _store(key: str, ledger: Ledger) -> None:
    """Compressed (a tenth of the size at fifty times the county): the ledger is rewritten after every
    change, and the shared cache is a database table or Redis."""
    cache.set(key, zlib.compress(pickle.dumps(ledger, pickle.HIGHEST_PROTOCOL), 1), TIMEOUT)


def _key(period: Period) -> str:
    return f"reports:figures:v{VERSION}:{period.year}:{period.reference_date.isoformat()}"


def county_figures(period: Period) -> Figures:
    """The whole county's counts per township (and the county-level row) for ``period``, fresh."""
    return county_ledger(period).figures


def _replace(total: dict, old: dict, new: dict) -> None:
    """Take one township's counts ``old`` out of ``total`` and put ``new`` in: one township's work, not
    the county's."""
    for key, value in old.items():
        total[key] = total[key] - value
    for key, value in new.items():
        total[key] = total.get(key, 0) + value


def county_ledger(period: Period) -> Ledger:
    """The whole county's counts per township and their total for ``period``, fresh."""
    tables = history_tables()
    key = _key(period)
    ledger = _load(key)
    if ledger is None:
        newest, _ = _read_state(tables, {})
        floors, seen = _fresh_marks(tables, newest)
        figures = measures.compute(period, Townships())
        ledger = Ledger(figures=figures, total=add_up(figures.values()), floors=floors, seen=seen, newest=newest)
        _store(key, ledger)
        return ledger

    newest, counts = _read_state(tables, ledger.floors)
    changed = [
        t
        for t in tables
        if newest[t.table] != ledger.newest.get(t.table, 0) or counts[t.table] != len(ledger.seen.get(t.table, ()))
    ]
    if not changed:
        return ledger

    townships: set[int | None] = set()
    everything = False
    for t in changed:
        seen_ids = ledger.seen.get(t.table, frozenset())
        rows = _rows_above(t, ledger.floors.get(t.table, 0))
        new_rows = [row for row in rows if row[0] not in seen_ids]
        if len(rows) - len(new_rows) < len(seen_ids) or (new_rows and t.township is None):
            everything = True  # history rows vanished (a purge), or reference data changed
            break
        since = ledger.newest.get(t.table, 0)
        late = sorted(row[0] for row in new_rows if row[0] <= since)
        townships |= {row[2] for row in new_rows}
        townships |= _townships_of_objects(t, since, late)
        townships |= _related_townships(t, since, late)

    if everything:
        figures = measures.compute(period, Townships())
        total = add_up(figures.values())
    else:
        fresh = measures.compute(period, Townships(frozenset(townships)))
        figures, total = dict(ledger.figures), dict(ledger.total)
        for pk in townships:
            _replace(total, figures.pop(pk, {}), fresh.get(pk, {}))
        figures.update(fresh)
    floors, seen = dict(ledger.floors), dict(ledger.seen)
    fresh_floors, fresh_seen = _fresh_marks(changed, newest)
    floors.update(fresh_floors)
    seen.update(fresh_seen)
    ledger = Ledger(figures=figures, total=total, floors=floors, seen=seen, newest=newest)
    _store(key, ledger)
    return ledger


def today_period(year: int, today: datetime.date) -> Period:
    return Period(year=year, reference_date=min(today, datetime.date(year, 12, 31)))

"""CPU time, ours and PostgreSQL's, for figures that hold on a machine shared with other work.

Wall-clock time on a busy machine measures the queue for the cores as much as the code. CPU time does
not: ``time.process_time()`` for this Python process, plus the CPU the PostgreSQL backend serving our
connection spent (``/proc/<backend pid>/schedstat``, nanoseconds; PostgreSQL runs on this machine).
"""

from __future__ import annotations

import time


def _backend_pid(connection) -> int | None:
    raw = getattr(connection, "connection", None)
    if raw is None:
        return None
    try:
        return raw.info.backend_pid if hasattr(raw, "info") else raw.get_backend_pid()
    except Exception:  # noqa: BLE001 - whatever the driver, no backend pid means no database CPU figure
        return None


def _schedstat_seconds(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/schedstat") as handle:
            return int(handle.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


class CpuClock:
    """``with CpuClock(connection) as clock: ...`` then ``clock.python``, ``clock.db`` (None if the
    backend changed or is not local) and ``clock.total`` in seconds."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.python = 0.0
        self.db: float | None = None

    def __enter__(self):
        self.connection.ensure_connection()
        self._pid = _backend_pid(self.connection)
        self._db_start = _schedstat_seconds(self._pid)
        self._py_start = time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.python = time.process_time() - self._py_start
        pid = _backend_pid(self.connection)
        end = _schedstat_seconds(pid)
        if pid == self._pid and end is not None and self._db_start is not None:
            self.db = end - self._db_start

    @property
    def total(self) -> float | None:
        return None if self.db is None else self.python + self.db

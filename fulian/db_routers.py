"""Reports on a read replica: when DATABASE_REPLICA_URL is set (fulian.settings.production), the
federation data that the report pages and the export_report command read comes from the replica, so
year-end reporting does not load the primary that township staff are writing to.

Only reads of federation data inside a ``replica_reads()`` block go to the replica; everything else,
and every write (audit rows of an export, sessions), goes to the primary. Accounts and sessions are
always read from the primary, so a login is never refused because the replica lags a second behind.
``ReportsOnReplicaMiddleware`` opens that block for the report pages (/reports/...).
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reading_reports: ContextVar[bool] = ContextVar("fulian_reading_reports", default=False)


@contextlib.contextmanager
def replica_reads():
    """Within this block, reads of federation data go to the replica (if one is configured)."""
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


class ReportsReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _reading_reports.get()
            and REPLICA in settings.DATABASES
            and model._meta.app_label in settings.FEDERATION_APPS
        ):
            return REPLICA
        return None  # the default database

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReportsOnReplicaMiddleware:
    """Reads of the report pages (dashboard, summaries, 情况汇报) come from the replica."""

    prefix = "/reports/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(self.prefix):
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)

"""What every write of the year's close does around its change: read and lock on the primary database,
lock the township rows in one order (so that a confirmation and a seal of the same year wait for each other
instead of passing), and record the step in the security audit log."""

from __future__ import annotations

from collections.abc import Collection

from django.db import router
from simple_history.models import HistoricalRecords

from audit.log import audit_log
from audit.models import AuditEvent
from orgs.models import Unit
from reports.models import YearSeal


def write_db(model) -> str:
    # The report pages read from a replica when one is configured (fulian.db_routers); locks and the rows
    # they protect are read from the primary.
    return router.db_for_write(model)


def lock_townships(ids: Collection[int] | None = None) -> list[Unit]:
    """Lock township rows in id order (all of them when ``ids`` is None): a confirmation locks its own,
    a seal all of them, so the two wait for each other instead of passing."""
    queryset = Unit.objects.using(write_db(Unit)).select_for_update().filter(kind=Unit.Kind.TOWNSHIP)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return list(queryset.order_by("pk").only("pk", "name"))


def is_sealed(year: int) -> bool:
    return YearSeal.objects.using(write_db(YearSeal)).filter(year=year).exists()


def audit_step(*, by, object_repr: str, detail: str) -> None:
    # The request (for the client's address) is known to django-simple-history's middleware.
    request = getattr(HistoricalRecords.context, "request", None)
    audit_log(request=request, user=by, kind=AuditEvent.Kind.TRANSITION, object_repr=object_repr, detail=detail)

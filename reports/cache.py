"""County-wide report figures, computed once per change of the data and kept in the shared cache.

A whole-county dashboard or 情况汇报 aggregates every unit, cadre and attendance row: about a second of
database time at fifty times the county. Its figures only change when the federation's data changes, and
every change leaves a history row (django-simple-history, the import's bulk history, the workflow's
StatusChange rows). So the *data version* is the newest history id of every historical table, read in one
query of index-only lookups; a cached figure set is keyed by that version, the report's year, township and
reference day, and is recomputed on the first request after any change, by whichever server receives it.

The cache is ``settings.CACHES["default"]``: the database (table ``fulian_cache``) or Redis, shared by every
app server; never a per-process cache whose copies could disagree.
"""

from __future__ import annotations

import functools
import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from simple_history.models import HistoricalChanges

from reports.selectors.scope import ReportScope

TIMEOUT = 60 * 60  # a version's figures are valid until the data changes; the timeout only frees space


def historical_models() -> list:
    """The history models of the federation's apps (one per tracked model)."""
    return [
        model
        for label in settings.FEDERATION_APPS
        for model in apps.get_app_config(label).get_models()
        if issubclass(model, HistoricalChanges)
    ]


def data_version(using: str | None = None) -> str:
    """A short digest of the newest history id of every historical table: it changes with any change."""
    models = historical_models()
    using = using or router.db_for_read(models[0])
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = ", ".join(
        f"(SELECT MAX({quote(model._meta.pk.column)}) FROM {quote(model._meta.db_table)})" for model in models
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        newest = cursor.fetchone()
    return hashlib.blake2b(repr(newest).encode(), digest_size=8).hexdigest()


def scope_version(scope: ReportScope) -> str:
    """The data version, read once per scope (a request reads it at most once)."""
    if scope._data_version is None:
        scope._data_version = data_version()
    return scope._data_version


def cache_key(name: str, scope: ReportScope) -> str:
    area = "county" if scope.township_id is None else f"t{scope.township_id}"
    return f"reports:{name}:{scope_version(scope)}:{scope.year}:{area}:{scope.reference_date.isoformat()}"


def cached_figures(function):
    """Cache ``function(scope)`` (a dict of figures) under the scope's data version.

    The key leaves out the user: a scope's rows are fixed by its township (township staff always have
    their own), so two readers of the same scope share one computation."""
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(scope: ReportScope):
        key = cache_key(name, scope)
        figures = cache.get(key)
        if figures is None:
            figures = function(scope)
            cache.set(key, figures, TIMEOUT)
        return figures

    wrapper.uncached = function
    return wrapper

"""What the portal does when the database or the shared cache fails in the middle of its work.

* The database: every request runs in one transaction (``ATOMIC_REQUESTS``), so a connection lost half-way
  (a restart, a failover, ``pg_terminate_backend``) rolls the whole request back. ``DatabaseUnavailableMiddleware``
  then answers with a Chinese 503 page instead of a 500, and ``server_error`` (the project's ``handler500``)
  does the same when the failure happens outside the view (loading the session, saving it afterwards). Both
  pages stand alone: rendering them asks nothing of the database.
* The cache (``REDIS_URL``): the report figures are kept there, never only there. ``ResilientRedisCache``
  treats an unreachable Redis as an empty cache (reads miss, writes are dropped), logs why, and stops trying
  for ``RETRY_AFTER`` seconds so that every page does not wait for a connection timeout. The figures are then
  computed on each request; the ledger (reports.indicators.ledger) re-checks anything it finds against the
  history tables when Redis is back, so nothing stale is served.
"""

from __future__ import annotations

import logging
import sys
import threading
import time

import redis.exceptions
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)

# What a lost or refused database connection raises (psycopg's AdminShutdown, "server closed the connection",
# "connection already closed", SQLite's "database is locked" all arrive as one of these).
DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable_response() -> HttpResponse:
    """The Chinese 503 page: no request context, so no context processor reaches for the database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    return response


def _log_database_failure(request, exception: BaseException) -> None:
    logger.error(
        "database unavailable during %s %s: the request was rolled back and answered 503",
        request.method,
        request.path,
        exc_info=(type(exception), exception, exception.__traceback__),
    )


class DatabaseUnavailableMiddleware:
    """A view that lost its database connection answers 503 in Chinese (its transaction is already rolled
    back when ``process_exception`` runs: ``ATOMIC_REQUESTS`` wraps the view only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            _log_database_failure(request, exception)
            return database_unavailable_response()
        return None


def server_error(request, *args, **kwargs):
    """``handler500``: a database failure outside the view (a middleware loading or saving the session) is
    a 503 like one inside it; anything else is the ordinary Chinese 500 page."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        _log_database_failure(request, exception)
        return database_unavailable_response()
    return defaults.server_error(request, *args, **kwargs)


def database_failure_in(result) -> BaseException | None:
    """The database error an import result recorded, if any: django-import-export catches every exception
    of a row or of a bulk write and reports it as a row error, which would tell the user to check her file
    when it was the database that failed."""
    errors = [error.error for error in getattr(result, "base_errors", [])]
    errors += [error.error for row in getattr(result, "error_rows", []) for error in row.errors]
    return next((error for error in errors if isinstance(error, DATABASE_ERRORS)), None)


# --- the shared cache ------------------------------------------------------------------------------------

# Seconds to treat Redis as down after a failure before trying it again.
RETRY_AFTER = 30
REDIS_CONNECTION_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, except that Redis being unreachable is a cache miss and a warning, not a 500.

    Only connection failures (refused, timed out, reset) are absorbed; a wrong password or a full Redis
    (``OOM``) still raise, being configuration errors that must be seen."""

    _lock = threading.Lock()
    _down_until = 0.0  # per process: the monotonic time before which Redis is not tried again

    def _guarded(self, operation: str, default, call):
        cls = type(self)
        if time.monotonic() < cls._down_until:
            return default
        try:
            return call()
        except REDIS_CONNECTION_ERRORS as exc:
            with cls._lock:
                first = time.monotonic() >= cls._down_until
                cls._down_until = time.monotonic() + RETRY_AFTER
            if first:
                logger.warning(
                    "Redis cache unavailable (%s during %s: %s): serving without the cache, the report figures "
                    "are computed on each request; trying Redis again in %s s",
                    type(exc).__name__,
                    operation,
                    exc,
                    RETRY_AFTER,
                )
            return default

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("add", False, lambda: super(ResilientRedisCache, self).add(key, value, timeout, version))

    def get(self, key, default=None, version=None):
        return self._guarded("get", default, lambda: super(ResilientRedisCache, self).get(key, default, version))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("set", None, lambda: super(ResilientRedisCache, self).set(key, value, timeout, version))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("touch", False, lambda: super(ResilientRedisCache, self).touch(key, timeout, version))

    def delete(self, key, version=None):
        return self._guarded("delete", False, lambda: super(ResilientRedisCache, self).delete(key, version))

    def get_many(self, keys, version=None):
        return self._guarded("get_many", {}, lambda: super(ResilientRedisCache, self).get_many(keys, version))

    def has_key(self, key, version=None):
        return self._guarded("has_key", False, lambda: super(ResilientRedisCache, self).has_key(key, version))

    def incr(self, key, delta=1, version=None):
        # A counter has no sensible default: the caller is told the key is missing, as for any miss.
        missing = object()
        value = self._guarded("incr", missing, lambda: super(ResilientRedisCache, self).incr(key, delta, version))
        if value is missing:
            raise ValueError(f"Key '{key}' not found")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            "set_many", list(data), lambda: super(ResilientRedisCache, self).set_many(data, timeout, version)
        )

    def delete_many(self, keys, version=None):
        return self._guarded("delete_many", None, lambda: super(ResilientRedisCache, self).delete_many(keys, version))

    def clear(self):
        return self._guarded("clear", False, lambda: super(ResilientRedisCache, self).clear())

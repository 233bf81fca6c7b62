"""Settings for `make bench`: production-like (DEBUG off, real password hashing, database sessions), but
with fixed throw-away keys and plain static files so that it runs on a developer machine without secrets.

The database comes from DATABASE_URL, which bench/run.py points at fulian_bench1 / fulian_bench50."""

from __future__ import annotations

import os
import warnings

from fulian.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY") or "bench-secret-key-not-for-production-0123456789abcdefghijklmnop"
FIELD_ENCRYPTION_KEYS = ["hYhTg7eHk5Z6iG9dO8m4lS3i0nQx2cF1wJtVbRyUaEo="]
ID_NUMBER_HASH_KEY = "bench-id-number-hash-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# The load test logs the same accounts in from many simulated users; lockouts would only measure axes.
AXES_ENABLED = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# Static files come from the finders (no collectstatic needed for a benchmark run).
warnings.filterwarnings("ignore", message="No directory at")

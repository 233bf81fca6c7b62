"""Settings for the test suite: fixed keys, fast hashing, plain static storage."""

from __future__ import annotations

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdefghijklmnop"
FIELD_ENCRYPTION_KEYS = ["hYhTg7eHk5Z6iG9dO8m4lS3i0nQx2cF1wJtVbRyUaEo="]
ID_NUMBER_HASH_KEY = "test-id-number-hash-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="fulian-test-media-"))
STORAGES = {
    "default": {"BACKEND": "files.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
WHITENOISE_AUTOREFRESH = True
# Static files served from the finders, as in production after collectstatic (anonymous may fetch them).
WHITENOISE_USE_FINDERS = True

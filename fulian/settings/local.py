"""Development settings: DEBUG on by default, a throwaway secret and encryption keys kept under var/."""

from __future__ import annotations

import os

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool
from .keys import local_secrets

DEBUG = env_bool("DJANGO_DEBUG", True)
_secrets = local_secrets(VAR_DIR)
SECRET_KEY = os.environ.get("SECRET_KEY") or _secrets["SECRET_KEY"]
FIELD_ENCRYPTION_KEYS = [k for k in os.environ.get("FIELD_ENCRYPTION_KEYS", "").split(",") if k] or [
    _secrets["FIELD_ENCRYPTION_KEY"]
]
ID_NUMBER_HASH_KEY = os.environ.get("ID_NUMBER_HASH_KEY") or _secrets["ID_NUMBER_HASH_KEY"]
STORAGES = {
    "default": {"BACKEND": "files.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

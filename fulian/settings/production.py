"""Production settings: every secret from the environment, HTTPS behind a reverse proxy."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import FIELD_ENCRYPTION_KEYS, ID_NUMBER_HASH_KEY, SECRET_KEY, env_bool

DEBUG = False
for _name, _value in (
    ("SECRET_KEY", SECRET_KEY),
    ("FIELD_ENCRYPTION_KEYS", FIELD_ENCRYPTION_KEYS),
    ("ID_NUMBER_HASH_KEY", ID_NUMBER_HASH_KEY),
):
    if not _value:
        raise ImproperlyConfigured(f"环境变量 {_name} 未设置")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
if env_bool("USE_X_FORWARDED_PROTO", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

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
    # The same proxy appends the client's address to X-Forwarded-For (see audit.log.client_ip).
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 1))
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Reports read from a replica when one is configured (fulian.db_routers); writes always go to the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    import dj_database_url

    DATABASES["replica"] = dj_database_url.parse(  # noqa: F405
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"].setdefault("OPTIONS", {}).update(POSTGRESQL_OPTIONS)  # noqa: F405
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # noqa: F405
    DATABASE_ROUTERS = ["fulian.db_routers.ReportsReplicaRouter"]
    MIDDLEWARE = [*MIDDLEWARE, "fulian.db_routers.ReportsOnReplicaMiddleware"]  # noqa: F405

# Uploads in an S3-compatible object store (AWS S3, MinIO, OSS/COS with S3 API) when a bucket is named, so
# that any number of app servers share them. Credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
# (or an instance role). Files stay private: they are read through the scoped download views, never by URL.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES = {
        **STORAGES,  # noqa: F405
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
                "location": os.environ.get("AWS_LOCATION", "media"),
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
                "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            },
        },
    }

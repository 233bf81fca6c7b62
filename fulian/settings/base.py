"""Settings shared by every environment; values that differ come from the environment."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from import_export.formats.base_formats import XLSX

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("FULIAN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "fulian.admin_site.PortalAdminConfig",  # django.contrib.admin with the portal's site (fulian/admin_site.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "audit",
    "orgs",
    "notices",
    "operations",
    "liaison",
    "demo_sites",
    "training",
    "duties",
    "reports",
    "appraisal",
    "workbench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sessions.SessionTimeoutMiddleware",
    "audit.middleware.AuditDeniedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so that its process_exception is asked first: a lost database connection answers 503 in Chinese.
    "operations.outages.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "fulian.urls"
WSGI_APPLICATION = "fulian.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "orgs.context_processors.portal",
                "workbench.badge.context",
                "notices.context_processors.inbox",
            ],
        },
    },
]

# SQLite in a git-ignored folder unless DATABASE_URL names another database (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# PostgreSQL's JIT compiles the county-wide report aggregates (their estimated cost passes jit_above_cost)
# at 0.2–0.25 s a query, more than the query itself takes to run: off for this portal's connections.
POSTGRESQL_OPTIONS = {"options": "-c jit=off"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(POSTGRESQL_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.CharacterClassValidator"},
    {"NAME": "accounts.passwords.UsernameNotContainedValidator"},
    {"NAME": "accounts.passwords.GuessablePatternValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
    # The 使用说明's screenshots (docs/guide/img/, written by tests/e2e/test_user_guide.py) for the 帮助 page.
    ("guide", BASE_DIR / "docs" / "guide" / "img"),
]
# Uploaded files never live under a publicly served path: downloads go through scoped views. A file appears
# under its name only once complete, before the row that names it (files.storage; `manage.py check_attachments`).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "files.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))

LOGIN_URL = "login"
# After login, everybody lands on 首页 (workbench): township staff on their 待办, county staff on the 工作台,
# leadership on the dashboard.
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# One cache shared by every app server (the report figures, reports.indicators.ledger): Redis when REDIS_URL is set,
# otherwise a table in the database (created by `migrate`, see reports.apps). Never a per-process cache.
# Redis down is a cache miss and a logged warning, not an error (operations.outages.ResilientRedisCache); the short
# timeouts keep an unreachable host from holding every request.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "operations.outages.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "fulian",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "fulian_cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Sessions: stored in the database so any number of app servers share them.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", 30 * 60))
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_MAX_AGE", 12 * 60 * 60))
# However active, a login ends this long after it began (accounts.sessions.SessionTimeoutMiddleware).
SESSION_ABSOLUTE_MAX_AGE = SESSION_COOKIE_AGE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# 身份证号 encryption: one or more Fernet keys, newest first (comma separated), and a key for the lookup hash.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
ID_NUMBER_HASH_KEY = os.environ.get("ID_NUMBER_HASH_KEY", "")
# Numbers a township clerk may find registered in another township per hour (orgs.idlookups); each is audited.
ID_NUMBER_LOOKUP_LIMIT = int(os.environ.get("ID_NUMBER_LOOKUP_LIMIT", 20))
# 示范点 are managed dynamically: each is reviewed (复核) this many years after it was designated or last
# reviewed; townships are reminded ahead of it (demo_sites Designation.review_due, manage.py send_reminders).
DESIGNATION_REVIEW_YEARS = int(os.environ.get("DESIGNATION_REVIEW_YEARS", 2))

# Import and export need explicit permissions (django-import-export opens them to all staff otherwise).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# The library's escaping only strips a leading "=" (changing the data); orgs.importing writes formula-like
# text as plain string cells instead. Only .xlsx is offered (files.import_format.SafeXLSX in the admin).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
IMPORT_EXPORT_FORMATS = [XLSX]
IMPORT_FORMATS = [XLSX]
EXPORT_FORMATS = [XLSX]

# A user name is locked after AXES_FAILURE_LIMIT failures from one address, and after
# AXES_USERNAME_FAILURE_LIMIT failures from any addresses together, so that a forged X-Forwarded-For that
# changes on every try locks the account all the same (accounts.lockout).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_USERNAME_FAILURE_LIMIT = int(os.environ.get("AXES_USERNAME_FAILURE_LIMIT", 10))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", 30)))
AXES_LOCKOUT_PARAMETERS = "accounts.lockout.lockout_parameters"
AXES_HANDLER = "accounts.lockout.TieredLockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Reverse proxies in front of the portal whose X-Forwarded-For entry is trusted (0: use REMOTE_ADDR);
# lockouts and the audit log both see the client address through audit.log.client_ip.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))
AXES_CLIENT_IP_CALLABLE = "audit.log.client_ip"

# 消息 (notices): each message is also mailed to its inbox's readers and texted to their mobiles once the step
# commits; a failure is logged and never undoes the step. Mail goes through Django's email settings: the console
# backend (mail printed to the log) unless EMAIL_BACKEND names another, e.g.
# django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS or EMAIL_USE_SSL. SMS_GATEWAY names a notices.sms.SmsGateway subclass
# (none bundled; the default only logs). PORTAL_BASE_URL (e.g. https://fulian.example.gov.cn) makes the mail's
# link absolute.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 10))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "县妇联基层组织建设管理平台 <noreply@localhost>")
SMS_GATEWAY = os.environ.get("SMS_GATEWAY", "notices.sms.LoggingGateway")
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "")

# Each app contributes its part of the demo county; load_demo runs them in this order.
DEMO_LOADERS = [
    "orgs.sample_county.load",
    "training.sample_county.load",
    "duties.sample_county.load",
    "demo_sites.sample_county.load",
    "appraisal.sample_county.load",
    "liaison.sample_county.load",
]

# "123"联系点制度: how many contact points each county leader or staff member takes on per year, by kind
# (one township, two villages or communities, three enterprises, social organisations or 示范点创建单位).
# The contact-point form refuses one more than this (liaison.models.quota_refusal).
CONTACT_POINT_QUOTA = {"township": 1, "village_or_community": 2, "enterprise_or_site": 3}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # No 身份证号, password or session key reaches a log line (operations.redaction).
    "filters": {"redact": {"()": "operations.redaction.RedactingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}

# Apps whose models the roles' permissions are derived from (orgs.roles).
FEDERATION_APPS = ["audit", "orgs", "notices", "liaison", "demo_sites", "training", "duties", "reports", "appraisal"]

# The block a statistical return (统计报表) carries at its title's right when the tables are filed under an
# approved statistical survey: 表号 per sheet (by sheet name, e.g. {"基层妇女组织建设情况": "妇统基1表"}),
# 制表机关, 批准文号, 有效期至. Empty values print nothing (reports.workbooks).
STATISTICAL_RETURN = {"表号": {}, "制表机关": "", "批准文号": "", "有效期至": ""}

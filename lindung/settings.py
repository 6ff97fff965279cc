"""Lindung settings. Every value comes from the environment with a default that works on a laptop."""

import os
import re
import secrets
from pathlib import Path
from typing import Any

import bootstrap_wrapper
import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lindung.lib.clientip import parse_networks
from lindung.lib.env import envbool, envint, envlist, envstr
from lindung.lib.schedule import parse_spec

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("LINDUNG_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Off unless asked for: an install that forgets the variable must not show debug pages. `make run` turns it on.
DEBUG = envbool("DEBUG", False)


def _secret_key() -> str:
    key = envstr("SECRET_KEY", "")
    if key:
        return key
    # A key made once per machine and kept out of git (var/ is ignored, the file is private to its owner), in
    # any mode, so that the first command on a fresh machine works. Several servers behind one address must
    # share one SECRET_KEY (a session signed on one is checked on the other): set it there.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        # Created private (0600) rather than chmod-ed after writing: no moment when others could read it.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

DEFAULT_KABUPATEN = envstr("LINDUNG_KABUPATEN", "16.06")
if not re.fullmatch(r"\d{2}\.\d{2}", DEFAULT_KABUPATEN):
    raise ImproperlyConfigured(
        f"LINDUNG_KABUPATEN must be a Kemendagri kabupaten/kota code like 16.06, got {DEFAULT_KABUPATEN!r}"
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "lindung.core",
    "lindung.regions",
    "lindung.accounts",
    "lindung.privacy",
    "lindung.audit",
    "lindung.workers",
    "lindung.eligibility",
    "lindung.dedup",
    "lindung.intake",
    "lindung.verification",
    "lindung.imports",
    "lindung.enrolment",
    "lindung.premiums",
    "ninja",
    "lindung.api",
    "lindung.notices",
    "lindung.reports",
    "lindung.masterdata",
    "lindung.fieldwork",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (static files keep their cache), above everything that answers with personal data.
    "lindung.core.middleware.NoStoreMiddleware",
    # Outside everything that reads the database (session, user), inside the security headers.
    "lindung.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lindung.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Knows the user (an upload page's role) and runs before the CSRF check reads a form body.
    "lindung.core.middleware.RequestSizeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lindung.accounts.middleware.SessionGuardMiddleware",
    "lindung.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "lindung.urls"
WSGI_APPLICATION = "lindung.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lindung" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lindung.core.access.capabilities",
            ],
        },
    },
]
# Django's widget templates, but a <select> drawn in Python to the same HTML (the public form's desa list).
FORM_RENDERER = "lindung.core.renderers.FormRenderer"


def _database(variable: str = "DATABASE_URL") -> dict:
    url = envstr(variable, "")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "lindung.sqlite3",
            "OPTIONS": {
                # WAL lets the web server read while the background worker writes;
                # IMMEDIATE takes the write lock up front so two writers queue instead of failing.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=envint("DB_CONN_MAX_AGE", 60))
    except Exception as exc:
        raise ImproperlyConfigured(f"{variable} is not a valid database URL: {exc}") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"{variable} names an unknown database kind")
    return dict(config)


DATABASES = {"default": _database()}
# A PostgreSQL streaming replica (pg_basebackup -R) that reports and dashboards read from (lindung.core.replica).
if envstr("DATABASE_REPLICA_URL", ""):
    if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL to be PostgreSQL (the primary)")
    DATABASES["replica"] = _database("DATABASE_REPLICA_URL") | {"TEST": {"MIRROR": "default"}}
    if not DATABASES["replica"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a PostgreSQL URL (a streaming replica)")
    DATABASE_ROUTERS = ["lindung.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "lindung.accounts.validators.NoIdentityInPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "lindung" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Bootstrap 5.3's compiled CSS from the bootstrap-wrapper package (PyPI), served as static/bootstrap/…: installed
# with the Python dependencies, never fetched from a CDN (regency intranets are often offline).
STATICFILES_DIRS = [BASE_DIR / "lindung" / "static", ("bootstrap", bootstrap_wrapper.get_bootstrap_css_dir())]
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG
# Files browsers ask for at the site's root (favicon.ico), served by WhiteNoise without a URL route.
WHITENOISE_ROOT = BASE_DIR / "lindung" / "static_root"
MEDIA_ROOT = VAR_DIR / "media"

# Rate limits and lockouts must hold across every web process and machine: the default cache is a table in
# the same database (created after each migrate). LocMem is per process and would let each process count alone.
CACHES: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": envstr("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": envstr("CACHE_LOCATION", "lindung_cache"),
    }
}
if CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
    # Django's default of 300 entries culls a third of the table once exceeded, rate counters of other IPs
    # included: a public form visited from more than 300 addresses in a window would forget its limits.
    CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", 200_000)}

TASKS = {"default": {"BACKEND": envstr("TASK_BACKEND", "django_tasks_db.DatabaseBackend")}}

SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # Preloading is a promise to browsers that is slow to take back (every subdomain, HTTPS for good): only when
    # the deployment asks for it.
    SECURE_HSTS_PRELOAD = envbool("LINDUNG_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]  # "not preloaded": decided by the setting above
    # Behind a TLS proxy that sets X-Forwarded-Proto; plain HTTP is redirected (and then gets HSTS).
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy (django-csp): no inline scripts or styles anywhere, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Staff account security (lindung.accounts).
# Two-factor (TOTP) for Admin Dinas and the verifying operators.
LINDUNG_REQUIRE_2FA = envbool("LINDUNG_REQUIRE_2FA", True)
# The ODK/KoboToolbox form asks for a photo of the KTP only when a deployment turns this on (UU PDP: no more
# than the purpose needs; the photo repeats the NIK, address and face).
LINDUNG_ODK_KTP_PHOTO = envbool("LINDUNG_ODK_KTP_PHOTO", False)
OTP_TOTP_ISSUER = envstr("LINDUNG_OTP_ISSUER", "Lindung")
LOGIN_FAILURE_LIMIT = envint("LINDUNG_LOGIN_FAILURE_LIMIT", 5)  # per username and address
LOGIN_IP_FAILURE_LIMIT = envint("LINDUNG_LOGIN_IP_FAILURE_LIMIT", 20)  # per IP: a desa office shares one
LOGIN_LOCKOUT_MINUTES = envint("LINDUNG_LOGIN_LOCKOUT_MINUTES", 15)
# Failures on one username from every address: past this many in the window the username is locked for addresses
# it has never signed in from (see docs/security.md); its own office keeps the per-address limit above.
LOGIN_USERNAME_FAILURE_LIMIT = envint("LINDUNG_LOGIN_USERNAME_FAILURE_LIMIT", 50)
# Addresses a user signed in from within this many days count as theirs for the rule above.
LOGIN_KNOWN_ADDRESS_DAYS = envint("LINDUNG_LOGIN_KNOWN_ADDRESS_DAYS", 90)
SESSION_IDLE_MINUTES = envint("LINDUNG_SESSION_IDLE_MINUTES", 30)

# Reverse proxies (CIDRs) whose X-Forwarded-For is believed; none by default, so the header is ignored.
try:
    TRUSTED_PROXY_NETWORKS = parse_networks(envlist("LINDUNG_TRUSTED_PROXIES", []))
except ValueError as exc:
    raise ImproperlyConfigured(str(exc)) from None

# Privacy (lindung.privacy): personal data is anonymised this long after the last activity, or this many
# days after consent was withdrawn (time to settle the last premium and any objection), unless on legal hold.
RETENTION_YEARS = envint("LINDUNG_RETENTION_YEARS", 5)
WITHDRAWN_RETENTION_DAYS = envint("LINDUNG_WITHDRAWN_RETENTION_DAYS", 90)

# Lindung's own settings.
WORKER_PAGE_SIZE = envint("LINDUNG_PAGE_SIZE", 50)
MIN_AGE = envint("LINDUNG_MIN_AGE", 18)
MAX_AGE = envint("LINDUNG_MAX_AGE", 65)
SNAPSHOT_MAX_AGE_MINUTES = envint("LINDUNG_SNAPSHOT_MAX_AGE_MINUTES", 15)

# Imports (lindung.imports): size limits checked before a file is read, rows per checked/written chunk.
IMPORT_MAX_BYTES = envint("LINDUNG_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
IMPORT_MAX_UNZIPPED_BYTES = envint("LINDUNG_IMPORT_MAX_UNZIPPED_BYTES", 1024 * 1024 * 1024)
IMPORT_CHUNK_ROWS = envint("LINDUNG_IMPORT_CHUNK_ROWS", 5000)
IMPORT_PG_METHOD = envstr("LINDUNG_IMPORT_PG_METHOD", "copy")
# A first load (a file larger than the registry) on PostgreSQL rebuilds the worker indexes after the rows, under
# the table's exclusive lock: every reader of the registry waits for that commit. False writes row by row.
IMPORT_REBUILD_INDEXES = envbool("LINDUNG_IMPORT_REBUILD_INDEXES", True)
# After a commit of this many rows (PostgreSQL), VACUUM (ANALYZE) the worker table: until autovacuum passes (at a
# fifth of the table changed) the new rows are out of the visibility map and every list count reads them from the
# table, and the planner's statistics miss them. 0 turns it off.
IMPORT_VACUUM_ROWS = envint("LINDUNG_IMPORT_VACUUM_ROWS", 10_000)
# Files from this many rows are checked by two processes (the second in a forked child).
IMPORT_CHECK_HELPER = envbool("LINDUNG_IMPORT_CHECK_HELPER", True)
IMPORT_PARALLEL_MIN_ROWS = envint("LINDUNG_IMPORT_PARALLEL_MIN_ROWS", 20_000)
# Every other request body: refused with 413 from its Content-Length before it is read (RequestSizeMiddleware);
# only the upload pages (import, BPJS results, BPJS invoices) take IMPORT_MAX_BYTES, from users of their roles.
REQUEST_MAX_BYTES = envint("LINDUNG_REQUEST_MAX_BYTES", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("LINDUNG_UPLOAD_MAX_MEMORY", REQUEST_MAX_BYTES)

# Public application (lindung.intake): submissions and status look-ups per IP per window.
INTAKE_RATE_LIMIT = envint("LINDUNG_INTAKE_RATE_LIMIT", 30)
INTAKE_RATE_WINDOW = envint("LINDUNG_INTAKE_RATE_WINDOW", 600)

# REST API (lindung.api): requests per minute per token.
API_RATE_LIMIT = envint("LINDUNG_API_RATE_LIMIT", 120)

# Notices outbox (lindung.notices): adapter per channel ("log" appends JSON lines to var/notices.log, "http"
# posts to the gateway below), and the retry schedule (base seconds doubled per attempt, then dead).
NOTICE_ADAPTERS = {
    "whatsapp": envstr("LINDUNG_NOTICE_WHATSAPP_ADAPTER", "log"),
    "sms": envstr("LINDUNG_NOTICE_SMS_ADAPTER", "log"),
    "email": envstr("LINDUNG_NOTICE_EMAIL_ADAPTER", "log"),
}
NOTICE_LOG_FILE = Path(envstr("LINDUNG_NOTICE_LOG_FILE", str(VAR_DIR / "notices.log")))
WHATSAPP_GATEWAY_URL = envstr("LINDUNG_WHATSAPP_GATEWAY_URL", "")
WHATSAPP_GATEWAY_TOKEN = envstr("LINDUNG_WHATSAPP_GATEWAY_TOKEN", "")
SMS_GATEWAY_URL = envstr("LINDUNG_SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = envstr("LINDUNG_SMS_GATEWAY_TOKEN", "")
NOTICE_TIMEOUT_SECONDS = envint("LINDUNG_NOTICE_TIMEOUT_SECONDS", 10)
NOTICE_MAX_ATTEMPTS = envint("LINDUNG_NOTICE_MAX_ATTEMPTS", 5)
NOTICE_RETRY_BASE_SECONDS = envint("LINDUNG_NOTICE_RETRY_BASE_SECONDS", 60)
# WhatsApp Business Cloud API (adapter "cloud" for the whatsapp channel): notices go out as approved templates
# (name per notice kind here as key=name pairs, or on the template's row), replies as free text inside the
# 24-hour window. The base URL is configurable so that tests and staging point at a stand-in.
WHATSAPP_CLOUD_URL = envstr("LINDUNG_WHATSAPP_CLOUD_URL", "https://graph.facebook.com/v23.0")
WHATSAPP_PHONE_NUMBER_ID = envstr("LINDUNG_WHATSAPP_PHONE_NUMBER_ID", "")
WHATSAPP_ACCESS_TOKEN = envstr("LINDUNG_WHATSAPP_ACCESS_TOKEN", "")
WHATSAPP_TEMPLATE_LANGUAGE = envstr("LINDUNG_WHATSAPP_TEMPLATE_LANGUAGE", "id")
WHATSAPP_TEMPLATES = dict(
    item.split("=", 1) for item in envlist("LINDUNG_WHATSAPP_TEMPLATES", []) if "=" in item
)
# Incoming WhatsApp (lindung.notices.webhook): both endpoints refuse everything (403) until their secret is set.
WHATSAPP_VERIFY_TOKEN = envstr("LINDUNG_WHATSAPP_VERIFY_TOKEN", "")
WHATSAPP_APP_SECRET = envstr("LINDUNG_WHATSAPP_APP_SECRET", "")
WHATSAPP_GATEWAY_SECRET = envstr("LINDUNG_WHATSAPP_GATEWAY_SECRET", "")
# Messages answered per number per window; past it the number gets silence (and a line in the log).
WHATSAPP_INBOUND_RATE_LIMIT = envint("LINDUNG_WHATSAPP_INBOUND_RATE_LIMIT", 10)
WHATSAPP_INBOUND_RATE_WINDOW = envint("LINDUNG_WHATSAPP_INBOUND_RATE_WINDOW", 3600)
# The address of the public form that a "DAFTAR" reply links to; empty: the address the webhook was called on.
PUBLIC_URL = envstr("LINDUNG_PUBLIC_URL", "").rstrip("/")
_ADAPTER_KINDS = {"whatsapp": ("log", "http", "cloud"), "sms": ("log", "http"), "email": ("log",)}
for _channel, _kind in NOTICE_ADAPTERS.items():
    if _kind not in _ADAPTER_KINDS[_channel]:
        raise ImproperlyConfigured(
            f"LINDUNG_NOTICE_{_channel.upper()}_ADAPTER must be one of {', '.join(_ADAPTER_KINDS[_channel])}, "
            f"got {_kind!r}"
        )
    if _kind == "http" and not {"whatsapp": WHATSAPP_GATEWAY_URL, "sms": SMS_GATEWAY_URL}[_channel]:
        raise ImproperlyConfigured(
            f"LINDUNG_{_channel.upper()}_GATEWAY_URL must be set when its adapter is http"
        )
if NOTICE_ADAPTERS["whatsapp"] == "cloud" and not (WHATSAPP_PHONE_NUMBER_ID and WHATSAPP_ACCESS_TOKEN):
    raise ImproperlyConfigured(
        "LINDUNG_WHATSAPP_PHONE_NUMBER_ID and LINDUNG_WHATSAPP_ACCESS_TOKEN must be set for the cloud adapter"
    )

# Scheduled jobs (lindung.core.scheduler, run by `manage.py scheduler`): "daily HH:MM", "every N minutes",
# "yearly MM-DD HH:MM" (local time, TIME_ZONE) or "off". A run missed while the server was down runs once on return.
# Optional pull of Lindung's form's submissions from an ODK Central server (lindung.fieldwork.central): the
# server, the project's number, the form's ID, a Central account that may read its submissions, and the Lindung
# user in whose name (and area) the downloaded file is checked. Without a URL the pull is off.
ODK_CENTRAL_URL = envstr("LINDUNG_ODK_CENTRAL_URL", "").rstrip("/")
ODK_CENTRAL_PROJECT = envstr("LINDUNG_ODK_CENTRAL_PROJECT", "")
ODK_CENTRAL_FORM = envstr("LINDUNG_ODK_CENTRAL_FORM", "")
ODK_CENTRAL_USER = envstr("LINDUNG_ODK_CENTRAL_USER", "")
ODK_CENTRAL_PASSWORD = envstr("LINDUNG_ODK_CENTRAL_PASSWORD", "")
ODK_CENTRAL_IMPORT_AS = envstr("LINDUNG_ODK_CENTRAL_IMPORT_AS", "")
ODK_CENTRAL_TIMEOUT_SECONDS = envint("LINDUNG_ODK_CENTRAL_TIMEOUT_SECONDS", 60)
if ODK_CENTRAL_URL and not (
    ODK_CENTRAL_URL.startswith(("https://", "http://"))
    and ODK_CENTRAL_PROJECT.isdigit()
    and ODK_CENTRAL_FORM
    and ODK_CENTRAL_USER
    and ODK_CENTRAL_PASSWORD
    and ODK_CENTRAL_IMPORT_AS
):
    raise ImproperlyConfigured(
        "LINDUNG_ODK_CENTRAL_URL (http/https) needs LINDUNG_ODK_CENTRAL_PROJECT (a number), _FORM, _USER, "
        "_PASSWORD and _IMPORT_AS (a Lindung username)"
    )
SCHEDULE = {
    "premium_arrears": envstr("LINDUNG_SCHEDULE_ARREARS", "daily 01:00"),
    "anonymise_expired": envstr("LINDUNG_SCHEDULE_RETENTION", "daily 01:30"),
    "dashboard_snapshot": envstr("LINDUNG_SCHEDULE_SNAPSHOT", "daily 02:00"),
    "backup": envstr("LINDUNG_SCHEDULE_BACKUP", "daily 03:00"),
    "notice_retries": envstr("LINDUNG_SCHEDULE_NOTICES", "every 5 minutes"),
    "renewal_proposals": envstr("LINDUNG_SCHEDULE_RENEWAL", "yearly 12-01 04:00"),
    "match_weights": envstr("LINDUNG_SCHEDULE_MATCH_WEIGHTS", "daily 02:30"),
    "odk_central_pull": envstr("LINDUNG_SCHEDULE_ODK_PULL", "every 60 minutes" if ODK_CENTRAL_URL else "off"),
}
_SCHEDULE_VARS = dict(
    zip(
        SCHEDULE,
        ["ARREARS", "RETENTION", "SNAPSHOT", "BACKUP", "NOTICES", "RENEWAL", "MATCH_WEIGHTS", "ODK_PULL"],
        strict=True,
    )
)
for _job, _spec in SCHEDULE.items():
    try:
        parse_spec(_spec)
    except ValueError as _exc:
        raise ImproperlyConfigured(f"LINDUNG_SCHEDULE_{_SCHEDULE_VARS[_job]}: {_exc}") from None
# Where the demo's printed hints point (`make run` passes its HOST).
DEMO_URL = envstr("LINDUNG_DEMO_URL", "http://127.0.0.1:8000")
SCHEDULER_TICK_SECONDS = envint("LINDUNG_SCHEDULER_TICK_SECONDS", 30)
BACKUP_DIR = Path(envstr("LINDUNG_BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_KEEP = envint("LINDUNG_BACKUP_KEEP", 14)
# /sehat/ answers 503 when the oldest waiting background job has waited longer than this (no worker is taking them).
HEALTH_MAX_QUEUE_AGE_SECONDS = envint("LINDUNG_HEALTH_MAX_QUEUE_AGE_SECONDS", 900)
# The duplicate threshold is chosen by cost (lindung.dedup.clusters): a duplicate left in the registry pays a year's
# premium twice (JKK + JKM at the minimum income, Rp201,600); a false merge takes a person's cover away, valued by
# default at the same year's premium (what the regency pays for that cover). Equal costs give the 50% threshold.
DEDUP_COST_MISSED = envint("LINDUNG_DEDUP_COST_MISSED", 201_600)
DEDUP_COST_FALSE_MERGE = envint("LINDUNG_DEDUP_COST_FALSE_MERGE", 201_600)
if DEDUP_COST_MISSED <= 0 or DEDUP_COST_FALSE_MERGE <= 0:
    raise ImproperlyConfigured("LINDUNG_DEDUP_COST_MISSED and LINDUNG_DEDUP_COST_FALSE_MERGE must be above 0")

# Logs go to stderr (journald under systemd): "text" for a person at a terminal, "json" (one object a line, see
# lindung/core/logformat.py) for a server. LOG_LEVEL INFO adds the worker's and the scheduler's job lines.
LOG_FORMAT = envstr("LINDUNG_LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LINDUNG_LOG_FORMAT must be text or json, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_traceback_below_500": {"()": "lindung.core.logfilters.NoTracebackBelow500"}},
    "formatters": {"json": {"()": "lindung.core.logformat.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["no_traceback_below_500"],
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        },
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

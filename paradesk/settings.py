"""Paradesk settings: one file, read top to bottom, every value from the environment.

Defaults run the demo firm as is: SQLite under PARADESK_HOME, local worker, no outside
calls. `.env.example` lists every variable. A secret may also come from a file named in
the same variable with a `_FILE` suffix (PARADESK_SECRET_KEY_FILE=/run/secrets/key).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return default if raw is None or raw == "" else int(raw)


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """Reads NAME, or the file named by NAME_FILE; None when neither is set."""
    value = os.environ.get(name)
    if value:
        return value
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return None


BASE_DIR = Path(__file__).resolve().parent
PARADESK_HOME = Path(env_str("PARADESK_HOME", "var")).resolve()
# Public reference tables (the ICD-10-CM table, no client data) are cached here; the
# chronology app hands it to the engine.
PARADESK_CACHE_DIR = Path(
    env_str("PARADESK_CACHE_DIR", "")
    or Path(env_str("XDG_CACHE_HOME", "") or Path.home() / ".cache") / "paradesk"
)
PARADESK_DEMO = env_bool("PARADESK_DEMO", False)

# The CLI writes PARADESK_HOME/secret_key (mode 0600) on first run, so web processes and
# workers of one install share a key. A process with neither gets a throwaway key: it
# can run (tests, one-off checks) but its sessions die with it.
_secret_file = PARADESK_HOME / "secret_key"
SECRET_KEY = (
    env_secret("PARADESK_SECRET_KEY")
    or (
        _secret_file.read_text(encoding="utf-8").strip()
        if _secret_file.exists()
        else ""
    )
    or secrets.token_urlsafe(50)
)
DEBUG = env_bool("PARADESK_DEBUG", False)
ALLOWED_HOSTS = env_list("PARADESK_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("PARADESK_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "paradesk.core",
    "paradesk.ops",
    "paradesk.firm",
    "paradesk.matters",
    "paradesk.work",
    "paradesk.documents",
    "paradesk.chronology",
    "paradesk.drafting",
    "paradesk.api",
]

MIDDLEWARE = [
    "paradesk.core.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "paradesk.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "paradesk.core.middleware.RenewIdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "paradesk.core.middleware.RefuseNulCharactersMiddleware",
    "paradesk.core.middleware.RequestContextMiddleware",
    "paradesk.firm.middleware.RequireVerifiedLoginMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes last, as its documentation requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "paradesk.urls"
WSGI_APPLICATION = "paradesk.wsgi.application"

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
                "paradesk.core.context_processors.paradesk",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------
_default_db_url = f"sqlite:///{PARADESK_HOME / 'paradesk.sqlite3'}"
DATABASES: dict[str, dict[str, Any]] = {
    "default": dict(
        dj_database_url.parse(env_str("DATABASE_URL", _default_db_url), conn_max_age=60)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: a writing transaction takes the write lock at BEGIN, so two writers
        # queue on busy_timeout instead of one failing on lock upgrade. The audit chain
        # relies on this to read its head and append under the same lock.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth, MFA, sessions --------------------------------------------------------------
AUTH_USER_MODEL = "firm.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": (
            "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
        )
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "firm:login"
LOGIN_REDIRECT_URL = "work:dashboard"

# Idle expiry: the session's expiry is pushed ahead when it is saved, and
# RenewIdleSessionMiddleware saves it when it changed or at most once a minute, so it
# lapses after PARADESK_SESSION_IDLE_MINUTES (to the minute) without a request. Not
# SESSION_SAVE_EVERY_REQUEST: that wrote the session row on every read.
SESSION_COOKIE_AGE = env_int("PARADESK_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("PARADESK_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True

OTP_TOTP_ISSUER = env_str("PARADESK_FIRM_NAME", "Paradesk")
# The letterhead drafted letters carry (the firm's name is PARADESK_FIRM_NAME).
PARADESK_FIRM_ADDRESS = [
    line.strip()
    for line in env_str("PARADESK_FIRM_ADDRESS", "").split("|")
    if line.strip()
]
PARADESK_FIRM_PHONE = env_str("PARADESK_FIRM_PHONE", "")
PARADESK_FIRM_EMAIL = env_str("PARADESK_FIRM_EMAIL", "")
# LibreOffice, which turns approved letters into PDF (default: soffice on PATH).
PARADESK_SOFFICE = env_str("PARADESK_SOFFICE", "")
OTP_TOTP_THROTTLE_FACTOR = 1

AXES_FAILURE_LIMIT = env_int("PARADESK_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = env_int("PARADESK_LOCKOUT_MINUTES", 30) / 60
# Locked by account, not by account and address: a password guesser spread over many
# addresses must still hit the limit. The cost (anyone can lock a known username out
# for a while) is answered by the administrator's "Unlock sign-in" on the person page.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "paradesk.firm.views.auth.locked_out"
AXES_VERBOSE = False
# Axes keeps the posted form of a failed attempt; never the code or the CSRF token.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = PARADESK_HOME / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Jobs -----------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("PARADESK_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
PARADESK_WORKER_HEARTBEAT_SECONDS = env_int("PARADESK_WORKER_HEARTBEAT_SECONDS", 10)

# --- Search ---------------------------------------------------------------------------
# "tantivy": an embedded index under PARADESK_HOME (one machine, or a shared disk);
# "postgres": search inside PostgreSQL (many machines, no shared disk).
PARADESK_SEARCH_BACKEND = env_str("PARADESK_SEARCH_BACKEND", "tantivy")
PARADESK_SEARCH_INDEX = env_str("PARADESK_SEARCH_INDEX", "")

# --- Security headers -----------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PARADESK_TRUSTED_PROXY_HEADER = env_str("PARADESK_TRUSTED_PROXY_HEADER", "")
# Everything is served by the app itself: no CDN, no third-party origin, ever.
PARADESK_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("PARADESK_TIME_ZONE", "America/New_York")
USE_I18N = False
USE_TZ = True

# Application logs carry ids and actions only: no client names, no health data, no
# request bodies. Django's request logger is kept at ERROR so URLs are not echoed.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("PARADESK_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("PARADESK_MAX_REQUEST_BYTES", 5 * 1024 * 1024)
# The largest file one upload may carry, in megabytes (documents.max_upload_bytes).
PARADESK_MAX_UPLOAD_MB = env_int("PARADESK_MAX_UPLOAD_MB", 100)
# The web server refuses a whole request body larger than this (413) before reading it:
# it buffers every body before Django (and sign-in) sees it. Several files may travel
# in one upload request, so this is larger than the one-file limit.
PARADESK_MAX_REQUEST_BODY_MB = env_int("PARADESK_MAX_REQUEST_BODY_MB", 256)
# Read events of client data wait here, durable, until they join the audit chain
# (paradesk.core.readqueue); on the web machine's own disk.
PARADESK_AUDIT_QUEUE_DIR = Path(
    env_str("PARADESK_AUDIT_QUEUE_DIR", "") or PARADESK_HOME / "audit-queue"
)
# Request threads of `paradesk serve` (one process). The views are CPU-bound under the
# GIL: on 2 cores, 4 threads served as many requests/s as 8 or 16 with a lower p99
# (benchmarks/web_bench.py --threads; figures in benchmarks/README.md).
PARADESK_SERVER_THREADS = env_int("PARADESK_SERVER_THREADS", 4)

# --- Documents and encrypted storage --------------------------------------------------
# The master key that wraps every stored file's data key (paradesk.core.keys): the key
# itself (base64 of 32 bytes) or a file holding it. With neither, the key file
# PARADESK_HOME/master.key is created on first use (fine for the demo; production keeps
# it outside the home).
# Key files are read at each use, so a rotation can replace them under running
# processes: settings hold their paths, never their contents.
PARADESK_MASTER_KEY = env_str("PARADESK_MASTER_KEY", "").strip()
PARADESK_MASTER_KEY_FILE = env_str("PARADESK_MASTER_KEY_FILE", "").strip()
# The key being retired by `paradesk keys rotate`, for reading only (a missing file
# means none, so the variable can stay set between rotations).
PARADESK_MASTER_KEY_OLD = env_str("PARADESK_MASTER_KEY_OLD", "").strip()
PARADESK_MASTER_KEY_OLD_FILE = env_str("PARADESK_MASTER_KEY_OLD_FILE", "").strip()
# Where blobs live (paradesk.core.storage): "local" (PARADESK_HOME/blobs) or "s3", an
# S3-compatible bucket: its name, a key prefix, the region, a non-AWS endpoint.
PARADESK_STORAGE = env_str("PARADESK_STORAGE", "local").strip().lower()
PARADESK_S3_BUCKET = env_str("PARADESK_S3_BUCKET", "").strip()
PARADESK_S3_PREFIX = env_str("PARADESK_S3_PREFIX", "").strip()
PARADESK_S3_REGION = env_str("PARADESK_S3_REGION", "").strip()
PARADESK_S3_ENDPOINT_URL = env_str("PARADESK_S3_ENDPOINT_URL", "").strip()
# The bucket's credentials, or files holding them (read at each use, as key files);
# left empty, boto3's own chain finds them (a profile, an instance role).
AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID", "").strip()
AWS_ACCESS_KEY_ID_FILE = env_str("AWS_ACCESS_KEY_ID_FILE", "").strip()
AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY", "").strip()
AWS_SECRET_ACCESS_KEY_FILE = env_str("AWS_SECRET_ACCESS_KEY_FILE", "").strip()
AWS_SESSION_TOKEN = env_str("AWS_SESSION_TOKEN", "").strip()
AWS_SESSION_TOKEN_FILE = env_str("AWS_SESSION_TOKEN_FILE", "").strip()
# Django spools large uploads, and `paradesk serve` large request bodies, to plaintext
# temporary files: keep them owner-only inside the home (the CLI creates the folder
# with mode 0700).
FILE_UPLOAD_TEMP_DIR = str(PARADESK_HOME / "tmp")
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# The spooling handler stops writing a file the moment it passes the upload limit, so
# an oversize upload never fills the disk (paradesk.documents.uploadhandlers).
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "paradesk.documents.uploadhandlers.LimitedTemporaryFileUploadHandler",
]
# Reading one version's pages (a child process per reading) is stopped after this.
PARADESK_INGEST_TIME_LIMIT_SECONDS = env_int("PARADESK_INGEST_TIME_LIMIT_SECONDS", 3600)

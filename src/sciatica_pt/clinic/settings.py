"""Django settings for the clinic web app.

SQLite (WAL) in SCIATICA_PT_DATA_DIR by default; DATABASE_URL selects PostgreSQL. Nothing that
matters lives in process memory (DB sessions, DB cache, DB-backed login throttling), so several
app servers can share one PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from sciatica_pt.clinic.datadir import owner_only_sqlite

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("SCIATICA_PT_DATA_DIR", "var")).resolve()
DEBUG = os.environ.get("SCIATICA_PT_DEBUG", "") == "1"
HTTPS = os.environ.get("SCIATICA_PT_HTTPS", "") == "1"


def _secret_key() -> str:
    """From the environment, else a key kept in the data dir so every worker shares it."""
    if key := os.environ.get("SCIATICA_PT_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = os.environ.get("SCIATICA_PT_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
    ","
)
# Absolute base of the links in CDS Hooks cards (the EHR opens them); empty: the server that
# answered the call.
SCIATICA_PT_APP_BASE_URL = os.environ.get("SCIATICA_PT_APP_BASE_URL", "")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("SCIATICA_PT_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "ninja",
    "sciatica_pt.clinic.apps.ClinicConfig",
    "sciatica_pt.visits.apps.VisitsConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sciatica_pt.clinic.middleware.content_security_policy",
    # Bodies and queries no route can store (deep JSON, NUL, NaN), refused before any view.
    "sciatica_pt.clinic.request_guard.request_guard",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sciatica_pt.clinic.urls"
WSGI_APPLICATION = "sciatica_pt.clinic.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            # `words` (clinic_tags) on every page without a {% load %} in each template.
            "builtins": ["sciatica_pt.clinic.templatetags.clinic_tags"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sciatica_pt.clinic.context.site",
            ],
        },
    }
]


# Every SQLite connection: WAL lets readers run while one writer writes; NORMAL is safe with
# WAL (durable at checkpoints); foreign keys on. Writers take the lock up front (IMMEDIATE), so
# concurrent check-ins wait up to `timeout` seconds instead of failing with "database is
# locked" when a read transaction upgrades.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}


def _database() -> dict[str, Any]:
    sqlite_file = DATA_DIR / "clinic.sqlite3"
    if url := os.environ.get("DATABASE_URL"):
        database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if database["ENGINE"] != "django.db.backends.sqlite3":
            # Django's PostgreSQL backend, connections kept a minute and checked before reuse.
            return dict(database)
        # sqlite:///path: that file, with the same settings as the data directory's.
        sqlite_file = Path(database["NAME"])
    owner_only_sqlite(sqlite_file)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(sqlite_file),
        "OPTIONS": dict(SQLITE_OPTIONS),
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    # A password like the username or the person's name is refused (issue 19).
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Django's ModelBackend, whose session user comes with their membership and patient record
# (clinic.auth_backend). Sessions made before it (under ModelBackend's name) log in again.
SCIATICA_PT_LOGIN_BACKEND = "sciatica_pt.clinic.auth_backend.ClinicBackend"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", SCIATICA_PT_LOGIN_BACKEND]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

# Sessions and cache in the database: shared by every worker and every app server.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS or (
    not DEBUG and os.environ.get("SCIATICA_PT_INSECURE_COOKIES") != "1"
)
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = False  # the API docs page and the little JS read it
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "clinic_cache",
    }
}
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# django-axes: database handler, so lockouts hold across processes and on SQLite; with a
# second limit per address over every user name, against password spraying (clinic.lockout).
AXES_HANDLER = "sciatica_pt.clinic.lockout.ClinicLockout"
AXES_FAILURE_LIMIT = int(os.environ.get("SCIATICA_PT_LOGIN_FAILURES", "5"))
SCIATICA_PT_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SCIATICA_PT_ADDRESS_FAILURES", "30"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "clinic/locked_out.html"
AXES_VERBOSE = False

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("SCIATICA_PT_TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

# No patient data in logs: request logging off, our own logger only logs ids and actions.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A database error's detail quotes the refused row's values: replaced (clinic.log_filters).
    "filters": {"row_values": {"()": "sciatica_pt.clinic.log_filters.HideRowValues"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["row_values"],
        }
    },
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "sciatica_pt": {"handlers": ["console"], "level": "INFO", "propagate": True},
        "sciatica_pt.audit": {"handlers": [], "level": "WARNING", "propagate": False},
    },
}

# --- E-mail, reminders, notifications (issue 21; the app `sciatica_pt.notify`) -------------
# SCIATICA_PT_EMAIL_HOST set: Django's SMTP backend with the settings below. Unset (the demo,
# `make run`): every mail is written as a file under the data directory, nothing is sent.
INSTALLED_APPS += ["django_q", "sciatica_pt.notify.apps.NotifyConfig"]
INSTALLED_APPS += ["sciatica_pt.messaging.apps.MessagingConfig"]  # issue 21: messages
EMAIL_HOST = os.environ.get("SCIATICA_PT_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("SCIATICA_PT_EMAIL_PORT", "587"))
EMAIL_USE_TLS = os.environ.get("SCIATICA_PT_EMAIL_TLS", "1" if EMAIL_PORT == 587 else "") == "1"
EMAIL_USE_SSL = os.environ.get("SCIATICA_PT_EMAIL_SSL", "1" if EMAIL_PORT == 465 else "") == "1"
EMAIL_HOST_USER = os.environ.get("SCIATICA_PT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SCIATICA_PT_EMAIL_PASSWORD", "")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("SCIATICA_PT_EMAIL_FROM", "Sciatica PT <noreply@localhost>")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")
# Invitation and password-reset links (Django's token generator) expire after this many
# seconds, and stop working once the password is set.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("SCIATICA_PT_LINK_HOURS", "72")) * 3600
# No reminder is sent in these local hours ("HH:MM-HH:MM", may wrap past midnight).
SCIATICA_PT_QUIET_HOURS = os.environ.get("SCIATICA_PT_QUIET_HOURS", "21:00-08:00")
# django-q2 with its ORM broker: the queue and the schedule live in the database, so the
# demo needs no other service and several app servers share one queue.
Q_CLUSTER = {
    "name": "sciatica-pt",
    "orm": "default",
    "workers": int(os.environ.get("SCIATICA_PT_TASK_WORKERS", "1")),
    "timeout": 120,
    "retry": 300,
    "max_attempts": 1,
    "catch_up": False,
    "poll": 2,
    "save_limit": 200,
    "ack_failures": True,
}
# --- end of issue 21's block ---------------------------------------------------------------

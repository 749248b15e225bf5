"""Settings for the test suite: fast password hashing, a throwaway data dir, and PostgreSQL
when TEST_DATABASE_URL is set (`.ci/run` sets it), SQLite otherwise."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SCIATICA_PT_SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("SCIATICA_PT_DATA_DIR", tempfile.mkdtemp(prefix="sciatica-pt-test-"))

import dj_database_url

from sciatica_pt.clinic.settings import *  # noqa: F403
from sciatica_pt.clinic.settings import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 3

# A file, not shared-cache memory: the real WAL and busy-timeout behaviour under concurrency.
DATABASES["default"]["TEST"] = {
    "NAME": os.path.join(os.environ["SCIATICA_PT_DATA_DIR"], "test.sqlite3")
}

if url := os.environ.get("TEST_DATABASE_URL"):
    DATABASES["default"] = dict(dj_database_url.parse(url))
    # One test database per run: several runs on one server (a developer's and CI's) must not
    # drop each other's database. pytest-django removes it at the end of the run.
    DATABASES["default"]["TEST"] = {"NAME": f"test_sciatica_pt_web_{os.getpid()}"}

# The live server of the browser tests speaks plain HTTP.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

"""Django's stock backends: SQLite in WAL mode with a busy timeout; TEST_DATABASE_URL
switches the suite to PostgreSQL (and the suite really runs there)."""

from __future__ import annotations

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_suite_uses_postgresql_when_test_database_url_is_set():
    expected = "postgresql" if os.environ.get("TEST_DATABASE_URL") else "sqlite"
    assert connection.vendor == expected


@pytest.mark.django_db
def test_sqlite_connections_use_wal_and_wait_for_locks():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1


def test_production_settings_choose_postgresql_from_database_url(monkeypatch):
    import importlib

    from sciatica_pt.clinic import settings as production

    monkeypatch.setenv("DATABASE_URL", "postgresql://clinic@db.example:5432/clinic")
    try:
        reloaded = importlib.reload(production)
        assert reloaded.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        assert reloaded.DATABASES["default"]["NAME"] == "clinic"
    finally:
        monkeypatch.delenv("DATABASE_URL")
        importlib.reload(production)


def test_the_models_and_the_migrations_agree(db):
    """A model change without its migration would reach a clinic's database only half done."""
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)

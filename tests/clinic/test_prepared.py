"""The busiest fixed statements run prepared on PostgreSQL (`clinic.prepared`), can be
switched off for old connection poolers, and behave exactly like Django's own cursors:
same rows, same errors, same query capture, and a usable connection after a rollback."""

from __future__ import annotations

import os

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sciatica_pt.clinic import hot, prepared
from sciatica_pt.clinic.api.auth import issue_token
from sciatica_pt.clinic.settings import postgres_options

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def _program_read(world) -> int:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(world.patient_a_user, 'phone')}")
    response = client.get("/api/me/program")
    assert response.status_code == 200
    return len(response.json()["items"])


def test_the_settings_ask_postgresql_to_prepare_unless_switched_off(monkeypatch):
    monkeypatch.delenv("SCIATICA_PT_PG_PREPARED", raising=False)
    assert postgres_options({})["OPTIONS"]["prepare_threshold"] == 5
    # A deployment's own choice is kept.
    assert postgres_options({"OPTIONS": {"prepare_threshold": 1}})["OPTIONS"] == {
        "prepare_threshold": 1
    }
    monkeypatch.setenv("SCIATICA_PT_PG_PREPARED", "0")
    assert "prepare_threshold" not in postgres_options({}).get("OPTIONS", {})


@pytest.mark.django_db
def test_sqlite_keeps_djangos_own_cursor():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert prepared.enabled("default") is False


@on_postgresql
def test_the_user_lookup_and_the_audited_program_read_run_prepared(world):
    if os.environ.get("SCIATICA_PT_PG_PREPARED") == "0":
        pytest.skip("preparing is switched off for this run")
    assert prepared.enabled("default") is True
    items = _program_read(world)
    statements = _prepared_statements()
    assert any('"clinic_apitoken"' in s for s in statements)  # the token's user
    assert any("INSERT INTO" in s and '"clinic_programitem"' in s for s in statements)
    assert items > 0
    # A second read reuses them: nothing new is prepared.
    _program_read(world)
    assert len(_prepared_statements()) == len(statements)


@on_postgresql
def test_switched_off_nothing_is_prepared_and_reads_are_the_same(world, monkeypatch):
    items = _program_read(world)
    options = dict(connection.settings_dict["OPTIONS"])
    options.pop("prepare_threshold", None)
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", options)
    # Start from a connection with nothing prepared: on the server, and in psycopg's own
    # record of it (else later tests on this connection would run names that are gone).
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    connection.connection._prepared.clear()
    assert prepared.enabled("default") is False
    assert _program_read(world) == items
    assert _prepared_statements() == []


@pytest.mark.django_db
def test_a_prepared_statement_is_captured_and_fails_like_any_other():
    with CaptureQueriesContext(connection) as queries:
        assert hot._one("SELECT %s", [41]) == (41,)
    # Counted as any statement (the statement-count tests rely on it); Django shows the SQL of
    # a server-bound statement only where psycopg keeps it, so the text is not compared.
    assert len(queries.captured_queries) == 1
    with pytest.raises(DatabaseError), transaction.atomic():
        hot._one("SELECT 1 FROM no_such_table", [])


@pytest.mark.django_db(transaction=True)
def test_the_connection_prepares_again_after_a_rolled_back_transaction(world):
    """A statement first prepared inside a transaction that rolls back is gone on the server;
    the next use must prepare it again rather than fail."""
    patient = world.patient_a
    with pytest.raises(RuntimeError), transaction.atomic():
        assert hot.current_items(patient)[0] is not None
        raise RuntimeError("roll back")
    program, items = hot.current_items(patient)
    assert program is not None and items
    with pytest.raises(DatabaseError), transaction.atomic():
        hot._one("SELECT 1 FROM no_such_table", [])
    assert hot.current_items(patient)[0].pk == program.pk

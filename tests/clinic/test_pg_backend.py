"""The PostgreSQL health check without a round trip: a kept connection the server has ended
is found and replaced before a request uses it; a healthy one costs no statement."""

from __future__ import annotations

import time

import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend"),
]


@pytest.fixture
def kept():
    """A second connection to the test database, as a worker keeps one between requests."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def _ended_by_the_server(wrapper) -> None:
    pid = wrapper.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone()[0] is True


def test_the_backend_is_ours_and_speaks_postgresql():
    assert type(connections["default"]).__module__ == "sciatica_pt.clinic.pg_backend.base"
    assert connection.vendor == "postgresql"


def test_a_healthy_idle_connection_is_usable_without_a_statement(kept, monkeypatch):
    def no_statements(*args, **kwargs):
        raise AssertionError("the health check sent a statement")

    monkeypatch.setattr(kept.connection, "cursor", no_statements)
    monkeypatch.setattr(kept.connection, "execute", no_statements)
    assert kept.is_usable() is True


def test_a_connection_the_server_ended_is_not_usable_and_is_replaced(kept):
    old_pid = kept.connection.info.backend_pid
    _ended_by_the_server(kept)
    deadline = time.monotonic() + 5
    while kept.is_usable() and time.monotonic() < deadline:
        time.sleep(0.02)  # the termination reaches the socket a moment later
    assert kept.is_usable() is False
    # What Django does before a request's first query when health checks are on.
    kept.health_check_enabled, kept.health_check_done = True, False
    kept.close_if_health_check_failed()
    with kept.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != old_pid


def test_inside_a_transaction_it_asks_the_server_as_django_does(kept):
    kept.set_autocommit(False)
    try:
        with kept.cursor() as cursor:
            cursor.execute("SELECT 1")  # the transaction is open from here
        assert kept.is_usable() is True
        _ended_by_the_server(kept)
        time.sleep(0.2)
        assert kept.is_usable() is False
    finally:
        kept.close()

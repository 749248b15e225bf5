"""SQLite writers wait for each other in short steps (`clinic.sqlite_backend`): a writer
gets the lock once it is free, fails as before ("database is locked") only after the
configured timeout, and every other statement keeps SQLite's own busy timeout."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from django.db import OperationalError, connection, connections
from django.db.backends.sqlite3 import base as django_sqlite

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's backend"),
]


def _other_writer() -> sqlite3.Connection:
    """Another process's connection, as a second gunicorn worker has."""
    name = connections["default"].settings_dict["NAME"]
    return sqlite3.connect(name, isolation_level=None, check_same_thread=False)


def _wrapper(timeout: float):
    """A connection of the app's own, with its busy timeout (settings: 20 s) set to `timeout`."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    wrapper.connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    return wrapper


def _busy_timeout(wrapper) -> int:
    return wrapper.connection.execute("PRAGMA busy_timeout").fetchone()[0]


def test_the_backend_is_ours_and_writers_begin_immediately():
    ours = connections["default"]
    assert type(ours).__module__ == "sciatica_pt.clinic.sqlite_backend.base"
    assert ours.transaction_mode == "IMMEDIATE"


def test_a_writer_waits_while_another_holds_the_lock_then_writes():
    holder = _other_writer()
    holder.execute("BEGIN IMMEDIATE")
    wrapper = _wrapper(timeout=20)
    released = threading.Timer(0.05, holder.execute, args=("COMMIT",))
    started = time.monotonic()
    released.start()
    try:
        wrapper._start_transaction_under_autocommit()
        waited = time.monotonic() - started
        wrapper.connection.execute("ROLLBACK")
    finally:
        released.join()
        wrapper.close()
        holder.close()
    assert waited >= 0.05  # it did wait for the holder, and then it had the lock


@pytest.mark.parametrize("attempt", ["begin", "one write"])
def test_a_lock_held_past_the_timeout_fails_as_locked_and_keeps_the_busy_timeout(attempt):
    holder = _other_writer()
    holder.execute("BEGIN IMMEDIATE")
    wrapper = _wrapper(timeout=0.2)
    started = time.monotonic()
    try:
        with pytest.raises(OperationalError, match="locked"):
            if attempt == "begin":
                wrapper._start_transaction_under_autocommit()
            else:
                wrapper.execute_one_write(wrapper.cursor(), *_audit_row("gave-up"))
        assert time.monotonic() - started >= 0.19
        # Statements outside these still wait in SQLite's own handler, as configured.
        assert _busy_timeout(wrapper) == 200
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        wrapper.close()
    assert _rows("gave-up") == 0


def test_after_a_transaction_the_connection_keeps_its_busy_timeout():
    wrapper = _wrapper(timeout=20)
    try:
        wrapper._start_transaction_under_autocommit()
        wrapper.connection.execute("ROLLBACK")
        assert _busy_timeout(wrapper) == 20000
    finally:
        wrapper.close()


def test_placeholders_convert_as_djangos_and_each_statement_once():
    """`%s` becomes `?`, `%%` a literal `%`, named parameters keep Django's own path; the
    conversion of each statement text is kept, not run again."""
    from sciatica_pt.clinic.sqlite_backend.base import _qmark

    with connection.cursor() as cursor:
        _qmark.cache_clear()
        sql = "SELECT %s || '%%', %s"
        cursor.execute(sql, ["5", 7])
        assert cursor.fetchone() == ("5%", 7)
        cursor.execute(sql, ["6", 8])
        assert cursor.fetchone() == ("6%", 8)
        assert (_qmark.cache_info().hits, _qmark.cache_info().misses) == (1, 1)
        cursor.execute("SELECT %(a)s, %(b)s", {"a": 1, "b": "x"})
        assert cursor.fetchone() == (1, "x")
    django_own = django_sqlite.SQLiteCursorWrapper.convert_query
    for sql in ("a %s %%s %%%s", "LIKE '%%x%%' AND %s", "no placeholders", "%s%s"):
        assert _qmark(sql) == django_own(None, sql)


def _audit_row(object_id: str):
    """An audit row's INSERT, as every read writes one outside a transaction."""
    from sciatica_pt.clinic import hot

    values = dict.fromkeys(hot.AUDIT_FIELDS)
    values.update(username="probe", action="read", object_type="probe", object_id=object_id)
    return hot.audit_statement(values)


def _rows(object_id: str) -> int:
    from sciatica_pt.clinic.models import AuditEvent

    return AuditEvent.objects.filter(object_type="probe", object_id=object_id).count()


def test_one_write_outside_a_transaction_waits_for_the_lock_then_is_stored():
    holder = _other_writer()
    holder.execute("BEGIN IMMEDIATE")
    wrapper = _wrapper(timeout=20)
    released = threading.Timer(0.05, holder.execute, args=("COMMIT",))
    # While it waits, SQLite's own busy handler is off (it retries in short steps itself);
    # a waiter inside SQLite's handler would hold the connection until it got the lock.
    seen_while_waiting = []
    probe = threading.Timer(0.02, lambda: seen_while_waiting.append(_busy_timeout(wrapper)))
    started = time.monotonic()
    released.start()
    probe.start()
    try:
        wrapper.execute_one_write(wrapper.cursor(), *_audit_row("waited"))
        waited = time.monotonic() - started
        probe.join()
        assert _busy_timeout(wrapper) == 20000
    finally:
        released.join()
        wrapper.close()
        holder.close()
    assert waited >= 0.05 and _rows("waited") == 1
    assert seen_while_waiting == [0]


def test_one_write_that_fails_otherwise_is_not_retried():
    wrapper = _wrapper(timeout=20)
    sql, params = _audit_row("bad")
    started = time.monotonic()
    try:
        with pytest.raises(OperationalError, match="no such table"):
            no_table = sql.replace("auditevent", "nothing")
            wrapper.execute_one_write(wrapper.cursor(), no_table, params)
        assert _busy_timeout(wrapper) == 20000
    finally:
        wrapper.close()
    assert time.monotonic() - started < 1


def test_one_write_inside_a_transaction_is_part_of_it():
    from django.db import transaction

    wrapper = connections["default"]
    with pytest.raises(RuntimeError), transaction.atomic():
        wrapper.execute_one_write(wrapper.cursor(), *_audit_row("rolled-back"))
        assert _rows("rolled-back") == 1
        raise RuntimeError("undo")
    assert _rows("rolled-back") == 0


def test_busy_means_any_of_sqlites_busy_codes_and_nothing_else():
    from sciatica_pt.clinic.sqlite_backend.base import _busy

    def error(code, kind=sqlite3.OperationalError):
        exc = kind("database is locked" if code & 0xFF == 5 else "something else")
        exc.sqlite_errorcode = code
        return exc

    for code in (5, 261, 517):  # SQLITE_BUSY, _BUSY_RECOVERY, _BUSY_SNAPSHOT
        assert _busy(error(code))
        wrapped = OperationalError("database is locked")
        wrapped.__cause__ = error(code)  # as Django's error wrapper raises it
        assert _busy(wrapped)
    assert not _busy(error(1))  # SQLITE_ERROR
    assert not _busy(error(6))  # SQLITE_LOCKED: a conflict inside one connection, no wait helps
    assert not _busy(error(5, sqlite3.IntegrityError))
    assert not _busy(OperationalError("no cause"))

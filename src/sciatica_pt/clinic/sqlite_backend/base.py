"""Django's SQLite backend, with writers that wait for each other in short steps.

Why: SQLite lets one write transaction at a time hold the database, and a writer that finds
it held waits in SQLite's busy handler, which sleeps 1, 2, 5, 10, 15... ms between tries.
A check-in's transaction holds the lock for well under a millisecond, so a waiting worker
kept sleeping long after the lock was free: 13-17% of both cores sat idle while check-ins
queued (vmstat during `make bench`, 2026-12-07). Here `BEGIN IMMEDIATE` is tried without the
busy handler and retried after sleeps that start at 50 µs and double up to 1 ms, until the
connection's own busy timeout has passed; then it fails as before ("database is locked").
A single write outside a transaction (`execute_one_write`: the audit row every read writes)
waits the same way. Every other statement keeps SQLite's busy handler and that timeout.

Its cursors also remember each statement's conversion from Django's `%s` placeholders to
SQLite's `?`: Django runs a regular expression over the SQL on every execute, 6% of the program
API's time (py-spy, 2026-12-07), for the same few statements each time.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base

FIRST_WAIT, LONGEST_WAIT = 0.00005, 0.001  # seconds


@functools.lru_cache(maxsize=2048)
def _qmark(query: str) -> str:
    """Django's "format" to "qmark" conversion (SQLiteCursorWrapper.convert_query), kept."""
    return str(base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%"))


class Cursor(base.SQLiteCursorWrapper):  # type: ignore[misc]
    def convert_query(self, query: str, *, param_names: Any = None) -> str:
        if param_names is None:
            return _qmark(query)
        return str(super().convert_query(query, param_names=param_names))


class DatabaseWrapper(base.DatabaseWrapper):  # type: ignore[misc]
    def create_cursor(self, name: Any = None) -> Any:
        return self.connection.cursor(factory=Cursor)

    def _start_transaction_under_autocommit(self) -> None:
        if self.transaction_mode != "IMMEDIATE":
            super()._start_transaction_under_autocommit()
            return
        with self.wrap_database_errors, _short_waits(self.connection) as deadline:
            _retry_while_busy(lambda: self.connection.execute("BEGIN IMMEDIATE"), deadline)

    def execute_one_write(self, cursor: Any, sql: str, params: Any) -> None:
        """One write statement through `cursor`. Outside a transaction (autocommit, as the
        audit row of every read is written) it waits for other writers in the same short
        steps as `BEGIN IMMEDIATE`: SQLite's busy handler slept at least 1 ms whenever two
        workers' audit rows met, leaving 6% of both cores idle under the program API's load
        (2026-12-07). Inside a transaction the lock is already held: a plain execute."""
        if not self.get_autocommit() or self.in_atomic_block:
            cursor.execute(sql, params)
            return
        self.ensure_connection()
        with _short_waits(self.connection) as deadline:
            _retry_while_busy(lambda: cursor.execute(sql, params), deadline)


@contextlib.contextmanager
def _short_waits(connection: Any) -> Iterator[float]:
    """SQLite's busy handler off (busy_timeout 0) while the caller retries; yields the
    deadline the connection's own busy timeout sets, restored exactly afterwards."""
    timeout_ms = int(connection.execute("PRAGMA busy_timeout").fetchone()[0])
    connection.execute("PRAGMA busy_timeout = 0")
    try:
        yield time.monotonic() + timeout_ms / 1000
    finally:
        connection.execute(f"PRAGMA busy_timeout = {timeout_ms}")


def _retry_while_busy(attempt: Callable[[], Any], deadline: float) -> None:
    """`attempt` until it does not find the database locked, sleeping 50 µs, doubling up to
    1 ms; past the deadline, the last "database is locked" error is raised as it came. Only
    for a statement that changes nothing when it fails busy (a BEGIN, or one autocommit
    write: SQLite takes the lock before it writes)."""
    wait = FIRST_WAIT
    while True:
        try:
            attempt()
            return
        except (sqlite3.OperationalError, OperationalError) as exc:
            if not _busy(exc) or time.monotonic() + wait > deadline:
                raise
        time.sleep(wait)
        wait = min(wait * 2, LONGEST_WAIT)


def _busy(exc: BaseException) -> bool:
    # Django's OperationalError carries SQLite's as its cause. Python 3.11 names the result
    # code, extended ones included (SQLITE_BUSY_RECOVERY while another connection's crash is
    # repaired: worth waiting for too), so only its low byte is compared; the message is the
    # same on every version.
    cause = exc if isinstance(exc, sqlite3.Error) else exc.__cause__
    if not isinstance(cause, sqlite3.OperationalError):
        return False
    code = getattr(cause, "sqlite_errorcode", None)
    return code & 0xFF == sqlite3.SQLITE_BUSY if code is not None else "locked" in str(cause)

"""Django's SQLite backend, with writers that wait for each other in short steps.

Why: SQLite lets one write transaction at a time hold the database, and a writer that finds
it held waits in SQLite's busy handler, which sleeps 1, 2, 5, 10, 15... ms between tries.
A check-in's transaction holds the lock for well under a millisecond, so a waiting worker
kept sleeping long after the lock was free: 13-17% of both cores sat idle while check-ins
queued (vmstat during `make bench`, 2026-12-07). Here `BEGIN IMMEDIATE` is tried without the
busy handler and retried after sleeps that start at 50 µs and double up to 1 ms, until the
connection's own busy timeout has passed; then it fails as before ("database is locked").
Every other statement keeps SQLite's busy handler and that timeout.

Its cursors also remember each statement's conversion from Django's `%s` placeholders to
SQLite's `?`: Django runs a regular expression over the SQL on every execute, 6% of the program
API's time (py-spy, 2026-12-07), for the same few statements each time.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from typing import Any

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
        connection = self.connection
        with self.wrap_database_errors:
            timeout_ms = int(connection.execute("PRAGMA busy_timeout").fetchone()[0])
            connection.execute("PRAGMA busy_timeout = 0")
            try:
                _begin_immediate(connection, time.monotonic() + timeout_ms / 1000)
            finally:
                connection.execute(f"PRAGMA busy_timeout = {timeout_ms}")


def _begin_immediate(connection: Any, deadline: float) -> None:
    wait = FIRST_WAIT
    while True:
        try:
            connection.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or time.monotonic() + wait > deadline:
                raise
        time.sleep(wait)
        wait = min(wait * 2, LONGEST_WAIT)


def _busy(exc: sqlite3.OperationalError) -> bool:
    # Python 3.11 names the result code; the message is the same on every version.
    code = getattr(exc, "sqlite_errorcode", None)
    return code == sqlite3.SQLITE_BUSY if code is not None else "locked" in str(exc)

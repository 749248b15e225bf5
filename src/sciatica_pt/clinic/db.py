"""SQLite tuning on every new connection: WAL lets readers run while one writer writes."""

from __future__ import annotations

from typing import Any

from django.db.backends.signals import connection_created


def _tune_sqlite(sender: Any, connection: Any, **_: Any) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL;")
        cursor.execute("PRAGMA busy_timeout=20000;")
        cursor.execute("PRAGMA synchronous=NORMAL;")  # safe with WAL; durable at checkpoints
        cursor.execute("PRAGMA foreign_keys=ON;")


def connect_signals() -> None:
    connection_created.connect(_tune_sqlite, dispatch_uid="sciatica_pt_sqlite_tuning")

"""The data directory and the SQLite database, created readable by their owner only (like
the secret key): patient records must not be readable by every account on the server."""

from __future__ import annotations

import os
from pathlib import Path


def owner_only_sqlite(database: Path) -> None:
    """Create the database's directory (0700) and an empty database file (0600) when they do
    not exist yet. SQLite gives its WAL and shared-memory files the database file's mode, so
    they are the owner's only too. Existing files keep the mode their operator chose."""
    database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not database.exists():
        os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))

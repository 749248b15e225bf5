"""The data directory and the database on disk: a SQLite DATABASE_URL is accepted (it used to
crash `serve` with a traceback), and what the app creates is its owner's only."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

CLI = str(Path(sys.executable).parent / "sciatica-pt")


def _run(
    args: list[str], data_dir: Path, database_url: str | None
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {"SCIATICA_PT_DATA_DIR": str(data_dir), "SCIATICA_PT_SECRET_KEY": "datadir-test"}
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run([CLI, *args], env=env, capture_output=True, text=True)


ADMIN = ["create-admin", "boss", "--clinic", "Disk Clinic", "--password", "a-long-disk-password"]


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_sqlite_database_url_is_accepted_and_owner_only(tmp_path: Path) -> None:
    database = tmp_path / "elsewhere" / "clinic.sqlite3"
    done = _run(ADMIN, tmp_path / "data", f"sqlite:///{database}")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert _mode(database) == 0o600 and _mode(database.parent) == 0o700
    # SQLite gives the WAL the database's mode.
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE probe (x)")
    conn.commit()
    assert _mode(database.with_name("clinic.sqlite3-wal")) == 0o600
    conn.close()


def test_the_data_directory_and_its_database_are_the_owners_only(tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh"
    done = _run(ADMIN, data_dir, None)
    assert done.returncode == 0, done.stderr
    assert _mode(data_dir) == 0o700
    assert _mode(data_dir / "clinic.sqlite3") == 0o600

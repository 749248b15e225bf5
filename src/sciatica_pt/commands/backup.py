"""`sciatica-pt backup FILE` and `sciatica-pt restore FILE`: the clinic's database to one file
and back, while the app runs.

SQLite: SQLite's online backup API copies a consistent snapshot (every transaction committed
before the copy began, none half) while check-ins go on being written; the file is a plain
SQLite database (no WAL beside it), readable by the owner only. PostgreSQL: `pg_dump` in its
custom format, restored with `pg_restore`; both must be installed (PostgreSQL's client tools,
of the server's major version or newer), and the command says so in one line when they are
not. A restore goes into an empty database (a new data directory, or a new PostgreSQL
database) unless `--replace` is given, then brings the schema up to this version
(`migrate`).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any


class BackupError(Exception):
    """A backup or restore that could not be done; the message is one line for the user."""


def _database() -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sciatica_pt.clinic.settings")
    import django
    from django.db import connection

    django.setup()
    return dict(connection.settings_dict)


def backup(file: Path) -> int:
    try:
        kind = backup_database(_database(), file)
    except BackupError as exc:
        print(f"backup: {exc}", file=sys.stderr)
        return 1
    print(f"Backed up the {kind} database to {file}.")
    return 0


def restore(file: Path, replace: bool) -> int:
    try:
        kind = restore_database(_database(), file, replace)
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
    except BackupError as exc:
        print(f"restore: {exc}", file=sys.stderr)
        return 1
    print(f"Restored the {kind} database from {file}.")
    return 0


def backup_database(database: dict[str, Any], file: Path) -> str:
    """Write a backup of `database` (Django's settings of one) to `file`, atomically: a
    half-written backup never carries the file's name. Returns the database's kind."""
    file = Path(file)
    if not file.parent.is_dir():
        raise BackupError(f"{file.parent} is not a directory")
    part = file.with_name(file.name + ".part")
    part.unlink(missing_ok=True)
    _owner_only_file(part)
    try:
        if _is_sqlite(database):
            _sqlite_copy(database["NAME"], part)
        else:
            args = [*_pg_args(database), "--format=custom", "--no-owner", "-f", str(part)]
            _run("pg_dump", args, database)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    os.replace(part, file)
    return "SQLite" if _is_sqlite(database) else "PostgreSQL"


def restore_database(database: dict[str, Any], file: Path, replace: bool = False) -> str:
    """Load the backup `file` into `database`, which must be empty unless `replace`."""
    file = Path(file)
    if not file.is_file():
        raise BackupError(f"{file} is not a file")
    if _is_sqlite(database):
        _sqlite_restore(file, Path(database["NAME"]), replace)
        return "SQLite"
    if not replace and _pg_has_tables(database):
        raise BackupError(
            f"the database {database['NAME']!r} already holds tables: restore into a new "
            "database, or pass --replace"
        )
    args = ["--no-owner", "--clean", "--if-exists", "--single-transaction", "--exit-on-error"]
    _run("pg_restore", [*_pg_args(database), *args, str(file)], database)
    return "PostgreSQL"


# --- SQLite ------------------------------------------------------------------------------


def _is_sqlite(database: dict[str, Any]) -> bool:
    return "sqlite" in str(database.get("ENGINE", ""))


def _sqlite_copy(source: str, target: Path) -> None:
    if not Path(source).is_file():
        raise BackupError(f"there is no database at {source}")
    src = sqlite3.connect(source, timeout=20)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # every page in one step: one consistent snapshot
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite could not copy the database: {exc}") from None
    finally:
        dst.close()
        src.close()


def _sqlite_restore(file: Path, target: Path, replace: bool) -> None:
    try:
        backup = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        ok = backup.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        tables = {r[0] for r in backup.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error:
        raise BackupError(f"{file} is not a SQLite database") from None
    if not ok or "django_migrations" not in tables:
        backup.close()
        raise BackupError(f"{file} is not a Sciatica PT backup of a SQLite database")
    if target.exists() and target.stat().st_size > 0 and not replace:
        backup.close()
        raise BackupError(
            f"a database already exists at {target}: restore into a new data directory, or "
            "pass --replace"
        )
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    _owner_only_file(target)
    dst = sqlite3.connect(target, timeout=20)
    try:
        backup.backup(dst)
    finally:
        dst.close()
        backup.close()


def _owner_only_file(path: Path) -> None:
    """Create `path` (if absent) readable and writable by its owner only."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    path.chmod(0o600)


# --- PostgreSQL --------------------------------------------------------------------------


def _pg_args(database: dict[str, Any]) -> list[str]:
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if database.get(key):
            args += [flag, str(database[key])]
    return [*args, "-d", str(database["NAME"])]


def _pg_env(database: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])  # never on the command line
    return env


def _run(tool: str, args: list[str], database: dict[str, Any]) -> None:
    if shutil.which(tool) is None:
        raise BackupError(
            f"{tool} is not installed: install PostgreSQL's client tools (the server's "
            "major version or newer) to back up or restore a PostgreSQL database"
        )
    done = subprocess.run(
        [tool, *args], capture_output=True, text=True, env=_pg_env(database), check=False
    )
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise BackupError(f"{tool} failed: {lines[-1] if lines else done.returncode}")


def _pg_has_tables(database: dict[str, Any]) -> bool:
    """Whether Django's connection (the one `database` describes) sees any table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        return bool(cursor.fetchone()[0])

"""`sciatica-pt backup` and `restore`: a backup taken while check-ins are being written,
restored into a new data directory (or a new PostgreSQL database), serves every check-in
acknowledged before the backup began; the commands say in one line what they cannot do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

from sciatica_pt.clinic.api.auth import issue_token
from sciatica_pt.clinic.services import checkins
from sciatica_pt.commands import backup as backup_command
from tests.clinic.conftest import TODAY, World, checkin_doc

CLI = str(Path(sys.executable).parent / "sciatica-pt")
# The restored app, started on its own settings (not the tests'), asked over its API.
APP = """
import json, os, sys
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "sciatica_pt.clinic.settings"
django.setup()
from django.test import Client
patient, token = sys.argv[1], sys.argv[2]
answer = Client().get(f"/api/patients/{patient}/checkins", HTTP_AUTHORIZATION=f"Bearer {token}")
print(json.dumps({"status": answer.status_code, "ids": [c["id"] for c in answer.json()]}))
"""


def _env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env |= {"SCIATICA_PT_DATA_DIR": str(data_dir), "SCIATICA_PT_SECRET_KEY": "restore-test"}
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@pytest.fixture
def new_database() -> Iterator[str | None]:
    """None on SQLite (a new data directory is enough); on PostgreSQL an empty database on
    the tests' server, dropped afterwards."""
    if connection.vendor != "postgresql":
        yield None
        return
    s = connection.settings_dict
    name = f"restore_{uuid.uuid4().hex[:12]}"
    admin = f"postgresql://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield admin.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_under_load_restores_every_acknowledged_checkin(
    world: World, tmp_path: Path, new_database: str | None
) -> None:
    token = issue_token(world.therapist, "restore check")
    acknowledged: list[int] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def write() -> None:
        try:
            while not stop.is_set() and len(acknowledged) < 80:
                doc = checkin_doc(notes=f"check-in {len(acknowledged)}")
                row, _ = checkins.log(None, world.patient_a_user, doc, TODAY)
                acknowledged.append(row.pk)  # the patient has been told it is saved
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    while len(acknowledged) < 5 and writer.is_alive():
        time.sleep(0.01)
    before = set(acknowledged)
    file = tmp_path / "clinic.backup"
    backup_command.backup_database(dict(connection.settings_dict), file)
    during = len(acknowledged)
    stop.set()
    writer.join()
    assert errors == []
    assert file.stat().st_mode & 0o077 == 0  # the owner's only
    assert len(before) >= 5 and during >= len(before)

    data_dir = tmp_path / "restored"
    env = _env(data_dir, new_database)
    done = subprocess.run([CLI, "restore", str(file)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    app = subprocess.run(
        [sys.executable, "-c", APP, str(world.patient_a.pk), token],
        env=env,
        capture_output=True,
        text=True,
    )
    assert app.returncode == 0, app.stderr
    served = json.loads(app.stdout.strip().splitlines()[-1])
    assert served["status"] == 200
    assert before <= set(served["ids"]), "a check-in acknowledged before the backup is missing"
    if new_database is None:
        assert (data_dir / "clinic.sqlite3").stat().st_mode & 0o077 == 0

    # Restoring again over the restored database is refused, in one line, unless --replace.
    again = subprocess.run([CLI, "restore", str(file)], env=env, capture_output=True, text=True)
    assert again.returncode == 1
    assert again.stderr.count("\n") == 1 and "--replace" in again.stderr
    forced = [CLI, "restore", str(file), "--replace"]
    assert subprocess.run(forced, env=env, capture_output=True).returncode == 0


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    env = _env(tmp_path / "data", None)
    done = subprocess.run([CLI, "restore", str(junk)], env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip() == f"restore: {junk} is not a SQLite database"
    database = tmp_path / "data" / "clinic.sqlite3"
    assert not database.exists() or database.stat().st_size == 0  # nothing restored


def test_without_pg_dump_the_backup_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no PostgreSQL tools here
    database: dict[str, Any] = {"ENGINE": "django.db.backends.postgresql", "NAME": "clinic"}
    with pytest.raises(backup_command.BackupError) as exc:
        backup_command.backup_database(database, tmp_path / "clinic.backup")
    assert str(exc.value).startswith("pg_dump is not installed")
    assert "\n" not in str(exc.value)
    assert list(tmp_path.iterdir()) == []  # no half-written file left behind

"""`sciatica-pt serve`: migrate, collect static files, optionally load demo data, then run the
clinic web app under gunicorn (a production server, never `runserver`)."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys

from rich.console import Console
from rich.table import Table

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def prepare(host: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sciatica_pt.clinic.settings")
    if host in LOOPBACK and os.environ.get("SCIATICA_PT_HTTPS") != "1":
        # Plain HTTP on this machine only: browsers would drop Secure cookies.
        os.environ.setdefault("SCIATICA_PT_INSECURE_COOKIES", "1")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def load_demo(console: Console) -> None:
    from django.utils import timezone

    from sciatica_pt.clinic.services import demo

    table = Table(title="Demo logins")
    for column in ("role", "username", "password"):
        table.add_column(column)
    for login in demo.load(timezone.localdate()):
        table.add_row(login.role, login.username, login.password)
    console.print(table)


def default_workers() -> int:
    """One sync worker per core. gunicorn's usual starting point, 2 x cores + 1, was tried
    (a sync worker waits idle for the database during each statement and commit), but on the
    benchmark's 2-core machine, with the database and wrk on the same cores, five workers
    served fewer requests than two on both databases and SQLite's check-ins timed out under
    write contention (docs/benchmarks.md, 2026-12-08). A clinic whose database runs on
    another machine may want more: `--workers`."""
    return os.cpu_count() or 1


def gunicorn_argv(host: str, port: int, workers: int) -> list[str]:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    # No access log unless asked for (SCIATICA_PT_ACCESS_LOG=1: to standard output). Its
    # lines name patients by id in the URL, and writing them to /dev/null still cost every
    # request the formatting (2-3% of a worker's time, py-spy, 2026-12-07).
    asked = os.environ.get("SCIATICA_PT_ACCESS_LOG") == "1"
    access_log = ["--access-logfile", "-"] if asked else []
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "sciatica_pt.clinic.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        *access_log,
        "--timeout",
        "60",
    ]


def start_task_worker(console: Console) -> None:
    """The task runner (django-q2's cluster, queue and schedule in the database) beside the
    web server: it sends the reminders. SCIATICA_PT_TASK_WORKERS=0 leaves it to another
    process (`python -m django qcluster`, on one or more servers). Says where mail goes."""
    from sciatica_pt.notify.mail import where

    console.print(f"E-mail is {where()}")
    if os.environ.get("SCIATICA_PT_TASK_WORKERS", "1") == "0":
        return
    # Its own session, ended by SIGINT (its clean stop) when the server's process ends: a
    # SIGTERM to the whole group stops django-q2's sentinel under its main process.
    argv = [sys.executable, "-m", "django", "qcluster"]
    subprocess.Popen(argv, start_new_session=True, preexec_fn=_end_with_parent)
    console.print("Task runner started (reminders every minute)")


def _end_with_parent() -> None:
    """In the child: SIGINT when the parent process ends (Linux; elsewhere nothing)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGINT)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def serve(host: str, port: int, demo: bool, workers: int) -> int:
    console = Console()
    prepare(host)
    if demo:
        load_demo(console)
    start_task_worker(console)
    console.print(f"Serving Sciatica PT on http://{host}:{port} with {workers} gunicorn workers")
    argv = gunicorn_argv(host, port, workers)
    os.execv(argv[0], argv)
    return 0  # pragma: no cover - exec does not return

"""Per-request cost of the web benchmark's routes, in one process, without a server or wrk.

On a machine shared with other work, wall-clock load tests measure the neighbours; the CPU
time one request takes in the app's process (and, on SQLite, in the database, which runs in
the same process) is steadier. This times N requests of each route through Django's WSGI
handler, on the benchmark's own data (bench/web/seed.py: 2,000 patients, 200,000 check-ins),
and counts each route's queries.

Usage, with SCIATICA_PT_DATA_DIR (and DATABASE_URL for PostgreSQL) naming a seeded database:
    python bench/web/inprocess.py SECRETS.json [-n 300] [--profile ROUTE] [--sql ROUTE]
    valgrind --tool=callgrind --dump-before=getppid python bench/web/inprocess.py SECRETS.json \
        --callgrind -n 40
Seed one: `sciatica-pt serve`'s `prepare`, then `python bench/web/seed.py SECRETS.json`.

Figures: median and mean of the process's CPU time (`time.process_time`) and of wall time
per request. On PostgreSQL the server's own CPU is in another process and shows only in the
wall time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sciatica_pt.clinic.settings")
os.environ.setdefault("SCIATICA_PT_INSECURE_COOKIES", "1")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from run import CHECKIN  # noqa: E402  (bench/web/run.py: the bench's own check-in)


def session_cookie(username: str) -> str:
    """A session through the stock machinery (the bench logs in through the form)."""
    client = Client()
    # The backend that a login through the form records: the last one (axes's comes first).
    backend = settings.AUTHENTICATION_BACKENDS[-1]
    client.force_login(get_user_model().objects.get(username=username), backend=backend)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def environ(method: str, path: str, body: bytes = b"", **headers: str) -> dict[str, Any]:
    env = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/json",
    }
    env.update(headers)
    return env


def routes(secrets: dict[str, Any]) -> dict[str, Callable[[int], dict[str, Any]]]:
    """Each route's request number i as a WSGI environ, as the bench sends it."""
    patient = {"HTTP_AUTHORIZATION": f"Bearer {secrets['patient_token']}"}
    page = {"HTTP_COOKIE": session_cookie("bench-patient")}
    therapist = {"HTTP_COOKIE": session_cookie("bench-therapist")}
    loggers = secrets["checkin_tokens"]
    body = json.dumps({**CHECKIN, "day": django.utils.timezone.localdate().isoformat()}).encode()

    def checkin(i: int) -> dict[str, Any]:
        auth = f"Bearer {loggers[i % len(loggers)]}"
        return environ("POST", "/api/me/checkins", body, HTTP_AUTHORIZATION=auth)

    return {
        "api_program": lambda i: environ("GET", "/api/me/program", **patient),
        "program_page": lambda i: environ("GET", "/me/", **page),
        "patient_list": lambda i: environ("GET", "/patients/", **therapist),
        "checkin_post": checkin,
    }


def call(handler: WSGIHandler, env: dict[str, Any]) -> int:
    status: list[str] = []
    body = handler(env, lambda s, h, *a: status.append(s))
    b"".join(body)
    body.close()
    return int(status[0].split()[0])


def measure(handler: WSGIHandler, make: Callable[[int], dict[str, Any]], n: int) -> dict[str, Any]:
    for i in range(min(20, n)):  # warm: imports, templates, connections
        assert call(handler, make(i)) < 300
    queries: list[str] = []
    with connection.execute_wrapper(lambda run, sql, *a: queries.append(sql) or run(sql, *a)):
        call(handler, make(n))
    cpu, wall = [], []
    for i in range(n):
        env = make(i)
        c0, w0 = time.process_time(), time.perf_counter()
        code = call(handler, env)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
        assert code < 300, code
    return {
        "queries": len(queries),
        "cpu_median_ms": round(statistics.median(cpu), 2),
        "cpu_mean_ms": round(statistics.fmean(cpu), 2),
        "wall_median_ms": round(statistics.median(wall), 2),
        "wall_mean_ms": round(statistics.fmean(wall), 2),
    }


def profile(handler: WSGIHandler, make: Callable[[int], dict[str, Any]], n: int) -> str:
    for i in range(20):
        call(handler, make(i))
    prof = cProfile.Profile()
    prof.enable()
    for i in range(n):
        call(handler, make(i))
    prof.disable()
    if dump := os.environ.get("PROFILE_DUMP"):
        prof.dump_stats(dump)
    out = io.StringIO()
    order = os.environ.get("PROFILE_SORT", "cumulative")
    pstats.Stats(prof, stream=out).sort_stats(order).print_stats(45)
    return out.getvalue()


def counted_under_callgrind(
    handler: WSGIHandler, made: dict[str, Callable[[int], dict[str, Any]]], n: int
) -> None:
    """Each route warmed, then n requests between two calls of getppid(2), for
    `valgrind --tool=callgrind --dump-before=getppid python inprocess.py SECRETS --callgrind`:
    dumps 2, 4, 6 and 8 (`callgrind.out.N`, their `totals:`) hold n requests of each route in
    turn. Instruction counts do not move with the machine's load."""
    for make in made.values():
        for i in range(20):
            call(handler, make(i))
        os.getppid()  # a dump: what came before
        for i in range(n):
            call(handler, make(i))
        os.getppid()  # a dump: the n requests of this route


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("secrets")
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--only", default="", help="comma-separated routes")
    parser.add_argument("--profile", default="", help="a route: cProfile it instead")
    parser.add_argument("--callgrind", action="store_true", help="see counted_under_callgrind")
    parser.add_argument("--sql", default="", help="a route: print its statements instead")
    args = parser.parse_args(argv)
    with open(args.secrets) as f:
        made = routes(json.load(f))
    handler = WSGIHandler()
    if args.callgrind:
        counted_under_callgrind(handler, made, args.n)
        return
    if args.sql:
        call(handler, made[args.sql](0))
        with connection.execute_wrapper(lambda run, sql, *a: print(sql, a[0]) or run(sql, *a)):
            call(handler, made[args.sql](1))
        return
    if args.profile:
        print(profile(handler, made[args.profile], args.n))
        return
    chosen = args.only.split(",") if args.only else list(made)
    print(f"{connection.vendor}, {args.n} requests each, load {os.getloadavg()[0]:.1f}")
    for name in chosen:
        print(name, json.dumps(measure(handler, made[name], args.n)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

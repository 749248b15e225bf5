"""Web benchmark: wrk on loopback against `sciatica-pt serve` (gunicorn, its default sync
workers: one per core),
with a hello-world view on the same server as the baseline (only in the benchmark's own
settings, `bench_settings` and `bench_urls` here), on SQLite and PostgreSQL.

Usage: python bench/web/run.py [--db sqlite,postgres] [--seconds 6] [--rounds 3] [--connections 32]
Results: printed, saved to bench/web/results.json and written to docs/benchmarks.md ("Web").

The program API, the program page and the check-in POST run in paired rounds: hello-world,
then the row, `--rounds` times, and each is reported as the median of its shares of
hello-world. The targets are latencies and correctness (issue 18); a share is reported, never
judged. `--smoke` runs each row once for one second on SQLite, to show that it all runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sciatica_pt.commands.serve import default_workers

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgresql://postgres@127.0.0.1:5432/sciatica_pt_bench"
WRK_MISSING = "make bench needs wrk, which is not installed: run `apt-get install wrk`."
CHECKIN = {  # the check-in every POST sends (with today's date)
    "back_pain_nrs": 3,
    "leg_pain_nrs": 4,
    "pain_during": "same",
    "next_morning": "same",
    "leg_symptoms": "same",
    "new_numbness": False,
    "new_weakness": False,
    "both_legs": False,
    "saddle_numbness": False,
    "bladder_bowel_change": False,
    "sexual_change": False,
}
TARGETS = {  # issue 18: reported as a share of hello-world (paired), and latency limits
    "api_program": (True, "p99_ms", 100),
    "program_page": (True, "p99_ms", 100),
    "checkin_post": (True, None, None),  # from 32 patients, one per connection
    "checkin_one_patient": (False, None, None),  # one patient's writes serialize: a stress row
    "patient_list": (False, "p95_ms", 150),
}


def environment(db: str, data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "SCIATICA_PT_DATA_DIR": str(data_dir), "SCIATICA_PT_SECRET_KEY": "bench"}
    env["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")]))
    env.pop("DATABASE_URL", None)
    if db == "postgres":
        env["DATABASE_URL"] = PG_BENCH
    return env


def fresh_postgres() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS sciatica_pt_bench")
        conn.execute("CREATE DATABASE sciatica_pt_bench")


def django_script(code: str, env: dict[str, str]) -> str:
    prefix = (
        "import django, os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'sciatica_pt.clinic.settings')\n"
        "django.setup()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", prefix + code], env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    cmd = [
        str(BIN / "sciatica-pt"),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]  # serve's default workers: the benchmark measures the configuration a clinic runs
    server = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    for _ in range(120):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/hello/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not start")


def login(port: int, username: str, password: str) -> tuple[str, str]:
    """A session cookie and CSRF token, through the real login form."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/login/")
    response = conn.getresponse()
    html = response.read().decode()
    csrf = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"}
    conn.request("POST", "/login/", form, headers)
    response = conn.getresponse()
    response.read()
    cookies = dict(
        re.findall(
            r"(sessionid|csrftoken)=([^;]+)",
            ", ".join(response.headers.get_all("Set-Cookie") or []),
        )
    )
    return (
        f"sessionid={cookies['sessionid']}; csrftoken={cookies.get('csrftoken', csrf)}",
        cookies.get("csrftoken", csrf),
    )


def wrk(port: int, path: str, seconds: int, connections: int, **env: str) -> dict[str, float]:
    cmd = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "-s",
        str(HERE / "report.lua"),
        f"http://127.0.0.1:{port}{path}",
    ]
    out = subprocess.run(
        cmd, env={**os.environ, **env}, check=True, capture_output=True, text=True
    ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    figures["rps"] = round(figures["requests"] / figures["seconds"], 1)
    return figures


def checkin_count(env: dict[str, str]) -> int:
    code = (
        "from sciatica_pt.clinic.models import CheckIn\n"
        "print(CheckIn.objects.filter(patient__user__username__startswith='bench-').count())"
    )
    return int(django_script(code, env))


def run_db(
    db: str, seconds: int, connections: int, port: int, rounds: int
) -> dict[str, dict[str, Any]]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"sciatica-bench-{db}-"))
    env = environment(db, data_dir)
    if db == "postgres":
        fresh_postgres()
    django_script("from sciatica_pt.commands.serve import prepare; prepare('127.0.0.1')", env)
    secrets = data_dir / "bench.json"
    subprocess.run([sys.executable, str(HERE / "seed.py"), str(secrets)], env=env, check=True)
    tokens = json.loads(secrets.read_text())
    server = start_server({**env, "SCIATICA_PT_INSECURE_COOKIES": "1"}, port)
    try:
        return measure(env, tokens, seconds, connections, port, data_dir, rounds)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)


def measure(env, tokens, seconds, connections, port, data_dir, rounds) -> dict[str, dict[str, Any]]:
    patient_cookie, _ = login(port, "bench-patient", tokens["password"])
    therapist_cookie, _ = login(port, "bench-therapist", tokens["password"])
    body = data_dir / "checkin.json"
    today = dt.datetime.now(dt.UTC).date().isoformat()  # the server's today
    body.write_text(json.dumps({"day": today, **CHECKIN}))
    patient_auth = f"Bearer {tokens['patient_token']}"
    run = Rounds(port, seconds, connections, rounds)
    results = {
        "api_program": run.paired("/api/me/program", AUTH=patient_auth),
        "program_page": run.paired("/me/", COOKIE=patient_cookie),
    }
    many = ",".join(tokens["checkin_tokens"])
    for name, auth in (("checkin_post", {"TOKENS": many}), ("checkin_one_patient", {})):
        before = checkin_count(env)
        post_env = {"AUTH": patient_auth, "BODY_FILE": str(body), **auth}
        if TARGETS[name][0]:
            results[name] = post = run.paired("/api/me/checkins", **post_env)
        else:
            results[name] = post = run.once("/api/me/checkins", **post_env)
        post["stored"] = checkin_count(env) - before
    results["patient_list"] = run.once("/patients/", COOKIE=therapist_cookie)
    return {"hello": run.hello(), **results}


class Rounds:
    """wrk runs against one server: paired rounds (hello-world, then the row) for the rows
    with a share target, one run for the others; every hello-world run is kept."""

    def __init__(self, port: int, seconds: int, connections: int, rounds: int) -> None:
        self.port, self.seconds, self.connections, self.rounds = port, seconds, connections, rounds
        self.hellos: list[dict[str, float]] = []

    def once(self, path: str, **env: str) -> dict[str, Any]:
        figures: dict[str, Any] = wrk(self.port, path, self.seconds, self.connections, **env)
        figures["acknowledged"] = figures["requests"] - figures["non2xx"]
        return figures

    def paired(self, path: str, **env: str) -> dict[str, Any]:
        """The round with the median share, with every round's share and the sums of the
        rounds' requests and errors (every acknowledged request of every round counts)."""
        trials = []
        for _ in range(self.rounds):
            hello = wrk(self.port, "/hello/", self.seconds, self.connections)
            self.hellos.append(hello)
            row = self.once(path, **env)
            row["share"] = row["rps"] / hello["rps"]
            trials.append(row)
        trials.sort(key=lambda r: r["share"])
        median = dict(trials[len(trials) // 2])
        median["shares"] = [round(t["share"], 4) for t in trials]
        for key in ("requests", "non2xx", "socket_errors", "acknowledged"):
            median[f"{key}_all_rounds"] = sum(t[key] for t in trials)
        return median

    def hello(self) -> dict[str, Any]:
        """The median hello-world run, with every run's rate."""
        runs = sorted(self.hellos, key=lambda r: r["rps"])
        return {**runs[len(runs) // 2], "all_rps": [r["rps"] for r in runs]}


def verdicts(results: dict[str, dict[str, Any]]) -> dict[str, str]:
    out = {}
    for name, (paired, metric, limit) in TARGETS.items():
        r, notes = results[name], []
        if paired:
            low, high = min(r["shares"]), max(r["shares"])
            notes.append(
                f"{r['share']:.1%} of hello, median of {len(r['shares'])} paired rounds "
                f"({low:.1%}-{high:.1%})"
            )
        if metric is not None:
            notes.append(
                f"{metric} {r[metric]:.1f} ms "
                f"({'meets' if r[metric] < limit else 'ABOVE'} {limit} ms)"
            )
        if name.startswith("checkin"):
            errors = r.get("non2xx_all_rounds", r["non2xx"])
            broken = r.get("socket_errors_all_rounds", r["socket_errors"])
            acknowledged = r.get("acknowledged_all_rounds", r["acknowledged"])
            ok = errors == 0 and broken == 0 and r["stored"] >= acknowledged
            notes.append(
                f"{errors} errors, {r['stored']} stored >= {acknowledged} "
                f"acknowledged: {'yes' if ok else 'NO'}"
            )
        out[name] = "; ".join(notes)
    return out


def machine() -> str:
    """Date, cores, CPU model and load: the figures mean little without them."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    load = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    day = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return f"{day}, {os.cpu_count()} cores, {cpu}, load average {load} at the end"


def markdown(
    all_results: dict[str, dict[str, dict[str, Any]]], seconds: int, connections: int, rounds: int
) -> str:
    lines = [
        "## Web",
        "",
        f"`make bench` (bench/web/run.py): wrk, 2 threads, {connections} connections, "
        f"{seconds} s per run, on loopback against `sciatica-pt serve` (gunicorn, "
        f"{default_workers()} sync workers, serve's default) on this {os.cpu_count()}-core "
        "machine, shared with other work. Data: 2,000 patients and "
        "200,000 check-ins in one clinic. "
        "The hello-world view (the benchmark's own URLs) runs on the same server, settings and "
        f"middleware in the same run: the program API, page and check-in run in {rounds} paired "
        "rounds (hello-world, then the row), and each line shows the round with the median "
        "share; the hello-world line is the median of all its runs. The targets are the "
        "latencies and the check-ins' correctness; shares are reported, not judged.",
        "",
        f"Run on {machine()}.",
        "",
    ]
    for db, results in all_results.items():
        lines += [
            f"### {db}",
            "",
            "| run | req/s | p50 ms | p95 ms | p99 ms | non-2xx | verdict |",
            "|---|---|---|---|---|---|---|",
        ]
        judged = verdicts(results)
        hellos = results["hello"]["all_rps"]
        judged["hello"] = (
            f"baseline: median of {len(hellos)} runs ({min(hellos):,.0f}-{max(hellos):,.0f} req/s)"
        )
        for name, r in results.items():
            lines.append(
                f"| {name} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} "
                f"| {r['non2xx']} | {judged[name]} |"
            )
        lines.append("")
    return "\n".join([*lines, READING])


READING = """Reading these figures: the machine may be shared with other work (see the load
average), so the hello-world baseline moves from run to run; each share is against the
hello-world run made just before it (every round's share is in `bench/web/results.json`,
`shares`). A row's errors and stored check-ins count every round. The correctness target holds
when the verdict says "yes" (no errors, and every acknowledged check-in is stored; the store
count can exceed the acknowledged count because wrk stops counting requests still in flight).

What each request costs, in plain Django (issue 18): the program API and page read the user
and their role, the current program with its items (`prefetch_related`) and write the read's
audit row; the page also reads the session. The check-in POST locks the program
(`select_for_update`; on SQLite the IMMEDIATE transaction), reads the last check-in, inserts
the check-in, runs the follow-up engine's `review` once over the program's check-ins with every
outcome score, stores the items, the review and the alerts, and writes the audit row, in one
transaction. `checkin_post` spreads the posts over 32 patients (a clinic's load);
`checkin_one_patient` sends them all for one patient, whose writes serialize on the program's
lock (a stress row, no target). The patient list is one query ordered by the most severe open
alert and an annotation for "stopped logging".
"""


def write_doc(section: str) -> None:
    """Replace the "## Web" section (up to the next "## " heading), or append it."""
    doc = ROOT / "docs" / "benchmarks.md"
    doc.parent.mkdir(exist_ok=True)
    text = doc.read_text() if doc.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Web\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section.rstrip() + "\n\n", text)
    else:
        text = text.rstrip() + "\n\n" + section.rstrip() + "\n"
    doc.write_text(text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--smoke", action="store_true", help="1 s, 1 round, SQLite, no doc")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit(WRK_MISSING)
    if args.smoke:
        args.db, args.seconds, args.rounds, args.connections = "sqlite", 1, 1, 4
        os.environ["SCIATICA_PT_BENCH_SMALL"] = "1"
    if args.rounds < 1 or args.rounds % 2 == 0:
        parser.error("--rounds: an odd number, so that the median is one of the rounds")
    results = {
        db: run_db(db, args.seconds, args.connections, args.port, args.rounds)
        for db in args.db.split(",")
    }
    section = markdown(
        {{"sqlite": "SQLite (WAL)", "postgres": "PostgreSQL"}[k]: v for k, v in results.items()},
        args.seconds,
        args.connections,
        args.rounds,
    )
    print(section)
    if not args.smoke:
        (HERE / "results.json").write_text(json.dumps(results, indent=2))
        write_doc(section)


if __name__ == "__main__":
    main()

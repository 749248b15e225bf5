"""`make bench`: run the benchmarks and record them in docs/benchmarks.md."""

from __future__ import annotations

import datetime
import os
import pathlib
import platform
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import bench_assess

DOC = pathlib.Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
SECTION = "## Assessment engine"
TARGET_RATE = bench_assess.THROUGHPUT_TARGET
TARGET_MS = bench_assess.WALL_TARGET_MS


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = ", load average {:.2f} {:.2f} {:.2f} at the start".format(*os.getloadavg())
    return f"{os.cpu_count()} cores (nproc), {cpu}, Python {platform.python_version()}{load}"


def section(f: dict[str, float], where: str) -> str:
    day = datetime.date.today().isoformat()  # adapters may read the clock; the core never does
    per_s, wall = f["assess_per_s"], f["assess_json_median_ms"]
    rows = [
        (
            "`assess(a, kb)` per second",
            f"{per_s:.0f}",
            _target(per_s >= TARGET_RATE, TARGET_RATE, "≥"),
        ),
        (
            "`assess(a, kb)` per CPU second (process time)",
            f"{f['assess_per_cpu_s']:.0f}",
            _target(f["assess_per_cpu_s"] >= TARGET_RATE, TARGET_RATE, "≥"),
        ),
        (
            "`assess(a, kb)` per CPU second, notes read afresh each time",
            f"{f['assess_per_cpu_s_notes_afresh']:.0f}",
            "",
        ),
        ("`parse_assessment` + `assess` per second", f"{f['parse_and_assess_per_s']:.0f}", ""),
        ("`parse_assessment` alone per second (baseline)", f"{f['parse_per_s']:.0f}", ""),
        (
            "`sciatica-pt assess FILE --format json`, median ms",
            f"{wall:.0f} (best {f['assess_json_best_ms']:.0f})",
            _target(wall < TARGET_MS, TARGET_MS, "<"),
        ),
        (
            "`sciatica-pt assess FILE` (text, imports Rich), median ms",
            f"{f['assess_text_median_ms']:.0f}",
            "",
        ),
        ("`python -c pass`, median ms (baseline)", f"{f['python_pass_median_ms']:.0f}", ""),
    ]
    table = "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    return f"""{SECTION}

Measured {day} on {where}, by `make bench` (bench/bench_assess.py), over the 8 files in
examples/, each varied 20 ways in time budget and equipment (160 distinct assessments).
Throughput is one process on one core, best of five rounds, by wall clock and by the
process's CPU time; wall times are medians of 15 runs with the knowledge-base cache warm.

| Figure | Value | Target |
|---|---|---|
{table}

The machine is shared with other work, so figures move between runs; compare each figure
with its baseline from the same run.

What the engine remembers between assessments (all bounded, all pure functions of small
pieces that recur from patient to patient; nothing is keyed on a whole assessment or on the
selection's full input, so every assessment is screened, classified and planned, and every
home program is searched):
- per knowledge base (`core.catalog`): items by id and by name, the rules covering each item,
  the first item of each class, the fitting home exercises per (stage, irritability,
  direction, lateral shift, equipment), and each item's view for the selection;
- per set of known facts (`core.safety`): which rules can apply and which items they touch;
- per set of selection weights (`core.selection_bounds`): the bit of each target, the coverage
  of every target mask, and the mask of each target set;
- per notes text (`core.notes.read_notes`, older than this benchmark's target): the reading
  of the free text. The benchmark's 160 assessments share their examples' notes, so this one
  is hit; the row "notes read afresh each time" shows the engine without it.
"""


def _target(met: bool, value: int, sign: str) -> str:
    return f"{sign} {value} ({'met' if met else 'missed'})"


def write(text: str) -> None:
    old = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = (
        pattern.sub(lambda _: text + "\n", old)
        if pattern.search(old)
        else old.rstrip() + "\n\n" + text
    )
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    where = machine()
    write(section(bench_assess.main(), where))
    print(f"wrote {DOC}")
    # The web benchmark (wrk against `sciatica-pt serve`) writes its own "## Web" section.
    import subprocess

    web = pathlib.Path(__file__).resolve().parent / "web" / "run.py"
    # Its own message says what went wrong (wrk missing: what to install), in one line.
    sys.exit(subprocess.run([sys.executable, str(web), *sys.argv[1:]], check=False).returncode)

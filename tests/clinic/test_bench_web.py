"""The web benchmark runs on a fresh machine: its hello-world baseline lives only in its own
settings, and without wrk it says in one line what to install."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

BENCH = Path(__file__).parents[2] / "bench" / "web"


@pytest.fixture
def bench_on_path(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))


def test_production_serves_no_hello_world(db):
    assert Client().get("/hello/").status_code == 404


def test_the_benchmarks_own_urls_serve_hello_world_beside_the_clinic(db, bench_on_path):
    import bench_settings

    assert bench_settings.ROOT_URLCONF == "bench_urls"
    with override_settings(ROOT_URLCONF="bench_urls"):
        client = Client()
        assert client.get("/hello/").content == b"hello"
        assert client.get("/login/").status_code == 200


def test_without_wrk_the_benchmark_says_what_to_install_in_one_line():
    run = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--smoke"],
        env={"PATH": "/nonexistent"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        "make bench needs wrk, which is not installed: run `apt-get install wrk`."
    ]

"""No double booking, ever: twenty requests for one slot at once, exactly one wins. Run on
SQLite by default and on PostgreSQL with TEST_DATABASE_URL."""

from __future__ import annotations

import itertools
import json
import os
import threading

import pytest
from django.db import connection

from sciatica_pt.visits.models import HeldCell, Visit
from tests.visits.conftest import at, visit_type, working_day

pytestmark = pytest.mark.django_db(transaction=True)
RACERS = 20


def _race(clients, body):
    start = threading.Barrier(len(clients))
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def run(client):
        try:
            start.wait()
            answer = client.post("/api/visits/", json.dumps(body), "application/json")
            with lock:
                answers.append((answer.status_code, answer.content.decode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def test_twenty_requests_for_one_slot_book_it_exactly_once(visits_world):
    w, day = visits_world, working_day()
    body = {
        "therapist": w.tess_profile.pk,
        "visit_type": visit_type(w).pk,
        "start": at(day, 10).isoformat(),
        "patient": w.patient_a.pk,
    }
    who = ["therapist", "therapist2", "admin", "patient_a_user"] * (RACERS // 4)
    clients = [w.client(name) for name in who]
    answers = _race(clients, {**body})
    codes = sorted(code for code, _ in answers)
    assert len(answers) == RACERS
    assert codes == [201] + [409] * (RACERS - 1), answers
    assert all("booked by someone else" in text for code, text in answers if code == 409)
    assert Visit.objects.filter(therapist=w.therapist.membership).count() == 1
    assert HeldCell.objects.count() == 2


def test_twenty_overlapping_requests_of_different_lengths_leave_no_overlap(visits_world):
    w, day = visits_world, working_day()
    starts = [at(day, 10), at(day, 10, 15), at(day, 10, 30), at(day, 9, 45)]
    who = ["therapist", "therapist2", "admin", "patient_a_user"]
    clients, bodies = [], []
    for i in range(RACERS):
        clients.append(w.client(who[i % 4]))
        bodies.append(starts[i % 4])
    kind = visit_type(w).pk
    barrier = threading.Barrier(RACERS)
    codes: list[int] = []

    def run(client, start):
        try:
            barrier.wait()
            body = {
                "therapist": w.tess_profile.pk,
                "visit_type": kind,
                "start": start.isoformat(),
                "patient": w.patient_a.pk,
            }
            codes.append(
                client.post("/api/visits/", json.dumps(body), "application/json").status_code
            )
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=pair) for pair in zip(clients, bodies, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert set(codes) <= {201, 409} and codes.count(201) >= 1
    visits = sorted(Visit.objects.all(), key=lambda v: v.start)
    for before, after in itertools.pairwise(visits):
        assert before.end <= after.start


def test_the_race_runs_on_the_database_it_was_asked_to():
    """`TEST_DATABASE_URL=postgresql://...` must race on PostgreSQL, not quietly on SQLite."""
    asked = os.environ.get("TEST_DATABASE_URL", "")
    assert connection.vendor == ("postgresql" if asked.startswith("postgres") else "sqlite")

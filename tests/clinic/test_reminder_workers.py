"""The reminders' no-double-send guarantee with the real task runner: two django-q2 clusters
(two "app servers") drain one queue in the database, into which the reminders job was put
several times (as several servers' schedules could), and every reminder reaches the SMTP
server on loopback exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django_q.models import OrmQ, Schedule, Success
from django_q.tasks import async_task

from sciatica_pt.clinic.models import Patient
from sciatica_pt.notify import reminders
from sciatica_pt.notify.models import SentReminder
from tests.clinic.smtp_server import running_inbox
from tests.clinic.test_mail import at

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
PATIENTS = 6
RUNS = 4


@pytest.fixture
def smtp_inbox(settings):
    yield from running_inbox(settings)


def cluster(settings, tmp_path: Path, n: int) -> subprocess.Popen[bytes]:
    db = {
        k: v
        for k, v in connection.settings_dict.items()
        if k in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.clinic.worker_settings",
        "SCIATICA_PT_TEST_WORKER_DB": json.dumps(db),
        "SCIATICA_PT_SECRET_KEY": settings.SECRET_KEY,  # the queue's packages are signed with it
        "SCIATICA_PT_DATA_DIR": str(tmp_path / f"server{n}"),
        "SCIATICA_PT_EMAIL_HOST": settings.EMAIL_HOST,
        "SCIATICA_PT_EMAIL_PORT": str(settings.EMAIL_PORT),
        "SCIATICA_PT_EMAIL_TLS": "0",
        "SCIATICA_PT_EMAIL_SSL": "0",
        "SCIATICA_PT_TASK_WORKERS": "2",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "django", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def drain_with_two_clusters(settings, tmp_path: Path, runs: int) -> None:
    """Start two clusters, wait until they have run `runs` queued tasks, stop them."""
    servers = [cluster(settings, tmp_path, n) for n in (1, 2)]
    try:
        deadline = time.monotonic() + 90
        while Success.objects.count() < runs and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
    assert Success.objects.count() == runs, "the clusters did not drain the queue"


def test_two_workers_draining_one_queue_send_each_reminder_once(
    world, smtp_inbox, settings, tmp_path
):
    Schedule.objects.all().delete()  # only the runs queued below: no clock in this test
    patients = [world.patient_b] + [
        Patient.objects.create(clinic=world.clinic, display_name=f"P{n}")
        for n in range(1, PATIENTS)
    ]
    for n, patient in enumerate(patients):
        if patient.user is None:
            user = get_user_model().objects.create_user(f"p{n}", password="a-long-test-password")
            Patient.objects.filter(pk=patient.pk).update(user=user)
            patient.refresh_from_db()
            patient.programs.create(status="active", started_on=at(9).date())
        patient.user.email = f"p{n}@example.org"
        patient.user.save()
        reminders.choose(None, patient.user, True, "09:00")
    for _ in range(RUNS):
        async_task(reminders.JOB, at(10))
    assert OrmQ.objects.count() == RUNS

    drain_with_two_clusters(settings, tmp_path, RUNS)
    assert sum(task.result for task in Success.objects.all()) == PATIENTS
    received = Counter(str(m["To"]) for m in smtp_inbox.messages)
    assert received == Counter(f"p{n}@example.org" for n in range(PATIENTS))
    assert SentReminder.objects.count() == PATIENTS

"""The day-before visit reminder is sent exactly once with the real task runner: two django-q2
clusters (two "app servers") drain one queue in the database into which the visit mails' job
was put several times, and each patient's reminder reaches the SMTP server on loopback once."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_q.models import OrmQ, Schedule, Success
from django_q.tasks import async_task

from sciatica_pt.clinic.models import Patient
from sciatica_pt.visits.models import MailKind, VisitMail
from sciatica_pt.visits.services import booking, mails
from tests.clinic.smtp_server import running_inbox
from tests.clinic.test_reminder_workers import drain_with_two_clusters
from tests.visits.conftest import at, visit_type, working_day

pytestmark = pytest.mark.django_db(transaction=True)
PATIENTS = 5
RUNS = 4


@pytest.fixture
def smtp_inbox(settings):
    yield from running_inbox(settings)


def test_two_workers_draining_one_queue_send_each_visit_reminder_once(
    visits_world, smtp_inbox, settings, tmp_path
):
    w, day = visits_world, working_day(4)
    Schedule.objects.all().delete()  # only the runs queued below: no clock in this test
    for n in range(PATIENTS):
        user = get_user_model().objects.create_user(f"v{n}", password="a-long-test-password")
        user.email = f"v{n}@example.org"
        user.save()
        patient = Patient.objects.create(clinic=w.clinic, display_name=f"V{n}", user=user)
        booking.book(
            None,
            w.therapist,
            patient,
            w.tess_profile,
            visit_type(w),
            at(day, 10 + n),
            timezone.now(),
        )
    confirmations = len(smtp_inbox.messages)
    assert confirmations == PATIENTS  # sent on commit (tess has no address here)
    evening_before = at(day - dt.timedelta(days=1), 18, 30)
    for _ in range(RUNS):
        async_task(mails.JOB, evening_before)
    assert OrmQ.objects.count() == RUNS

    drain_with_two_clusters(settings, tmp_path, RUNS)
    assert sum(task.result for task in Success.objects.all()) == PATIENTS
    reminders = [m for m in smtp_inbox.messages if "reminder" in m["Subject"]]
    assert Counter(str(m["To"]) for m in reminders) == Counter(
        f"v{n}@example.org" for n in range(PATIENTS)
    )
    assert VisitMail.objects.filter(kind=MailKind.REMINDER, state="sent").count() == PATIENTS

"""Reminders: at the local time each patient chooses, never in quiet hours, for the home
program (and, through `questionnaire_sources`, for questionnaires that are due), each with a
one-click unsubscribe link that needs no login.

`send_due_reminders` is the scheduled job (django-q2, every minute, `ensure_schedule`). Any
number of workers on any number of servers may run it at once: a reminder is sent only by
the worker whose `SentReminder` row (unique on patient, day and kind) was written, and that
row and the mail stand or fall together."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from sciatica_pt.clinic.models import Patient, ProgramStatus
from sciatica_pt.clinic.permissions import require_patient_self
from sciatica_pt.clinic.services import daily_reminder
from sciatica_pt.clinic.services.daily_reminder import DEFAULT_REMINDER, is_quiet
from sciatica_pt.notify import mail, notifications
from sciatica_pt.notify.models import ReminderKind, ReminderSettings, SentReminder

log = logging.getLogger("sciatica_pt.notify")

JOB = "sciatica_pt.notify.reminders.send_due_reminders"
UNSUBSCRIBE_SALT = "sciatica_pt.notify.unsubscribe"
DOING = (ProgramStatus.ACTIVE, ProgramStatus.PROVISIONAL)

# The questionnaires helper's hook: each source answers "which instruments does this patient
# owe on this day?" (names for the mail); any answer sends one questionnaire reminder.
QuestionnaireSource = Callable[[Patient, dt.date], list[str]]
questionnaire_sources: list[QuestionnaireSource] = []


@transaction.atomic
def choose(
    request: HttpRequest | None,
    user: Any,
    enabled: bool,
    raw_time: str,
    field: str = "reminder_time",
) -> ReminderSettings:
    """The patient's choice from the Reminders page or the API: e-mails on or off, and the
    one daily reminder time (the same service and check as Today's form)."""
    patient = require_patient_self(user)
    daily_reminder.set_reminder_time(request, user, raw_time, field)
    found, _ = ReminderSettings.objects.update_or_create(
        patient=patient, defaults={"enabled": enabled}
    )
    return found


def unsubscribe_token(patient: Patient) -> str:
    return signing.dumps(patient.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe(token: str) -> Patient | None:
    """Turn reminders off for the patient the signed token names; None for a bad token."""
    try:
        patient_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    patient = Patient.objects.filter(pk=patient_id).first()
    if patient is not None:
        ReminderSettings.objects.update_or_create(patient=patient, defaults={"enabled": False})
    return patient


def due(now: dt.datetime, kind: ReminderKind = ReminderKind.PROGRAM) -> list[ReminderSettings]:
    """Patients whose reminder time (`Patient.reminder_time`) has come today, who are doing a
    program, have an active login with an address and were not sent this kind of reminder
    today; for the program's reminder, who have not logged a session today either (a
    questionnaire is still owed)."""
    local = timezone.localtime(now)
    sent = SentReminder.objects.filter(patient=OuterRef("patient"), day=local.date(), kind=kind)
    come = Q(patient__reminder_time__lte=local.time())
    if local.time() >= DEFAULT_REMINDER:  # not chosen: the default time
        come |= Q(patient__reminder_time__isnull=True)
    found = (
        ReminderSettings.objects.filter(
            come,
            enabled=True,
            patient__discharged_on__isnull=True,
            patient__user__is_active=True,
            patient__programs__is_current=True,
            patient__programs__status__in=DOING,
        )
        .exclude(patient__user__email="")
        .exclude(Exists(sent))
        .select_related("patient__user")
        .order_by("patient_id")
    )
    if kind == ReminderKind.PROGRAM:
        found = found.exclude(patient__last_checkin_on=local.date())  # did today's session
    return list(found)


def send_due_reminders(now: dt.datetime | None = None) -> int:
    """The scheduled job; the number of reminders this run sent. Nothing in quiet hours."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if is_quiet(local.time()):
        return 0
    sent = 0
    for choice in due(now):
        sent += send_one(choice.patient, local.date(), ReminderKind.PROGRAM)
    if questionnaire_sources:
        for choice in due(now, ReminderKind.QUESTIONNAIRE):
            names = owed(choice.patient, local.date())
            if names:
                sent += send_one(choice.patient, local.date(), ReminderKind.QUESTIONNAIRE, names)
    return sent


def owed(patient: Patient, day: dt.date) -> list[str]:
    """The questionnaires the patient owes on `day`, by name, from every source."""
    return [name for source in questionnaire_sources for name in source(patient, day)]


def send_one(patient: Patient, day: dt.date, kind: ReminderKind, names: Sequence[str] = ()) -> bool:
    """Send one reminder unless it was sent (by anyone) already. The row is written first: a
    second worker waits on it and then finds it taken; a failed send undoes the row, so the
    next run tries again."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(patient=patient, day=day, kind=kind)
            _deliver(patient, kind, names)
    except IntegrityError:
        return False
    except OSError:
        log.exception("reminder not sent; retried on the next run")
        return False
    return True


def _deliver(patient: Patient, kind: ReminderKind, names: Sequence[str] = ()) -> None:
    user: Any = patient.user
    stop = mail.absolute(reverse("reminders_stop", args=[unsubscribe_token(patient)]))
    page = "my_program" if kind == ReminderKind.PROGRAM else "my_questionnaires"
    text = (
        "Time for your home exercises: your program is waiting."
        if kind == ReminderKind.PROGRAM
        else "Questions from your physiotherapist are waiting for you: "
        f"{', '.join(names) or 'a questionnaire'}. They take a minute or two."
    )
    notifications.add(user, f"reminder.{kind}", text, reverse(page))
    mail.send(
        user.email,
        "reminder",
        {"text": text, "link": mail.absolute(reverse(page)), "stop": stop},
        headers={
            "List-Unsubscribe": f"<{stop}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def ensure_schedule() -> None:
    """The job runs every minute on whichever worker takes it (one schedule row)."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name="sciatica-pt reminders",
        defaults={"func": JOB, "schedule_type": Schedule.MINUTES, "minutes": 1, "repeats": -1},
    )

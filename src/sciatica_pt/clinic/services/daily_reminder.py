"""The patient's one daily reminder: one time of day, chosen on Today or under Reminders
(the same service and the same check), at which both the reminder e-mail
(`notify.reminders`) goes out and the calendar file's alarm (`services.downloads.calendar`)
rings. Stored as `Patient.reminder_time`; 18:00 until the patient chooses.

Quiet hours (`SCIATICA_PT_QUIET_HOURS`) are refused for the time itself, not only for the
e-mail: with one time for both, a calendar alarm allowed at 07:30 would ring at 07:30 while
the e-mail waited for the end of the quiet hours, and the two would part again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import Patient
from sciatica_pt.clinic.permissions import require_patient_self
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.reports.calendar import REMINDER_AT

DEFAULT_REMINDER = REMINDER_AT  # the reminder's time until the patient chooses


def reminder_time(patient: Patient) -> dt.time:
    return patient.reminder_time or DEFAULT_REMINDER


def quiet_hours() -> tuple[dt.time, dt.time]:
    start, _, end = settings.SCIATICA_PT_QUIET_HOURS.partition("-")
    return dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())


def is_quiet(at: dt.time) -> bool:
    start, end = quiet_hours()
    if start <= end:
        return start <= at < end
    return at >= start or at < end  # wraps past midnight


def allowed_hours() -> str:
    """The times a patient may choose, in words: from the end of the quiet hours to the last
    minute before they start."""
    start, end = quiet_hours()
    last = dt.datetime.combine(dt.date(2000, 1, 2), start) - dt.timedelta(minutes=1)
    return f"from {end:%H:%M} to {last:%H:%M}"


def parse(raw: str, field: str = "reminder_time") -> dt.time:
    """A time of day ("HH:MM", or "HH:MM:SS" with no seconds' fraction) outside the quiet
    hours; anything else is refused, naming `field`."""
    text = raw.strip()
    try:
        chosen = dt.time.fromisoformat(text)
    except ValueError:
        chosen = None
    if chosen is None or len(text) not in (5, 8) or chosen.microsecond or chosen.tzinfo:
        raise InvalidInput([f"{field}: {raw[:20]!r} is not a time of day such as 18:00"])
    chosen = chosen.replace(second=0)
    if is_quiet(chosen):
        start, end = quiet_hours()
        raise InvalidInput(
            [
                f"{field}: {chosen:%H:%M} is in the quiet hours ({start:%H:%M} to {end:%H:%M}), "
                f"when no reminder is sent; choose a time {allowed_hours()}"
            ]
        )
    return chosen


@transaction.atomic
def set_reminder_time(
    request: HttpRequest | None, user: Any, raw: str, field: str = "reminder_time"
) -> dt.time:
    """The patient's own choice of the time of their one daily reminder (e-mail and calendar
    alarm); `field` names the input in a refusal (the API calls it `at`)."""
    patient = require_patient_self(user)
    patient.reminder_time = parse(raw, field)
    patient.save(update_fields=["reminder_time"])
    audit.write(request, user, "reminder_time", patient.pk, patient.pk)
    return patient.reminder_time


def form_context(patient: Patient) -> dict[str, Any]:
    """What the one reminder-time field shows, on Today and under Reminders alike."""
    start, end = quiet_hours()
    return {
        "reminder_time": reminder_time(patient),
        "quiet_start": start,
        "quiet_end": end,
        "allowed_hours": allowed_hours(),
    }


def saved_message(chosen: dt.time) -> str:
    return (
        f"Your daily reminder is at {chosen:%H:%M}: the e-mail (when turned on under Reminders) "
        "and the calendar file's alarm. If you downloaded the calendar file before, "
        "download it again so its alarm moves too."
    )

"""API routes of the between-visits features: one's own notifications, and a patient's
reminder time (the same services as the pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema

from sciatica_pt.clinic.api import api
from sciatica_pt.clinic.api.schemas import Message, Problems
from sciatica_pt.clinic.models import Patient
from sciatica_pt.clinic.permissions import require_patient_self
from sciatica_pt.clinic.services import daily_reminder
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.notify import notifications, reminders
from sciatica_pt.notify.models import ReminderSettings

ERRORS: dict[int, Any] = {401: Message, 403: Message, 422: Problems}


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    link: str
    created_at: dt.datetime
    read: bool


class ReadIn(Schema):
    id: int | None = Field(None, ge=1, le=2**53, description="one notification; none: all")


class ReadOut(Schema):
    marked: int


class RemindersIn(Schema):
    enabled: bool = True
    at: str | None = Field(None, max_length=20, description="local time of day, HH:MM")


class RemindersOut(Schema):
    enabled: bool
    at: str


@api.get("/notifications", response={200: list[NotificationOut], **ERRORS})
def notification_list(request: HttpRequest) -> Any:
    return [
        {
            "id": n.pk,
            "kind": n.kind,
            "text": n.text,
            "link": n.link,
            "created_at": n.created_at,
            "read": n.read_at is not None,
        }
        for n in notifications.of(request.user)[: notifications.SHOWN]
    ]


@api.post("/notifications/read", response={200: ReadOut, **ERRORS})
def notification_read(request: HttpRequest, body: ReadIn) -> Any:
    return {"marked": notifications.mark_read(request.user, body.id)}


def _out(patient: Patient) -> dict[str, Any]:
    """E-mails on or off, and the one daily reminder time (shared with the calendar file)."""
    choice = ReminderSettings.objects.filter(patient=patient).first()
    at = daily_reminder.reminder_time(patient)
    return {"enabled": choice is not None and choice.enabled, "at": f"{at:%H:%M}"}


@api.get("/me/reminders", response={200: RemindersOut, **ERRORS})
def my_reminders(request: HttpRequest) -> Any:
    return _out(require_patient_self(request.user))


@api.post("/me/reminders", response={200: RemindersOut, **ERRORS})
def choose_reminders(request: HttpRequest, body: RemindersIn) -> Any:
    patient = require_patient_self(request.user)
    if body.at is None:
        raise InvalidInput(["at: a time of day (HH:MM) is required"])
    reminders.choose(request, request.user, body.enabled, body.at, field="at")
    patient.refresh_from_db(fields=["reminder_time"])
    return _out(patient)

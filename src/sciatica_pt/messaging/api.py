"""Message API routes, mounted at /api/messages/: the same services as the pages. Reading a
thread here changes nothing; `.../read` marks the other side's messages read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from sciatica_pt import knowledge
from sciatica_pt.clinic import audit
from sciatica_pt.clinic.api.routes import ERRORS, body_of, parse
from sciatica_pt.clinic.checkin import WARNING_SIGN_ACTION
from sciatica_pt.clinic.permissions import (
    require_clinician,
    require_patient_access,
    require_patient_self,
)
from sciatica_pt.clinic.services import patient_pages
from sciatica_pt.clinic.views.common import today
from sciatica_pt.messaging import services
from sciatica_pt.messaging.models import TEXT_MAX, Message

router = Router(tags=["messages"])


class MessageOut(Schema):
    id: int
    from_patient: bool
    author: str = Field(description="'You', the patient's name, or the clinician's name")
    text: str
    exercise: str | None = Field(None, description="an attached exercise's id")
    exercise_name: str | None = None
    topic: str | None = Field(None, description="an attached education topic's id")
    topic_title: str | None = None
    warning_signs: list[str] = Field(description="red-flag fields the screen found (patients)")
    created_at: dt.datetime
    read: bool


class ThreadOut(Schema):
    patient: int
    unread: int = Field(description="the other side's messages the reader has not opened")
    messages: list[MessageOut]


class PatientSendIn(Schema):
    text: str = Field(max_length=TEXT_MAX + 200)  # the service names the real limit


class ClinicSendIn(PatientSendIn):
    exercise: str | None = Field(None, max_length=100)
    topic: str | None = Field(None, max_length=100)


class SentOut(Schema):
    message: MessageOut
    act_now: str | None = Field(description="what to do now, when the message has a warning sign")
    therapist_alerted: bool = Field(description="an open critical alert stands for the patient")


class ReadOut(Schema):
    marked: int


class InboxRow(Schema):
    patient: int
    display_name: str
    unread: int
    last: dt.datetime


def _out(message: Message, for_patient: bool) -> dict[str, Any]:
    kb = knowledge.load()
    exercise = next((i for i in kb.items if i.id == message.exercise), None)
    topic = next((t for t in kb.education if t.id == message.topic), None)
    return {
        "id": message.pk,
        "from_patient": message.from_patient,
        "author": services.author_name(message, for_patient),
        "text": message.text,
        "exercise": message.exercise or None,
        "exercise_name": exercise.name if exercise else None,
        "topic": message.topic or None,
        "topic_title": topic.title if topic else None,
        "warning_signs": list(message.warning_signs),
        "created_at": message.created_at,
        "read": message.read_at is not None,
    }


def _thread(request: HttpRequest, patient: Any, for_patient: bool) -> dict[str, Any]:
    shown = services.thread(request, patient)
    return {
        "patient": patient.pk,
        "unread": services.unread(patient, for_patient),
        "messages": [_out(m, for_patient) for m in shown],
    }


@router.get("/me", response={200: ThreadOut, **ERRORS})
def my_thread(request: HttpRequest) -> Any:
    return _thread(request, require_patient_self(request.user), True)


@router.post("/me", response={201: SentOut, **ERRORS}, openapi_extra=body_of(PatientSendIn))
def my_send(request: HttpRequest) -> Any:
    """Send a message to the clinic; a warning sign in it answers with what to do now."""
    require_patient_self(request.user)
    body = parse(request, PatientSendIn)
    sent = services.send_from_patient(request, request.user, body.text, today())
    warned = bool(sent.message.warning_signs)
    return Status(
        201,
        {
            "message": _out(sent.message, True),
            "act_now": WARNING_SIGN_ACTION if warned else None,
            "therapist_alerted": patient_pages.therapist_alerted(request.user),
        },
    )


@router.post("/me/read", response={200: ReadOut, **ERRORS})
def my_read(request: HttpRequest) -> Any:
    patient = require_patient_self(request.user)
    return {"marked": services.mark_read(request, request.user, patient)}


@router.get("/inbox", response={200: list[InboxRow], **ERRORS})
def inbox(request: HttpRequest) -> Any:
    rows = services.inbox(request.user)[:100]
    audit.read(request, "message_inbox", 1, None)
    return [
        {"patient": p.pk, "display_name": p.display_name, "unread": p.unread, "last": p.last}
        for p in rows
    ]


@router.get("/patients/{int:patient_id}", response={200: ThreadOut, **ERRORS})
def patient_thread(request: HttpRequest, patient_id: int) -> Any:
    require_clinician(request.user)
    return _thread(request, require_patient_access(request.user, patient_id), False)


@router.post(
    "/patients/{int:patient_id}",
    response={201: MessageOut, **ERRORS},
    openapi_extra=body_of(ClinicSendIn),
)
def patient_send(request: HttpRequest, patient_id: int) -> Any:
    require_clinician(request.user)
    patient = require_patient_access(request.user, patient_id)
    body = parse(request, ClinicSendIn)
    message = services.send_from_clinic(
        request, request.user, patient, body.text, body.exercise, body.topic
    )
    return Status(201, _out(message, False))


@router.post("/patients/{int:patient_id}/read", response={200: ReadOut, **ERRORS})
def patient_read(request: HttpRequest, patient_id: int) -> Any:
    require_clinician(request.user)
    patient = require_patient_access(request.user, patient_id)
    return {"marked": services.mark_read(request, request.user, patient)}

"""Visit API routes, mounted at /api/visits/: thin (parse, authorize, call one service)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema, Status

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.api import api
from sciatica_pt.clinic.api.auth import BearerToken
from sciatica_pt.clinic.api.routes import ERRORS, body_of, parse
from sciatica_pt.clinic.api.schemas import Message
from sciatica_pt.clinic.models import Patient
from sciatica_pt.clinic.permissions import own_patient, require_clinician, require_patient_access
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.visits.models import Visit, VisitNote, VisitType
from sciatica_pt.visits.services import booking, day, notes, roster

router = Router(tags=["visits"])


def _anyone(request: HttpRequest) -> bool:
    """The roster's routes are open to visitors too (when the clinic makes it public)."""
    return True


# A bearer token is still read first, so an API client is its user (and sees its own clinic's
# roster); with `auth=None` the token was ignored and the client treated as a visitor (404).
# The session needs no listing: the middleware gives it to every request.
ROSTER_AUTH = [BearerToken(), _anyone]
CONFLICT: dict[int, Any] = {**ERRORS, 409: Message}


class TherapistOut(Schema):
    id: int
    display_name: str
    specialties: list[str]
    languages: list[str]
    mode: str


class VisitTypeOut(Schema):
    id: int
    kind: str
    name: str
    minutes: int
    online: bool


class VisitOut(Schema):
    id: int
    therapist: int
    patient: int
    visit_type: str
    start: dt.datetime
    end: dt.datetime
    online: bool
    status: str
    join_url: str | None


class BookIn(Schema):
    therapist: int
    visit_type: int
    start: dt.datetime
    patient: int | None = None  # staff name the patient; a patient books for themselves


class MoveIn(Schema):
    start: dt.datetime


class DayVisitOut(Schema):
    visit: VisitOut
    patient_name: str
    open_alerts: int
    last_checkin_on: dt.date | None
    program_status: str | None


class TechniqueIn(Schema):
    id: str
    reason: str = ""


class NoteIn(Schema):
    subjective: str = ""
    objective: str = ""
    assessment: str = ""
    plan: str = ""
    techniques: list[TechniqueIn] = []


class TechniqueOut(Schema):
    id: str
    name: str
    concern: str | None
    precautions: list[str]
    reason: str


class NoteOut(Schema):
    visit: int
    patient: int
    subjective: str
    objective: str
    assessment: str
    plan: str
    techniques: list[TechniqueOut]
    updated_at: dt.datetime


def _visit_out(visit: Visit) -> dict[str, Any]:
    return {
        "id": visit.pk,
        "therapist": visit.therapist_id,
        "patient": visit.patient_id,
        "visit_type": visit.visit_type.kind,
        "start": visit.start,
        "end": visit.end,
        "online": visit.online,
        "status": visit.status,
        "join_url": booking.join_url(visit, timezone.now()),
    }


def _slot_taken(request: HttpRequest, exc: booking.SlotTaken) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=409)


@router.get(
    "/clinics/{int:clinic_id}/therapists",
    response={200: list[TherapistOut], **ERRORS},
    auth=ROSTER_AUTH,
)
def list_therapists(request: HttpRequest, clinic_id: int) -> Any:
    """The clinic's roster: for its staff and patients, and for anyone when it is public."""
    clinic = roster.require_roster(request.user, clinic_id)
    return [
        {
            "id": p.pk,
            "display_name": p.display_name,
            "specialties": p.specialties,
            "languages": p.languages,
            "mode": p.mode,
        }
        for p in roster.roster(clinic.pk)
    ]


@router.get(
    "/clinics/{int:clinic_id}/visit-types",
    response={200: list[VisitTypeOut], **ERRORS},
    auth=ROSTER_AUTH,
)
def list_visit_types(request: HttpRequest, clinic_id: int) -> Any:
    clinic = roster.require_roster(request.user, clinic_id)
    return [
        {"id": t.pk, "kind": t.kind, "name": t.name, "minutes": t.minutes, "online": t.online}
        for t in roster.visit_types(clinic.pk)
    ]


@router.get(
    "/clinics/{int:clinic_id}/therapists/{int:therapist_id}/slots",
    response={200: list[dt.datetime], **ERRORS},
    auth=ROSTER_AUTH,
)
def list_slots(request: HttpRequest, clinic_id: int, therapist_id: int, visit_type: int) -> Any:
    """Free starts over the next four weeks, for the caller (patients: outside the notice)."""
    profile = roster.require_profile(request.user, clinic_id, therapist_id)
    chosen = VisitType.objects.filter(clinic_id=clinic_id, pk=visit_type).first()
    if chosen is None:
        raise Http404("No such visit type")
    now = timezone.now()
    first = now.astimezone(roster.settings_of(clinic_id).zone).date()
    return booking.free(profile, chosen, first, booking.earliest(request.user, clinic_id, now))


def _patient_for(request: HttpRequest, named: int | None) -> Patient:
    if named is not None:
        return require_patient_access(request.user, named)
    if (own := own_patient(request.user)) is not None:
        return own
    raise InvalidInput(["patient: staff name the patient they book for"])


@router.post("/", response={201: VisitOut, **CONFLICT}, openapi_extra=body_of(BookIn))
def book(request: HttpRequest) -> Any:
    """Book a visit: a patient for themselves, staff for a patient of their clinic."""
    data = parse(request, BookIn)
    patient = _patient_for(request, data.patient)
    profile = roster.require_profile(request.user, patient.clinic_id, data.therapist)
    chosen = VisitType.objects.filter(clinic_id=patient.clinic_id, pk=data.visit_type).first()
    if chosen is None:
        raise InvalidInput(["visit_type: not a visit type of this clinic"])
    now = timezone.now()
    try:
        visit = booking.book(request, request.user, patient, profile, chosen, data.start, now)
    except booking.SlotTaken as exc:
        return _slot_taken(request, exc)
    return Status(201, _visit_out(visit))


@router.get("/", response={200: list[VisitOut], **ERRORS})
def list_visits(request: HttpRequest) -> Any:
    """The caller's visits from 30 days ago on, oldest first, at most 500: a patient's own;
    staff: their clinic's."""
    since = timezone.now() - dt.timedelta(days=30)
    visits = booking.visits_visible_to(request.user).filter(end__gte=since)
    audit.read(request, "visits", "", None)
    return [_visit_out(v) for v in visits.select_related("visit_type")[:500]]


@router.get("/day", response={200: list[DayVisitOut], **ERRORS})
def therapist_day(request: HttpRequest) -> Any:
    """The calling therapist's visits of the clinic's today, with each patient's open alerts,
    last check-in and program status."""
    today, visits = day.day_of(request.user, timezone.now())
    audit.read(request, "therapist_day", today.isoformat(), None)
    rows = []
    for visit in visits:
        summary = day.patient_summary(visit)
        program = summary["program"]
        rows.append(
            {
                "visit": _visit_out(visit),
                "patient_name": visit.patient.display_name,
                "open_alerts": visit.patient.open_alerts,
                "last_checkin_on": summary["checkins"][0].day if summary["checkins"] else None,
                "program_status": program.status if program else None,
            }
        )
    return rows


@router.get("/{int:visit_id}", response={200: VisitOut, **ERRORS})
def get_visit(request: HttpRequest, visit_id: int) -> Any:
    visit = booking.require_visit(request.user, visit_id)
    audit.read(request, "visit", visit.pk, visit.patient_id)
    return _visit_out(visit)


@router.post(
    "/{int:visit_id}/reschedule",
    response={200: VisitOut, **CONFLICT},
    openapi_extra=body_of(MoveIn),
)
def reschedule(request: HttpRequest, visit_id: int) -> Any:
    visit = booking.require_visit(request.user, visit_id)
    data = parse(request, MoveIn)
    try:
        booking.reschedule(request, request.user, visit, data.start, timezone.now())
    except booking.SlotTaken as exc:
        return _slot_taken(request, exc)
    return _visit_out(visit)


@router.post("/{int:visit_id}/cancel", response={200: VisitOut, **ERRORS})
def cancel(request: HttpRequest, visit_id: int) -> Any:
    visit = booking.require_visit(request.user, visit_id)
    return _visit_out(booking.cancel(request, request.user, visit, timezone.now()))


def _note_out(note: VisitNote) -> dict[str, Any]:
    fields = {k: getattr(note, k) for k in notes.SOAP}
    techniques = [{k: t.get(k) for k in TechniqueOut.model_fields} for t in note.techniques]
    return {
        "visit": note.visit_id,
        "patient": note.patient_id,
        **fields,
        "techniques": techniques,
        "updated_at": note.updated_at,
    }


@router.get("/{int:visit_id}/note", response={200: NoteOut, **ERRORS})
def get_note(request: HttpRequest, visit_id: int) -> Any:
    require_clinician(request.user)
    visit = booking.require_visit(request.user, visit_id)
    note = VisitNote.objects.filter(visit=visit).first()
    if note is None:
        raise Http404("No note yet")
    audit.read(request, "visit_note", note.pk, visit.patient_id)
    return _note_out(note)


@router.post(
    "/{int:visit_id}/note", response={200: NoteOut, **ERRORS}, openapi_extra=body_of(NoteIn)
)
def save_note(request: HttpRequest, visit_id: int) -> Any:
    """Write the visit's note; a contraindicated or not-recommended technique needs a reason."""
    require_clinician(request.user)
    visit = booking.require_visit(request.user, visit_id)
    data = parse(request, NoteIn)
    text = {k: getattr(data, k) for k in notes.SOAP}
    chosen = [t.id for t in data.techniques]
    reasons = {t.id: t.reason for t in data.techniques}
    return _note_out(notes.save(request, request.user, visit, text, chosen, reasons))

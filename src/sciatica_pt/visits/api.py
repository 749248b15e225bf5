"""Visit API routes, mounted at /api/visits/: thin (parse, authorize, call one service)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema, Status

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.api import api
from sciatica_pt.clinic.api.routes import ERRORS, body_of, parse
from sciatica_pt.clinic.api.schemas import Message
from sciatica_pt.clinic.models import Patient
from sciatica_pt.clinic.permissions import own_patient, require_patient_access
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.visits.models import Visit, VisitType
from sciatica_pt.visits.services import booking, roster

router = Router(tags=["visits"])
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
    "/clinics/{clinic_id}/therapists", response={200: list[TherapistOut], **ERRORS}, auth=None
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
    "/clinics/{clinic_id}/visit-types", response={200: list[VisitTypeOut], **ERRORS}, auth=None
)
def list_visit_types(request: HttpRequest, clinic_id: int) -> Any:
    clinic = roster.require_roster(request.user, clinic_id)
    return [
        {"id": t.pk, "kind": t.kind, "name": t.name, "minutes": t.minutes, "online": t.online}
        for t in roster.visit_types(clinic.pk)
    ]


@router.get(
    "/clinics/{clinic_id}/therapists/{therapist_id}/slots",
    response={200: list[dt.datetime], **ERRORS},
    auth=None,
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
    """The caller's visits: a patient's own; staff: their clinic's."""
    visits = booking.visits_visible_to(request.user).select_related("visit_type")
    audit.read(request, "visits", "", None)
    return [_visit_out(v) for v in visits[:500]]


@router.get("/{visit_id}", response={200: VisitOut, **ERRORS})
def get_visit(request: HttpRequest, visit_id: int) -> Any:
    visit = booking.require_visit(request.user, visit_id)
    audit.read(request, "visit", visit.pk, visit.patient_id)
    return _visit_out(visit)


@router.post(
    "/{visit_id}/reschedule", response={200: VisitOut, **CONFLICT}, openapi_extra=body_of(MoveIn)
)
def reschedule(request: HttpRequest, visit_id: int) -> Any:
    visit = booking.require_visit(request.user, visit_id)
    data = parse(request, MoveIn)
    try:
        booking.reschedule(request, request.user, visit, data.start, timezone.now())
    except booking.SlotTaken as exc:
        return _slot_taken(request, exc)
    return _visit_out(visit)


@router.post("/{visit_id}/cancel", response={200: VisitOut, **ERRORS})
def cancel(request: HttpRequest, visit_id: int) -> Any:
    visit = booking.require_visit(request.user, visit_id)
    return _visit_out(booking.cancel(request, request.user, visit, timezone.now()))

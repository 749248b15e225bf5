"""Downloads of a stored patient's program: for the patient's therapist, the clinic's admin
and the patient (through `require_patient_access`); each one is an audited read."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import Patient
from sciatica_pt.clinic.permissions import (
    membership_of,
    require_clinician,
    require_patient_access,
)
from sciatica_pt.clinic.services import discharge, downloads
from sciatica_pt.clinic.services.downloads import Download, InvalidInput, NothingToDownload
from sciatica_pt.clinic.views.common import today

Maker = Callable[[HttpRequest, Patient], Download]


def fhir(request: HttpRequest, patient: Patient) -> Download:
    """The Bundle with the patient's visits; their notes only for the clinic's staff (as on
    the note page), each note carried audited as a read of that note."""
    staff = membership_of(request.user) is not None
    bundle, note_ids = downloads.fhir_bundle(patient, today(), with_notes=staff)
    for note_id in note_ids:
        audit.read(request, "visit_note", note_id, patient.pk)
    content = json.dumps(bundle, ensure_ascii=False, indent=2).encode()
    return Download(content, "application/fhir+json", f"episode-patient-{patient.pk}.json")


MAKERS: dict[str, Maker] = {
    "handout": lambda _, p: downloads.handout(p, today()),
    "progress": lambda _, p: downloads.progress(p, today()),
    "calendar": lambda _, p: downloads.calendar(p, today()),
    "fhir": fhir,
    "discharge_letter": lambda _, p: discharge.letter(p, today()),
}


def send(download: Download) -> HttpResponse:
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response["Cache-Control"] = "no-store"  # patient data: never in a shared cache
    return response


def make(request: HttpRequest, patient_id: int, kind: str) -> HttpResponse:
    """The document, or 404 (no such patient for this user, or nothing to download yet), or
    409 with the reason (e.g. a program with nothing to put in a calendar)."""
    patient = require_patient_access(request.user, patient_id)
    try:
        download = MAKERS[kind](request, patient)
    except NothingToDownload:
        raise Http404("Nothing to download yet") from None
    except InvalidInput as exc:
        body = "\n".join(exc.problems)
        return HttpResponse(body, status=409, content_type="text/plain; charset=utf-8")
    audit.read(request, kind, patient.pk, patient.pk)
    return send(download)


@login_required
def handout(request: HttpRequest, patient_id: int) -> HttpResponse:
    return make(request, patient_id, "handout")


@login_required
def progress(request: HttpRequest, patient_id: int) -> HttpResponse:
    return make(request, patient_id, "progress")


@login_required
def calendar(request: HttpRequest, patient_id: int) -> HttpResponse:
    return make(request, patient_id, "calendar")


@login_required
def fhir_bundle(request: HttpRequest, patient_id: int) -> HttpResponse:
    return make(request, patient_id, "fhir")


@login_required
def discharge_letter(request: HttpRequest, patient_id: int) -> HttpResponse:
    """The discharge letter: for staff only (it is the clinician's letter)."""
    require_clinician(request.user)
    return make(request, patient_id, "discharge_letter")

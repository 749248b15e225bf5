"""API routes for a stored patient's documents: the same views as the pages (one permission
check, one audit entry), described in the OpenAPI document with their media types."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from sciatica_pt.clinic.api import api
from sciatica_pt.clinic.api.schemas import Message
from sciatica_pt.clinic.views import downloads

ERRORS: dict[int, Any] = {401: Message, 403: Message, 404: Message, 409: Message}
BINARY = {"type": "string", "format": "binary"}


def _document(media_type: str, schema: dict[str, Any], what: str) -> dict[str, Any]:
    content = {media_type: {"schema": schema}}
    return {"responses": {200: {"description": what, "content": content}}}


def _answer(request: HttpRequest, patient_id: int, kind: str) -> HttpResponse:
    response = downloads.make(request, patient_id, kind)
    if response.status_code == 409:  # the API speaks JSON for its errors
        detail = response.content.decode()
        return api.create_response(request, {"detail": detail}, status=409)
    return response


@api.get(
    "/patients/{int:patient_id}/handout.pdf",
    response=ERRORS,
    openapi_extra=_document("application/pdf", BINARY, "The home-program handout"),
)
def handout(request: HttpRequest, patient_id: int) -> HttpResponse:
    return _answer(request, patient_id, "handout")


@api.get(
    "/patients/{int:patient_id}/progress.pdf",
    response=ERRORS,
    openapi_extra=_document("application/pdf", BINARY, "The progress report"),
)
def progress(request: HttpRequest, patient_id: int) -> HttpResponse:
    return _answer(request, patient_id, "progress")


@api.get(
    "/patients/{int:patient_id}/program.ics",
    response=ERRORS,
    openapi_extra=_document("text/calendar", {"type": "string"}, "The program's sessions"),
)
def calendar(request: HttpRequest, patient_id: int) -> HttpResponse:
    return _answer(request, patient_id, "calendar")


@api.get(
    "/patients/{int:patient_id}/fhir",
    response=ERRORS,
    openapi_extra=_document(
        "application/fhir+json", {"type": "object"}, "FHIR R4 Bundle of the latest episode"
    ),
)
def fhir_bundle(request: HttpRequest, patient_id: int) -> HttpResponse:
    return _answer(request, patient_id, "fhir")

"""API routes: thin (parse, authorize, call one service, serialize)."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Schema, Status
from pydantic import ValidationError

from sciatica_pt import knowledge
from sciatica_pt.clinic import audit
from sciatica_pt.clinic.api import api
from sciatica_pt.clinic.api.schemas import (
    AccessIn,
    AddItemIn,
    AlertOut,
    AssessmentOut,
    CheckInOut,
    CheckInResult,
    DoseIn,
    LoginIn,
    LoginOut,
    Message,
    OutcomeIn,
    OutcomeOut,
    PasswordIn,
    PatientIn,
    PatientOut,
    Problems,
    ProgramOut,
    RemoveItemIn,
    TherapistAssignIn,
    TopicOut,
)
from sciatica_pt.clinic.checkin import WARNING_SIGN_ACTION
from sciatica_pt.clinic.models import AlertStatus, Patient, Program
from sciatica_pt.clinic.permissions import (
    require_clinician,
    require_patient_access,
    require_patient_self,
)
from sciatica_pt.clinic.services import (
    alerts,
    assessments,
    checkins,
    outcomes,
    patients,
    portal,
    programs,
)
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.clinic.views.common import today
from sciatica_pt.core.errors import problems_of
from sciatica_pt.core.result import AssessmentResult

ERRORS: dict[int, Any] = {401: Message, 403: Message, 404: Message, 422: Problems}
JSON_BODY = {"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}}


def body_of(model: type[Any]) -> dict[str, Any]:
    """OpenAPI for a JSON body that the route parses itself, after authorizing."""
    schema = model.model_json_schema()
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def parse(request: HttpRequest, model: type[Schema]) -> Any:
    """Validate the body only once the caller is known to be allowed (403/404 come first)."""
    try:
        return model.model_validate(json_body(request))
    except ValidationError as exc:
        raise InvalidInput(problems_of(exc)) from None


def json_body(request: HttpRequest) -> object:
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(["(body): is not valid JSON"]) from None


def staff_patient(request: HttpRequest, patient_id: int) -> Patient:
    require_clinician(request.user)
    return require_patient_access(request.user, patient_id)


def program_out(program: Program | None, items: list[Any] | None = None) -> dict[str, Any]:
    if program is None:
        raise Http404("This patient has no program yet")
    if items is None:
        items = list(program.items.live())
    return {
        **{f: getattr(program, f) for f in ("id", "status", "version", "started_on", "flare")},
        "ready_for_patient": programs.ready_for_patient(program),
        "items": items,
    }


@api.post(
    "/assess", response={200: AssessmentResult, **ERRORS}, by_alias=True, openapi_extra=JSON_BODY
)
def assess(request: HttpRequest) -> Any:
    """Assessment v1: the body is the assessment file as JSON; the answer is the v1 result."""
    require_clinician(request.user)
    return assessments.evaluate(json_body(request))


MAX_PAGE = 10_000


def page_problems(page: int) -> list[str]:
    return [] if 1 <= page <= MAX_PAGE else [f"page: {page} is not between 1 and {MAX_PAGE}"]


def page_bounds(page: int, size: int) -> tuple[int, int]:
    """The slice of one page of `size` rows; a page outside 1..MAX_PAGE is refused (never
    moved to the nearest one)."""
    if problems := page_problems(page):
        raise InvalidInput(problems)
    return (page - 1) * size, page * size


@api.get("/patients", response={200: list[PatientOut], **ERRORS})
def patient_list(request: HttpRequest, page: Query[int] = 1) -> Any:  # type: ignore[assignment]
    require_clinician(request.user)
    start, end = page_bounds(page, 100)
    audit.read(request, "patient_list", page, None)
    return list(patients.listing(request.user, today())[start:end])


@api.post("/patients", response={201: PatientOut, **ERRORS}, openapi_extra=body_of(PatientIn))
def patient_create(request: HttpRequest) -> Any:
    require_clinician(request.user)
    body = parse(request, PatientIn)
    patient = patients.create(
        request, request.user, body.display_name, body.username, body.password, body.therapist_id
    )
    return Status(201, patient)


@api.get("/patients/{int:patient_id}", response={200: PatientOut, **ERRORS})
def patient_detail(request: HttpRequest, patient_id: int) -> Any:
    patient = require_patient_access(request.user, patient_id)
    audit.read(request, "patient", patient.pk, patient.pk)
    return patient


@api.get("/patients/{int:patient_id}/assessments", response={200: list[AssessmentOut], **ERRORS})
def assessment_list(request: HttpRequest, patient_id: int) -> Any:
    patient = staff_patient(request, patient_id)
    audit.read(request, "assessment_list", patient.pk, patient.pk)
    return list(patient.assessments.order_by("-created_at")[:50])


@api.post(
    "/patients/{int:patient_id}/assessments",
    response={201: AssessmentOut, **ERRORS},
    openapi_extra=JSON_BODY,
)
def assessment_create(request: HttpRequest, patient_id: int) -> Any:
    patient = staff_patient(request, patient_id)
    body = json_body(request)
    if not isinstance(body, dict):
        raise InvalidInput(["(top level): the assessment must be a mapping of fields"])
    return Status(201, assessments.record(request, request.user, patient, body, today()))


@api.get("/patients/{int:patient_id}/program", response={200: ProgramOut, **ERRORS})
def program_get(request: HttpRequest, patient_id: int) -> Any:
    patient = require_patient_access(request.user, patient_id)
    program, items = audit.read_program(request, patient)
    return program_out(program, items)


@api.post(
    "/patients/{int:patient_id}/program/items",
    response={200: ProgramOut, 409: Message, **ERRORS},
    openapi_extra=body_of(AddItemIn),
)
def program_add(request: HttpRequest, patient_id: int) -> Any:
    patient = staff_patient(request, patient_id)
    body = parse(request, AddItemIn)
    programs.add_item(request, request.user, patient, body.version, body.item_id, body.reason)
    return program_out(programs.current_program(patient))


@api.post(
    "/patients/{int:patient_id}/program/items/{int:item_pk}/remove",
    response={200: ProgramOut, 409: Message, **ERRORS},
    openapi_extra=body_of(RemoveItemIn),
)
def program_remove(request: HttpRequest, patient_id: int, item_pk: int) -> Any:
    patient = staff_patient(request, patient_id)
    body = parse(request, RemoveItemIn)
    programs.remove_item(request, request.user, patient, body.version, item_pk, body.reason)
    return program_out(programs.current_program(patient))


@api.post(
    "/patients/{int:patient_id}/program/items/{int:item_pk}/dose",
    response={200: ProgramOut, 409: Message, **ERRORS},
    openapi_extra=body_of(DoseIn),
)
def program_dose(request: HttpRequest, patient_id: int, item_pk: int) -> Any:
    patient = staff_patient(request, patient_id)
    body = parse(request, DoseIn)
    programs.change_dose(request, request.user, patient, body.version, item_pk, body.dosage)
    return program_out(programs.current_program(patient))


@api.post("/patients/{int:patient_id}/program/review", response={200: ProgramOut, **ERRORS})
def program_review(request: HttpRequest, patient_id: int) -> Any:
    """Run the follow-up review today and store it, as a check-in does."""
    patient = staff_patient(request, patient_id)
    programs.review_now(request, request.user, patient, today())
    return program_out(programs.current_program(patient))


@api.get("/patients/{int:patient_id}/checkins", response={200: list[CheckInOut], **ERRORS})
def checkin_list(request: HttpRequest, patient_id: int) -> Any:
    patient = require_patient_access(request.user, patient_id)
    audit.read(request, "checkin_list", patient.pk, patient.pk)
    return list(patient.checkins.order_by("-day", "-pk")[:100])


@api.get("/me/program", response={200: ProgramOut, **ERRORS})
def my_program(request: HttpRequest) -> Any:
    patient = require_patient_self(request.user)
    program, items = audit.read_program(request, patient)
    return program_out(program, items)


@api.post("/me/checkins", response={201: CheckInResult, **ERRORS}, openapi_extra=JSON_BODY)
def checkin_create(request: HttpRequest) -> Any:
    """Log a session and check-in; a warning sign answers with what to do now."""
    row, raised = checkins.log(request, request.user, json_body(request), today())
    act_now = WARNING_SIGN_ACTION if row.warning_sign else None
    return Status(201, {"checkin": row, "alerts": raised, "act_now": act_now})


@api.get("/patients/{int:patient_id}/outcomes", response={200: list[OutcomeOut], **ERRORS})
def outcome_list(request: HttpRequest, patient_id: int) -> Any:
    patient = require_patient_access(request.user, patient_id)
    audit.read(request, "outcome_list", patient.pk, patient.pk)
    return list(patient.outcomes.all())


@api.post(
    "/patients/{int:patient_id}/outcomes",
    response={201: OutcomeOut, **ERRORS},
    openapi_extra=body_of(OutcomeIn),
)
def outcome_create(request: HttpRequest, patient_id: int) -> Any:
    patient = staff_patient(request, patient_id)
    body = parse(request, OutcomeIn)
    score = outcomes.record(
        request, request.user, patient, body.measure, body.value, body.recorded_on, today()
    )
    return Status(201, score)


@api.get("/patients/{int:patient_id}/alerts", response={200: list[AlertOut], **ERRORS})
def alert_list(request: HttpRequest, patient_id: int) -> Any:
    patient = staff_patient(request, patient_id)
    audit.read(request, "alert_list", patient.pk, patient.pk)
    return list(patient.alerts.filter(status=AlertStatus.OPEN)[:100])


@api.post(
    "/patients/{int:patient_id}/alerts/{int:alert_id}/ack", response={200: AlertOut, **ERRORS}
)
def alert_ack(request: HttpRequest, patient_id: int, alert_id: int) -> Any:
    patient = staff_patient(request, patient_id)
    return alerts.acknowledge(request, request.user, patient, alert_id)


@api.post(
    "/patients/{int:patient_id}/therapist",
    response={200: PatientOut, **ERRORS},
    openapi_extra=body_of(TherapistAssignIn),
)
def therapist_assign(request: HttpRequest, patient_id: int) -> Any:
    """Give the patient to another active therapist of the clinic, or to none (null)."""
    patient = staff_patient(request, patient_id)
    body = parse(request, TherapistAssignIn)
    return patients.assign_therapist(request, request.user, patient, body.therapist_id)


@api.post(
    "/patients/{int:patient_id}/login",
    response={201: LoginOut, **ERRORS},
    openapi_extra=body_of(LoginIn),
)
def login_give(request: HttpRequest, patient_id: int) -> Any:
    """A portal login for a patient who has none."""
    patient = staff_patient(request, patient_id)
    body = parse(request, LoginIn)
    account = portal.give_login(request, request.user, patient, body.username, body.password)
    return Status(201, _login(account))


@api.post(
    "/patients/{int:patient_id}/login/password",
    response={200: LoginOut, **ERRORS},
    openapi_extra=body_of(PasswordIn),
)
def login_password(request: HttpRequest, patient_id: int) -> Any:
    """A new password for the patient's login; their open sessions end, their tokens are
    revoked."""
    patient = staff_patient(request, patient_id)
    body = parse(request, PasswordIn)
    portal.set_password(request, request.user, patient, body.password)
    return _login(patient.user)


@api.post(
    "/patients/{int:patient_id}/login/access",
    response={200: LoginOut, **ERRORS},
    openapi_extra=body_of(AccessIn),
)
def login_access(request: HttpRequest, patient_id: int) -> Any:
    """Stop (`{"active": false}`: sessions end, tokens are revoked, for good) or restore
    (`true`: new logins only) the patient's portal access."""
    patient = staff_patient(request, patient_id)
    body = parse(request, AccessIn)
    return _login(portal.set_access(request, request.user, patient, body.active))


def _login(account: Any) -> dict[str, Any]:
    return {"username": account.get_username(), "active": account.is_active}


@api.post("/patients/{int:patient_id}/discharge", response={200: PatientOut, **ERRORS})
def discharge(request: HttpRequest, patient_id: int) -> Any:
    patient = staff_patient(request, patient_id)
    return patients.discharge(request, request.user, patient, today())


@api.get("/education", response={200: list[TopicOut], **ERRORS})
def education(request: HttpRequest) -> Any:
    return [t.model_dump() for t in knowledge.load().education]

"""The permission matrix: every page and API route, for every kind of visitor.

Rows are checked against the URLconf and the OpenAPI document, so a new route without a row
fails `test_every_route_has_a_row`."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from sciatica_pt.clinic.api import api
from sciatica_pt.clinic.api.auth import issue_token
from sciatica_pt.clinic.models import ApiToken, ProgramItem
from tests.clinic.clinic_exercise_fixtures import held_exercise

ACTORS = ("anonymous", "patient_b_user", "other_therapist", "patient_a_user", "therapist", "admin")
PUBLIC = set(ACTORS)
STAFF = {"therapist", "admin"}
SELF = {"patient_a_user"}
SELF_AND_STAFF = SELF | STAFF
ANY_USER = PUBLIC - {"anonymous"}
PATIENTS = {"patient_a_user", "patient_b_user"}
OWN_CLINIC_STAFF = STAFF  # the other clinic's therapist is never allowed at clinic A's patient

# (method, route) -> who may use it. Pages use Django's route syntax, the API OpenAPI's.
PAGES: dict[tuple[str, str], set[str]] = {
    ("GET", ""): ANY_USER,
    ("GET", "login/"): PUBLIC,
    ("POST", "logout/"): PUBLIC,
    ("GET", "account/password/"): ANY_USER,
    ("GET", "act-now/"): PUBLIC,
    ("GET", "patients/"): STAFF | {"other_therapist"},  # the list only shows one's own clinic
    ("GET", "patients/new/"): STAFF | {"other_therapist"},
    ("GET", "patients/<int:patient_id>/"): OWN_CLINIC_STAFF,
    ("GET", "patients/<int:patient_id>/assess/"): OWN_CLINIC_STAFF,
    ("GET", "patients/<int:patient_id>/assessments/<int:assessment_id>/"): OWN_CLINIC_STAFF,
    ("GET", "patients/<int:patient_id>/program/"): OWN_CLINIC_STAFF,
    ("POST", "patients/<int:patient_id>/program/change/"): OWN_CLINIC_STAFF,
    ("POST", "patients/<int:patient_id>/program/review/"): OWN_CLINIC_STAFF,
    ("POST", "patients/<int:patient_id>/alerts/<int:alert_id>/ack/"): OWN_CLINIC_STAFF,
    ("POST", "patients/<int:patient_id>/outcomes/"): OWN_CLINIC_STAFF,
    ("GET", "patients/<int:patient_id>/discharge/"): OWN_CLINIC_STAFF,
    ("POST", "patients/<int:patient_id>/discharge/"): OWN_CLINIC_STAFF,  # unconfirmed: 400
    ("POST", "patients/<int:patient_id>/outcomes/psfs/"): OWN_CLINIC_STAFF,
    ("POST", "patients/<int:patient_id>/therapist/"): OWN_CLINIC_STAFF,
    ("GET", "patients/<int:patient_id>/contact/"): OWN_CLINIC_STAFF,
    ("POST", "patients/<int:patient_id>/login/"): OWN_CLINIC_STAFF,
    # Questionnaires (issue 21): an empty schedule or entry is refused (400), nothing changed.
    ("GET", "patients/<int:patient_id>/questionnaires/"): OWN_CLINIC_STAFF,
    ("POST", "patients/<int:patient_id>/questionnaires/schedule/"): OWN_CLINIC_STAFF,
    ("POST", "patients/<int:patient_id>/questionnaires/<slug:instrument>/"): OWN_CLINIC_STAFF,
    ("GET", "me/questionnaires/"): PATIENTS,
    ("GET", "me/questionnaires/<slug:instrument>/"): PATIENTS,  # not due: back to the list
    ("GET", "patients/<int:patient_id>/handout.pdf"): SELF_AND_STAFF,
    ("GET", "patients/<int:patient_id>/progress.pdf"): SELF_AND_STAFF,
    ("GET", "patients/<int:patient_id>/program.ics"): SELF_AND_STAFF,
    ("GET", "patients/<int:patient_id>/fhir.json"): SELF_AND_STAFF,
    ("GET", "patients/<int:patient_id>/discharge.pdf"): OWN_CLINIC_STAFF,
    ("GET", "audit/"): {"admin"},
    ("GET", "staff/"): {"admin"},
    ("POST", "staff/<int:user_id>/access/"): {"admin"},  # no body: an error message, no change
    ("GET", "staff/tokens/"): {"admin"},
    ("POST", "staff/tokens/new/"): {"admin"},  # no form: the problems named, no token
    ("POST", "staff/tokens/<int:token_id>/revoke/"): {"admin"},
    # A clinic's own exercises (issue 20): its staff write them; another clinic gets a 404
    # (its list shows only its own); a patient sees a photo only of an exercise they do.
    ("GET", "exercises/"): STAFF | {"other_therapist"},
    ("GET", "exercises/new/"): STAFF | {"other_therapist"},
    ("GET", "exercises/<int:exercise_id>/"): OWN_CLINIC_STAFF,
    ("POST", "exercises/<int:exercise_id>/retire/"): OWN_CLINIC_STAFF,
    ("GET", "exercises/<int:exercise_id>/photo.jpg"): SELF_AND_STAFF,
    ("GET", "me/"): PATIENTS,
    ("POST", "me/reminder/"): PATIENTS,  # no body: the problem named, nothing changed
    ("GET", "me/checkin/"): PATIENTS,
    ("GET", "me/checkin/<int:checkin_id>/"): SELF,
    ("GET", "me/progress/"): PATIENTS,
    ("GET", "education/"): ANY_USER,
    ("GET", "education/<slug:topic_id>/"): ANY_USER,
    # Between visits (issue 21): invitations, password reset, notifications, reminders. The
    # invitation and reset links are public; a bad one says so (200), it never errs.
    ("POST", "patients/<int:patient_id>/invite/"): OWN_CLINIC_STAFF,  # no body: the problem named
    ("POST", "staff/invite/"): {"admin"},
    ("GET", "welcome/<uidb64>/<token>/"): PUBLIC,
    ("GET", "account/reset/"): PUBLIC,
    ("GET", "account/reset/sent/"): PUBLIC,
    ("GET", "account/reset/<uidb64>/<token>/"): PUBLIC,
    ("GET", "account/reset/done/"): PUBLIC,
    ("GET", "notifications/"): ANY_USER,
    ("POST", "notifications/read/"): ANY_USER,
    ("GET", "me/reminders/"): PATIENTS,
    ("GET", "reminders/stop/<token>/"): PUBLIC,  # a signed link: no login, by design
    # CDS Hooks (mounted at the root): public as the spec intends; they read no stored data,
    # only what the EHR sends. The service answers a bodyless POST with 400, never a 5xx.
    ("GET", "openapi.json"): PUBLIC,
    ("GET", "cds-services"): PUBLIC,
    ("POST", "cds-services/<service_id>"): PUBLIC,
    ("POST", "cds-services/<service_id>/feedback"): PUBLIC,
}
API: dict[tuple[str, str], set[str]] = {
    ("POST", "/api/assess"): STAFF | {"other_therapist"},
    ("GET", "/api/patients"): STAFF | {"other_therapist"},
    ("POST", "/api/patients"): STAFF | {"other_therapist"},
    ("GET", "/api/patients/{patient_id}"): SELF_AND_STAFF,
    ("GET", "/api/patients/{patient_id}/assessments"): OWN_CLINIC_STAFF,
    ("POST", "/api/patients/{patient_id}/assessments"): OWN_CLINIC_STAFF,
    ("GET", "/api/patients/{patient_id}/program"): SELF_AND_STAFF,
    ("POST", "/api/patients/{patient_id}/program/items"): OWN_CLINIC_STAFF,
    ("POST", "/api/patients/{patient_id}/program/items/{item_pk}/remove"): OWN_CLINIC_STAFF,
    ("POST", "/api/patients/{patient_id}/program/items/{item_pk}/dose"): OWN_CLINIC_STAFF,
    ("POST", "/api/patients/{patient_id}/program/review"): OWN_CLINIC_STAFF,
    ("GET", "/api/patients/{patient_id}/checkins"): SELF_AND_STAFF,
    ("GET", "/api/me/program"): PATIENTS,
    ("POST", "/api/me/checkins"): PATIENTS,
    ("GET", "/api/patients/{patient_id}/outcomes"): SELF_AND_STAFF,
    ("POST", "/api/patients/{patient_id}/outcomes"): OWN_CLINIC_STAFF,
    ("POST", "/api/patients/{patient_id}/outcomes/psfs"): OWN_CLINIC_STAFF,
    ("GET", "/api/patients/{patient_id}/alerts"): OWN_CLINIC_STAFF,
    ("POST", "/api/patients/{patient_id}/alerts/{alert_id}/ack"): OWN_CLINIC_STAFF,
    ("POST", "/api/patients/{patient_id}/discharge"): OWN_CLINIC_STAFF,
    ("POST", "/api/patients/{patient_id}/therapist"): OWN_CLINIC_STAFF,
    ("POST", "/api/patients/{patient_id}/contact"): OWN_CLINIC_STAFF,
    ("POST", "/api/patients/{patient_id}/login"): OWN_CLINIC_STAFF,
    ("POST", "/api/patients/{patient_id}/login/password"): OWN_CLINIC_STAFF,
    ("POST", "/api/patients/{patient_id}/login/access"): OWN_CLINIC_STAFF,
    ("GET", "/api/education"): ANY_USER,
    ("GET", "/api/patients/{patient_id}/handout.pdf"): SELF_AND_STAFF,
    ("GET", "/api/patients/{patient_id}/progress.pdf"): SELF_AND_STAFF,
    ("GET", "/api/patients/{patient_id}/program.ics"): SELF_AND_STAFF,
    ("GET", "/api/patients/{patient_id}/fhir"): SELF_AND_STAFF,
    ("GET", "/api/audit"): {"admin"},
    ("GET", "/api/staff"): {"admin"},
    ("POST", "/api/staff"): {"admin"},  # the admin's empty body is a 422, never a 403
    ("POST", "/api/staff/{user_id}/access"): {"admin"},
    ("GET", "/api/tokens"): {"admin"},
    ("POST", "/api/tokens"): {"admin"},
    ("POST", "/api/tokens/{token_id}/revoke"): {"admin"},
    ("GET", "/api/notifications"): ANY_USER,  # one's own only
    ("POST", "/api/notifications/read"): ANY_USER,
    ("GET", "/api/me/reminders"): PATIENTS,
    ("POST", "/api/me/reminders"): PATIENTS,  # the patient's empty body is a 422
}
API_DOCS = {"api/openapi.json", "api/docs"}  # public, no patient data


def _page_routes(patterns: list[Any], prefix: str = "") -> set[str]:
    routes: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            # The API has its rows below; visits and messages their own (tests/visits, messaging).
            if str(p.pattern) not in ("api/", "visits/", "messages/"):
                routes |= _page_routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            routes.add(prefix + str(p.pattern))
    return routes


def _api_routes() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {
        (m.upper(), path)
        for path, ops in schema["paths"].items()
        for m in ops
        # tests/visits/test_permissions.py, tests/messaging/test_permissions.py
        if not path.startswith(("/api/visits/", "/api/messages/"))
    }


def test_every_route_has_a_row():
    assert _page_routes(get_resolver().url_patterns) == {route for _, route in PAGES}
    assert _api_routes() == set(API)


def issue_token_row(user: Any) -> int:
    issue_token(user, "matrix")
    return int(ApiToken.objects.filter(user=user).latest("pk").pk)


def _fill(route: str, world: Any) -> str:
    program = world.patient_a.programs.get(is_current=True)
    values = {
        "patient_id": world.patient_a.pk,
        "assessment_id": world.patient_a.assessments.first().pk,
        "alert_id": world.patient_a.alerts.first().pk,
        "checkin_id": world.patient_a.checkins.first().pk,
        "item_pk": ProgramItem.objects.filter(program=program).first().pk,
        "topic_id": "staying-active",
        "service_id": "sciatica-pt-patient-view",
        "user_id": world.therapist2.pk,
        "uidb64": "MQ",
        "token": "not-a-token",
        "instrument": "odi",
    }
    if "token_id" in route:  # only where needed: a token is a row of its own
        values["token_id"] = issue_token_row(world.patient_a_user)
    if "exercise_id" in route:  # clinic A's, with a photo, in patient A's program
        values["exercise_id"] = held_exercise(world).pk
    for key, value in values.items():
        for form in (f"<int:{key}>", f"<slug:{key}>", f"<{key}>", f"{{{key}}}"):
            route = route.replace(form, str(value))
    return route if route.startswith("/") else "/" + route


def _denied(response: Any, url: str) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    # Logging out lands on the login page by design; anywhere else it means "log in first".
    return url != "/logout/" and response.status_code == 302 and response.url.startswith("/login/")


def _check(world: Any, method: str, url: str, allowed: set[str], body: Any = None) -> None:
    for actor in ACTORS:  # the denied ones first: a refused request must change nothing
        client = world.client(actor)
        if method == "GET":
            response = client.get(url)
        elif body is None:
            response = client.post(url)
        else:
            response = client.post(url, body, content_type="application/json")
        assert response.status_code < 500, (actor, method, url, response.status_code)
        assert _denied(response, url) == (actor not in allowed), (
            actor,
            method,
            url,
            response.status_code,
        )


@pytest.mark.parametrize(("method", "route"), sorted(PAGES))
def test_page_permissions(world, method, route):
    _check(world, method, _fill(route, world), PAGES[(method, route)])


@pytest.mark.parametrize(("method", "route"), sorted(API))
def test_api_permissions(world, method, route):
    _check(
        world,
        method,
        _fill(route, world),
        API[(method, route)],
        body={} if method == "POST" else None,
    )


@pytest.mark.parametrize("path", sorted(API_DOCS))
def test_api_docs_are_public_and_offline(world, path):
    response = world.client("anonymous").get("/" + path)
    assert response.status_code == 200
    assert b"cdn." not in response.content and b"unpkg" not in response.content

"""The permission matrix of every messages page and API route, for every kind of visitor: a
patient has only their own thread, clinic A's staff any of clinic A's patients', the other
clinic's therapist nothing of clinic A (404). Rows are checked against the URLconf and the
OpenAPI document, as in tests/clinic/test_permissions.py."""

from __future__ import annotations

import pytest
from django.urls import get_resolver

from sciatica_pt.clinic.api import api
from sciatica_pt.messaging import services
from tests.clinic.test_permissions import OWN_CLINIC_STAFF, PATIENTS, STAFF, _check, _page_routes

pytestmark = pytest.mark.django_db

ALL_STAFF = STAFF | {"other_therapist"}  # each sees their own clinic's inbox only

PAGES: dict[tuple[str, str], set[str]] = {
    ("GET", "messages/"): PATIENTS,
    ("POST", "messages/"): PATIENTS,  # no body: the problem named, nothing sent
    ("GET", "messages/inbox/"): ALL_STAFF,
    ("GET", "messages/patients/<int:patient_id>/"): OWN_CLINIC_STAFF,
    ("POST", "messages/patients/<int:patient_id>/"): OWN_CLINIC_STAFF,
}
API: dict[tuple[str, str], set[str]] = {
    ("GET", "/api/messages/me"): PATIENTS,
    ("POST", "/api/messages/me"): PATIENTS,  # the empty body is a 422
    ("POST", "/api/messages/me/read"): PATIENTS,
    ("GET", "/api/messages/inbox"): ALL_STAFF,
    ("GET", "/api/messages/patients/{patient_id}"): OWN_CLINIC_STAFF,
    ("POST", "/api/messages/patients/{patient_id}"): OWN_CLINIC_STAFF,
    ("POST", "/api/messages/patients/{patient_id}/read"): OWN_CLINIC_STAFF,
}


def test_every_messages_route_has_a_row():
    mounted = next(p for p in get_resolver().url_patterns if str(p.pattern) == "messages/")
    assert _page_routes(mounted.url_patterns, "messages/") == {route for _, route in PAGES}
    schema = api.get_openapi_schema()
    found = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    assert {row for row in found if row[1].startswith("/api/messages/")} == set(API)


def _fill(route: str, patient_id: int) -> str:
    for form in ("<int:patient_id>", "{patient_id}"):
        route = route.replace(form, str(patient_id))
    return "/" + route.lstrip("/")


@pytest.mark.parametrize(("method", "route"), sorted(PAGES))
def test_messages_page_permissions(world, method, route):
    services.send_from_clinic(None, world.therapist, world.patient_a, "Hello")
    _check(world, method, _fill(route, world.patient_a.pk), PAGES[(method, route)])


@pytest.mark.parametrize(("method", "route"), sorted(API))
def test_messages_api_permissions(world, method, route):
    services.send_from_clinic(None, world.therapist, world.patient_a, "Hello")
    body = {} if method == "POST" else None
    _check(world, method, _fill(route, world.patient_a.pk), API[(method, route)], body)


def test_patient_b_never_reaches_patient_as_thread(world):
    services.send_from_clinic(None, world.therapist, world.patient_a, "For Zelda")
    bruno = world.client("patient_b_user")
    assert b"For Zelda" not in bruno.get("/messages/").content
    assert "For Zelda" not in bruno.get("/api/messages/me").content.decode()
    assert bruno.get(f"/api/messages/patients/{world.patient_a.pk}").status_code == 403

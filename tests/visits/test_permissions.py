"""The permission matrix of every visits page and API route, for every kind of visitor: another
clinic's staff and patients get 404, a patient sees only their own visits. Rows are checked
against the URLconf and the OpenAPI document, as in tests/clinic/test_permissions.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver
from django.utils import timezone

from sciatica_pt.clinic.api import api
from sciatica_pt.visits.models import VisitNote
from sciatica_pt.visits.services import booking, roster
from tests.clinic.test_permissions import (
    PATIENTS,
    SELF_AND_STAFF,
    STAFF,
    _check,
    _page_routes,
)
from tests.visits.conftest import at, book_visit, visit_type, working_day

pytestmark = pytest.mark.django_db

ANY_USER = {"patient_a_user", "patient_b_user", "other_therapist", "therapist", "admin"}
CLINIC_A = PATIENTS | STAFF  # clinic A's patients and staff; not the other clinic's therapist
THERAPISTS = {"therapist", "other_therapist"}  # each their own profile and day
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64

PAGES: dict[tuple[str, str], set[str]] = {
    ("GET", "visits/roster/"): ANY_USER,
    ("GET", "visits/clinics/<int:clinic_id>/roster/"): CLINIC_A,
    ("GET", "visits/clinics/<int:clinic_id>/therapists/<int:profile_id>/"): CLINIC_A,
    ("GET", "visits/clinics/<int:clinic_id>/therapists/<int:profile_id>/photo"): CLINIC_A,
    ("POST", "visits/book/"): PATIENTS,  # no form: the problem named, nothing booked
    ("GET", "visits/mine/"): PATIENTS,
    ("GET", "visits/<int:visit_id>/"): SELF_AND_STAFF,
    ("POST", "visits/<int:visit_id>/cancel/"): SELF_AND_STAFF,
    ("POST", "visits/<int:visit_id>/reschedule/"): SELF_AND_STAFF,
    ("GET", "visits/<int:visit_id>/note/"): STAFF,
    ("GET", "visits/patients/<int:patient_id>/book/"): STAFF,
    ("GET", "visits/profile/"): THERAPISTS,
    ("GET", "visits/settings/"): {"admin"},
    ("GET", "visits/day/"): THERAPISTS,
}
API: dict[tuple[str, str], set[str]] = {
    ("GET", "/api/visits/clinics/{clinic_id}/therapists"): CLINIC_A,
    ("GET", "/api/visits/clinics/{clinic_id}/visit-types"): CLINIC_A,
    ("GET", "/api/visits/clinics/{clinic_id}/therapists/{therapist_id}/slots"): CLINIC_A,
    ("POST", "/api/visits/"): ANY_USER,  # anyone signed in may ask; the empty body is a 422
    ("GET", "/api/visits/"): ANY_USER,  # each sees only their own (tested below)
    ("GET", "/api/visits/{visit_id}"): SELF_AND_STAFF,
    ("POST", "/api/visits/{visit_id}/reschedule"): SELF_AND_STAFF,
    ("POST", "/api/visits/{visit_id}/cancel"): SELF_AND_STAFF,
    ("GET", "/api/visits/day"): THERAPISTS,
    ("GET", "/api/visits/{visit_id}/note"): STAFF,
    ("POST", "/api/visits/{visit_id}/note"): STAFF,  # the empty body is an empty note
}


def test_every_visits_route_has_a_row():
    mounted = next(p for p in get_resolver().url_patterns if str(p.pattern) == "visits/")
    routes = _page_routes(mounted.url_patterns, "visits/")
    assert routes == {route for _, route in PAGES}
    schema = api.get_openapi_schema()
    found = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    assert {row for row in found if row[1].startswith("/api/visits/")} == set(API)


def _fill(route: str, w: Any) -> str:
    profile = w.tess_profile
    profile.photo.save("p.png", SimpleUploadedFile("p.png", PNG), save=True)
    visit = book_visit(w)
    VisitNote.objects.create(visit=visit, patient=w.patient_a, subjective="Better")
    values = {
        "clinic_id": w.clinic.pk,
        "profile_id": profile.pk,
        "therapist_id": profile.pk,
        "patient_id": w.patient_a.pk,
        "visit_id": visit.pk,
    }
    for key, value in values.items():
        for form in (f"<int:{key}>", f"{{{key}}}"):
            route = route.replace(form, str(value))
    if route.endswith("/slots"):
        route += f"?visit_type={visit_type(w).pk}"
    return "/" + route.lstrip("/")


@pytest.mark.parametrize(("method", "route"), sorted(PAGES))
def test_visits_page_permissions(visits_world, method, route):
    _check(visits_world, method, _fill(route, visits_world), PAGES[(method, route)])


@pytest.mark.parametrize(("method", "route"), sorted(API))
def test_visits_api_permissions(visits_world, method, route):
    body = {} if method == "POST" else None
    _check(visits_world, method, _fill(route, visits_world), API[(method, route)], body)


def test_a_visitor_sees_the_roster_only_when_the_clinic_makes_it_public(visits_world):
    w = visits_world
    url = f"/visits/clinics/{w.clinic.pk}/roster/"
    assert w.client("anonymous").get(url).status_code == 404
    settings = roster.settings_of(w.clinic.pk)
    settings.public_roster = True
    settings.save()
    page = w.client("anonymous").get(url)
    assert page.status_code == 200 and b"Tess Therapist" in page.content
    assert b"Oscar Other" not in page.content
    api_rows = w.client("anonymous").get(f"/api/visits/clinics/{w.clinic.pk}/therapists").json()
    assert {r["display_name"] for r in api_rows} == {"Tess Therapist", "Theo Therapist"}
    # a public roster is still not a door to the other clinic's staff, nor to visits
    assert w.client("other_therapist").get(url).status_code == 404
    assert w.client("anonymous").get("/api/visits/").status_code == 401


def test_a_patient_lists_only_their_own_visits(visits_world):
    w = visits_world
    own = book_visit(w)
    theirs = booking.book(
        None,
        w.therapist,
        w.patient_b,
        w.theo_profile,
        visit_type(w),
        at(working_day(), 11),
        timezone.now(),
    )
    mine = {v["id"] for v in w.client("patient_a_user").get("/api/visits/").json()}
    assert mine == {own.pk}
    staff = {v["id"] for v in w.client("therapist").get("/api/visits/").json()}
    assert staff == {own.pk, theirs.pk}
    assert w.client("other_therapist").get("/api/visits/").json() == []
    page = w.client("patient_b_user").get(f"/visits/{own.pk}/")
    assert page.status_code == 404


def test_the_photo_is_served_to_those_who_see_the_roster(visits_world):
    w = visits_world
    url = _fill("visits/clinics/<int:clinic_id>/therapists/<int:profile_id>/photo", w)
    answer = w.client("patient_b_user").get(url)
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content).startswith(b"\x89PNG")

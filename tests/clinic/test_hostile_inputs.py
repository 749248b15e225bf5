"""A corpus of hostile inputs sent to every route of the app (pages, the API, CDS Hooks), on
whichever database the run uses: no answer is a server error, and an input that must be
refused stores nothing.

Routes come from the URL configuration itself, so a new route is covered without an edit
here. Each route gets, as the person allowed to use it (the patient for /me/ routes, the
clinic's admin otherwise; anonymous for CDS Hooks and the login page):
- hostile ids in its path parameters (fractional, huge, negative, exponent, NUL),
- hostile values in the query (NUL, NaN, huge and fractional numbers, SQL, HTML),
- a POST body of every kind: a realistic body with each text field replaced by a value that
  must be refused (NUL, control and bidirectional override characters, too long), NaN and
  Infinity, a deeply nested document, and values that may be stored but must not break
  anything (SQL, HTML, full-width letters).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from sciatica_pt.clinic import models as m
from tests.clinic.conftest import TODAY, World, assessment_doc, checkin_doc

pytestmark = pytest.mark.django_db

# Values that every text field must refuse: stored, they would break a reader or a display.
REFUSED_TEXT = {
    "nul": "ann\x00",
    "control": "ann\x07\x1b[2J",
    "bidi override": "ann\u202egpj.exe",
    "too long": "a" * 300_000,
}
# Values that may be stored (they are text like any other) but must never make a 5xx.
ODD_TEXT = {
    "sql": "x'); DROP TABLE auth_user; --",
    "html": '<script>alert(1)</script><img src=x onerror="alert(2)">',
    "full width": "ａｄａ",
    "combining": "e\u0301\u0301\u0301",
    "emoji": "🧍\u200d♀️",
}
REFUSED_JSON = {
    "nan": b'{"value": NaN, "version": NaN}',
    "infinity": b'{"value": Infinity, "version": -Infinity}',
    "overflow float": b'{"value": 1e999, "version": 1e999}',
    "deep list": b"[" * 1000 + b"]" * 1000,
    "deep object": b'{"a":' * 1000 + b"1" + b"}" * 1000,
}
ODD_NUMBERS: list[Any] = [10**30, -(10**30), 1.5, -1, 0, "1.0", True, None, [], {}]
HOSTILE_IDS = ["1.0", "1e3", "-1", "+1", "99999999999999999999999", "%00", "0x1", " 1", "١"]
# Each query carries several hostile values at once (one a key), to keep the run short.
HOSTILE_QUERIES = [
    "page=NaN&patient=1e999&user=%27%20OR%201%3D1%20--&q=%3Cscript%3E",
    "page=99999999999999999999999&patient=1.0&user=%EF%BD%81%EF%BD%84%EF%BD%81&q=Infinity",
    "page=-1&patient=-99999999999999999999999&user=%22%3B--&q=%E2%80%AE",
    "page=%00&patient=%00&user=%00&q=%00",
    "page=1.0&patient=%20%2B1&user=a%1Bb&q=%0A",
]
# Downloads render a document on every good request: two queries are enough there.
DOWNLOADS = (".pdf", ".ics", "fhir.json", "/fhir")


def _patterns() -> list[str]:
    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                found.append("/" + prefix + str(p.pattern))

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


PATTERNS = _patterns()
PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def _who(path: str) -> str:
    if path.startswith(("/cds-services", "/login")):
        return "anonymous"
    if path.startswith(("/me/", "/api/me/")):
        return "patient_a_user"
    return "admin"


def _fill(world: World, pattern: str, hostile: str | None = None) -> str:
    """The pattern with its parameters set: to `hostile`, else to rows of patient A."""
    patient = world.patient_a
    program = patient.programs.get(is_current=True)
    real = {
        "patient_id": patient.pk,
        "item_pk": program.items.first().pk,  # type: ignore[union-attr]
        "alert_id": patient.alerts.first().pk if patient.alerts.exists() else 1,  # type: ignore[union-attr]
        "assessment_id": patient.assessments.first().pk,  # type: ignore[union-attr]
        "checkin_id": patient.checkins.first().pk,  # type: ignore[union-attr]
        "user_id": world.therapist.pk,
        "token_id": 1,
        "exercise_id": 1,  # a clinic's own exercise that need not exist (a 404, never a 5xx)
        "topic_id": "what-is-sciatica",
        "service_id": "sciatica-pt-patient-view",
        # visits: rows that need not exist (a missing visit or profile is a 404, never a 5xx)
        "clinic_id": world.clinic.pk,
        "therapist_id": world.therapist.pk,
        "profile_id": 1,
        "visit_id": 1,
        # between visits: a link that names no one (a bad link is a page saying so)
        "uidb64": "MQ",
        "token": "not-a-token",
        "instrument": "psfs",  # questionnaires (issue 21)
    }
    return PARAM.sub(lambda g: hostile if hostile is not None else str(real[g[1]]), pattern)


def _client(world: World, who: str) -> Client:
    return world.client(who)


def _fingerprint() -> dict[str, Any]:
    """Everything a request could have stored, except the audit trail and the sessions (a
    read is audited; a login writes a session)."""
    tables: list[Any] = [
        get_user_model(),
        m.Clinic,
        m.ClinicExercise,
        m.Membership,
        m.Patient,
        m.Assessment,
        m.Program,
        m.ProgramItem,
        m.CheckIn,
        m.OutcomeScore,
        m.Alert,
        m.ApiToken,
        m.QuestionnaireSchedule,
        m.QuestionnaireResponse,
    ]
    skip = {"last_login", "updated_at", "stopped_logging"}
    out = {}
    for model in tables:
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in skip]
        out[model.__name__] = list(model.objects.order_by("pk").values_list(*fields))
    return out


def _request(client: Client, method: str, path: str, **kw: Any) -> Any:
    return client.generic(method, path, **kw)


def _no_5xx(response: Any, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"


def _ids(path: str) -> str:
    return path.strip("/") or "(root)"


# --- path parameters ---------------------------------------------------------------------


@pytest.mark.parametrize("pattern", [p for p in PATTERNS if PARAM.search(p)], ids=_ids)
def test_hostile_ids_in_the_path_are_refused(world: World, pattern: str) -> None:
    client = _client(world, _who(pattern))
    before = _fingerprint()
    for hostile in HOSTILE_IDS:
        path = _fill(world, pattern, hostile)
        for method in ("GET", "POST"):
            response = _request(client, method, path, data=b"{}", content_type="application/json")
            _no_5xx(response, f"{method} {path}")
            if pattern.startswith("/api/") and "{" not in hostile and response.status_code < 300:
                raise AssertionError(f"{method} {path} was read as an id: {response.status_code}")
    assert _fingerprint() == before


# --- the query ---------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", PATTERNS, ids=_ids)
def test_hostile_queries_make_no_server_error(world: World, pattern: str) -> None:
    client = _client(world, _who(pattern))
    path = _fill(world, pattern)
    queries = HOSTILE_QUERIES[-2:] if path.endswith(DOWNLOADS) else HOSTILE_QUERIES
    for query in queries:
        _no_5xx(client.get(f"{path}?{query}"), f"GET {path}?{query}")


def test_a_nul_in_the_query_is_refused_naming_the_parameter(world: World) -> None:
    response = world.client("admin").get("/api/audit?user=%00")
    assert response.status_code == 422
    assert response.json() == {"detail": ["user: contains a NUL character"]}


# --- bodies ------------------------------------------------------------------------------


def _json_body(world: World, path: str) -> dict[str, Any]:
    """A realistic body for the route (the fields it reads), to be made hostile."""
    version = world.patient_a.programs.get(is_current=True).version
    login = {"username": "newname", "password": "a-long-test-password"}
    bodies: list[tuple[str, dict[str, Any]]] = [
        ("/api/assess", {**assessment_doc(), "notes": "text"}),
        ("/assessments", {**assessment_doc(), "notes": "text"}),
        ("/api/patients", {"display_name": "New Patient", **login}),
        ("/program/items/", {"version": version, "reason": "text", "dosage": {"sets": 2}}),
        ("/program/items", {"version": version, "item_id": "prone-lying", "reason": "text"}),
        ("/checkins", checkin_doc(notes="text")),
        ("/outcomes", {"measure": "leg_pain_nrs", "value": 4, "recorded_on": str(TODAY)}),
        ("/therapist", {"therapist_id": world.therapist2.membership.pk}),
        ("/login/password", {"password": "another-long-password"}),
        ("/access", {"active": False}),
        ("/login", login),
        ("/api/staff", {**login, "name": "New Therapist"}),
        ("/api/tokens", {"username": "tess", "name": "label"}),
        ("/feedback", {"feedback": [{"card": "c", "outcome": "accepted"}]}),
        ("/cds-services/", {"hook": "patient-view", "hookInstance": "x", "context": {}}),
    ]
    for marker, body in bodies:
        if marker in path:
            return body
    return {"text": "text"}


FORM_FIELDS = {
    "display_name": "New Patient",
    "username": "newname",
    "password": "a-long-test-password",
    "name": "label",
    "measure": "leg_pain_nrs",
    "value": "4",
    "recorded_on": str(TODAY),
    "reason": "text",
    "notes": "text",
    "item_id": "prone-lying",
    "action": "give",
    "old_password": "a-long-test-password",
    "new_password1": "another-long-password",
    "new_password2": "another-long-password",
}


def _replace_text(value: Any, text: str) -> Any:
    if isinstance(value, str):
        return text
    if isinstance(value, dict):
        return {k: _replace_text(v, text) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_text(v, text) for v in value]
    return value


def _replace_numbers(value: Any, number: Any) -> Any:
    if isinstance(value, bool | int | float) and value is not None:
        return number
    if isinstance(value, dict):
        return {k: _replace_numbers(v, number) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_numbers(v, number) for v in value]
    return value


# Routes that act on the path alone (a body, whatever it holds, is not read).
NO_BODY = ("/discharge", "/ack", "/review")  # they act on the record, whatever the body

POST_PATTERNS = [
    p
    for p in PATTERNS
    if not p.startswith(("/api/docs", "/api/openapi", "/openapi", "/static"))
    and p not in ("/", "/api/", "/hello/", "/logout/")
]
# Routes that take a body (downloads and read-only pages take none: a body is ignored there).
BODY_PATTERNS = [p for p in POST_PATTERNS if not p.endswith(DOWNLOADS)]


@pytest.mark.parametrize("pattern", BODY_PATTERNS, ids=_ids)
def test_refused_bodies_store_nothing(world: World, pattern: str) -> None:
    client = _client(world, _who(pattern))
    path = _fill(world, pattern)
    json_base = _json_body(world, path)
    acts_anyway = path.endswith(NO_BODY) or path.rstrip("/").endswith(NO_BODY)
    before = _fingerprint()
    for name, text in REFUSED_TEXT.items():
        hostile = _replace_text(json_base, text)
        if hostile != json_base:  # a body without text is valid as it is
            response = client.post(path, json.dumps(hostile), content_type="application/json")
            _no_5xx(response, f"JSON with {name} to {path}")
        form = dict.fromkeys(FORM_FIELDS, text)
        _no_5xx(client.post(path, form), f"form with {name} to {path}")
    for name, raw in REFUSED_JSON.items():
        response = client.post(path, raw, content_type="application/json")
        _no_5xx(response, f"{name} to {path}")
    if not acts_anyway:
        assert _fingerprint() == before


@pytest.mark.parametrize("pattern", BODY_PATTERNS, ids=_ids)
def test_odd_bodies_make_no_server_error(world: World, pattern: str) -> None:
    client = _client(world, _who(pattern))
    path = _fill(world, pattern)
    json_base = _json_body(world, path)
    for name, text in ODD_TEXT.items():
        body = json.dumps(_replace_text(json_base, text))
        _no_5xx(client.post(path, body, content_type="application/json"), f"{name} to {path}")
        _no_5xx(client.post(path, dict.fromkeys(FORM_FIELDS, text)), f"form {name} to {path}")
    for number in ODD_NUMBERS:
        body = json.dumps(_replace_numbers(json_base, number))
        response = client.post(path, body, content_type="application/json")
        _no_5xx(response, f"{number!r} to {path}")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


@pytest.mark.parametrize(
    "path",
    [
        "/api/assess",
        "/api/patients",
        "/api/me/checkins",
        "/cds-services/sciatica-pt-patient-view",
        "/cds-services/sciatica-pt-patient-view/feedback",
    ],
)
def test_deep_json_is_refused_naming_the_body(
    world: World, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = _client(world, _who(path))
    response = client.post(path, b"[" * 1000 + b"]" * 1000, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert "(body): is nested more than" in response.content.decode()
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"


def test_a_nul_in_a_json_field_is_refused_naming_the_field(world: World) -> None:
    body = checkin_doc(notes="fine\x00")
    response = world.client("patient_a_user").post(
        "/api/me/checkins", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json() == {"detail": ["notes: contains a NUL character"]}


def test_nan_is_refused_naming_the_field(world: World) -> None:
    path = f"/api/patients/{world.patient_a.pk}/outcomes"
    body = b'{"measure": "leg_pain_nrs", "value": NaN, "recorded_on": "2026-11-20"}'
    response = world.client("admin").post(path, body, content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {"detail": ["value: is not a finite number"]}

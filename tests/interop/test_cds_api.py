"""The CDS Hooks HTTP endpoints, mounted at the site root; every answer is checked against
the CDS Hooks 2.0 shapes."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from sciatica_pt.core.intake.assessment import parse_assessment
from sciatica_pt.core.planning.items import KnowledgeGap
from sciatica_pt.interop import cds_hooks_api
from sciatica_pt.interop.cds_service import PREFETCH
from sciatica_pt.interop.fhir_export import episode_bundle
from tests.interop.builders import FULL, KB, SYSTEM, TODAY, active_result, emergency_result
from tests.interop.cds_calls import order_select, patient_view, service_request
from tests.interop.cds_schemas import DISCOVERY, FEEDBACK, RESPONSE, problems

pytestmark = pytest.mark.usefixtures("stand_in_engine")


def stand_in_plan(assessment, kb):
    """Emergency exactly when saddle anaesthesia is recorded; the real rules are the engine's."""
    return emergency_result() if assessment.red_flags.saddle_anesthesia else active_result()


@pytest.fixture
def stand_in_engine(monkeypatch):
    monkeypatch.setattr(cds_hooks_api, "planner", lambda: stand_in_plan)


@pytest.fixture(params=["tests.interop.urls_cds", "sciatica_pt.clinic.urls"])
def client(request):
    """Each test twice: the minimal mount, and the web app's real URLconf (with its middleware
    when the app's settings are loaded). CSRF is enforced: an EHR posts without a token."""
    with override_settings(
        ROOT_URLCONF=request.param, SCIATICA_PT_APP_BASE_URL="https://pt.example.org"
    ):
        yield Client(enforce_csrf_checks=True)


def post(client, path, payload):
    return client.post(path, data=json.dumps(payload), content_type="application/json")


def exported(**red_flags):
    assessment = parse_assessment({**FULL, "red_flags": {**FULL["red_flags"], **red_flags}})
    return episode_bundle(
        assessment, active_result(), KB, patient_id="p1", today=TODAY, identifier_system=SYSTEM
    )


def cards_of(response):
    assert response.status_code == 200, response.content
    body = response.json()
    assert problems(RESPONSE, body) == []
    return body["cards"]


def test_discovery_lists_both_services_with_prefetch_and_cors(client):
    response = client.get("/cds-services")
    assert response.status_code == 200
    body = response.json()
    assert problems(DISCOVERY, body) == []
    assert {(s["id"], s["hook"]) for s in body["services"]} == {
        ("sciatica-pt-patient-view", "patient-view"),
        ("sciatica-pt-order-select", "order-select"),
    }
    assert all(
        s["prefetch"]["patient"] == "Patient/{{context.patientId}}" for s in body["services"]
    )
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_browser_preflight_is_answered_with_cors_headers(client):
    response = client.options("/cds-services/sciatica-pt-patient-view")
    assert response.status_code == 204
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "Content-Type" in response["Access-Control-Allow-Headers"]


def test_patient_view_raises_a_critical_card_for_saddle_anaesthesia(client):
    call = patient_view({"episode": exported(saddle_anesthesia=True)})
    cards = cards_of(post(client, "/cds-services/sciatica-pt-patient-view", call))
    assert cards[0]["indicator"] == "critical"
    assert "program" not in json.dumps([c["summary"] for c in cards]).lower()


def test_patient_view_suggests_the_program_with_an_absolute_link(client):
    cards = cards_of(
        post(
            client, "/cds-services/sciatica-pt-patient-view", patient_view({"episode": exported()})
        )
    )
    (program,) = [c for c in cards if c["source"]["topic"]["code"] == "home-program"]
    assert program["links"][0]["url"] == "https://pt.example.org/patients/p1/"


def searchsets(bundle):
    """The exported resources as a CDS client's prefetch returns them: one searchset each."""
    by_type = {}
    for entry in bundle["entry"]:
        by_type.setdefault(entry["resource"]["resourceType"], []).append(entry)
    return {
        key: {"resourceType": "Bundle", "type": "searchset", "entry": by_type.get(kind, [])}
        for key, kind in (
            ("observations", "Observation"),
            ("conditions", "Condition"),
            ("questionnaireResponses", "QuestionnaireResponse"),
        )
    } | {"patient": by_type["Patient"][0]["resource"]}


def test_patient_view_reads_the_prefetch_templates_answers(client):
    call = patient_view(searchsets(exported(saddle_anesthesia=True)))
    assert set(call["prefetch"]) == set(PREFETCH)  # the keys discovery announces
    cards = cards_of(post(client, "/cds-services/sciatica-pt-patient-view", call))
    assert cards[0]["indicator"] == "critical"


def test_patient_view_without_prefetch_asks_for_the_assessment(client):
    (card,) = cards_of(post(client, "/cds-services/sciatica-pt-patient-view", patient_view()))
    assert card["summary"].startswith("A Sciatica PT assessment is needed")
    assert card["links"][0]["type"] == "absolute"


def test_patient_view_with_an_unreadable_assessment_says_why_instead_of_crashing(client):
    bundle = exported()
    for entry in bundle["entry"]:
        if entry["resource"]["resourceType"] == "Observation":
            entry["resource"].pop("valueInteger", None)
    (card,) = cards_of(
        post(client, "/cds-services/sciatica-pt-patient-view", patient_view({"episode": bundle}))
    )
    assert card["indicator"] == "warning"
    assert "could not be read" in card["detail"]


def test_order_select_warns_about_traction_and_imaging_without_red_flags(client):
    orders = [
        service_request("t", "Lumbar traction"),
        service_request("m", "MRI lumbar spine"),
        service_request("e", "Physical therapy: exercise program"),
    ]
    cards = cards_of(
        post(
            client,
            "/cds-services/sciatica-pt-order-select",
            order_select(orders, {"episode": exported()}),
        )
    )
    assert [c["summary"] for c in cards] == [
        "Lumbar traction is not recommended for sciatica",
        "Lumbar imaging without red flags is not recommended",
    ]


def test_order_select_without_an_assessment_warns_about_tens_and_asks_for_one_for_imaging(client):
    orders = [service_request("s", "TENS"), service_request("m", "CT lumbar spine")]
    cards = cards_of(post(client, "/cds-services/sciatica-pt-order-select", order_select(orders)))
    assert [c["indicator"] for c in cards] == ["warning", "info"]
    assert cards[1]["summary"].startswith("A Sciatica PT assessment is needed")


def test_order_select_with_nothing_to_say_returns_no_cards(client):
    orders = [service_request("e", "Physical therapy: exercise program")]
    assert (
        cards_of(post(client, "/cds-services/sciatica-pt-order-select", order_select(orders))) == []
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"hookInstance": "not-a-uuid"}, "hookInstance:"),
        ({"hook": "order-sign"}, "hook: 'order-sign' is not 'patient-view'"),
        ({"context": None}, "context:"),
        ({"context": {"userId": "Practitioner/1"}}, "context.patientId: is required"),
    ],
)
def test_a_bad_request_is_a_400_naming_the_field(client, change, expected):
    response = post(client, "/cds-services/sciatica-pt-patient-view", {**patient_view(), **change})
    assert response.status_code == 400
    assert any(line.startswith(expected) for line in response.json()["problems"]), response.json()
    assert response["Access-Control-Allow-Origin"] == "*"


def test_order_select_needs_selections_and_a_draft_orders_bundle(client):
    call = order_select([service_request("t", "Traction")])
    call["context"]["draftOrders"] = {"resourceType": "Patient"}
    call["context"]["selections"] = []
    response = post(client, "/cds-services/sciatica-pt-order-select", call)
    assert response.status_code == 400
    found = " ".join(response.json()["problems"])
    assert "context.selections" in found and "draftOrders must be a FHIR Bundle" in found


def test_a_body_that_is_not_json_is_a_400(client):
    response = client.post(
        "/cds-services/sciatica-pt-patient-view", data="{", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["problems"] == ["(body): is not valid JSON"]


def test_an_unknown_service_is_a_404(client):
    response = post(client, "/cds-services/nope", patient_view())
    assert response.status_code == 404


FEEDBACK_CALL = {
    "feedback": [
        {
            "card": "4e0a3a1e-3283-4575-ab82-028d55fe2719",
            "outcome": "overridden",
            "overrideReason": {
                "reason": {
                    "system": "urn:sciatica-pt:cds-override-reason",
                    "code": "clinical-judgement",
                },
                "userComment": "Specialist asked for it.",
            },
            "outcomeTimestamp": "2026-11-22T10:00:00Z",
        }
    ]
}


def test_feedback_is_accepted(client):
    assert problems(FEEDBACK, FEEDBACK_CALL) == []
    response = post(client, "/cds-services/sciatica-pt-order-select/feedback", FEEDBACK_CALL)
    assert response.status_code == 200
    assert response.json() == {}


def test_feedback_that_accepts_nothing_is_a_400(client):
    bad = {"feedback": [{**FEEDBACK_CALL["feedback"][0], "outcome": "accepted"}]}
    assert problems(FEEDBACK, bad) != []  # the schema agrees with the service
    response = post(client, "/cds-services/sciatica-pt-order-select/feedback", bad)
    assert response.status_code == 400
    assert "an accepted outcome needs acceptedSuggestions" in " ".join(response.json()["problems"])


def test_the_real_engine_answers_patient_view(client, monkeypatch):
    engine = pytest.importorskip("sciatica_pt.core.engine", reason="branch engine-plan not merged")
    monkeypatch.setattr(cds_hooks_api, "planner", lambda: engine.assess)
    call = patient_view({"episode": exported(saddle_anesthesia=True)})
    cards = cards_of(post(client, "/cds-services/sciatica-pt-patient-view", call))
    assert cards[0]["indicator"] == "critical"


def test_a_knowledge_gap_is_a_500_that_says_so_not_fewer_cards(client, monkeypatch):
    def broken(assessment, kb):
        raise KnowledgeGap("no item for emergency_referral")

    monkeypatch.setattr(cds_hooks_api, "planner", lambda: broken)
    call = patient_view({"episode": exported()})
    response = post(client, "/cds-services/sciatica-pt-patient-view", call)
    assert response.status_code == 500
    assert "knowledge base is incomplete" in response.json()["error"]

"""CDS Hooks on the web app itself: the episode a therapist downloads as FHIR, sent back by an
EHR as patient-view prefetch, gives cards whose link opens that patient in the app."""

from __future__ import annotations

import json

from django.test import Client, override_settings

from tests.interop.cds_calls import patient_view
from tests.interop.cds_schemas import DISCOVERY, RESPONSE, problems


def test_discovery_is_served_at_the_root_without_login_or_csrf(world):
    response = Client(enforce_csrf_checks=True).get("/cds-services")
    assert response.status_code == 200
    assert problems(DISCOVERY, response.json()) == []


@override_settings(SCIATICA_PT_APP_BASE_URL="https://pt.example.org/")
def test_the_apps_own_bundle_as_prefetch_links_the_card_to_the_patients_page(world):
    pid = world.patient_a.pk
    bundle = json.loads(world.client("therapist").get(f"/patients/{pid}/fhir.json").content)
    call = patient_view({"episode": bundle})
    call["context"]["patientId"] = str(pid)
    response = Client(enforce_csrf_checks=True).post(
        "/cds-services/sciatica-pt-patient-view", json.dumps(call), content_type="application/json"
    )
    assert response.status_code == 200
    assert problems(RESPONSE, response.json()) == []
    links = [link["url"] for card in response.json()["cards"] for link in card.get("links", [])]
    assert f"https://pt.example.org/patients/{pid}/" in links
    assert world.client("therapist").get(f"/patients/{pid}/").status_code == 200


def test_the_cds_openapi_document_has_unique_operation_ids(world):
    paths = Client().get("/openapi.json").json()["paths"]
    ids = [op["operationId"] for ops in paths.values() for op in ops.values()]
    assert len(ids) == len(set(ids)) and "cds_feedback_preflight" in ids

"""A contraindicated item needs a recorded reason (issue 20): the core's safety check decides,
on the page and in the API, and the reason is stored and shown."""

from __future__ import annotations

import pytest

from sciatica_pt import knowledge
from sciatica_pt.clinic.api.auth import issue_token
from sciatica_pt.clinic.services import assessments, programs
from sciatica_pt.clinic.services.errors import InvalidInput
from tests.clinic.conftest import TODAY, assessment_doc

ITEM = "flexion-in-standing"


@pytest.fixture
def flexion_peripheralizes(world):
    doc = assessment_doc()
    doc["exam"]["repeated_movements"]["flexion_in_standing"] = "peripheralizes"
    assessments.record(None, world.therapist, world.patient_a, doc, TODAY)
    return programs.current_program(world.patient_a)


def _add(world, program, reason):
    url = f"/patients/{world.patient_a.pk}/program/change/"
    form = {"version": program.version, "action": "add", "item_id": ITEM, "reason": reason}
    return world.client("therapist").post(url, form, follow=True)


def test_the_page_refuses_flexion_in_standing_without_a_reason(world, flexion_peripheralizes):
    response = _add(world, flexion_peripheralizes, "  ")
    text = response.content.decode()
    assert "reason: a reason is required" in text and "contraindicated" in text
    assert not flexion_peripheralizes.items.filter(item_id=ITEM).exists()


def test_the_api_refuses_it_too_naming_the_field(world, flexion_peripheralizes):
    headers = {"Authorization": f"Bearer {issue_token(world.therapist, 'test')}"}
    response = world.client("anonymous").post(
        f"/api/patients/{world.patient_a.pk}/program/items",
        {"version": flexion_peripheralizes.version, "item_id": ITEM, "reason": ""},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422, response.content
    assert "reason" in response.content.decode()
    assert not flexion_peripheralizes.items.filter(item_id=ITEM).exists()


def test_with_a_reason_it_is_added_and_the_reason_is_stored_and_shown(
    world, flexion_peripheralizes
):
    response = _add(world, flexion_peripheralizes, "Tried under supervision: it centralised")
    row = flexion_peripheralizes.items.get(item_id=ITEM)
    assert row.clinician_reason == "Tried under supervision: it centralised"
    assert "Tried under supervision: it centralised" in response.content.decode()
    page = world.client("therapist").get(f"/patients/{world.patient_a.pk}/")
    assert "Tried under supervision: it centralised" in page.content.decode()


def test_the_rule_applies_only_to_the_patient_whose_flexion_peripheralises(
    world, flexion_peripheralizes
):
    item = knowledge.load().item(ITEM)
    spreads = "No bending forwards while it spreads the symptoms"
    assert any(spreads in r for r in programs.contraindications(flexion_peripheralizes, item))
    other = programs.current_program(world.patient_b)
    assert not any(spreads in r for r in programs.contraindications(other, item))


def test_the_service_names_the_field_and_the_rule(world, flexion_peripheralizes):
    with pytest.raises(InvalidInput) as caught:
        programs.add_item(
            None, world.therapist, world.patient_a, flexion_peripheralizes.version, ITEM, ""
        )
    (problem,) = caught.value.problems
    assert problem.startswith("reason:") and "flexion" in problem.lower()

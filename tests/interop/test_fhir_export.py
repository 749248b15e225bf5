"""The episode Bundle: every resource validates with fhir.resources.R4B and says what it should."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B import get_fhir_model_class

from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.intake.assessment import parse_assessment
from sciatica_pt.core.result import Triage, TriageLevel
from sciatica_pt.interop.fhir_codes import (
    FIELD,
    ICD10,
    LOINC,
    SNOMED,
    TRIAGE_LEVEL,
    TRIAGE_RULE,
)
from sciatica_pt.interop.fhir_export import episode_bundle
from tests.interop.builders import (
    EXPORT,
    FULL,
    KB,
    SYSTEM,
    TODAY,
    active_result,
    emergency_result,
    finding,
    full_assessment,
    minimal_assessment,
)


def bundle(assessment=None, result=None):
    return episode_bundle(
        assessment or full_assessment(),
        result or active_result(),
        KB,
        patient_id="patient-1",
        today=TODAY,
        identifier_system=SYSTEM,
        export_id=EXPORT,
    )


def resources(found, kind):
    return [e["resource"] for e in found["entry"] if e["resource"]["resourceType"] == kind]


def field_codes(resource):
    return [c["code"] for c in resource["code"]["coding"] if c["system"] == FIELD]


def test_every_resource_validates_on_its_own_with_fhir_resources_r4b():
    for found in (bundle(), bundle(minimal_assessment(), emergency_result())):
        for entry in found["entry"]:
            resource = entry["resource"]
            get_fhir_model_class(resource["resourceType"]).model_validate(resource)
            assert entry["fullUrl"].startswith("urn:uuid:")


def test_it_is_a_collection_with_the_resources_the_issue_lists():
    found = bundle()
    assert found["type"] == "collection"
    kinds = {e["resource"]["resourceType"] for e in found["entry"]}
    assert kinds == {
        "Patient",
        "Condition",
        "Observation",
        "Questionnaire",
        "QuestionnaireResponse",
        "Goal",
        "CarePlan",
        "ServiceRequest",
    }


def test_the_same_episode_exports_the_same_bundle():
    assert json.dumps(bundle()) == json.dumps(bundle())


def test_the_condition_is_sciatica_in_snomed_and_icd10_and_only_provisional():
    (condition,) = resources(bundle(), "Condition")
    codes = {(c["system"], c["code"]) for c in condition["code"]["coding"]}
    assert (SNOMED, "23056005") in codes
    assert (ICD10, "M54.4") in codes  # back pain 4/10: lumbago with sciatica
    assert condition["verificationStatus"]["coding"][0]["code"] == "provisional"
    assert condition["note"][0]["text"].startswith("34-year-old")


def test_sciatica_without_back_pain_is_coded_m54_3():
    (condition,) = resources(bundle(minimal_assessment()), "Condition")
    assert {c["code"] for c in condition["code"]["coding"]} == {"23056005", "M54.3"}


def test_back_and_leg_pain_are_loinc_numeric_ratings_with_body_sites():
    pains = [o for o in resources(bundle(), "Observation") if "valueInteger" in o]
    by_field = {field_codes(o)[0]: o for o in pains}
    back, leg = by_field["symptoms.back_pain_nrs"], by_field["symptoms.leg_pain_nrs"]
    assert (back["valueInteger"], leg["valueInteger"]) == (4, 6)
    for pain in (back, leg):
        assert {"system": LOINC, "code": "72514-3"}.items() <= pain["code"]["coding"][0].items()
    assert (back["bodySite"]["text"], leg["bodySite"]["text"]) == ("Lower back", "Leg")


def test_the_slr_carries_positive_and_the_angle_in_degrees():
    (slr,) = [
        o for o in resources(bundle(), "Observation") if field_codes(o) == ["exam.slr_positive"]
    ]
    assert slr["valueBoolean"] is True
    angle = slr["component"][0]["valueQuantity"]
    assert (angle["value"], angle["code"], angle["system"]) == (
        45,
        "deg",
        "http://unitsofmeasure.org",
    )


def test_each_repeated_movement_is_its_own_observation():
    found = {
        field_codes(o)[0]: o["valueCodeableConcept"]["coding"][0]["code"]
        for o in resources(bundle(), "Observation")
        if field_codes(o) and field_codes(o)[0].startswith("exam.repeated_movements.")
    }
    assert found == {
        "exam.repeated_movements.extension_in_lying": "centralizes",
        "exam.repeated_movements.flexion_in_standing": "peripheralizes",
    }


def test_an_unasked_red_flag_is_data_absent_not_asked():
    panel = next(
        o for o in resources(bundle(), "Observation") if o["code"]["text"] == "Red flag screen"
    )
    fever = next(c for c in panel["component"] if field_codes(c) == ["red_flags.fever"])
    assert "valueBoolean" not in fever
    assert fever["dataAbsentReason"]["coding"][0]["code"] == "not-asked"


def test_the_psfs_is_a_questionnaire_response_with_a_goal_per_activity():
    (psfs,) = resources(bundle(), "QuestionnaireResponse")
    assert [(i["text"], i["answer"][0]["valueInteger"]) for i in psfs["item"]] == [
        ("sitting at work", 3),
        ("lifting my child", 2),
    ]
    goals = resources(bundle(), "Goal")
    assert [g["target"][0]["detailInteger"] for g in goals] == [6, 5]


def test_the_care_plan_points_to_one_service_request_per_exercise():
    found = bundle()
    (plan,) = resources(found, "CarePlan")
    urls = {e["fullUrl"]: e["resource"] for e in found["entry"]}
    linked = [urls[a["reference"]["reference"]] for a in plan["activity"] if "reference" in a]
    assert [r["resourceType"] for r in linked] == ["ServiceRequest", "ServiceRequest"]
    assert [r["code"]["coding"][0]["code"] for r in linked] == ["prone-lying", "prone-on-elbows"]
    advice = [a["detail"] for a in plan["activity"] if "detail" in a]
    assert [d["code"]["coding"][0]["code"] for d in advice] == ["stay-active"]


def test_a_service_request_is_timed_from_the_dose_and_explained_from_the_kb():
    requests = resources(bundle(), "ServiceRequest")
    assert requests[0]["occurrenceTiming"]["repeat"] == {
        "frequency": 6,
        "period": 1,
        "periodUnit": "d",
    }
    assert requests[1]["occurrenceTiming"]["repeat"] == {
        "frequency": 5,
        "period": 1,
        "periodUnit": "wk",
        "duration": 4,
        "durationUnit": "min",
    }
    instruction = requests[0]["patientInstruction"]
    assert KB.item("prone-lying").instructions.summary in instruction
    assert "Stop and tell your therapist if" in instruction
    assert "JOSPT-2012" in requests[0]["note"][0]["text"]


def test_a_withheld_plan_is_on_hold_with_no_exercise_but_the_referral_stands_at_stat():
    found = bundle(minimal_assessment(), emergency_result())
    (plan,) = resources(found, "CarePlan")
    assert plan["status"] == "on-hold"
    (referral,) = resources(found, "ServiceRequest")
    assert (referral["status"], referral["priority"]) == ("active", "stat")
    assert {"system": SNOMED, "code": "3457005", "display": "Patient referral"} in referral["code"][
        "coding"
    ]
    assert [a["reference"]["reference"] for a in plan["activity"]] == [
        e["fullUrl"] for e in found["entry"] if e["resource"]["resourceType"] == "ServiceRequest"
    ]


def test_the_cauda_equina_emergency_is_a_coded_condition_a_flag_and_the_referrals_reason():
    found = bundle(minimal_assessment(), emergency_result())
    conditions = resources(found, "Condition")
    ces = [c for c in conditions if c["code"]["coding"][0]["code"] == "192970008"]
    assert len(conditions) == 2 and len(ces) == 1  # sciatica, and the suspected emergency
    assert ces[0]["code"]["coding"][0]["system"] == SNOMED
    assert ces[0]["verificationStatus"]["coding"][0]["code"] == "provisional"
    (flag,) = resources(found, "Flag")
    assert flag["status"] == "active"
    assert {(c["system"], c["code"]) for c in flag["code"]["coding"]} == {
        (TRIAGE_RULE, "ces.saddle_anesthesia"),
        (SNOMED, "192970008"),
    }
    levels = [c["coding"][0] for c in flag["category"]]
    assert {"system": TRIAGE_LEVEL, "code": "emergency"} in levels
    (priority,) = flag["extension"]
    assert priority["url"] == "http://hl7.org/fhir/StructureDefinition/flag-priority"
    assert priority["valueCodeableConcept"]["coding"][0]["code"] == "PH"
    ces_url = next(e["fullUrl"] for e in found["entry"] if e["resource"] is ces[0])
    (referral,) = resources(found, "ServiceRequest")
    assert referral["reasonReference"] == [{"reference": ces_url}]


def test_an_urgent_finding_is_a_flag_without_a_cauda_equina_code():
    urgent = emergency_result().model_copy(
        update={
            "triage": Triage(
                level=TriageLevel.URGENT_REFERRAL,
                findings=(finding("motor.severe_deficit", TriageLevel.URGENT_REFERRAL),),
            )
        }
    )
    found = bundle(minimal_assessment(), urgent)
    (flag,) = resources(found, "Flag")
    assert [c["system"] for c in flag["code"]["coding"]] == [TRIAGE_RULE]
    assert flag["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "PM"
    assert [c["code"]["coding"][0]["code"] for c in resources(found, "Condition")] == ["23056005"]


def test_a_routine_triage_raises_no_flag():
    assert resources(bundle(), "Flag") == []


def test_the_patient_is_identified_in_the_clinics_system_not_by_a_bundle_id():
    (patient,) = resources(bundle(), "Patient")
    (identifier,) = patient["identifier"]
    assert (identifier["system"], identifier["value"]) == (SYSTEM, "patient-1")
    assert identifier["type"]["coding"][0]["code"] == "MR"
    assert "id" not in patient


def test_it_rejects_an_identifier_system_that_is_not_an_absolute_uri():
    with pytest.raises(InvalidInput, match="identifier_system: 'clinic-a' is not an absolute URI"):
        episode_bundle(
            full_assessment(), active_result(), KB, patient_id="p", today=TODAY,
            identifier_system="clinic-a",
        )  # fmt: skip


def _urls(found):
    return [e["fullUrl"] for e in found["entry"]]


def test_no_full_url_is_shared_between_patients_or_between_exports():
    two_patients = [
        episode_bundle(a, r, KB, patient_id=pid, today=TODAY, identifier_system=SYSTEM)
        for a, r, pid in (
            (full_assessment(), active_result(), "1"),
            (minimal_assessment(), emergency_result(), "2"),
        )
    ]
    same_patient_twice = [
        episode_bundle(
            full_assessment(), active_result(), KB, patient_id="1", today=TODAY,
            identifier_system=SYSTEM,
        )
        for _ in range(2)
    ]  # fmt: skip
    all_urls = [url for found in two_patients + same_patient_twice for url in _urls(found)]
    assert len(all_urls) == len(set(all_urls))
    assert all(url.startswith("urn:uuid:") for url in all_urls)
    first, second = same_patient_twice  # the Bundles too have their own identifiers
    assert first["identifier"] != second["identifier"]


def test_the_care_plan_links_the_goals():
    found = bundle()
    (plan,) = resources(found, "CarePlan")
    goals = [e["fullUrl"] for e in found["entry"] if e["resource"]["resourceType"] == "Goal"]
    assert len(goals) == 2
    assert [g["reference"] for g in plan["goal"]] == goals


def test_the_psfs_answers_point_at_the_questionnaire_in_the_bundle():
    found = bundle()
    (questionnaire,) = resources(found, "Questionnaire")
    (response,) = resources(found, "QuestionnaireResponse")
    url, version = response["questionnaire"].split("|")
    assert (questionnaire["url"], questionnaire["version"]) == (url, version)
    assert [i["linkId"] for i in questionnaire["item"]] == [i["linkId"] for i in response["item"]]
    assert {i["type"] for i in questionnaire["item"]} == {"integer"}


def test_every_resource_has_an_escaped_generated_narrative():
    notes = 'Says <b>pain</b> & "numbness" started at work'
    assessment = parse_assessment({**FULL, "notes": notes})
    for found in (bundle(assessment), bundle(minimal_assessment(), emergency_result())):
        for entry in found["entry"]:
            text = entry["resource"]["text"]
            assert text["status"] == "generated"
            assert text["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml">')
    (sciatica,) = [c for c in resources(bundle(assessment), "Condition")]
    assert "Says &lt;b&gt;pain&lt;/b&gt; &amp; &quot;numbness&quot;" in sciatica["text"]["div"]

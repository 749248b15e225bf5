"""FHIR export then import gives back the same assessment, field for field."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from sciatica_pt.commands.interop import read_document
from sciatica_pt.core.engine import assess
from sciatica_pt.core.intake.assessment import (
    Assessment,
    Baseline,
    Context,
    Exam,
    History,
    Outcomes,
    Patient,
    Precautions,
    PriorSurgery,
    PsfsActivity,
    Psychosocial,
    RedFlags,
    Symptoms,
    parse_assessment,
)
from sciatica_pt.interop.fhir_export import episode_bundle
from sciatica_pt.interop.fhir_import import assessment_from_bundle
from tests.interop import strategies
from tests.interop.builders import (
    FULL,
    KB,
    SYSTEM,
    TODAY,
    active_result,
    emergency_result,
    full_assessment,
    minimal_assessment,
)
from tests.interop.strategies import assessment_files


def round_trip(assessment, result=None):
    bundle = episode_bundle(
        assessment,
        result or active_result(),
        KB,
        patient_id="patient-1",
        today=TODAY,
        identifier_system=SYSTEM,
    )
    return assessment_from_bundle(bundle)


def test_the_full_example_comes_back_unchanged():
    assert round_trip(full_assessment()) == full_assessment()


def test_the_full_example_keeps_every_field_as_written():
    back = round_trip(full_assessment()).model_dump(mode="json", exclude_unset=False)
    assert back == full_assessment().model_dump(mode="json")
    assert back["notes"] == FULL["notes"]
    assert back["symptoms"]["aggravated_by"] == ["sitting", "driving long distances"]
    assert back["exam"]["repeated_movements"] == FULL["exam"]["repeated_movements"]
    assert back["outcomes"]["baseline"]["psfs_mean"] == 2.7
    assert back["context"]["patient_requests"] == ["tens", "mri"]


def test_a_minimal_assessment_with_an_emergency_plan_comes_back_unchanged():
    assert round_trip(minimal_assessment(), emergency_result()) == minimal_assessment()


def test_not_asked_stays_not_asked_and_never_becomes_no():
    back = round_trip(minimal_assessment())
    assert back.red_flags.saddle_anesthesia is None
    assert back.exam.slr_positive is None
    assert back.patient.pregnant is None


def test_empty_notes_and_empty_sections_survive():
    data = {**FULL, "notes": "", "exam": None, "context": {"equipment": []}}
    assessment = parse_assessment(data)
    assert round_trip(assessment) == assessment
    assert round_trip(assessment).notes == ""


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessment_files)
def test_any_valid_assessment_survives_the_round_trip(data):
    assessment = parse_assessment(data)
    assert round_trip(assessment) == assessment


def _is_assessment(path: Path) -> bool:
    """examples/ also holds other kinds of file (programs, check-ins): an assessment is the
    one with the required sections."""
    document = read_document(str(path))
    return isinstance(document, dict) and {"patient", "history", "symptoms"} <= set(document)


EXAMPLES = [
    p for p in sorted((Path(__file__).parents[2] / "examples").glob("*.yaml")) if _is_assessment(p)
]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_file_survives_the_round_trip_with_its_real_plan(path):
    assessment = parse_assessment(read_document(str(path)))
    result = assess(assessment, KB)
    bundle = episode_bundle(
        assessment, result, KB, patient_id="p", today=TODAY, identifier_system=SYSTEM
    )
    assert assessment_from_bundle(bundle) == assessment


def test_there_are_example_files_to_check():
    assert len(EXAMPLES) >= 5


def test_the_generated_assessments_cover_every_field_of_the_model():
    covered = {
        Assessment: strategies.TOP_FIELDS,
        Patient: strategies.PATIENT_FIELDS,
        History: set(strategies.HISTORY),
        PriorSurgery: set(strategies.SURGERY),
        Symptoms: set(strategies.SYMPTOMS),
        RedFlags: set(strategies.RED_FLAGS),
        Precautions: set(strategies.PRECAUTIONS),
        Exam: set(strategies.EXAM),
        Psychosocial: strategies.PSYCHOSOCIAL_FIELDS,
        Outcomes: set(strategies.OUTCOMES),
        PsfsActivity: strategies.PSFS_FIELDS,
        Baseline: set(strategies.BASELINE),
        Context: set(strategies.CONTEXT),
    }
    for model, fields in covered.items():
        assert set(model.model_fields) == fields, model.__name__

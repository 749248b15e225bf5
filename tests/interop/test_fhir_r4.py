"""Every Bundle the export writes, checked by a second, independent R4 validator
(`r4check`: the official R4 JSON schema and every R4 invariant, evaluated with fhirpathpy) as
well as by fhir.resources: 0 errors and 0 warnings (so no dom-6: every resource has a
narrative). And the checker itself catches what it should, so a pass means something."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from sciatica_pt.commands.interop import read_document
from sciatica_pt.core.engine import assess
from sciatica_pt.core.intake.assessment import parse_assessment
from sciatica_pt.interop.fhir_export import episode_bundle
from sciatica_pt.interop.fhir_validate import bundle_problems
from tests.interop.builders import (
    EXPORT,
    KB,
    SYSTEM,
    TODAY,
    active_result,
    emergency_result,
    full_assessment,
    minimal_assessment,
)
from tests.interop.r4check import invariant_problems, r4_problems, schema_errors, xhtml_problems
from tests.interop.test_fhir_round_trip import EXAMPLES


def _export(assessment, result, patient_id="p"):
    return episode_bundle(
        assessment, result, KB, patient_id=patient_id, today=TODAY, identifier_system=SYSTEM,
        export_id=EXPORT,
    )  # fmt: skip


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_bundle_passes_the_r4_schema_and_invariants(path: Path):
    assessment = parse_assessment(read_document(str(path)))
    bundle = _export(assessment, assess(assessment, KB))
    assert bundle_problems(bundle) == []  # fhir.resources (R4B models)
    assert r4_problems(bundle) == ([], [])


@pytest.mark.parametrize(
    ("assessment", "result"),
    [(full_assessment, active_result), (minimal_assessment, emergency_result)],
    ids=["full-active", "minimal-emergency"],
)
def test_the_hand_built_bundles_pass_the_r4_schema_and_invariants(assessment, result):
    assert r4_problems(_export(assessment(), result())) == ([], [])


def test_the_examples_include_the_cauda_equina_emergency():
    assert "cauda-equina-emergency" in {p.stem for p in EXAMPLES}


@pytest.fixture(scope="module")
def pristine():
    return _export(full_assessment(), active_result())


def _first(bundle, kind):
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind)


def test_the_checker_warns_dom_6_for_a_resource_without_narrative(pristine):
    patient = copy.deepcopy(_first(pristine, "Patient"))
    del patient["text"]
    errors, warnings = invariant_problems(patient)
    assert errors == []
    assert [w.split(":")[1].split()[0] for w in warnings] == ["dom-6"]


def test_the_checker_finds_an_observation_with_a_value_and_a_data_absent_reason(pristine):
    observation = copy.deepcopy(_first(pristine, "Observation"))
    observation["dataAbsentReason"] = {"text": "not asked"}
    errors, _ = invariant_problems(observation)
    assert any(" obs-6 " in e for e in errors), errors


def test_the_checker_finds_an_empty_element_and_a_reference_with_nothing_in_it(pristine):
    goal = copy.deepcopy(_first(pristine, "Goal"))
    goal["subject"] = {"display": ""}  # an empty string is no value: ele-1
    goal["addresses"] = [{"id": "x"}]  # an id alone is no content: ele-1
    errors, _ = invariant_problems(goal)
    assert any("Goal.addresses: ele-1" in e for e in errors), errors


def test_the_checker_rejects_a_schema_violation(pristine):
    bundle = copy.deepcopy(pristine)
    _first(bundle, "Patient")["gender"] = "woman"
    _first(bundle, "CarePlan")["intent"] = 7
    errors = schema_errors(bundle)
    assert any("(Patient) /gender" in e for e in errors), errors
    assert any("(CarePlan) /intent" in e for e in errors), errors


@pytest.mark.parametrize(
    ("div", "problem"),
    [
        ("<div>plain</div>", "not a div in the XHTML namespace"),
        ('<div xmlns="http://www.w3.org/1999/xhtml"><script>x()</script>hi</div>', "script"),
        ('<div xmlns="http://www.w3.org/1999/xhtml"><p onclick="x()">hi</p></div>', "onclick"),
        ('<div xmlns="http://www.w3.org/1999/xhtml"><p>a & b</p></div>', "not well-formed"),
        ('<div xmlns="http://www.w3.org/1999/xhtml"><p> </p></div>', "no text"),
    ],
)
def test_the_checker_rejects_a_narrative_that_is_not_safe_xhtml(div, problem):
    assert any(problem in p for p in xhtml_problems(div))


def test_a_narrative_with_unsafe_xhtml_fails_txt_1(pristine):
    condition = copy.deepcopy(_first(pristine, "Condition"))
    condition["text"]["div"] = '<div xmlns="http://www.w3.org/1999/xhtml"><script/>x</div>'
    errors, _ = invariant_problems(condition)
    assert any(" txt-1 " in e for e in errors), errors


def test_two_patients_bundles_pass_together_with_no_full_url_in_common():
    one = episode_bundle(
        full_assessment(), active_result(), KB, patient_id="1", today=TODAY,
        identifier_system=SYSTEM,
    )  # fmt: skip
    two = episode_bundle(
        full_assessment(), active_result(), KB, patient_id="2", today=TODAY,
        identifier_system=SYSTEM,
    )  # fmt: skip
    merged = {**one, "entry": one["entry"] + two["entry"]}
    errors, _ = r4_problems(merged)
    assert not [e for e in errors if "bdl-7" in e]  # fullUrl unique across both Bundles


def test_the_checker_finds_a_full_url_given_twice(pristine):
    bundle = copy.deepcopy(pristine)
    bundle["entry"][1]["fullUrl"] = bundle["entry"][0]["fullUrl"]
    errors, _ = r4_problems(bundle)
    assert any(" bdl-7 " in e for e in errors), errors

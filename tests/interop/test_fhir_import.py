"""Importing a Bundle: bad bundles are rejected with the resource and the element named."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.interop.fhir_codes import FIELD, PSFS_QUESTIONNAIRE
from sciatica_pt.interop.fhir_export import episode_bundle
from sciatica_pt.interop.fhir_import import assessment_from_bundle
from tests.interop.builders import KB, SYSTEM, TODAY, active_result, full_assessment


def exported():
    return episode_bundle(
        full_assessment(),
        active_result(),
        KB,
        patient_id="p",
        today=TODAY,
        identifier_system=SYSTEM,
    )


def problems_of(bundle):
    with pytest.raises(InvalidInput) as caught:
        assessment_from_bundle(bundle)
    return caught.value.problems


def observation(bundle, path):
    for index, entry in enumerate(bundle["entry"]):
        codes = [c["code"] for c in entry["resource"].get("code", {}).get("coding", [])]
        if path in codes:
            return index, entry["resource"]
    raise LookupError(path)


def test_it_rejects_something_that_is_not_a_bundle():
    assert problems_of({"resourceType": "Patient"}) == [
        "bundle.resourceType: 'Patient' is not 'Bundle'"
    ]
    assert problems_of([1, 2]) == ["bundle: is not a JSON object"]


def test_it_rejects_a_structurally_invalid_resource_naming_entry_and_type():
    bundle = exported()
    index, pain = observation(bundle, "symptoms.leg_pain_nrs")
    pain["valueInteger"] = "six"
    (line,) = problems_of(bundle)
    assert line.startswith(f"bundle.entry[{index}] (Observation).valueInteger")


def test_it_rejects_an_out_of_range_value_naming_the_resource_and_the_field():
    bundle = exported()
    index, pain = observation(bundle, "symptoms.leg_pain_nrs")
    pain["valueInteger"] = 14
    assert problems_of(bundle) == [
        f"bundle.entry[{index}] (Observation): symptoms.leg_pain_nrs: 14 is above 10"
    ]


def test_it_rejects_a_field_with_no_value_instead_of_guessing():
    bundle = exported()
    index, pain = observation(bundle, "symptoms.back_pain_nrs")
    del pain["valueInteger"]
    (line,) = problems_of(bundle)
    assert line.startswith(f"bundle.entry[{index}] (Observation): has no value")


def test_it_rejects_a_bundle_that_lost_a_required_field():
    bundle = exported()
    index, _ = observation(bundle, "symptoms.leg_pain_nrs")
    del bundle["entry"][index]
    assert problems_of(bundle) == [
        "bundle (no Observation carries this field): symptoms.leg_pain_nrs: is required"
    ]


def test_it_rejects_a_field_given_twice():
    bundle = exported()
    _, pain = observation(bundle, "symptoms.leg_pain_nrs")
    bundle["entry"].append({"fullUrl": "urn:uuid:x", "resource": copy.deepcopy(pain)})
    assert problems_of(bundle) == ["bundle: field 'symptoms.leg_pain_nrs' is given twice"]


def test_it_rejects_an_unknown_field_code():
    bundle = exported()
    _, pain = observation(bundle, "symptoms.leg_pain_nrs")
    extra = copy.deepcopy(pain)
    extra["code"]["coding"] = [{"system": FIELD, "code": "symptoms.toe_pain_nrs"}]
    bundle["entry"].append({"fullUrl": "urn:uuid:y", "resource": extra})
    (line,) = problems_of(bundle)
    assert "symptoms.toe_pain_nrs: is not a known field" in line


def test_it_rejects_a_psfs_item_without_a_score():
    bundle = exported()
    index, response = next(
        (i, e["resource"])
        for i, e in enumerate(bundle["entry"])
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    )
    del response["item"][1]["answer"]
    assert problems_of(bundle) == [
        f"bundle.entry[{index}] (QuestionnaireResponse).item[1]: a PSFS item needs the activity "
        "as text and one valueInteger"
    ]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 200)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def paths(node, prefix=()):
    yield prefix
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, child in children:
        yield from paths(child, (*prefix, key))


PRISTINE = exported()


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_a_damaged_bundle_is_either_read_or_rejected_with_problems_never_a_crash(data):
    bundle = copy.deepcopy(PRISTINE)
    path = data.draw(st.sampled_from(list(paths(bundle))[1:]))
    parent = bundle
    for key in path[:-1]:
        parent = parent[key]
    if data.draw(st.booleans()):
        del parent[path[-1]]
    else:
        parent[path[-1]] = data.draw(json_values)
    try:
        assessment_from_bundle(bundle)
    except InvalidInput as exc:
        assert exc.problems and all(isinstance(line, str) and line for line in exc.problems)


def test_it_ignores_resources_from_other_systems():
    bundle = exported()
    foreign = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "72514-3"}]},
        "valueInteger": 9,
    }
    bundle["entry"].append({"fullUrl": "urn:uuid:foreign", "resource": foreign})
    assert assessment_from_bundle(bundle) == full_assessment()


def _value_elements(bundle):
    """Every Observation and component of the exported Bundle."""
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource.get("resourceType") == "Observation":
            yield resource
            yield from resource.get("component") or []


@pytest.mark.parametrize("shape", [None, [], "7", 7, {"value": None}, {"code": "deg"}])
def test_a_value_of_the_wrong_shape_is_a_problem_never_a_crash_nor_not_asked(shape):
    """A JSON null (FHIR's JSON has none) or a non-Quantity where a value was exported is
    refused with where it was; a null is never read as "not asked"."""
    bundle = exported()
    damaged = 0
    for element in _value_elements(bundle):
        for key in ("valueQuantity", "valueBoolean", "valueInteger", "valueCodeableConcept"):
            if key in element:
                element[key] = shape
                damaged += 1
    assert damaged
    with pytest.raises(InvalidInput) as exc:
        assessment_from_bundle(bundle)
    assert all(line.startswith("bundle.entry[") for line in exc.value.problems)


def test_psfs_answers_from_a_bundle_without_the_questionnaire_version_still_read():
    bundle = exported()
    for entry in bundle["entry"]:
        if entry["resource"]["resourceType"] == "QuestionnaireResponse":
            entry["resource"]["questionnaire"] = PSFS_QUESTIONNAIRE
    assert assessment_from_bundle(bundle).outcomes == full_assessment().outcomes


def test_answers_to_another_questionnaire_are_not_read_as_the_psfs():
    bundle = exported()
    for entry in bundle["entry"]:
        if entry["resource"]["resourceType"] == "QuestionnaireResponse":
            entry["resource"]["questionnaire"] = "urn:other:psfs-like|2"
    assert assessment_from_bundle(bundle).outcomes.psfs == ()

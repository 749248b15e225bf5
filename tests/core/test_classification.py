"""Classification: pain source, stage, irritability, directional preference, STarT Back."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sciatica_pt.core.classification.classify import classify
from sciatica_pt.core.classification.directional import DIRECTION_OF
from sciatica_pt.core.intake.assessment import Movement, Response
from sciatica_pt.core.result import DirectionalPreference, PainSource, StartBackRisk
from sciatica_pt.core.vocabulary import Irritability, Stage
from tests.core.assessments import assessment

DP = DirectionalPreference


def test_every_why_line_cites_a_source_key_in_brackets():
    result = classify(assessment(exam={"motor_grade_min": 4}))
    assert result.why
    assert all(re.search(r"\[[A-Za-z0-9-]+(?:; [A-Za-z0-9-]+)*\]", line) for line in result.why)


# --- pain source ----------------------------------------------------------------------------


def test_leg_dominant_pain_below_the_knee_with_positive_slr_is_disc_radicular():
    result = classify(assessment())
    assert result.pain_source is PainSource.DISC_RADICULAR
    assert "straight-leg raise" in result.why[0]


def _stenosis(**symptoms):
    return assessment(
        patient={"age": 67},
        symptoms={
            "bilateral_symptoms": True,
            "back_pain_nrs": 3,
            "leg_pain_nrs": 6,
            "aggravated_by": ["walking", "standing"],
            "eased_by": ["sitting"],
            "pain_below_knee": False,
            **symptoms,
        },
        exam={"slr_positive": False},
    )


def test_three_or_more_cook_cluster_items_give_a_stenosis_hypothesis():
    result = classify(_stenosis())
    assert result.pain_source is PainSource.STENOSIS
    assert "5 of the 5 Cook cluster items" in result.why[0]


def test_two_cook_cluster_items_are_not_enough_for_stenosis():
    result = classify(_stenosis(bilateral_symptoms=False, eased_by=[], aggravated_by=[]))
    assert result.pain_source is not PainSource.STENOSIS


def test_buttock_pain_worse_sitting_with_negative_slr_and_no_neuro_signs_is_deep_gluteal():
    a = assessment(
        symptoms={"pain_below_knee": False, "aggravated_by": ["sitting"], "leg_pain_nrs": 3},
        exam={"slr_positive": False},
    )
    result = classify(a)
    assert result.pain_source is PainSource.DEEP_GLUTEAL
    assert "diagnosis of exclusion" in result.why[0]


def test_deep_gluteal_is_never_chosen_when_the_slr_was_not_tested():
    a = assessment(
        symptoms={"pain_below_knee": False, "aggravated_by": ["sitting"], "leg_pain_nrs": 3},
        exam={"slr_positive": None},
    )
    assert classify(a).pain_source is PainSource.NONSPECIFIC


def test_vascular_claudication_signs_make_the_pain_source_other():
    a = _stenosis()
    a = a.model_copy(
        update={
            "precautions": a.precautions.model_copy(update={"vascular_claudication_signs": True})
        }
    )
    assert classify(a).pain_source is PainSource.OTHER


def test_back_pain_without_specific_features_is_nonspecific():
    a = assessment(
        symptoms={
            "leg_pain_nrs": 0,
            "back_pain_nrs": 5,
            "pain_below_knee": False,
            "aggravated_by": [],
        },
        exam={"slr_positive": False},
    )
    assert classify(a).pain_source is PainSource.NONSPECIFIC


# --- stage ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weeks", "stage"),
    [
        (0, Stage.ACUTE),
        (5, Stage.ACUTE),
        (6, Stage.SUBACUTE),
        (12, Stage.SUBACUTE),
        (13, Stage.CHRONIC),
        (200, Stage.CHRONIC),
    ],
)
def test_the_stage_follows_the_6_and_12_week_cut_offs(weeks, stage):
    result = classify(assessment(history={"duration_weeks": weeks}))
    assert result.stage is stage
    assert any("acute under 6 weeks" in line for line in result.why)


# --- irritability ---------------------------------------------------------------------------


def test_a_recorded_irritability_is_used_as_given():
    result = classify(assessment(exam={"irritability": "low"}, symptoms={"night_pain": True}))
    assert result.irritability is Irritability.LOW


@pytest.mark.parametrize(
    ("symptoms", "level"),
    [
        ({"night_pain": True, "leg_pain_nrs": 2, "back_pain_nrs": 2}, Irritability.HIGH),
        ({"night_pain": False, "leg_pain_nrs": 8}, Irritability.HIGH),
        ({"night_pain": False, "leg_pain_nrs": 5}, Irritability.MODERATE),
        ({"night_pain": None, "leg_pain_nrs": 2, "back_pain_nrs": 1}, Irritability.MODERATE),
        ({"night_pain": False, "leg_pain_nrs": 2, "back_pain_nrs": 3}, Irritability.LOW),
    ],
)
def test_irritability_is_derived_conservatively_and_says_so(symptoms, level):
    result = classify(assessment(symptoms=symptoms))
    assert result.irritability is level
    assert any("derived" in line for line in result.why)


# --- directional preference -----------------------------------------------------------------


def _dp(movements, shift=None):
    return classify(assessment(exam={"repeated_movements": movements, "lateral_shift": shift}))


@pytest.mark.parametrize(
    ("movements", "shift", "preference"),
    [
        ({}, None, DP.UNKNOWN),
        ({"extension_in_lying": "not_tested"}, None, DP.UNKNOWN),
        ({"extension_in_lying": "centralizes"}, None, DP.EXTENSION),
        ({"extension_in_standing": "centralizes"}, None, DP.EXTENSION),
        ({"flexion_in_sitting": "centralizes"}, None, DP.FLEXION),
        ({"flexion_in_lying": "centralizes"}, None, DP.FLEXION),
        ({"side_glide_correction": "centralizes"}, "left", DP.LATERAL),
        ({"extension_in_lying": "no_effect"}, None, DP.NONE),
        ({"extension_in_lying": "increases_back_pain"}, None, DP.NONE),
        (
            {"extension_in_lying": "centralizes", "flexion_in_standing": "peripheralizes"},
            None,
            DP.EXTENSION,
        ),
        (
            {"extension_in_lying": "centralizes", "side_glide_correction": "centralizes"},
            "right",
            DP.LATERAL,
        ),
        (
            {"extension_in_lying": "centralizes", "side_glide_correction": "centralizes"},
            "none",
            DP.NONE,
        ),
        (
            {"extension_in_lying": "centralizes", "flexion_in_lying": "centralizes"},
            None,
            DP.NONE,
        ),
    ],
)
def test_the_centralizing_direction_wins(movements, shift, preference):
    assert _dp(movements, shift).directional_preference is preference


def test_a_direction_that_peripheralizes_is_banned_even_if_another_test_centralized():
    result = _dp({"extension_in_lying": "centralizes", "extension_in_standing": "peripheralizes"})
    assert result.directional_preference is DP.NONE
    assert any("Extension peripheralized" in line for line in result.why)


def test_two_centralizing_directions_without_a_shift_say_why_none_was_chosen():
    result = _dp({"extension_in_lying": "centralizes", "flexion_in_lying": "centralizes"})
    assert any("re-test before choosing" in line for line in result.why)


# --- STarT Back -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "distress", "risk"),
    [
        (None, None, StartBackRisk.UNKNOWN),
        (0, 0, StartBackRisk.LOW),
        (3, 3, StartBackRisk.LOW),
        (4, 3, StartBackRisk.MEDIUM),
        (9, 3, StartBackRisk.MEDIUM),
        (4, 4, StartBackRisk.HIGH),
        (9, 5, StartBackRisk.HIGH),
        (6, None, StartBackRisk.MEDIUM),
    ],
)
def test_start_back_bands(total, distress, risk):
    a = assessment(psychosocial={"start_back_total": total, "start_back_distress": distress})
    result = classify(a)
    assert result.start_back_risk is risk
    assert any("Keele-STarTBack" in line for line in result.why)


# --- motor re-test advice -------------------------------------------------------------------


def test_a_mild_4_of_5_deficit_gets_re_testing_advice_in_the_why():
    result = classify(assessment(exam={"motor_grade_min": 4}))
    assert any("re-test power at every visit" in line for line in result.why)


def test_full_power_gets_no_re_testing_advice():
    result = classify(assessment(exam={"motor_grade_min": 5}))
    assert not any("re-test power" in line for line in result.why)


def test_every_key_cited_in_a_why_line_exists_in_the_references():
    import pathlib

    import yaml

    import sciatica_pt.knowledge

    path = pathlib.Path(sciatica_pt.knowledge.__file__).parent / "references.yaml"
    keys = {r["key"] for r in yaml.safe_load(path.read_text())["references"]}
    cases = [
        assessment(
            exam={"motor_grade_min": 4, "repeated_movements": {"flexion_in_lying": "centralizes"}}
        ),
        _stenosis(),
        assessment(
            symptoms={"pain_below_knee": False, "leg_pain_nrs": 0}, exam={"slr_positive": False}
        ),
    ]
    cited = {
        key.strip()
        for a in cases
        for line in classify(a).why
        for group in re.findall(r"\[([^\]]+)\]", line)
        for key in group.split(";")
    }
    assert cited and cited <= keys


movement_maps = st.dictionaries(
    st.sampled_from(list(Movement)), st.sampled_from(list(Response)), max_size=6
)


@settings(max_examples=200, deadline=None)
@given(movements=movement_maps, shift=st.sampled_from([None, "none", "left", "right"]))
def test_a_direction_that_peripheralized_is_never_the_preference(movements, shift):
    preference = _dp(movements, shift).directional_preference
    banned = {DIRECTION_OF[m] for m, r in movements.items() if r is Response.PERIPHERALIZES}
    assert preference not in banned
    centralized = {DIRECTION_OF[m] for m, r in movements.items() if r is Response.CENTRALIZES}
    if preference in (DP.EXTENSION, DP.FLEXION, DP.LATERAL):
        assert preference in centralized

"""Red-flag screening: levels, unanswered fields, and the notes read against the fields."""

import pathlib

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import sciatica_pt.knowledge
from sciatica_pt.core.result import TriageLevel
from sciatica_pt.core.screening.triage import RULES, screen
from tests.core.assessments import RED_FLAGS, assessment, with_flags

E, U, R, PT = (
    TriageLevel.EMERGENCY,
    TriageLevel.URGENT_REFERRAL,
    TriageLevel.ROUTINE_REFERRAL_WITH_PT,
    TriageLevel.PT_APPROPRIATE,
)

# Each red flag alone, on the baseline sciatica case (leg pain 6/10, bone health recorded as
# fine except where the rule needs it unknown).
ALONE = {
    "saddle_anesthesia": (E, "ces.saddle_anesthesia"),
    "bladder_bowel_change": (E, "ces.bladder_bowel_change"),
    "sexual_dysfunction": (E, "ces.sexual_dysfunction"),
    "new_bilateral_symptoms": (E, "ces.new_bilateral_symptoms"),
    "progressive_weakness": (E, "motor.progressive"),
    "cancer_history": (E, "malignancy.metastatic_radicular"),
    "metastatic_cancer": (E, "malignancy.metastatic"),
    "unexplained_weight_loss": (U, "malignancy.weight_loss"),
    "fever": (E, "infection.fever"),
    "iv_drug_use": (E, "infection.iv_drug_use"),
    "immunosuppressed": (E, "infection.immunosuppressed"),
    "significant_trauma": (E, "fracture.major_trauma"),
    "corticosteroid_use": (R, "fracture.corticosteroid_use"),
}


def level_of(a):
    return screen(a).level


def rules_of(a):
    return [f.rule for f in screen(a).findings]


def test_the_table_covers_all_13_red_flags():
    assert set(ALONE) == set(RED_FLAGS) and len(RED_FLAGS) == 13


@pytest.mark.parametrize("flag", RED_FLAGS)
def test_each_red_flag_alone_gives_its_level(flag):
    level, rule = ALONE[flag]
    triage = screen(with_flags(**{flag: True}))
    assert triage.level is level
    assert rule in [f.rule for f in triage.findings]


def test_a_case_with_every_red_flag_asked_and_absent_is_pt_appropriate():
    triage = screen(assessment())
    assert (triage.level, triage.findings, triage.unanswered) == (PT, (), ())


def test_every_null_red_flag_is_listed_as_unanswered_and_changes_no_level():
    triage = screen(with_flags(fever=None, iv_drug_use=None))
    assert triage.unanswered == ("red_flags.fever", "red_flags.iv_drug_use")
    assert triage.level is PT


def test_a_red_flag_section_left_out_lists_all_13_as_unanswered():
    triage = screen(assessment(red_flags=None))
    assert triage.unanswered == tuple(f"red_flags.{n}" for n in RED_FLAGS)


def test_the_level_is_the_most_urgent_finding_and_findings_come_most_urgent_first():
    triage = screen(with_flags(corticosteroid_use=True, unexplained_weight_loss=True, fever=True))
    assert triage.level is E
    urgencies = [f.level.urgency for f in triage.findings]
    assert urgencies == sorted(urgencies, reverse=True)


def test_a_finding_carries_its_field_action_and_references():
    (finding,) = screen(with_flags(saddle_anesthesia=True)).findings
    assert finding.field == "red_flags.saddle_anesthesia"
    assert "emergency" in finding.action
    assert {"GIRFT-CES", "BMJ-BP-CES"} <= set(finding.refs)


def test_every_rule_cites_only_references_that_exist():
    path = pathlib.Path(sciatica_pt.knowledge.__file__).parent / "references.yaml"
    keys = {r["key"] for r in yaml.safe_load(path.read_text())["references"]}
    cited = {ref for rule in RULES for ref in rule.refs}
    assert cited and cited <= keys


def test_rule_ids_are_unique():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))


def test_bilateral_symptoms_in_an_episode_under_2_weeks_old_are_an_emergency():
    a = assessment(history={"duration_weeks": 1}, symptoms={"bilateral_symptoms": True})
    assert rules_of(a) == ["ces.bilateral_recent_onset"]
    assert level_of(a) is E


def test_long_standing_bilateral_symptoms_are_not_a_cauda_equina_feature():
    a = assessment(history={"duration_weeks": 40}, symptoms={"side": "both"})
    assert "ces.bilateral_recent_onset" not in rules_of(a)


# --- motor ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("grade", "level"), [(0, U), (3, U), (4, PT), (5, PT)])
def test_a_stable_motor_deficit_is_urgent_only_at_3_of_5_or_less(grade, level):
    assert level_of(assessment(exam={"motor_grade_min": grade})) is level


def test_progressive_weakness_is_an_emergency_whatever_the_grade():
    a = assessment(exam={"motor_grade_min": 4}, red_flags={"progressive_weakness": True})
    assert level_of(a) is E


# --- malignancy -----------------------------------------------------------------------------


def test_cancer_history_with_radicular_leg_pain_is_an_emergency():
    a = with_flags(cancer_history=True)
    assert level_of(a) is E
    assert "malignancy.metastatic_radicular" in rules_of(a)


def _no_leg_pain(**sections):
    symptoms = {"leg_pain_nrs": 0, "pain_below_knee": False, **sections.pop("symptoms", {})}
    exam = {"slr_positive": False, **sections.pop("exam", {})}
    return assessment(symptoms=symptoms, exam=exam, **sections)


def test_cancer_history_with_neurological_signs_but_no_leg_pain_is_an_emergency():
    a = _no_leg_pain(red_flags={"cancer_history": True}, exam={"reflexes_reduced": True})
    assert level_of(a) is E


def test_cancer_history_over_50_without_neurological_signs_is_urgent():
    a = _no_leg_pain(patient={"age": 62}, red_flags={"cancer_history": True})
    assert level_of(a) is U
    assert rules_of(a) == ["malignancy.cancer_pain_features"]


def test_cancer_history_with_night_pain_not_asked_is_urgent():
    a = _no_leg_pain(red_flags={"cancer_history": True}, symptoms={"night_pain": None})
    assert level_of(a) is U


def test_cancer_history_with_every_pain_feature_absent_is_a_routine_referral():
    a = _no_leg_pain(red_flags={"cancer_history": True})
    assert level_of(a) is R
    assert rules_of(a) == ["malignancy.cancer_history"]


def test_weight_loss_with_known_cancer_is_judged_by_the_cancer_rules():
    a = _no_leg_pain(red_flags={"cancer_history": True, "unexplained_weight_loss": True})
    assert rules_of(a) == ["malignancy.cancer_pain_features"]


# --- fracture -------------------------------------------------------------------------------


def test_a_traumatic_onset_with_osteoporosis_is_urgent():
    a = assessment(history={"onset": "trauma"}, precautions={"osteoporosis": True})
    assert level_of(a) is U
    assert "fracture.fragility" in rules_of(a)


def test_a_sudden_onset_at_70_is_urgent():
    assert level_of(assessment(patient={"age": 70}, history={"onset": "sudden"})) is U


def test_a_sudden_onset_at_40_without_risk_factors_needs_no_referral():
    assert level_of(assessment(patient={"age": 40}, history={"onset": "sudden"})) is PT


def test_a_traumatic_onset_with_a_neurological_deficit_is_an_emergency():
    a = assessment(history={"onset": "trauma"}, exam={"reflexes_reduced": True})
    assert level_of(a) is E


def test_a_fall_in_the_notes_of_a_72_year_old_is_a_suspected_fragility_fracture():
    a = assessment(patient={"age": 72}, history={"onset": "gradual"}, notes="Fell at home.")
    triage = screen(a)
    assert triage.level is U
    (finding,) = triage.findings
    assert finding.rule == "fracture.fragility"
    assert 'the notes say "Fell"' in finding.message
    assert triage.contradictions == ()


def test_a_fall_in_the_notes_of_a_30_year_old_without_risk_factors_needs_no_referral():
    a = assessment(patient={"age": 30}, history={"onset": "gradual"}, notes="Fell at home.")
    assert level_of(a) is PT


def test_a_fall_in_the_notes_with_a_neurological_deficit_is_an_emergency():
    a = assessment(notes="Fell at home.", exam={"reflexes_reduced": True})
    assert "fracture.trauma_with_deficit" in rules_of(a)


def test_falling_off_a_ladder_in_the_notes_is_significant_trauma():
    assert "fracture.major_trauma" in rules_of(assessment(notes="Fell off a ladder."))


# Clinical-notes 2.5 and 2.7: a fragility fracture is suspected on a presentation (a fall or
# other low-energy trauma, or a sudden onset of pain) in a person at risk; long-term
# corticosteroids with fragile bone are the risk, not the presentation. Without one they are a
# routine medical review of bone health while physiotherapy goes on (clinical suite,
# steroids-long-term-no-trauma: gradual sciatica that extension centralises was sent urgently).
def test_corticosteroids_with_osteoporosis_and_a_gradual_onset_are_a_routine_bone_review():
    a = assessment(
        history={"onset": "gradual"},
        red_flags={"corticosteroid_use": True},
        precautions={"osteoporosis": True},
    )
    assert rules_of(a) == ["fracture.corticosteroids_osteoporosis"]
    assert level_of(a) is R


def test_corticosteroids_with_bone_health_not_asked_are_a_routine_bone_review():
    a = assessment(
        history={"onset": "gradual"},
        red_flags={"corticosteroid_use": True},
        precautions={"osteoporosis": None},
    )
    assert level_of(a) is R


def test_corticosteroids_with_a_sudden_onset_or_a_fall_are_urgent():
    for history, notes in (({"onset": "sudden"}, None), ({"onset": "gradual"}, "Fell at home.")):
        a = assessment(
            history=history,
            notes=notes,
            red_flags={"corticosteroid_use": True},
            precautions={"osteoporosis": True},
        )
        assert level_of(a) is U, (history, notes)
        assert "fracture.fragility" in rules_of(a)


# --- routine referrals ----------------------------------------------------------------------


def _inflammatory(**symptoms):
    return assessment(
        patient={"age": 30},
        history={"duration_weeks": 30},
        symptoms={
            "morning_stiffness_minutes": 45,
            "night_pain": True,
            "eased_by": ["walking"],
            **symptoms,
        },
    )


def test_inflammatory_back_pain_features_give_a_routine_referral_saying_what_was_counted():
    triage = screen(_inflammatory())
    assert triage.level is R
    (finding,) = triage.findings
    assert finding.rule == "inflammatory.ng65"
    assert "Counted 4 of the 5 criteria recorded" in finding.message
    assert "not counted" in finding.message


def test_inflammatory_features_need_pain_for_more_than_12_weeks():
    a = assessment(
        patient={"age": 30},
        history={"duration_weeks": 12},
        symptoms={"morning_stiffness_minutes": 45, "night_pain": True, "eased_by": ["walking"]},
    )
    assert level_of(a) is PT


def test_two_inflammatory_features_are_not_enough():
    assert level_of(_inflammatory(night_pain=False, eased_by=[])) is PT


def test_vascular_claudication_signs_give_a_routine_referral():
    a = assessment(precautions={"vascular_claudication_signs": True})
    assert rules_of(a) == ["mimic.vascular_claudication"]
    assert level_of(a) is R


def _course(weeks=14, visits=6, leg_now=6, baseline=None, **outcomes):
    base = {"leg_pain_nrs": 7, **(baseline or {})}
    return assessment(
        history={"duration_weeks": weeks, "visits_completed": visits},
        symptoms={"leg_pain_nrs": leg_now},
        outcomes={"baseline": base, **outcomes},
    )


def test_no_meaningful_improvement_after_12_weeks_of_care_gives_a_routine_referral():
    a = _course()
    assert rules_of(a) == ["course.no_improvement_12_weeks"]
    assert level_of(a) is R


@pytest.mark.parametrize(
    "a",
    [
        _course(leg_now=5),  # 2 points better
        _course(baseline={"leg_pain_nrs": 3}, leg_now=2),  # 1 point but 33% better
        _course(weeks=11),  # not yet 12 weeks
        _course(visits=0),  # no care yet
        _course(baseline={"odi_percent": 50}, odi_percent=38),  # ODI 12 points better
        _course(baseline={"psfs_mean": 3.0}, psfs=[{"activity": "sitting", "score": 5}]),
    ],
)
def test_meaningful_improvement_or_too_early_means_no_course_referral(a):
    assert "course.no_improvement_12_weeks" not in rules_of(a)


def test_without_a_baseline_the_course_cannot_be_judged():
    a = assessment(history={"duration_weeks": 20, "visits_completed": 8})
    assert rules_of(a) == []


# --- notes against fields -------------------------------------------------------------------


def test_notes_affirming_a_false_flag_give_a_contradiction_and_a_finding():
    a = assessment(notes="Reports new urinary retention.")
    triage = screen(a)
    assert triage.level is E
    assert [c.field for c in triage.contradictions] == ["red_flags.bladder_bowel_change"]
    assert "urinary retention" in triage.findings[0].message


def test_notes_denying_a_true_flag_give_a_contradiction_and_the_flag_stays_true():
    a = assessment(notes="Denies saddle numbness.", red_flags={"saddle_anesthesia": True})
    triage = screen(a)
    assert triage.level is E
    (contradiction,) = triage.contradictions
    assert contradiction.field == "red_flags.saddle_anesthesia"
    assert "stays true" in contradiction.message


def test_notes_affirming_a_flag_not_asked_give_a_finding_without_contradiction():
    triage = screen(assessment(notes="Fever of 38.6 last night.", red_flags={"fever": None}))
    assert triage.level is E and triage.contradictions == ()
    assert triage.unanswered == ("red_flags.fever",)


def test_notes_denying_a_flag_not_asked_leave_it_unanswered():
    triage = screen(assessment(notes="No fever.", red_flags={"fever": None}))
    assert (triage.level, triage.contradictions) == (PT, ())
    assert triage.unanswered == ("red_flags.fever",)


def test_notes_that_agree_with_the_fields_raise_nothing():
    triage = screen(assessment(notes="Denies saddle numbness, no bladder or bowel change."))
    assert (triage.level, triage.contradictions) == (PT, ())


def test_known_cancer_read_from_the_notes_with_leg_pain_is_an_emergency():
    triage = screen(assessment(notes="PMH: breast Ca 2015.", red_flags={"cancer_history": None}))
    assert triage.level is E


# --- properties -----------------------------------------------------------------------------

flag_values = st.sampled_from([True, False, None])
flag_maps = st.fixed_dictionaries({name: flag_values for name in RED_FLAGS})


@settings(max_examples=150, deadline=None)
@given(flags=flag_maps, extra=st.sampled_from(RED_FLAGS))
def test_setting_any_red_flag_true_never_lowers_the_level(flags, extra):
    before = level_of(with_flags(**flags))
    after = level_of(with_flags(**{**flags, extra: True}))
    assert after.urgency >= before.urgency


@settings(max_examples=150, deadline=None)
@given(flags=flag_maps, extra=st.sampled_from(RED_FLAGS))
def test_setting_a_null_red_flag_true_never_gives_pt_appropriate(flags, extra):
    flags = {**flags, extra: None}
    assert level_of(with_flags(**{**flags, extra: True})) is not PT


@settings(max_examples=100, deadline=None)
@given(
    flags=flag_maps,
    age=st.integers(16, 110),
    leg=st.integers(0, 10),
    below_knee=flag_values,
    osteoporosis=flag_values,
)
def test_any_true_red_flag_on_any_patient_is_never_pt_appropriate(
    flags, age, leg, below_knee, osteoporosis
):
    a = assessment(
        patient={"age": age},
        symptoms={"leg_pain_nrs": leg, "pain_below_knee": below_knee},
        red_flags=flags,
        precautions={"osteoporosis": osteoporosis},
    )
    if any(v is True for v in flags.values()):
        assert level_of(a) is not PT


NOTE_PHRASES = [
    "Denies saddle numbness.",
    "Reports new urinary retention.",
    "No fever, no weight loss.",
    "?bladder",
    "Mother had breast cancer.",
    "History of prostate cancer.",
    "Red flags: nil.",
    "Foot drop getting worse.",
    "IVDU.",
    "Pain better, walking more.",
]


@settings(max_examples=150, deadline=None)
@given(flags=flag_maps, notes=st.lists(st.sampled_from(NOTE_PHRASES), max_size=4))
def test_notes_never_lower_the_level_the_fields_give(flags, notes):
    without = level_of(with_flags(**flags))
    with_notes = level_of(assessment(red_flags=flags, notes=" ".join(notes) or None))
    assert with_notes.urgency >= without.urgency


@settings(max_examples=100, deadline=None)
@given(flags=flag_maps, notes=st.lists(st.sampled_from(NOTE_PHRASES), max_size=4))
def test_a_flag_recorded_true_always_gives_a_finding_whatever_the_notes_say(flags, notes):
    triage = screen(assessment(red_flags=flags, notes=" ".join(notes) or None))
    fields = {f.field for f in triage.findings}
    # Weight loss with known cancer (from the field or the notes) is judged by the cancer
    # rules, whose findings name cancer_history.
    judged_as_cancer = "red_flags.cancer_history" in fields
    for name, value in flags.items():
        if value is True and not (name == "unexplained_weight_loss" and judged_as_cancer):
            assert f"red_flags.{name}" in fields


def test_the_triage_document_lists_every_rule():
    doc = pathlib.Path(__file__).parents[2] / "docs" / "triage.md"
    text = doc.read_text(encoding="utf-8")
    assert [rule.id for rule in RULES if f"`{rule.id}`" not in text] == []


# --- the history lists ----------------------------------------------------------------------


def test_a_steroid_in_the_medication_list_counts_as_corticosteroid_use():
    a = assessment(history={"medications": ["prednisolone 5 mg"]})
    triage = screen(a)
    assert "fracture.corticosteroid_use" in [f.rule for f in triage.findings]
    (contradiction,) = triage.contradictions
    assert contradiction.message.startswith('The medication list has "prednisolone"')


def test_a_cancer_in_the_comorbidity_list_with_leg_pain_is_an_emergency():
    a = assessment(history={"comorbidities": ["breast_cancer"]}, red_flags={"cancer_history": None})
    triage = screen(a)
    assert triage.level is E
    assert 'the comorbidity list has "cancer"' in triage.findings[0].message


def test_a_cancer_medicine_or_an_immunosuppressant_in_the_medication_list_counts():
    a = assessment(history={"medications": ["Letrozole 2.5 mg", "adalimumab"]})
    rules = rules_of(a)
    assert "malignancy.metastatic_radicular" in rules and "infection.immunosuppressed" in rules


def test_a_relatives_illness_in_the_comorbidity_list_is_not_the_patients():
    a = assessment(history={"comorbidities": ["family history of bowel cancer"]})
    assert level_of(a) is PT


def test_the_lists_never_deny_a_flag():
    a = assessment(history={"medications": ["ibuprofen"]}, red_flags={"corticosteroid_use": True})
    assert screen(a).contradictions == ()


three = st.sampled_from([True, False, None])
random_cases = st.builds(
    lambda age, weeks, visits, back, leg, side, flags, precautions, grade, onset, notes: assessment(
        patient={"age": age},
        history={"duration_weeks": weeks, "visits_completed": visits, "onset": onset},
        symptoms={
            "back_pain_nrs": back,
            "leg_pain_nrs": leg,
            "side": side,
            "night_pain": flags["fever"],
            "bilateral_symptoms": precautions["osteoporosis"],
        },
        red_flags=flags,
        precautions=precautions,
        exam={"motor_grade_min": grade},
        outcomes={"baseline": {"leg_pain_nrs": leg}},
        notes=notes,
    ),
    st.integers(16, 110),
    st.integers(0, 200),
    st.integers(0, 30),
    st.integers(0, 10),
    st.integers(0, 10),
    st.sampled_from([None, "left", "right", "both", "none"]),
    flag_maps,
    st.fixed_dictionaries({"osteoporosis": three, "vascular_claudication_signs": three}),
    st.one_of(st.none(), st.integers(0, 5)),
    st.sampled_from([None, "gradual", "sudden", "lifting", "trauma", "post_surgery", "unknown"]),
    st.one_of(st.none(), st.sampled_from(NOTE_PHRASES)),
)


@settings(max_examples=200, deadline=None)
@given(a=random_cases)
def test_on_any_case_the_level_is_the_most_urgent_finding_and_refs_exist(a):
    triage = screen(a)
    expected = max((f.level.urgency for f in triage.findings), default=PT.urgency)
    assert triage.level.urgency == expected
    assert all(f.refs and f.action and f.message for f in triage.findings)
    assert set(triage.unanswered) == {
        f"red_flags.{n}" for n in RED_FLAGS if getattr(a.red_flags, n) is None
    }

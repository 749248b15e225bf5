"""Planner safety: red flags, contraindications, "not asked" answers and patient requests."""

import pytest

from sciatica_pt import knowledge
from sciatica_pt.core.classification.classify import classify
from sciatica_pt.core.engine import assess
from sciatica_pt.core.intake.facts import derive_facts
from sciatica_pt.core.planning.planner import build_plan
from sciatica_pt.core.result import PlanStatus, TriageLevel
from sciatica_pt.core.screening.triage import screen
from sciatica_pt.core.vocabulary import Kind, RuleSeverity
from sciatica_pt.core.words import name_of
from tests.core.cases import RED_FLAG_NAMES, case

KB = knowledge.load()
CONTRAINDICATIONS = [r for r in KB.rules if r.severity is RuleSeverity.CONTRAINDICATION]


def plan_ids(result):
    return [i.id for i in result.plan.items]


def excluded(result):
    return {x.id: x for x in result.plan.excluded}


@pytest.mark.parametrize("flag", RED_FLAG_NAMES)
def test_each_red_flag_alone_makes_the_plan_withheld_or_a_referral(flag):
    result = assess(case(**{f"red_flags.{flag}": True}), KB)
    assert result.triage.level is not TriageLevel.PT_APPROPRIATE
    assert result.plan.status is not PlanStatus.ACTIVE
    kinds = {i.kind for i in result.plan.items}
    assert Kind.REFERRAL in kinds
    if result.triage.level is TriageLevel.EMERGENCY:
        assert result.plan.status is PlanStatus.WITHHELD
        assert kinds == {Kind.REFERRAL, Kind.ADVICE}
        assert plan_ids(result) == ["emergency-referral", "advice-warning-signs"]


def test_an_urgent_referral_plans_exercise_but_stays_provisional_with_imaging():
    result = assess(case(**{"red_flags.unexplained_weight_loss": True}), KB)
    assert result.triage.level is TriageLevel.URGENT_REFERRAL
    assert result.plan.status is PlanStatus.PROVISIONAL
    assert {"urgent-medical-referral", "imaging-referral"} <= set(plan_ids(result))
    assert not any(i.kind is Kind.MANUAL_THERAPY for i in result.plan.items)


def test_an_unanswered_red_flag_makes_the_plan_provisional():
    result = assess(case(**{"red_flags.fever": None}), KB)
    assert "red_flags.fever" in result.triage.unanswered
    assert result.plan.status is PlanStatus.PROVISIONAL


def test_a_fully_screened_patient_gets_an_active_plan_with_the_two_advice_items():
    result = assess(case(), KB)
    assert result.plan.status is PlanStatus.ACTIVE
    assert {"advice-stay-active", "advice-warning-signs"} <= set(plan_ids(result))


@pytest.mark.parametrize("rule", CONTRAINDICATIONS, ids=lambda r: r.id)
def test_each_contraindication_keeps_its_items_out_and_says_why(rule):
    a = case(**{"context.minutes_per_day": 120})
    triage, c = screen(a), classify(a)
    facts = derive_facts(a, triage, c) | frozenset(rule.when_all)
    covered = [i for i in KB.items if rule.applies_to.covers(i)]
    a = case(
        **{"context.minutes_per_day": 120, "context.patient_requests": [i.id for i in covered]}
    )
    plan = build_plan(a, triage, c, facts, KB)
    assert not {i.id for i in covered} & {i.id for i in plan.items}
    left_out = {x.id: x for x in plan.excluded}
    for item in covered:
        if item.id in left_out:
            assert left_out[item.id].refs
    assert any(name_of(rule.id, "safety_rule") in x.reason for x in plan.excluded), rule.id


def test_tens_requested_with_a_pacemaker_is_excluded_naming_the_rule():
    result = assess(
        case(**{"precautions.pacemaker": True, "context.patient_requests": ["tens"]}), KB
    )
    assert "tens" not in plan_ids(result)
    assert "No TENS with a pacemaker" in excluded(result)["tens"].reason


def test_a_pacemaker_not_asked_about_excludes_tens_as_not_asked():
    result = assess(
        case(**{"precautions.pacemaker": None, "context.patient_requests": ["TENS"]}), KB
    )
    reason = excluded(result)["tens"].reason
    assert "not asked (Pacemaker or implanted device)" in reason


def test_anticoagulants_not_asked_exclude_requested_manipulation_as_not_asked():
    a = case(**{"precautions.anticoagulants": None, "context.patient_requests": ["manipulation"]})
    reason = excluded(assess(a, KB))["spinal-manipulation"].reason
    assert "not asked (Blood thinners)" in reason


def test_pregnancy_not_asked_of_a_woman_excludes_requested_traction():
    a = case(
        **{
            "patient.sex": "female",
            "patient.pregnant": None,
            "context.patient_requests": ["traction"],
        }
    )
    assert "not asked" in excluded(assess(a, KB))["manual-traction"].reason


def test_not_recommended_requests_are_excluded_with_the_guideline():
    a = case(**{"context.patient_requests": ["bed rest", "ultrasound", "belt", "traction"]})
    left_out = excluded(assess(a, KB))
    assert {"bed-rest", "therapeutic-ultrasound", "lumbar-support-belt", "manual-traction"} <= set(
        left_out
    )
    assert all("Not recommended" in left_out[i].reason for i in ("bed-rest", "lumbar-support-belt"))
    assert "NICE-NG59" in left_out["therapeutic-ultrasound"].refs


def test_an_mri_request_without_red_flags_is_excluded_with_nice_ng59():
    left_out = excluded(assess(case(**{"context.patient_requests": ["mri"]}), KB))
    assert "NICE-NG59" in left_out["imaging-referral"].refs


def test_persistent_disabling_radicular_pain_earns_an_imaging_referral():
    a = case(
        **{
            "history.duration_weeks": 8,
            "symptoms.leg_pain_nrs": 8,
            "context.patient_requests": ["mri"],
        }
    )
    result = assess(a, KB)
    assert "imaging-referral" in plan_ids(result)
    assert "imaging-referral" not in excluded(result)


def test_no_not_recommended_item_is_ever_planned_by_default():
    result = assess(case(), KB)
    grades = {i.id: i.evidence.grade for i in KB.items}
    assert all(grades[i.id].value != "not_recommended" for i in result.plan.items)


def test_an_allowed_clinic_request_is_added_only_alongside_exercise():
    result = assess(case(**{"context.patient_requests": ["massage"]}), KB)
    item = next(i for i in result.plan.items if i.id == "deep-tissue-massage")
    assert any("alongside" in w for w in item.why)
    assert any(i.kind is Kind.EXERCISE for i in result.plan.items)


def test_requested_dry_needling_is_excluded_where_not_permitted():
    a = case(**{"history.duration_weeks": 30, "context.patient_requests": ["dry needling"]})
    reason = excluded(assess(a, KB))["dry-needling"].reason
    assert name_of("ci.dry-needling-not-permitted", "safety_rule") in reason


def test_dry_needling_is_refused_for_radicular_pain_even_where_permitted():
    a = case(
        **{
            "history.duration_weeks": 30,
            "context.dry_needling_permitted": True,
            "context.patient_requests": ["dry needling"],
        }
    )
    assert "non-radicular" in excluded(assess(a, KB))["dry-needling"].reason


def test_the_notes_affirming_a_flag_the_field_denies_still_withhold_the_plan():
    a = case(**{"notes": "Reports new numbness in the saddle area since yesterday."})
    result = assess(a, KB)
    assert result.triage.contradictions
    assert result.plan.status is PlanStatus.WITHHELD


def chronic_non_radicular(**changes):
    base = {
        "history.duration_weeks": 30,
        "symptoms.pain_below_knee": False,
        "symptoms.leg_pain_nrs": 2,
        "symptoms.tingling": False,
        "exam.slr_positive": False,
        "context.dry_needling_permitted": True,
    }
    return case(**{**base, **changes})


def test_dry_needling_is_never_planned_by_default():
    assert "dry-needling" not in plan_ids(assess(chronic_non_radicular(), KB))


def test_requested_dry_needling_is_planned_for_chronic_non_radicular_pain_where_permitted():
    result = assess(chronic_non_radicular(**{"context.patient_requests": ["dry needling"]}), KB)
    assert "dry-needling" in plan_ids(result), excluded(result).get("dry-needling")

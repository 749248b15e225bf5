"""Planner program: direction, stage, irritability, equipment, special groups and discharge."""

from sciatica_pt import knowledge
from sciatica_pt.core.engine import assess
from sciatica_pt.core.planning.items import daily_minutes
from sciatica_pt.core.vocabulary import (
    AEROBIC_CLASSES,
    ALWAYS_AVAILABLE_EQUIPMENT,
    PSYCHOLOGICALLY_INFORMED_CLASSES,
    Direction,
    ItemClass,
    Kind,
    Setting,
)
from tests.core.cases import case

KB = knowledge.load()
ITEMS = {i.id: i for i in KB.items}


def exercises(result):
    return [i for i in result.plan.items if i.kind is Kind.EXERCISE]


def classes(result):
    return {i.item_class for i in result.plan.items}


def test_an_extension_preference_gets_extension_work_and_nothing_in_flexion():
    a = case(
        **{
            "exam.repeated_movements": {
                "extension_in_lying": "centralizes",
                "flexion_in_standing": "peripheralizes",
            }
        }
    )
    result = assess(a, KB)
    assert ItemClass.EXTENSION_DIRECTIONAL_EXERCISE in classes(result)
    assert all(i.direction is not Direction.FLEXION for i in exercises(result))
    assert exercises(result)[0].item_class is ItemClass.EXTENSION_DIRECTIONAL_EXERCISE


def test_a_flexion_preference_gets_flexion_work_and_nothing_in_extension():
    a = case(
        **{
            "exam.repeated_movements": {
                "flexion_in_lying": "centralizes",
                "extension_in_lying": "peripheralizes",
            }
        }
    )
    result = assess(a, KB)
    assert ItemClass.FLEXION_DIRECTIONAL_EXERCISE in classes(result)
    assert all(i.direction is not Direction.EXTENSION for i in exercises(result))


def test_a_lateral_shift_gets_a_shift_correction():
    a = case(
        **{
            "exam.lateral_shift": "left",
            "exam.repeated_movements": {"side_glide_correction": "centralizes"},
        }
    )
    assert ItemClass.LATERAL_SHIFT_CORRECTION in classes(assess(a, KB))


def test_no_directional_preference_means_no_directional_exercise():
    a = case(**{"exam.repeated_movements": {"extension_in_lying": "no_effect"}})
    directional = {
        ItemClass.EXTENSION_DIRECTIONAL_EXERCISE,
        ItemClass.FLEXION_DIRECTIONAL_EXERCISE,
        ItemClass.LATERAL_SHIFT_CORRECTION,
    }
    assert not directional & classes(assess(a, KB))


def stenosis(**changes):
    base = {
        "patient.age": 72,
        "history.duration_weeks": 60,
        "symptoms.bilateral_symptoms": True,
        "symptoms.side": "both",
        "symptoms.leg_pain_nrs": 4,
        "symptoms.back_pain_nrs": 3,
        "symptoms.aggravated_by": ["walking", "standing"],
        "symptoms.eased_by": ["sitting", "flexion"],
        "exam.repeated_movements": {},
        "exam.slr_positive": False,
        "exam.irritability": "low",
        "context.equipment": ["stationary_bike"],
        "context.minutes_per_day": 45,
    }
    return case(**{**base, **changes})


def test_stenosis_gets_flexion_biased_work_and_cycling_and_no_extension_exercise():
    result = assess(stenosis(), KB)
    assert result.classification.pain_source.value == "stenosis"
    assert ItemClass.FLEXION_DIRECTIONAL_EXERCISE in classes(result)
    assert ItemClass.STATIONARY_CYCLING in classes(result)
    assert ItemClass.EXTENSION_DIRECTIONAL_EXERCISE not in classes(result)
    assert all(i.direction is not Direction.EXTENSION for i in exercises(result))


def test_an_extension_preference_picks_walking_as_its_aerobic_option():
    result = assess(case(**{"history.duration_weeks": 10, "context.minutes_per_day": 60}), KB)
    aerobic = classes(result) & AEROBIC_CLASSES
    assert aerobic == {ItemClass.WALKING_PROGRAM}


def test_high_irritability_gives_sliders_isometrics_and_no_tensioner():
    a = case(
        **{"exam.irritability": "high", "history.duration_weeks": 2, "context.minutes_per_day": 60}
    )
    result = assess(a, KB)
    found = classes(result)
    assert ItemClass.NERVE_GLIDE_TENSIONER not in found
    assert ItemClass.NERVE_GLIDE_SLIDER in found
    for item in exercises(result):
        if item.item_class in {
            ItemClass.FUNCTIONAL_STRENGTHENING,
            ItemClass.BACK_EXTENSOR_STRENGTHENING,
        }:
            raise AssertionError(f"isotonic loading while highly irritable: {item.id}")


def test_the_program_fits_the_minutes_and_holds_two_to_six_exercises():
    for minutes in (10, 20, 45, 120):
        result = assess(case(**{"context.minutes_per_day": minutes}), KB)
        home = [i for i in exercises(result) if i.setting is not Setting.CLINIC]
        assert sum(i.minutes for i in home) <= minutes
        assert len(home) <= 6
        assert len(home) >= 2 or minutes < 20


def test_equipment_the_patient_lacks_is_never_planned():
    result = assess(case(**{"context.minutes_per_day": 120, "history.duration_weeks": 20}), KB)
    for item in exercises(result):
        assert set(ITEMS[item.id].equipment) <= ALWAYS_AVAILABLE_EQUIPMENT, item.id


def test_pool_work_needs_pool_access_and_no_open_wound():
    with_pool = {
        "context.pool_access": True,
        "context.minutes_per_day": 120,
        "history.duration_weeks": 20,
    }
    assert any(i.setting is Setting.POOL for i in exercises(assess(case(**with_pool), KB)))
    wound = assess(case(**with_pool, **{"precautions.open_wound": True}), KB)
    assert not any(i.setting is Setting.POOL for i in wound.plan.items)
    assert not any(i.setting is Setting.POOL for i in exercises(assess(case(), KB)))


def test_a_high_start_back_risk_gets_psychologically_informed_care():
    a = case(**{"psychosocial.start_back_total": 7, "psychosocial.start_back_distress": 4})
    result = assess(a, KB)
    assert result.classification.start_back_risk.value == "high"
    assert classes(result) >= PSYCHOLOGICALLY_INFORMED_CLASSES


def test_a_pregnant_patient_gets_pregnancy_advice_and_no_contraindicated_item():
    a = case(
        **{
            "patient.sex": "female",
            "patient.pregnant": True,
            "patient.gestation_weeks": 24,
            "context.patient_requests": ["tens", "traction", "ultrasound", "sit-up"],
        }
    )
    result = assess(a, KB)
    assert ItemClass.PREGNANCY_ADVICE in classes(result)
    banned = {
        ItemClass.TENS,
        ItemClass.LUMBAR_TRACTION,
        ItemClass.THERAPEUTIC_ULTRASOUND,
        ItemClass.LOADED_FLEXION_EXERCISE,
    }
    assert not banned & classes(result)
    assert {"tens", "manual-traction", "therapeutic-ultrasound", "sit-up"} <= {
        x.id for x in result.plan.excluded
    }


def test_after_surgery_without_clearance_no_loading_or_manipulation():
    a = case(
        **{
            "history.onset": "post_surgery",
            "history.prior_spinal_surgery": {
                "procedure": "microdiscectomy",
                "weeks_ago": 6,
                "surgeon_clearance": False,
            },
            "exam.irritability": "low",
            "context.minutes_per_day": 90,
            "context.patient_requests": ["manipulation"],
        }
    )
    result = assess(a, KB)
    banned = {
        ItemClass.FUNCTIONAL_STRENGTHENING,
        ItemClass.BACK_EXTENSOR_STRENGTHENING,
        ItemClass.NERVE_GLIDE_TENSIONER,
        ItemClass.SPINAL_MANIPULATION,
        ItemClass.LOADED_FLEXION_EXERCISE,
    }
    assert not banned & classes(result)
    assert exercises(result)


def test_deep_gluteal_pain_gets_piriformis_work():
    a = case(
        **{
            "symptoms.pain_below_knee": False,
            "symptoms.back_pain_nrs": 1,
            "symptoms.aggravated_by": ["sitting"],
            "exam.slr_positive": False,
            "exam.repeated_movements": {
                "extension_in_lying": "no_effect",
                "flexion_in_lying": "no_effect",
            },
            "notes": "Buttock pain worse after sitting 20 minutes; tender over the sciatic notch.",
        }
    )
    result = assess(a, KB)
    assert result.classification.pain_source.value == "deep_gluteal"
    assert ItemClass.PIRIFORMIS_STRETCH in classes(result)
    assert exercises(result)[0].item_class is ItemClass.PIRIFORMIS_STRETCH  # the top need


def test_goals_met_past_the_minimal_important_change_bring_discharge():
    a = case(
        **{
            "symptoms.leg_pain_nrs": 1,
            "symptoms.back_pain_nrs": 1,
            "outcomes": {
                "psfs": [{"activity": "sitting", "score": 9}],
                "odi_percent": 10,
                "baseline": {
                    "leg_pain_nrs": 6,
                    "back_pain_nrs": 5,
                    "odi_percent": 40,
                    "psfs_mean": 3,
                },
            },
        }
    )
    result = assess(a, KB)
    assert ItemClass.DISCHARGE_WITH_SELF_MANAGEMENT in classes(result)
    assert exercises(result), "discharge keeps a maintenance home program"


def test_no_discharge_when_improvement_is_below_the_minimal_important_change():
    a = case(**{"symptoms.leg_pain_nrs": 5, "outcomes": {"baseline": {"leg_pain_nrs": 6}}})
    assert ItemClass.DISCHARGE_WITH_SELF_MANAGEMENT not in classes(assess(a, KB))


def test_clinic_techniques_come_only_with_exercise_and_not_for_low_risk():
    low = assess(case(), KB)
    assert not any(i.kind is Kind.MANUAL_THERAPY for i in low.plan.items)
    medium = assess(
        case(**{"psychosocial.start_back_total": 5, "psychosocial.start_back_distress": 2}), KB
    )
    manual = [i for i in medium.plan.items if i.kind is Kind.MANUAL_THERAPY]
    assert manual and exercises(medium)
    assert all(any("alongside" in w for w in i.why) for i in manual)


def test_dosage_comes_from_the_knowledge_base_and_minutes_are_daily():
    for item in exercises(assess(case(), KB)):
        assert item.dosage == ITEMS[item.id].dosage
        assert item.minutes == daily_minutes(ITEMS[item.id])


def test_every_item_and_exclusion_carries_why_and_known_references():
    keys = {r.key for r in KB.references}
    a = case(
        **{"precautions.pacemaker": True, "context.patient_requests": ["tens", "mri", "massage"]}
    )
    result = assess(a, KB)
    for item in result.plan.items:
        assert item.why and item.refs and set(item.refs) <= keys
    for left in result.plan.excluded:
        assert left.reason and left.refs and set(left.refs) <= keys


def test_stenosis_keeps_every_extension_exercise_out_even_with_an_extension_preference():
    result = assess(
        stenosis(**{"exam.repeated_movements": {"extension_in_lying": "centralizes"}}), KB
    )
    assert result.classification.pain_source.value == "stenosis"
    assert all(i.direction is not Direction.EXTENSION for i in exercises(result))
    assert ItemClass.FLEXION_DIRECTIONAL_EXERCISE not in classes(result)

"""Care steps: referrals that say what to do and how fast, advice that carries its message,
and the two not-recommended steps (clinical-notes §1.2, §2, §7)."""

import pytest

from sciatica_pt.core.vocabulary import EvidenceGrade, Kind

# id: (kind, class) as agreed in ids.md
AGREED = {
    "emergency-referral": ("referral", "emergency_referral"),
    "urgent-medical-referral": ("referral", "urgent_medical_referral"),
    "routine-medical-referral": ("referral", "routine_medical_referral"),
    "imaging-referral": ("referral", "imaging_referral"),
    "advice-stay-active": ("advice", "education_stay_active"),
    "advice-warning-signs": ("advice", "red_flag_safety_net"),
    "pain-neuroscience-education": ("advice", "pain_neuroscience_education"),
    "graded-activity": ("advice", "graded_activity_or_exposure"),
    "activity-modification": ("advice", "activity_modification"),
    "posture-ergonomics": ("advice", "posture_ergonomics_education"),
    "lifting-mechanics": ("advice", "lifting_mechanics_education"),
    "sleep-positions": ("advice", "sleep_position_education"),
    "pregnancy-advice": ("advice", "pregnancy_advice"),
    "flare-up-plan": ("advice", "flare_up_plan"),
    "return-to-work-plan": ("advice", "return_to_work_plan"),
    "discharge-self-management": ("advice", "discharge_with_self_management"),
    "medication-review": ("advice", "medication_review_referral"),
    "bed-rest": ("advice", "bed_rest"),
    "lumbar-support-belt": ("advice", "lumbar_support_belt"),
}


def _text(item) -> str:
    """The clinician's wording: what the therapist does and how fast."""
    ins = item.clinician
    return " ".join([ins.summary, *ins.steps]).lower()


def _patient_text(item) -> str:
    ins = item.instructions
    return " ".join([ins.summary, *ins.steps, *ins.stop_if]).lower()


@pytest.mark.parametrize("item_id", sorted(AGREED))
def test_every_agreed_care_step_exists_as_agreed(shipped_kb, item_id):
    item = shipped_kb.item(item_id)
    assert (item.kind, item.item_class) == AGREED[item_id]


def test_all_nineteen_care_steps_are_there_and_no_stray_ones(shipped_kb):
    care = {i.id for i in shipped_kb.items if i.kind in (Kind.REFERRAL, Kind.ADVICE)}
    assert care == set(AGREED)


def test_bed_rest_and_the_lumbar_belt_are_not_recommended(shipped_kb):
    for item_id in ("bed-rest", "lumbar-support-belt"):
        assert shipped_kb.item(item_id).evidence.grade is EvidenceGrade.NOT_RECOMMENDED


def test_bed_rest_cites_the_guidelines_against_it(shipped_kb):
    assert {"DK-2018", "NICE-NG59", "Lancet-2018"} <= set(shipped_kb.item("bed-rest").evidence.refs)


def test_the_emergency_referral_sends_suspected_cauda_equina_to_hospital_now(shipped_kb):
    text = _text(shipped_kb.item("emergency-referral"))
    assert "emergency department" in text
    assert "now" in text
    assert "within 4 hours" in text  # MRI, GIRFT/BMJ Best Practice
    assert "do not wait for the full cluster" in text


def test_the_emergency_referral_cites_the_cauda_equina_pathway(shipped_kb):
    assert {"GIRFT-CES", "BMJ-BP-CES"} <= set(shipped_kb.item("emergency-referral").evidence.refs)


def test_the_urgent_referral_says_within_24_hours_to_days(shipped_kb):
    text = _text(shipped_kb.item("urgent-medical-referral"))
    assert "within 24 hours" in text and "within days" in text


def test_the_routine_referral_keeps_physical_therapy_going(shipped_kb):
    assert "physical therapy carries on" in _text(shipped_kb.item("routine-medical-referral"))


def test_imaging_is_never_routine(shipped_kb):
    item = shipped_kb.item("imaging-referral")
    assert "never as routine" in _text(item)
    assert item.evidence.grade is not EvidenceGrade.RECOMMENDED


def test_every_referral_escalates_when_things_get_worse(shipped_kb):
    for item in shipped_kb.items_of(Kind.REFERRAL):
        stop = " ".join(item.clinician.stop_if).lower()
        assert "emergency" in stop or "escalate" in stop, item.id
        assert "emergency" in " ".join(item.instructions.stop_if).lower(), item.id


def test_the_emergency_referral_tells_the_patient_to_go_now(shipped_kb):
    text = _patient_text(shipped_kb.item("emergency-referral"))
    assert "go to the emergency department now" in text
    assert "call the emergency services" in text


def test_the_safety_net_names_each_cauda_equina_warning_sign_to_the_patient(shipped_kb):
    text = _patient_text(shipped_kb.item("advice-warning-signs"))
    for sign in ("genitals", "back passage", "urine", "sexual", "both legs", "weakness"):
        assert sign in text, sign
    assert "emergency department" in text


def test_care_steps_are_never_blocked_by_a_red_flag_rule(shipped_kb):
    # In an emergency the plan is withheld except referrals and safety advice; no rule may
    # take those away.
    for item in shipped_kb.items:
        if item.kind in (Kind.REFERRAL, Kind.ADVICE):
            assert not [r.id for r in shipped_kb.rules if r.applies_to.covers(item)], item.id


def test_every_advice_item_carries_its_key_message_in_the_summary(shipped_kb):
    for item in shipped_kb.items_of(Kind.ADVICE):
        assert len(item.instructions.summary) >= 60, item.id

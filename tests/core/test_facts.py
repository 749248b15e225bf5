"""Facts the safety rules are written against, and the questions not asked yet."""

from sciatica_pt.core.classification.classify import classify
from sciatica_pt.core.intake.facts import derive_facts, unasked_facts
from sciatica_pt.core.screening.triage import screen
from sciatica_pt.core.vocabulary import Fact
from tests.core.cases import case


def facts_of(a):
    return derive_facts(a, screen(a), classify(a))


def test_a_pregnancy_of_13_weeks_or_less_is_the_first_trimester():
    woman = {"patient.sex": "female", "patient.pregnant": True}
    assert Fact.PREGNANT_FIRST_TRIMESTER in facts_of(
        case(**woman, **{"patient.gestation_weeks": 13})
    )
    later = facts_of(case(**woman, **{"patient.gestation_weeks": 14}))
    assert Fact.PREGNANT in later and Fact.PREGNANT_FIRST_TRIMESTER not in later


def test_an_unknown_gestation_leaves_the_first_trimester_not_asked():
    a = case(**{"patient.sex": "female", "patient.pregnant": True})
    assert Fact.PREGNANT_FIRST_TRIMESTER in unasked_facts(a)


def test_pregnancy_not_asked_counts_for_women_but_not_for_men():
    assert Fact.PREGNANT in unasked_facts(
        case(**{"patient.sex": "female", "patient.pregnant": None})
    )
    assert Fact.PREGNANT not in unasked_facts(case(**{"patient.pregnant": None}))


def test_surgery_under_12_weeks_is_recent_and_uncleared_unless_the_surgeon_said_yes():
    surgery = {"procedure": "microdiscectomy", "weeks_ago": 11, "surgeon_clearance": None}
    facts = facts_of(case(**{"history.prior_spinal_surgery": surgery}))
    assert {Fact.RECENT_SPINAL_SURGERY, Fact.SURGERY_NOT_CLEARED} <= facts
    cleared = {**surgery, "weeks_ago": 12, "surgeon_clearance": True}
    later = facts_of(case(**{"history.prior_spinal_surgery": cleared}))
    assert not {Fact.RECENT_SPINAL_SURGERY, Fact.SURGERY_NOT_CLEARED} & later


def test_dry_needling_and_pool_need_a_yes_not_a_blank():
    blank = facts_of(case(**{"context.dry_needling_permitted": None, "context.pool_access": None}))
    assert {Fact.DRY_NEEDLING_NOT_PERMITTED, Fact.NO_POOL_ACCESS} <= blank
    yes = facts_of(case(**{"context.dry_needling_permitted": True, "context.pool_access": True}))
    assert not {Fact.DRY_NEEDLING_NOT_PERMITTED, Fact.NO_POOL_ACCESS} & yes


def test_peripheralizing_movements_ban_their_direction():
    moves = {"flexion_in_sitting": "peripheralizes", "side_glide_correction": "peripheralizes"}
    facts = facts_of(case(**{"exam.repeated_movements": moves}))
    assert {Fact.FLEXION_PERIPHERALIZES, Fact.LATERAL_PERIPHERALIZES} <= facts
    assert Fact.EXTENSION_PERIPHERALIZES not in facts


def test_any_finding_above_pt_appropriate_means_serious_pathology_is_suspected():
    assert Fact.SERIOUS_PATHOLOGY_SUSPECTED not in facts_of(case())
    flagged = facts_of(case(**{"red_flags.unexplained_weight_loss": True}))
    assert Fact.SERIOUS_PATHOLOGY_SUSPECTED in flagged


def test_a_red_flag_the_notes_affirm_counts_even_when_the_field_says_no():
    a = case(**{"notes": "New difficulty passing urine since Tuesday."})
    assert Fact.BLADDER_BOWEL_CHANGE in facts_of(a)


def test_null_precautions_are_listed_as_not_asked_and_answered_ones_are_not():
    a = case(**{"precautions.pacemaker": None, "precautions.anticoagulants": False})
    assert Fact.PACEMAKER in unasked_facts(a)
    assert Fact.ANTICOAGULANTS not in unasked_facts(a)


def test_age_65_is_an_older_adult_and_a_diabetes_comorbidity_is_recognised():
    facts = facts_of(case(**{"patient.age": 65, "history.comorbidities": ["Type 2 diabetes"]}))
    assert {Fact.OLDER_ADULT, Fact.DIABETES} <= facts

"""Facts: what the safety rules of the knowledge base are written against.

`derive_facts` turns an assessment (plus its triage and classification) into the set of facts
that hold. `unasked_facts` lists the facts whose source field is null: "not asked" is never
"no" (spec), so a contraindication gated on such a fact still excludes its items, with the
reason "not asked" (see `core.safety`).
"""

from __future__ import annotations

from collections.abc import Callable

from sciatica_pt.core.intake.assessment import Assessment, Movement, Response, Sex
from sciatica_pt.core.result import (
    Classification,
    PainSource,
    Triage,
    TriageLevel,
)
from sciatica_pt.core.vocabulary import Fact, Irritability, Stage

RECENT_SURGERY_WEEKS = 12  # early post-operative spine (clinical-notes §5, manipulation row)
FIRST_TRIMESTER_LAST_WEEK = 13
OLDER_ADULT_AGE = 65  # clinical-notes §2.5 (fracture risk), §6.5 (older adults)

_MOVEMENTS_BY_DIRECTION: dict[Fact, tuple[Movement, ...]] = {
    Fact.EXTENSION_PERIPHERALIZES: (
        Movement.EXTENSION_IN_LYING,
        Movement.EXTENSION_IN_STANDING,
    ),
    Fact.FLEXION_PERIPHERALIZES: (
        Movement.FLEXION_IN_STANDING,
        Movement.FLEXION_IN_LYING,
        Movement.FLEXION_IN_SITTING,
    ),
    Fact.LATERAL_PERIPHERALIZES: (Movement.SIDE_GLIDE_CORRECTION,),
}

# The assessment field each precaution-like fact comes from; a null there is "not asked".
SOURCE_FIELD: dict[Fact, str] = {
    Fact.PACEMAKER: "precautions.pacemaker",
    Fact.PREGNANT: "patient.pregnant",
    Fact.PREGNANT_FIRST_TRIMESTER: "patient.gestation_weeks",
    Fact.ANTICOAGULANTS: "precautions.anticoagulants",
    Fact.OSTEOPOROSIS: "precautions.osteoporosis",
    Fact.OPEN_WOUND: "precautions.open_wound",
    Fact.INSENSATE_SKIN: "precautions.insensate_skin",
    Fact.PERIPHERAL_NEUROPATHY: "precautions.peripheral_neuropathy",
    Fact.VASCULAR_CLAUDICATION_SIGNS: "precautions.vascular_claudication_signs",
    Fact.CANCER_HISTORY: "red_flags.cancer_history",
    Fact.FEVER_OR_INFECTION_RISK: "red_flags.fever",
    Fact.IMMUNOSUPPRESSED: "red_flags.immunosuppressed",
    Fact.CORTICOSTEROID_USE: "red_flags.corticosteroid_use",
    Fact.BLADDER_BOWEL_CHANGE: "red_flags.bladder_bowel_change",
    Fact.PROGRESSIVE_NEURO_DEFICIT: "red_flags.progressive_weakness",
    Fact.SURGERY_NOT_CLEARED: "history.prior_spinal_surgery.surgeon_clearance",
}


_A = Callable[[Assessment], bool]
_Test = Callable[[Assessment, Triage, Classification], bool]


def derive_facts(a: Assessment, triage: Triage, c: Classification) -> frozenset[Fact]:
    """Every fact that holds for this patient (only `True` answers count as present)."""
    return frozenset(fact for fact, test in _TESTS.items() if test(a, triage, c))


def unasked_facts(a: Assessment) -> frozenset[Fact]:
    """Facts that might hold but whose question was not answered (the field is null)."""
    return frozenset(fact for fact, test in _UNASKED.items() if test(a))


def _could_be_pregnant(a: Assessment) -> bool:
    return a.patient.sex is not Sex.MALE and a.patient.age <= 60


def _pregnant(a: Assessment) -> bool:
    return a.patient.pregnant is True


def _first_trimester(a: Assessment) -> bool:
    weeks = a.patient.gestation_weeks
    return _pregnant(a) and weeks is not None and weeks <= FIRST_TRIMESTER_LAST_WEEK


def _peripheralizes(fact: Fact) -> Callable[[Assessment], bool]:
    def test(a: Assessment) -> bool:
        moves = a.exam.repeated_movements
        return any(moves.get(m) is Response.PERIPHERALIZES for m in _MOVEMENTS_BY_DIRECTION[fact])

    return test


def _radiculopathy(a: Assessment, c: Classification) -> bool:
    """Nerve-root involvement: leg pain below the knee or any neural sign (clinical-notes §3.4)."""
    e, s = a.exam, a.symptoms
    signs = (e.slr_positive, e.crossed_slr_positive, e.slump_positive, e.reflexes_reduced)
    return (
        c.pain_source is PainSource.DISC_RADICULAR
        or s.pain_below_knee is True
        or any(sign is True for sign in signs)
        or _motor_deficit(a)
    )


def _motor_deficit(a: Assessment) -> bool:
    grade = a.exam.motor_grade_min
    return (grade is not None and grade < 5) or a.symptoms.weakness is True


def _recent_surgery(a: Assessment) -> bool:
    surgery = a.history.prior_spinal_surgery
    return surgery is not None and surgery.weeks_ago < RECENT_SURGERY_WEEKS


def _surgery_not_cleared(a: Assessment) -> bool:
    surgery = a.history.prior_spinal_surgery
    return surgery is not None and surgery.surgeon_clearance is not True


def _diabetes(a: Assessment) -> bool:
    return any("diabet" in word.lower() for word in a.history.comorbidities)


def _infection_risk(a: Assessment) -> bool:
    return a.red_flags.fever is True or a.red_flags.iv_drug_use is True


def _red(*names: str) -> _Test:
    """A red flag counts when its field is true, or when triage read it as present from the
    notes or found the notes and the field in contradiction (the safer reading wins)."""

    def test(a: Assessment, t: Triage, _c: Classification) -> bool:
        raised = {f.field for f in t.findings} | {x.field for x in t.contradictions}
        return any(getattr(a.red_flags, n) is True or f"red_flags.{n}" in raised for n in names)

    return test


def _serious(triage: Triage) -> bool:
    return any(f.level is not TriageLevel.PT_APPROPRIATE for f in triage.findings)


def _on_a(test: _A) -> _Test:
    return lambda a, _t, _c: test(a)


_TESTS: dict[Fact, _Test] = {
    Fact.PACEMAKER: _on_a(lambda a: a.precautions.pacemaker is True),
    Fact.PREGNANT: _on_a(_pregnant),
    Fact.PREGNANT_FIRST_TRIMESTER: _on_a(_first_trimester),
    Fact.ANTICOAGULANTS: _on_a(lambda a: a.precautions.anticoagulants is True),
    Fact.OSTEOPOROSIS: _on_a(lambda a: a.precautions.osteoporosis is True),
    Fact.OPEN_WOUND: _on_a(lambda a: a.precautions.open_wound is True),
    Fact.INSENSATE_SKIN: _on_a(lambda a: a.precautions.insensate_skin is True),
    Fact.PERIPHERAL_NEUROPATHY: _on_a(lambda a: a.precautions.peripheral_neuropathy is True),
    Fact.VASCULAR_CLAUDICATION_SIGNS: _on_a(
        lambda a: a.precautions.vascular_claudication_signs is True
    ),
    # Permission must be affirmed: the jurisdiction and the certification are both needed.
    Fact.DRY_NEEDLING_NOT_PERMITTED: _on_a(lambda a: a.context.dry_needling_permitted is not True),
    Fact.EXTENSION_PERIPHERALIZES: _on_a(_peripheralizes(Fact.EXTENSION_PERIPHERALIZES)),
    Fact.FLEXION_PERIPHERALIZES: _on_a(_peripheralizes(Fact.FLEXION_PERIPHERALIZES)),
    Fact.LATERAL_PERIPHERALIZES: _on_a(_peripheralizes(Fact.LATERAL_PERIPHERALIZES)),
    Fact.STENOSIS: lambda _a, _t, c: c.pain_source is PainSource.STENOSIS,
    Fact.RADICULOPATHY: lambda a, _t, c: _radiculopathy(a, c),
    Fact.HIGH_IRRITABILITY: lambda _a, _t, c: c.irritability is Irritability.HIGH,
    Fact.ACUTE_STAGE: lambda _a, _t, c: c.stage is Stage.ACUTE,
    Fact.RECENT_SPINAL_SURGERY: _on_a(_recent_surgery),
    Fact.SURGERY_NOT_CLEARED: _on_a(_surgery_not_cleared),
    Fact.SERIOUS_PATHOLOGY_SUSPECTED: lambda _a, t, _c: _serious(t),
    Fact.PROGRESSIVE_NEURO_DEFICIT: _red("progressive_weakness"),
    Fact.MOTOR_DEFICIT: _on_a(_motor_deficit),
    Fact.CANCER_HISTORY: _red("cancer_history", "metastatic_cancer"),
    Fact.FEVER_OR_INFECTION_RISK: _red("fever", "iv_drug_use"),
    Fact.IMMUNOSUPPRESSED: _red("immunosuppressed"),
    Fact.CORTICOSTEROID_USE: _red("corticosteroid_use"),
    Fact.BLADDER_BOWEL_CHANGE: _red("bladder_bowel_change"),
    Fact.DIABETES: _on_a(_diabetes),
    Fact.OLDER_ADULT: _on_a(lambda a: a.patient.age >= OLDER_ADULT_AGE),
    Fact.NO_POOL_ACCESS: _on_a(lambda a: a.context.pool_access is not True),
    Fact.FEAR_AVOIDANCE_HIGH: _on_a(lambda a: a.psychosocial.fear_avoidance_high is True),
}

_UNASKED: dict[Fact, _A] = {
    Fact.PACEMAKER: lambda a: a.precautions.pacemaker is None,
    # A male patient or one over 60 is not asked about pregnancy; anyone else must be.
    Fact.PREGNANT: lambda a: a.patient.pregnant is None and _could_be_pregnant(a),
    Fact.PREGNANT_FIRST_TRIMESTER: lambda a: (
        (a.patient.pregnant is None and _could_be_pregnant(a))
        or (_pregnant(a) and a.patient.gestation_weeks is None)
    ),
    Fact.ANTICOAGULANTS: lambda a: a.precautions.anticoagulants is None,
    Fact.OSTEOPOROSIS: lambda a: a.precautions.osteoporosis is None,
    Fact.OPEN_WOUND: lambda a: a.precautions.open_wound is None,
    Fact.INSENSATE_SKIN: lambda a: a.precautions.insensate_skin is None,
    Fact.PERIPHERAL_NEUROPATHY: lambda a: a.precautions.peripheral_neuropathy is None,
    Fact.VASCULAR_CLAUDICATION_SIGNS: lambda a: a.precautions.vascular_claudication_signs is None,
    Fact.CANCER_HISTORY: lambda a: (
        a.red_flags.cancer_history is None and a.red_flags.metastatic_cancer is not True
    ),
    Fact.FEVER_OR_INFECTION_RISK: lambda a: (
        not _infection_risk(a) and (a.red_flags.fever is None or a.red_flags.iv_drug_use is None)
    ),
    Fact.IMMUNOSUPPRESSED: lambda a: a.red_flags.immunosuppressed is None,
    Fact.CORTICOSTEROID_USE: lambda a: a.red_flags.corticosteroid_use is None,
    Fact.BLADDER_BOWEL_CHANGE: lambda a: a.red_flags.bladder_bowel_change is None,
    Fact.PROGRESSIVE_NEURO_DEFICIT: lambda a: a.red_flags.progressive_weakness is None,
}

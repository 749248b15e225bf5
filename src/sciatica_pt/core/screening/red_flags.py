"""The referral rules as a table: clinical-notes §2, read literally from the §2.7 summary.

Each rule names the field it reads, what it means, what to do now, its sources (keys of
knowledge/references.yaml) and its level. Where the notes allow two levels the more urgent one
is used. Rules about the course of care (inflammatory disease, mimics, no improvement) live in
`core/screening/referral_rules.py`; `RULES` joins both tables in the order findings are reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sciatica_pt.core.intake.assessment import Side
from sciatica_pt.core.result import TriageLevel
from sciatica_pt.core.screening.case import Case

EMERGENCY = TriageLevel.EMERGENCY
URGENT = TriageLevel.URGENT_REFERRAL
ROUTINE = TriageLevel.ROUTINE_REFERRAL_WITH_PT


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    field: str
    level: TriageLevel
    message: str
    action: str
    refs: tuple[str, ...]
    holds: Callable[[Case], bool]
    # Case-specific detail appended to the message (e.g. which criteria were counted).
    detail: Callable[[Case], str] | None = None


CES_REFS = ("GIRFT-CES", "BMJ-BP-CES", "NICE-NG59", "CKS-sciatica")
CES_ACTION = (
    "Send to the emergency department or on-call spinal team now, to be seen within hours "
    "with MRI as soon as possible. Do not start or continue treatment."
)


def _flag(name: str) -> Callable[[Case], bool]:
    return lambda case: case.is_true(name)


def _ces(name: str, feature: str) -> Rule:
    """Any single cauda equina feature is an emergency; never wait for the full picture."""
    return Rule(
        id=f"ces.{name}",
        field=f"red_flags.{name}",
        level=EMERGENCY,
        message=f"{feature}: one new cauda equina feature is enough to suspect cauda equina "
        "syndrome.",
        action=CES_ACTION,
        refs=CES_REFS,
        holds=_flag(name),
    )


RECENT_ONSET_WEEKS = 2  # BMJ-BP-CES: onset within 14 days, or worsening


def _bilateral_in_a_new_episode(c: Case) -> bool:
    """Bilateral leg symptoms in an episode under 2 weeks old are new by definition, whatever
    the red-flag field says; long-standing bilateral claudication is not this rule."""
    s = c.assessment.symptoms
    bilateral = s.bilateral_symptoms is True or s.side is Side.BOTH
    recent = c.assessment.history.duration_weeks < RECENT_ONSET_WEEKS
    return bilateral and recent and not c.is_true("new_bilateral_symptoms")


CAUDA_EQUINA = (
    _ces("saddle_anesthesia", "Altered sensation in the saddle area"),
    _ces("bladder_bowel_change", "New bladder or bowel change"),
    _ces("sexual_dysfunction", "New sexual dysfunction"),
    _ces("new_bilateral_symptoms", "Leg symptoms that have become bilateral"),
    Rule(
        id="ces.bilateral_recent_onset",
        field="symptoms.bilateral_symptoms",
        level=EMERGENCY,
        message="Bilateral leg symptoms in an episode that began less than 2 weeks ago: "
        "bilateral sciatica of recent onset is a cauda equina feature.",
        action=CES_ACTION,
        refs=CES_REFS,
        holds=_bilateral_in_a_new_episode,
    ),
)

MOTOR = (
    Rule(
        id="motor.progressive",
        field="red_flags.progressive_weakness",
        level=EMERGENCY,
        message="Weakness that is getting worse needs a same-day specialist opinion.",
        action="Arrange a same-day spinal specialist opinion (emergency department or on-call "
        "spinal team). Do not start treatment.",
        refs=("NHS-Lothian", "CKS-sciatica"),
        holds=_flag("progressive_weakness"),
    ),
    Rule(
        id="motor.severe_deficit",
        field="exam.motor_grade_min",
        level=URGENT,
        message="Severe weakness (3/5 or less) in a key muscle, not known to be progressing.",
        action="Urgent spinal specialist referral, to be seen within days. Re-test power at "
        "every contact and escalate to emergency at once if it worsens.",
        refs=("NHS-Lothian",),
        holds=lambda c: (g := c.assessment.exam.motor_grade_min) is not None and g <= 3,
    ),
)


def _cancer_with_radicular_or_neuro(c: Case) -> bool:
    return c.is_true("cancer_history") and (c.radicular_pain or c.neuro_signs)


def _cancer_with_pain_features(c: Case) -> bool:
    """Age over 50, weight loss or night pain; a feature not asked counts as possible."""
    symptoms = c.assessment.symptoms
    features = c.age > 50 or c.possibly(c.flag("unexplained_weight_loss"))
    return c.is_true("cancer_history") and (features or c.possibly(symptoms.night_pain))


def _cancer_alone(c: Case) -> bool:
    return c.is_true("cancer_history")


MALIGNANCY = (
    Rule(
        id="malignancy.metastatic",
        field="red_flags.metastatic_cancer",
        level=EMERGENCY,
        message="Known metastatic cancer with back or leg pain: treat as possible spinal "
        "metastasis with cord or root compression.",
        action="Contact the acute oncology / MSCC team immediately today (whole-spine MRI "
        "within 24 hours). Do not start treatment.",
        refs=("NICE-NG234", "IFOMPT-2020"),
        holds=_flag("metastatic_cancer"),
    ),
    Rule(
        id="malignancy.metastatic_radicular",
        field="red_flags.cancer_history",
        level=EMERGENCY,
        message="A history of cancer with radicular leg pain or neurological signs: radicular "
        "pain alone can be the first sign of spinal metastasis, so this is not ordinary "
        "sciatica until proven otherwise.",
        action="Contact the acute oncology / MSCC team immediately today (whole-spine MRI "
        "within 24 hours). Do not start treatment.",
        refs=("NICE-NG234", "CKS-sciatica"),
        holds=_cancer_with_radicular_or_neuro,
    ),
    Rule(
        id="malignancy.cancer_pain_features",
        field="red_flags.cancer_history",
        level=URGENT,
        message="A history of cancer with a feature of possible spinal metastasis (age over "
        "50, weight loss or night pain; a feature not yet asked counts), and no radicular "
        "pain or neurological signs.",
        action="Contact the GP or oncology team within 24 hours for investigation. Escalate to "
        "emergency at once if leg pain, weakness, numbness or bladder change appears.",
        refs=("NICE-NG234", "IFOMPT-2020"),
        holds=lambda c: _cancer_with_pain_features(c) and not _cancer_with_radicular_or_neuro(c),
    ),
    Rule(
        id="malignancy.cancer_history",
        field="red_flags.cancer_history",
        level=ROUTINE,
        message="A history of cancer, with no pain feature of metastasis recorded (age 50 or "
        "under, no weight loss, no night pain) and no radicular pain or neurological signs.",
        action="Tell the GP about the new back pain (routine review); physiotherapy can go on, "
        "with red flags re-checked at every visit.",
        refs=("IFOMPT-2020", "NICE-NG234"),
        holds=lambda c: (
            _cancer_alone(c)
            and not _cancer_with_pain_features(c)
            and not _cancer_with_radicular_or_neuro(c)
        ),
    ),
    Rule(
        id="malignancy.weight_loss",
        field="red_flags.unexplained_weight_loss",
        level=URGENT,
        message="Unexplained weight loss with back or leg pain and no known cancer: possible "
        "serious pathology needs investigating.",
        action="Urgent medical referral (GP, within days) for investigation.",
        refs=("NICE-NG234", "IFOMPT-2020"),
        holds=lambda c: c.is_true("unexplained_weight_loss") and not c.is_true("cancer_history"),
    ),
)

INFECTION_ACTION = (
    "Send to the emergency department today for blood tests, cultures and urgent MRI. "
    "Do not start treatment."
)


def _infection(name: str, what: str) -> Rule:
    return Rule(
        id=f"infection.{name}",
        field=f"red_flags.{name}",
        level=EMERGENCY,
        message=f"{what} with back or leg pain: possible spinal infection (discitis, "
        "osteomyelitis or epidural abscess), whose classic signs are often incomplete.",
        action=INFECTION_ACTION,
        refs=("IFOMPT-2020", "CKS-sciatica"),
        holds=_flag(name),
    )


INFECTION = (
    _infection("fever", "Fever"),
    _infection("iv_drug_use", "Intravenous drug use"),
    _infection("immunosuppressed", "Immunosuppression"),
)

FRAGILITY_ACTION = (
    "Same-day or next-day medical review with imaging for a possible fragility fracture. "
    "Defer manipulation, traction and loaded flexion until it is excluded."
)


def _fragility_onset(c: Case) -> bool:
    p = c.assessment.precautions
    risk = p.osteoporosis is True or c.is_true("corticosteroid_use") or c.age >= 65
    return c.trauma_onset and risk


def _steroids_and_bone(c: Case) -> bool:
    """Steroids with osteoporosis, or with bone health not yet asked."""
    return c.is_true("corticosteroid_use") and c.possibly(c.assessment.precautions.osteoporosis)


FRACTURE = (
    Rule(
        id="fracture.major_trauma",
        field="red_flags.significant_trauma",
        level=EMERGENCY,
        message="Significant trauma: a spinal fracture must be excluded before any treatment.",
        action="Emergency assessment today with imaging. Do not start treatment.",
        refs=("IFOMPT-2020",),
        holds=_flag("significant_trauma"),
    ),
    Rule(
        id="fracture.trauma_with_deficit",
        field="history.onset",
        level=EMERGENCY,
        message="Pain that began with trauma (a fall counts), together with neurological signs.",
        action="Emergency assessment today with imaging. Do not start treatment.",
        refs=("IFOMPT-2020",),
        holds=lambda c: c.trauma and c.neuro_signs,
    ),
    Rule(
        id="fracture.fragility",
        field="history.onset",
        level=URGENT,
        message="Pain that began suddenly or with trauma (a fall counts) in a person at risk of "
        "a fragility fracture (osteoporosis, corticosteroid use or age 65 or over).",
        action=FRAGILITY_ACTION,
        refs=("IFOMPT-2020",),
        holds=_fragility_onset,
    ),
    # The risk without the presentation: a fragility fracture is suspected when the pain began
    # with a fall or suddenly (fracture.fragility, urgent; clinical-notes 2.5, 2.7), not for
    # every steroid user with fragile bone.
    Rule(
        id="fracture.corticosteroids_osteoporosis",
        field="red_flags.corticosteroid_use",
        level=ROUTINE,
        message="Corticosteroid use with osteoporosis (or bone health not yet asked): a high "
        "risk of fragility fracture, although this pain did not begin with a fall or suddenly.",
        action="Routine medical review of bone health; ask about it if not yet asked. "
        "Physiotherapy can go on without manipulation, traction or loaded end-range flexion; "
        "a fall or a sudden new pain is an urgent referral.",
        refs=("IFOMPT-2020", "ROS-2022"),
        holds=_steroids_and_bone,
    ),
    Rule(
        id="fracture.corticosteroid_use",
        field="red_flags.corticosteroid_use",
        level=ROUTINE,
        message="Corticosteroid use (osteoporosis recorded as absent): raised risk of fracture "
        "and infection.",
        action="Routine GP review of bone health; physiotherapy can go on, avoiding loaded "
        "end-range flexion, with red flags re-checked at every visit.",
        refs=("IFOMPT-2020", "ROS-2022"),
        holds=lambda c: c.is_true("corticosteroid_use") and not _steroids_and_bone(c),
    ),
)

RED_FLAG_RULES: tuple[Rule, ...] = CAUDA_EQUINA + MOTOR + MALIGNANCY + INFECTION + FRACTURE

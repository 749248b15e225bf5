"""Routine referrals alongside physiotherapy: clinical-notes §2.6, §2.7, §3.4 and §7.

Suspected inflammatory back pain (NICE-NG65), a vascular mimic (Suri-2010) and radicular pain
that has not meaningfully improved after about 12 weeks of care (NICE-NG59, Ostelo-2008).
"""

from __future__ import annotations

from sciatica_pt.core.screening.case import Case
from sciatica_pt.core.screening.red_flags import ROUTINE, Rule

# --- inflammatory back pain (NICE-NG65) ----------------------------------------------------

NG65_ONSET_BEFORE = 45  # years: entry condition with duration over 3 months
NG65_MIN_WEEKS = 12
NG65_REFER_AT = 3  # NG65 refers at >= 4, or at 3 with HLA-B27; we cannot test, so refer at 3
MORNING_STIFFNESS_MINUTES = 30
_MOVEMENT_EASES = frozenset({"walking", "movement", "moving", "exercise", "activity", "extension"})
_INFLAMMATORY_CONDITIONS = ("psoria", "arthritis", "enthesitis", "spondyl", "uveitis")


def _ng65_criteria(c: Case) -> dict[str, bool]:
    """The criteria the assessment records; buttock pain, NSAID response and family history
    are not fields, so they are never counted (the message says so)."""
    s, h = c.assessment.symptoms, c.assessment.history
    illnesses = " ".join(h.comorbidities).lower()
    return {
        "onset before 35": c.onset_age < 35,
        "night pain (waking in the night)": s.night_pain is True,
        "eased by walking or movement": bool(_MOVEMENT_EASES & set(s.eased_by)),
        "morning stiffness of 30 minutes or more": (s.morning_stiffness_minutes or 0)
        >= MORNING_STIFFNESS_MINUTES,
        "arthritis, enthesitis or psoriasis": any(w in illnesses for w in _INFLAMMATORY_CONDITIONS),
    }


def _inflammatory(c: Case) -> bool:
    entry = c.onset_age < NG65_ONSET_BEFORE and c.assessment.history.duration_weeks > NG65_MIN_WEEKS
    return entry and sum(_ng65_criteria(c).values()) >= NG65_REFER_AT


def _inflammatory_detail(c: Case) -> str:
    met = [name for name, ok in _ng65_criteria(c).items() if ok]
    return (
        f" Counted {len(met)} of the {len(_ng65_criteria(c))} criteria recorded here "
        f"({', '.join(met)}); buttock pain, response to NSAIDs and family history are not "
        "recorded and were not counted."
    )


INFLAMMATORY = Rule(
    id="inflammatory.ng65",
    field="symptoms.morning_stiffness_minutes",
    level=ROUTINE,
    message="Back pain that began before 45 and has lasted over 3 months, with features of "
    "inflammatory back pain (axial spondyloarthritis).",
    action="Routine referral to rheumatology (through the GP) for spondyloarthritis "
    "assessment; physiotherapy and exercise can continue.",
    refs=("NICE-NG65",),
    holds=_inflammatory,
    detail=_inflammatory_detail,
)

VASCULAR_MIMIC = Rule(
    id="mimic.vascular_claudication",
    field="precautions.vascular_claudication_signs",
    level=ROUTINE,
    message="Signs of vascular rather than neurogenic claudication (absent foot pulses, calf "
    "pain on walking eased by standing still): a non-spinal mimic.",
    action="Routine medical referral for a vascular work-up; physiotherapy can continue with "
    "walking dosed to symptoms.",
    refs=("Suri-2010",),
    holds=lambda c: c.assessment.precautions.vascular_claudication_signs is True,
)

# --- no meaningful improvement (Ostelo-2008 minimal important change) ----------------------

COURSE_WEEKS = 12
NRS_POINTS, ODI_POINTS, PSFS_POINTS, RELATIVE = 2, 10, 2.0, 0.30


def _improved_enough(before: float, now: float, points: float, lower_is_better: bool) -> bool:
    """Meaningful when the change reaches the absolute points or 30% of the baseline."""
    gain = before - now if lower_is_better else now - before
    return gain >= points or (lower_is_better and before > 0 and gain >= RELATIVE * before)


def _comparisons(c: Case) -> dict[str, bool]:
    """Each measure with both a baseline and a current value -> improved meaningfully?"""
    a = c.assessment
    base = a.outcomes.baseline
    if base is None:
        return {}
    found: dict[str, bool] = {}
    if base.leg_pain_nrs is not None:
        found["leg pain"] = _improved_enough(
            base.leg_pain_nrs, a.symptoms.leg_pain_nrs, NRS_POINTS, True
        )
    if base.odi_percent is not None and a.outcomes.odi_percent is not None:
        found["ODI"] = _improved_enough(base.odi_percent, a.outcomes.odi_percent, ODI_POINTS, True)
    if base.psfs_mean is not None and a.outcomes.psfs:
        now = sum(p.score for p in a.outcomes.psfs) / len(a.outcomes.psfs)
        found["PSFS"] = _improved_enough(base.psfs_mean, now, PSFS_POINTS, False)
    return found


def _no_improvement(c: Case) -> bool:
    h = c.assessment.history
    compared = _comparisons(c)
    in_care = h.duration_weeks >= COURSE_WEEKS and h.visits_completed > 0
    return in_care and bool(compared) and not any(compared.values())


def _course_detail(c: Case) -> str:
    names = ", ".join(_comparisons(c))
    return f" Compared with the start of care: {names} (none reached its minimal important change)."


NO_IMPROVEMENT = Rule(
    id="course.no_improvement_12_weeks",
    field="outcomes.baseline",
    level=ROUTINE,
    message="About 12 weeks or more of symptoms with care under way, and no meaningful "
    "improvement (pain 2 points or 30%, ODI 10 points or 30%, PSFS 2 points).",
    action="Routine referral for a specialist opinion, with imaging only if it would change "
    "management; physiotherapy can continue meanwhile.",
    refs=("NICE-NG59", "Ostelo-2008"),
    holds=_no_improvement,
    detail=_course_detail,
)

COURSE_RULES: tuple[Rule, ...] = (INFLAMMATORY, VASCULAR_MIMIC, NO_IMPROVEMENT)

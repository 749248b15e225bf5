"""Classification: `classify(assessment) -> Classification` (clinical-notes §3, §6).

Pain-source hypothesis, stage, irritability, directional preference and STarT Back risk, each
with `why` lines that cite their source key in brackets. A hypothesis, never a diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from sciatica_pt.core.classification.directional import directional_preference
from sciatica_pt.core.classification.pain_source import pain_source
from sciatica_pt.core.intake.assessment import Assessment
from sciatica_pt.core.result import Classification, StartBackRisk
from sciatica_pt.core.vocabulary import Irritability, Stage

ACUTE_BEFORE_WEEKS = 6
CHRONIC_AFTER_WEEKS = 12
HIGH_PAIN = 7
MODERATE_PAIN = 4
START_BACK_LOW_MAX = 3
START_BACK_DISTRESS_HIGH = 4
MILD_DEFICIT_GRADE = 4


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Judgement(Generic[T]):
    value: T
    why: tuple[str, ...]


def classify(assessment: Assessment) -> Classification:
    source, source_why = pain_source(assessment)
    preference, preference_why = directional_preference(assessment.exam)
    parts = (
        stage_of(assessment),
        irritability_of(assessment),
        start_back_risk(assessment),
    )
    why = source_why + tuple(w for p in parts for w in p.why) + preference_why
    return Classification(
        pain_source=source,
        stage=parts[0].value,
        irritability=parts[1].value,
        directional_preference=preference,
        start_back_risk=parts[2].value,
        why=why + _motor_retest(assessment),
    )


def stage_of(assessment: Assessment) -> Judgement[Stage]:
    weeks = assessment.history.duration_weeks
    if weeks < ACUTE_BEFORE_WEEKS:
        stage = Stage.ACUTE
    elif weeks <= CHRONIC_AFTER_WEEKS:
        stage = Stage.SUBACUTE
    else:
        stage = Stage.CHRONIC
    return Judgement(
        stage,
        (
            f"Stage {stage}: symptoms for {weeks} week{'' if weeks == 1 else 's'} "
            "(acute under 6 weeks, subacute 6 to "
            "12, chronic over 12) [JOSPT-2021].",
        ),
    )


def irritability_of(assessment: Assessment) -> Judgement[Irritability]:
    recorded = assessment.exam.irritability
    if recorded is not None:
        return Judgement(recorded, (f"Irritability {recorded}, as recorded by the clinician.",))
    level, reason = _derived_irritability(assessment)
    return Judgement(
        level,
        (
            f"Irritability {level}, derived because the clinician did not record it: {reason}. "
            "High irritability means low-load options first [Alrwaily-2016].",
        ),
    )


def _derived_irritability(assessment: Assessment) -> tuple[Irritability, str]:
    """Conservative: night pain or pain 7+ is high; night pain not asked keeps it above low."""
    s = assessment.symptoms
    worst = max(s.leg_pain_nrs, s.back_pain_nrs)
    if s.night_pain is True or worst >= HIGH_PAIN:
        return Irritability.HIGH, f"worst pain {worst}/10, night pain {_said(s.night_pain)}"
    if worst >= MODERATE_PAIN or s.night_pain is None:
        return Irritability.MODERATE, f"worst pain {worst}/10, night pain {_said(s.night_pain)}"
    return Irritability.LOW, f"worst pain {worst}/10 and no night pain"


def _said(value: bool | None) -> str:
    return "not asked" if value is None else ("yes" if value else "no")


def start_back_risk(assessment: Assessment) -> Judgement[StartBackRisk]:
    """Keele STarT Back: total 0-3 low; 4-9 medium, or high when distress is 4 or 5."""
    p = assessment.psychosocial
    if p.start_back_total is None:
        line = (
            "STarT Back risk unknown: no score recorded; NICE advises stratifying at first "
            "contact [Keele-STarTBack; NICE-NG59]."
        )
        return Judgement(StartBackRisk.UNKNOWN, (line,))
    risk, reason = start_back_band(p.start_back_total, p.start_back_distress)
    return Judgement(risk, (f"STarT Back risk {risk}: {reason} [Keele-STarTBack].",))


def start_back_band(total: int, distress: int | None) -> tuple[StartBackRisk, str]:
    """The risk group of a STarT Back total and distress subscore, and why: the one definition,
    used by the assessment and by the questionnaire (core.outcomes.questionnaires)."""
    if total <= START_BACK_LOW_MAX:
        return StartBackRisk.LOW, f"total {total} (0 to 3 is low)"
    if distress is None:
        return StartBackRisk.MEDIUM, (
            f"total {total}; the distress subscore was not recorded, so high risk is not ruled out"
        )
    if distress >= START_BACK_DISTRESS_HIGH:
        return StartBackRisk.HIGH, f"total {total} with distress subscore {distress} (4+)"
    return StartBackRisk.MEDIUM, f"total {total} with distress subscore {distress}"


def _motor_retest(assessment: Assessment) -> tuple[str, ...]:
    """A mild stable deficit (4/5) is no referral trigger, but power is re-tested each visit."""
    if assessment.exam.motor_grade_min != MILD_DEFICIT_GRADE:
        return ()
    return (
        "Mild weakness (4/5): physiotherapy is appropriate; re-test power at every visit and "
        "refer at once if it weakens further [NHS-Lothian].",
    )

"""An assessment's own scores as outcome entries: the baseline of the program started from it
(issue 18: the assessment's ODI, PSFS and pain reach every review and chart, in the web app and
the CLI alike).
"""

from __future__ import annotations

from datetime import date

from sciatica_pt.core.classification.classify import START_BACK_LOW_MAX, start_back_risk
from sciatica_pt.core.followup.models import Measure, OutcomeEntry
from sciatica_pt.core.intake.assessment import Assessment
from sciatica_pt.core.outcomes.questionnaires import psfs_score
from sciatica_pt.core.result import StartBackRisk


def psfs_mean(a: Assessment) -> float | None:
    """The PSFS score of the assessment's activities (one definition: `psfs_score`)."""
    scores = tuple(p.score for p in a.outcomes.psfs)
    return psfs_score(scores) if scores else None


def assessment_scores(a: Assessment, day: date) -> tuple[OutcomeEntry, ...]:
    """Leg and back pain, ODI, PSFS and the STarT Back group the assessment recorded, dated
    `day` (the day it was done). STarT Back only when its group is certain: a total of 4 or
    more without the distress subscore could be medium or high, and a guessed group would
    make a false change later."""
    numbers = (
        (Measure.LEG_PAIN_NRS, a.symptoms.leg_pain_nrs),
        (Measure.BACK_PAIN_NRS, a.symptoms.back_pain_nrs),
        (Measure.ODI, a.outcomes.odi_percent),
        (Measure.PSFS, psfs_mean(a)),
    )
    found = [OutcomeEntry(date=day, measure=m, score=float(v)) for m, v in numbers if v is not None]
    group = _certain_group(a)
    if group is not None:
        found.append(OutcomeEntry(date=day, measure=Measure.START_BACK, group=group))
    return tuple(found)


def _certain_group(a: Assessment) -> StartBackRisk | None:
    p = a.psychosocial
    if p.start_back_total is None or (
        p.start_back_total > START_BACK_LOW_MAX and p.start_back_distress is None
    ):
        return None
    return start_back_risk(a).value

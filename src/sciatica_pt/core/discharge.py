"""Goals met at a re-assessment: the assessment's baseline against its current scores.

The rule has one definition, `sciatica_pt.core.outcomes.goals.judge_goals` (clinical-notes
§6.7, §4); this module only reads the assessment's numbers into the comparisons it judges.
"""

from __future__ import annotations

from datetime import date

from sciatica_pt.core.assessment import Assessment
from sciatica_pt.core.followup.models import Measure, OutcomeEntry, OutcomeSummary
from sciatica_pt.core.outcomes.goals import goals_met as judged_goals_met
from sciatica_pt.core.outcomes.mic import compare

# The assessment carries no dates; only the order matters: the baseline comes first.
_BASELINE_DAY, _NOW = date(2000, 1, 1), date(2000, 1, 2)


def comparisons(a: Assessment) -> tuple[OutcomeSummary, ...]:
    """Every measure the assessment has both a baseline and a current score for."""
    base = a.outcomes.baseline
    if base is None:
        return ()
    pairs = (
        (Measure.LEG_PAIN_NRS, base.leg_pain_nrs, a.symptoms.leg_pain_nrs),
        (Measure.BACK_PAIN_NRS, base.back_pain_nrs, a.symptoms.back_pain_nrs),
        (Measure.ODI, base.odi_percent, a.outcomes.odi_percent),
        (Measure.PSFS, base.psfs_mean, psfs_mean(a)),
    )
    return tuple(
        compare(_entry(measure, before, _BASELINE_DAY), _entry(measure, now, _NOW))
        for measure, before, now in pairs
        if before is not None and now is not None
    )


def _entry(measure: Measure, score: float, day: date) -> OutcomeEntry:
    return OutcomeEntry(date=day, measure=measure, score=float(score))


def psfs_mean(a: Assessment) -> float | None:
    scores = [p.score for p in a.outcomes.psfs]
    return sum(scores) / len(scores) if scores else None


def goals_met(a: Assessment) -> str | None:
    """The reason the goals are met, or None."""
    reason = judged_goals_met(comparisons(a))
    return None if reason is None else f"Goals met since the baseline: {reason}."

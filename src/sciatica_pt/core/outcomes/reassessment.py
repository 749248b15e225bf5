"""Goals met at a re-assessment: the assessment's baseline against its current scores.

The rule has one definition, `sciatica_pt.core.outcomes.goals.judge_goals` (clinical-notes
§6.7, §4); this module only reads the assessment's numbers into the comparisons it judges.
"""

from __future__ import annotations

from datetime import date

from sciatica_pt.core.followup.models import Measure, OutcomeEntry, OutcomeSummary
from sciatica_pt.core.intake.assessment import Assessment
from sciatica_pt.core.outcomes.from_assessment import assessment_scores
from sciatica_pt.core.outcomes.goals import goals_met as judged_goals_met
from sciatica_pt.core.outcomes.mic import compare

# The assessment carries no dates; only the order matters: the baseline comes first.
_BASELINE_DAY, _NOW = date(2000, 1, 1), date(2000, 1, 2)


def comparisons(a: Assessment) -> tuple[OutcomeSummary, ...]:
    """Every measure the assessment has both a baseline and a current score for."""
    base = a.outcomes.baseline
    if base is None:
        return ()
    before = {
        Measure.LEG_PAIN_NRS: base.leg_pain_nrs,
        Measure.BACK_PAIN_NRS: base.back_pain_nrs,
        Measure.ODI: base.odi_percent,
        Measure.PSFS: base.psfs_mean,
    }
    return tuple(
        compare(OutcomeEntry(date=_BASELINE_DAY, measure=now.measure, score=float(score)), now)
        for now in assessment_scores(a, _NOW)
        if (score := before.get(now.measure)) is not None
    )


def goals_met(a: Assessment) -> str | None:
    """The reason the goals are met, or None."""
    reason = judged_goals_met(comparisons(a))
    return None if reason is None else f"Goals met since the baseline: {reason}."

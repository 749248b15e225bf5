"""Goals met: the one definition, for discharge in the follow-up review and for the planner's
discharge at a re-assessment (clinical-notes §6.7, §4).

The goals are met when all of these hold:
1. Function is met. The PSFS, when it has a baseline and a later score: at the patient's own
   target (the mean of the goals' targets) or better by its MIC (2 points), as §6.7 reads.
   Without PSFS scores, the ODI: better by its MIC (10 points or 30%). With neither, the goals
   cannot be judged: pain alone never says the patient's goals are met (a leg pain 30% better
   while the patient still cannot do what they came for is not a goal met).
2. Pain or disability improved by at least 30% (Ostelo-2008's responder rule): leg pain, back
   pain or ODI.
3. No measure is worse by its MIC.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sciatica_pt.core.followup.models import Change, Goal, Measure, OutcomeSummary
from sciatica_pt.core.outcomes.mic import responded

GOALS_REFS = ("Ostelo-2008", "Stratford-1995")
PAIN_OR_DISABILITY = (Measure.LEG_PAIN_NRS, Measure.BACK_PAIN_NRS, Measure.ODI)


@dataclass(frozen=True)
class GoalsJudgement:
    """`met`, and why: what is met when it is, what is missing when it is not."""

    met: bool
    reasons: tuple[str, ...]

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)


def judge_goals(summaries: Sequence[OutcomeSummary], goals: Sequence[Goal] = ()) -> GoalsJudgement:
    by = {s.measure: s for s in summaries}
    psfs, odi = by.get(Measure.PSFS), by.get(Measure.ODI)
    met: list[str] = []
    missing: list[str] = []
    if psfs is not None:
        _psfs(psfs, goals, met, missing)
    elif odi is not None:
        _by_mic("ODI", odi, met, missing)
    else:
        missing.append("no function score to compare (PSFS or ODI, a baseline and a later one)")
    responders = [s.measure.value for m in PAIN_OR_DISABILITY if (s := by.get(m)) and _responded(s)]
    if responders:
        met.append(f"{', '.join(responders)} at least 30% better")
    else:
        missing.append("neither pain nor disability is 30% better")
    worse = [s.measure.value for s in summaries if s.verdict is Change.WORSE]
    if worse:
        missing.append(f"worse by its minimal important change: {', '.join(worse)}")
    return GoalsJudgement(met=not missing, reasons=tuple(missing or met))


def goals_met(summaries: Sequence[OutcomeSummary], goals: Sequence[Goal] = ()) -> str | None:
    """Why the goals are met, in words, or None when they are not."""
    judged = judge_goals(summaries, goals)
    return judged.why if judged.met else None


def _psfs(s: OutcomeSummary, goals: Sequence[Goal], met: list[str], missing: list[str]) -> None:
    latest = s.latest.score or 0
    target = round(sum(g.target for g in goals) / len(goals), 1) if goals else None
    if target is not None and latest >= target:
        met.append(f"PSFS {latest:g} reaches the patient's target {target:g}")
        return
    _by_mic("PSFS", s, met, missing)
    if target is not None and s.verdict is not Change.IMPROVED:
        missing[-1] += f", and is short of the patient's target {target:g}"


def _by_mic(name: str, s: OutcomeSummary, met: list[str], missing: list[str]) -> None:
    before, after = _score(s.baseline.score), _score(s.latest.score)
    if s.verdict is Change.IMPROVED:
        met.append(f"{name} {before} -> {after}")
    else:
        missing.append(
            f"{name} {after} has not improved by its minimal important change "
            f"({s.minimal_important_change})"
        )


def _responded(s: OutcomeSummary) -> bool:
    return (
        s.baseline.score is not None
        and s.latest.score is not None
        and responded(s.measure, s.baseline.score, s.latest.score)
    )


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"

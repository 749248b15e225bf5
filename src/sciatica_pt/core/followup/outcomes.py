"""Clinician-entered outcome scores against their minimal important change (clinical-notes §4)
and the review / referral prompts of §7.

MIC: pain NRS 2 points or 30% and ODI 10 points or 30% (Ostelo-2008); PSFS average 2 points
(Stratford-1995); STarT Back: a move to another risk group (Keele-STarTBack). The baseline is
each measure's first entry, the latest its last entry up to `today`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sciatica_pt.core.followup.events import alert, decision
from sciatica_pt.core.followup.models import (
    Action,
    Change,
    Decision,
    Measure,
    OutcomeEntry,
    OutcomeSummary,
    Program,
    Severity,
    Step,
)
from sciatica_pt.core.result import StartBackRisk

REVIEW_WEEKS = 6
REFER_WEEKS = 12
RISK_RANK = {StartBackRisk.LOW: 0, StartBackRisk.MEDIUM: 1, StartBackRisk.HIGH: 2}
# measure: (points, fraction of baseline, lower is better, text, refs)
MIC: dict[Measure, tuple[float, float | None, bool, str, tuple[str, ...]]] = {
    Measure.BACK_PAIN_NRS: (2, 0.3, True, "2 points or 30%", ("Ostelo-2008",)),
    Measure.LEG_PAIN_NRS: (2, 0.3, True, "2 points or 30%", ("Ostelo-2008",)),
    Measure.ODI: (10, 0.3, True, "10 points or 30%", ("Ostelo-2008",)),
    Measure.PSFS: (2, None, False, "2 points (average)", ("Stratford-1995",)),
}


def summarize(entries: Sequence[OutcomeEntry], today: date) -> tuple[OutcomeSummary, ...]:
    found = []
    for measure in Measure:
        mine = sorted(
            (e for e in entries if e.measure is measure and e.date <= today), key=lambda e: e.date
        )
        if len(mine) >= 2:
            found.append(_compare(measure, mine[0], mine[-1]))
    return tuple(found)


def _compare(measure: Measure, first: OutcomeEntry, last: OutcomeEntry) -> OutcomeSummary:
    if measure is Measure.START_BACK:
        return _compare_groups(first, last)
    points, fraction, lower_better, text, refs = MIC[measure]
    change = (last.score or 0) - (first.score or 0)
    gain = -change if lower_better else change
    meaningful = (
        points if fraction is None or not first.score else min(points, fraction * first.score)
    )
    verdict = Change.NO_MEANINGFUL_CHANGE
    if abs(gain) >= meaningful:
        verdict = Change.IMPROVED if gain > 0 else Change.WORSE
    return OutcomeSummary(
        measure=measure,
        baseline=first,
        latest=last,
        change=round(change, 2),
        minimal_important_change=text,
        verdict=verdict,
        refs=refs,
    )


def _compare_groups(first: OutcomeEntry, last: OutcomeEntry) -> OutcomeSummary:
    before, after = RISK_RANK[first.group], RISK_RANK[last.group]  # type: ignore[index]
    verdict = Change.NO_MEANINGFUL_CHANGE
    if after != before:
        verdict = Change.IMPROVED if after < before else Change.WORSE
    return OutcomeSummary(
        measure=Measure.START_BACK,
        baseline=first,
        latest=last,
        change=None,
        minimal_important_change="a change of risk group",
        verdict=verdict,
        refs=("Keele-STarTBack",),
    )


def improved(summaries: Sequence[OutcomeSummary]) -> bool:
    return any(s.verdict is Change.IMPROVED for s in summaries)


def prompts(program: Program, summaries: Sequence[OutcomeSummary], today: date) -> Step:
    """No meaningful change by 6 weeks -> review; by 12 weeks -> referral (clinical-notes §7).
    A score worse by its MIC prompts a review at any time (the cautious reading)."""
    weeks = (today - program.start).days / 7
    step = Step(program=program, decisions=_worse(summaries, today))
    if weeks < REVIEW_WEEKS or improved(summaries):
        return step
    if not summaries:
        return step.plus(program, decisions=(_missing(today, weeks),))
    if weeks >= REFER_WEEKS:
        return step.then(_refer(program, today, weeks))
    why = (
        f"{weeks:.0f} weeks into the program and no outcome has changed by its minimal important "
        "change: review the diagnosis, the program and the barriers."
    )
    return step.plus(
        program, decisions=(decision("outcomes.review-6-weeks", today, Action.REVIEW, why, REFS),)
    )


REFS = ("NICE-NG59", "Ostelo-2008")


def _refer(program: Program, today: date, weeks: float) -> Step:
    why = (
        f"{weeks:.0f} weeks into the program and no outcome has changed by its minimal "
        "important change: refer for a medical or specialist opinion (persistent radicular "
        "pain after adequate conservative care)."
    )
    action_now = (
        "Clinician: arrange a routine medical or specialist referral and discuss it with the "
        "patient."
    )
    rule = "outcomes.refer-12-weeks"
    return Step(
        program=program,
        decisions=(decision(rule, today, Action.REFER, why, REFS),),
        alerts=(alert(rule, today, Severity.WARNING, why, action_now, ("NICE-NG59",)),),
    )


def _worse(summaries: Sequence[OutcomeSummary], today: date) -> tuple[Decision, ...]:
    return tuple(
        decision(
            "outcomes.worse",
            today,
            Action.REVIEW,
            f"{s.measure} is worse by at least its minimal important change "
            f"({s.minimal_important_change}): review the program and re-check the warning signs.",
            s.refs,
            about=s.measure.value,
        )
        for s in summaries
        if s.verdict is Change.WORSE
    )


def _missing(today: date, weeks: float) -> Decision:
    why = (
        f"{weeks:.0f} weeks into the program and fewer than two scores of any outcome: progress "
        "cannot be judged. Enter pain NRS, PSFS or ODI scores and review."
    )
    return decision(
        "outcomes.missing", today, Action.REVIEW, why, ("Ostelo-2008", "Stratford-1995")
    )

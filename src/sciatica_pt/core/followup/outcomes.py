"""The review's decisions and alerts from the clinician-entered outcome scores: a measure worse
by its minimal important change, and the 6- and 12-week not-improving rules.

The rules themselves have one definition each in `sciatica_pt.core.outcomes` (the MIC of each
measure and the comparison in `mic`, the 6/12-week rule in `not_improving`); this module turns
their verdicts into the review's decisions and alerts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sciatica_pt.core.followup.events import alert, decision
from sciatica_pt.core.followup.models import (
    Action,
    Change,
    Decision,
    OutcomeEntry,
    OutcomeSummary,
    Program,
    Severity,
    Step,
)
from sciatica_pt.core.outcomes import mic
from sciatica_pt.core.outcomes.goals import judge_goals
from sciatica_pt.core.outcomes.not_improving import (
    PLATEAU_WEEKS,
    REFS,
    Prompt,
    not_improving,
    plateaued,
)


def summarize(entries: Sequence[OutcomeEntry], today: date) -> tuple[OutcomeSummary, ...]:
    return mic.summarize(entries, today)


def prompts(
    program: Program,
    summaries: Sequence[OutcomeSummary],
    today: date,
    entries: Sequence[OutcomeEntry] = (),
) -> Step:
    """No meaningful change by 6 weeks -> review; by 12 weeks -> referral (clinical-notes §7).
    A score worse by its MIC prompts a review at any time (the cautious reading); an early gain
    followed by a plateau, goals not met, prompts a review (§6.7)."""
    step = Step(program=program, decisions=_worse(summaries, today))
    due = not_improving(summaries, program.start, today)
    if due is None:
        if (
            plateaued(entries, program.start, today)
            and not judge_goals(summaries, program.goals).met
        ):
            return step.then(_plateau(program, today))
        return step
    if due.prompt is Prompt.SCORES_MISSING:
        return step.plus(program, decisions=(_missing(today, due.weeks),))
    if due.prompt is Prompt.REFER:
        return step.then(_refer(program, today, due.weeks))
    why = (
        f"{due.weeks:.0f} weeks into the program and no outcome has changed by its minimal "
        "important change: review the diagnosis, the program and the barriers."
    )
    action_now = "Clinician: review the diagnosis, the program and what gets in the way."
    return step.then(
        _prompt(program, "outcomes.review-6-weeks", today, Action.REVIEW, why, action_now)
    )


def _prompt(
    program: Program,
    rule: str,
    today: date,
    action: Action,
    why: str,
    action_now: str,
    alert_refs: tuple[str, ...] = REFS,
) -> Step:
    """A decision for the clinician, with its warning alert."""
    return Step(
        program=program,
        decisions=(decision(rule, today, action, why, REFS),),
        alerts=(alert(rule, today, Severity.WARNING, why, action_now, alert_refs),),
    )


def _plateau(program: Program, today: date) -> Step:
    why = (
        f"No outcome has changed by its minimal important change over the last {PLATEAU_WEEKS} "
        "weeks, after an earlier improvement, and the goals are not met: a plateau. Review the "
        "program and what gets in the way, then decide between changing it, discharge with a "
        "self-management plan, or a medical or specialist referral."
    )
    action_now = (
        "Clinician: review the plateau with the patient (program, adherence, barriers) and "
        "decide: change the program, discharge with self-management, or refer on."
    )
    return _prompt(program, "outcomes.plateau", today, Action.REVIEW, why, action_now)


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
    return _prompt(program, rule, today, Action.REFER, why, action_now, ("NICE-NG59",))


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

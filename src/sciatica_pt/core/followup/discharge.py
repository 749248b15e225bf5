"""Discharge readiness and the maintenance program (clinical-notes §6.7).

Ready when all three hold:
- goals met: `sciatica_pt.core.outcomes.goals.judge_goals` (the one definition: function
  measured and at the patient's target, pain or disability 30% better, nothing worse);
- stable: check-ins in the last 14 days, none with a flare, spreading leg symptoms, new
  numbness or tingling, a warning sign or an unacceptable session, the last one with every
  warning question answered (not asked is never no, §2.7), and no flare running;
- independent: overall adherence at least 80%.
The maintenance program keeps a few exercises at their current dose, a few times a week.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sciatica_pt.core.followup import pain_monitoring, warning_signs
from sciatica_pt.core.followup.events import decision
from sciatica_pt.core.followup.flare import flare_plan
from sciatica_pt.core.followup.models import (
    Action,
    Adherence,
    CheckIn,
    DischargePlan,
    ItemStatus,
    OutcomeSummary,
    Program,
    ProgramItem,
    ProgramStatus,
    Step,
)
from sciatica_pt.core.knowledge import KnowledgeBase
from sciatica_pt.core.outcomes.goals import judge_goals
from sciatica_pt.core.vocabulary import Kind

STABLE_DAYS = 14
INDEPENDENT_ADHERENCE = 0.8
MAINTENANCE_ITEMS = 4
MAINTENANCE_PER_WEEK = 3
REFS = ("Ostelo-2008", "Stratford-1995", "NICE-NG59")
SELF_MANAGEMENT_STEPS = ("discharge-self-management", "flare-up-plan")


def stable(program: Program, checkins: Sequence[CheckIn], today: date) -> bool:
    recent = [c for c in checkins if today - timedelta(days=STABLE_DAYS) < c.date <= today]
    if program.status is not ProgramStatus.ACTIVE or not recent:
        return False
    last = max(recent, key=lambda c: c.date)
    return all(map(_calm, recent)) and not warning_signs.unanswered(last)


def _calm(c: CheckIn) -> bool:
    return not (
        c.flare
        or pain_monitoring.peripheralized(c)
        or c.new_numbness
        or c.new_tingling
        or warning_signs.present(c)
        or pain_monitoring.unacceptable_day(c)
    )


def assess(
    program: Program,
    checkins: Sequence[CheckIn],
    summaries: Sequence[OutcomeSummary],
    adherence: Adherence,
    kb: KnowledgeBase,
    today: date,
) -> tuple[Step, DischargePlan | None]:
    goals = judge_goals(summaries, program.goals)
    independent = adherence.overall is not None and adherence.overall >= INDEPENDENT_ADHERENCE
    live = any(
        i.kind is Kind.EXERCISE and i.status is not ItemStatus.STOPPED for i in program.items
    )
    if not goals.met or not independent or not live or not stable(program, checkins, today):
        return Step(program=program), None
    lines, refs = flare_plan(kb)
    why = (
        f"Ready for discharge: goals met ({goals.why}); stable for {STABLE_DAYS} days (no "
        "flare, no spreading or new symptoms, every session acceptable); independent (adherence "
        f"{adherence.overall:.0%}). "
        "A maintenance program and a flare-up plan replace the active program."
    )
    kept = maintenance(program, today, kb)
    plan = DischargePlan(maintenance=kept, flare_up_plan=lines, refs=refs)
    return Step(
        program=program,
        decisions=(decision("discharge.ready", today, Action.DISCHARGE, why, REFS),),
    ), plan


def maintenance(program: Program, today: date, kb: KnowledgeBase) -> Program:
    """Fewer items (the first few live exercises) and fewer sessions (a few a week), each
    session at the dose the patient already tolerates, plus the self-management care steps."""
    live = [
        i for i in program.items if i.kind is Kind.EXERCISE and i.status is not ItemStatus.STOPPED
    ]
    kept = tuple(_weekly(i, today) for i in live[:MAINTENANCE_ITEMS]) + _care_steps(kb, today)
    return program.model_copy(update={"start": today, "items": kept, "reviewed_through": today})


def _weekly(item: ProgramItem, today: date) -> ProgramItem:
    dose = item.dosage
    if dose is not None and (dose.per_day is not None or dose.per_week is not None):
        per_week = min(dose.per_week or MAINTENANCE_PER_WEEK, MAINTENANCE_PER_WEEK)
        dose = dose.model_copy(update={"per_day": None, "per_week": per_week})
    return item.model_copy(
        update={
            "dosage": dose,
            "status": ItemStatus.ACTIVE,
            "since": today,
            "reason": "maintenance",
        }
    )


def _care_steps(kb: KnowledgeBase, today: date) -> tuple[ProgramItem, ...]:
    """The knowledge base's discharge and flare-up care steps, where it has them."""
    found = []
    for ident in SELF_MANAGEMENT_STEPS:
        try:
            step = kb.item(ident)
        except KeyError:
            continue
        found.append(
            ProgramItem(
                item_id=step.id, name=step.name, kind=step.kind, since=today, reason="maintenance"
            )
        )
    return tuple(found)

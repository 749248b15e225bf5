"""Stepping an item up or back along the knowledge base (clinical-notes §6.4-6.5).

Up: after `sessions_to_progress` tolerated sessions at the current dose, the next DoseStep
(one variable at a time, never past max); when every step is at max, the first
`progresses_to` item that is not banned and not already in the program, at its own starting dose.
Back: reverse the last progression step; at the starting dose, the first usable `regresses_to`
item (its dose capped at the current one); with nowhere easier to go, the item stops. A
regression never raises any dose.
"""

from __future__ import annotations

from datetime import date

from sciatica_pt.core.followup import dosing
from sciatica_pt.core.followup.events import alert, decision, replace_item
from sciatica_pt.core.followup.models import (
    Action,
    Alert,
    ItemStatus,
    Program,
    ProgramItem,
    Severity,
    Step,
)
from sciatica_pt.core.knowledge import Dosage, Item, KnowledgeBase

PROGRESSION_REFS = ("JOSPT-2021", "JOSPT-2012")


def regress(
    program: Program, item_id: str, kb: KnowledgeBase, day: date, rule: str, cause: str
) -> Step:
    """Step `item_id` back once because of `cause` (a sentence saying what happened)."""
    item = program.item(item_id)
    if item is None or item.status is ItemStatus.STOPPED:
        return Step(program=program)
    kb_item = kb.item(item_id)
    lower = dosing.lowered(item.dosage, kb_item) if item.dosage else None
    if lower is not None:
        dose, step = lower
        changed = item.model_copy(
            update={"dosage": dose, "status": ItemStatus.REGRESSED, "since": day, "reason": cause}
        )
        why = (
            f"{cause} The last step ({step.field.replace('_', ' ')}) is reversed: "
            f"{dosing.describe(dose)}."
        )
        return Step(
            program=replace_item(program, item_id, changed),
            decisions=(decision(rule, day, Action.REGRESS_DOSE, why, PROGRESSION_REFS, item_id),),
        )
    return _regress_to_easier(program, item, kb_item, kb, day, rule, cause)


def can_regress(program: Program, item_id: str, kb: KnowledgeBase) -> bool:
    """True when a regression would lower the dose or move to an easier item (not stop it)."""
    item = program.item(item_id)
    if item is None or item.dosage is None:
        return False
    kb_item = kb.item(item_id)
    easier = _first_usable(kb_item.regresses_to, program, kb)
    return dosing.lowered(item.dosage, kb_item) is not None or easier is not None


def _regress_to_easier(
    program: Program,
    item: ProgramItem,
    kb_item: Item,
    kb: KnowledgeBase,
    day: date,
    rule: str,
    cause: str,
) -> Step:
    easier = _first_usable(kb_item.regresses_to, program, kb)
    if easier is None:
        why = (
            f"{cause} It is at its starting dose and no easier exercise is available (none "
            "linked, or already in the program, or banned), so it stops until the therapist "
            "reviews it."
        )
        return stop_item(program, item.item_id, day, rule, why, PROGRESSION_REFS, True)
    dose = dosing.capped(easier.dosage, item.dosage) if easier.dosage else None
    new = _program_item(easier, day, ItemStatus.REGRESSED, cause, dose)
    why = f"{cause} It is at its starting dose, so it is replaced by the easier {easier.name}."
    return Step(
        program=replace_item(program, item.item_id, new),
        decisions=(decision(rule, day, Action.REGRESS_ITEM, why, PROGRESSION_REFS, item.item_id),),
    )


def stop_item(
    program: Program,
    item_id: str,
    day: date,
    rule: str,
    why: str,
    refs: tuple[str, ...],
    alert_therapist: bool = False,
) -> Step:
    item = program.item(item_id)
    if item is None or item.status is ItemStatus.STOPPED:
        return Step(program=program)
    stopped = item.model_copy(update={"status": ItemStatus.STOPPED, "since": day, "reason": why})
    alerts: tuple[Alert, ...] = ()
    if alert_therapist:
        alerts = (
            alert(
                f"{rule}/{item_id}",
                day,
                Severity.WARNING,
                f"{item.name} stopped: {why}",
                "Therapist: review this exercise with the patient before the next session.",
                refs,
            ),
        )
    return Step(
        program=replace_item(program, item_id, stopped),
        decisions=(decision(rule, day, Action.STOP_ITEM, why, refs, item_id),),
        alerts=alerts,
    )


def progress(program: Program, item_id: str, kb: KnowledgeBase, day: date, sessions: int) -> Step:
    """Step `item_id` up once; `sessions` is how many tolerated sessions earned it."""
    item = program.item(item_id)
    kb_item = kb.item(item_id)
    if item is None or item.dosage is None or kb_item.progression is None:
        return Step(program=program)
    earned = f"{sessions} sessions done at the prescribed dose with acceptable pain"
    up = dosing.raised(item.dosage, kb_item.progression.steps)
    if up is not None:
        dose, step = up
        changed = item.model_copy(
            update={"dosage": dose, "status": ItemStatus.ACTIVE, "since": day, "reason": None}
        )
        why = (
            f"{earned}; raise one variable, {step.field.replace('_', ' ')}, by {step.by} (max "
            f"{step.max}): {dosing.describe(dose)}."
        )
        return Step(
            program=replace_item(program, item_id, changed),
            decisions=(
                decision(
                    "progress.dose", day, Action.PROGRESS_DOSE, why, PROGRESSION_REFS, item_id
                ),
            ),
        )
    harder = _first_usable(kb_item.progresses_to, program, kb)
    if harder is None:
        return Step(program=program)
    new = _program_item(harder, day, ItemStatus.ACTIVE, None, harder.dosage)
    why = f"{earned}, and every step of its dose is at its maximum; move on to {harder.name}."
    return Step(
        program=replace_item(program, item_id, new),
        decisions=(
            decision("progress.item", day, Action.PROGRESS_ITEM, why, PROGRESSION_REFS, item_id),
        ),
    )


def _first_usable(ids: tuple[str, ...], program: Program, kb: KnowledgeBase) -> Item | None:
    """The first linked item the program can use: known, not banned, not already in it."""
    for ident in ids:
        try:
            candidate = kb.item(ident)
        except KeyError:
            continue
        if not program.banned(candidate.direction) and program.item(ident) is None:
            return candidate
    return None


def _program_item(
    kb_item: Item, day: date, status: ItemStatus, reason: str | None, dose: Dosage | None
) -> ProgramItem:
    return ProgramItem(
        item_id=kb_item.id,
        name=kb_item.name,
        kind=kb_item.kind,
        direction=kb_item.direction,
        dosage=dose,
        status=status,
        since=day,
        reason=reason,
    )

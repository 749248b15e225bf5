"""Stepping an item up or back along the knowledge base (clinical-notes §6.4-6.5).

Up: after `sessions_to_progress` tolerated sessions at the current dose, the next DoseStep
(one variable at a time, never past max); when every step is at max, the first
`progresses_to` item that is not banned and not already in the program, at its own starting dose.
Back: reverse the last progression step; at the starting dose, the first usable `regresses_to`
item done in the same place (its dose capped at the current one: a home exercise is never
swapped for a clinic visit); with nowhere easier to go, one step below the starting dose
(reduce, never remove); at its very lowest the item stays and the therapist is told. A
regression never raises any dose and never stops an item: only a peripheralization or a
warning sign stops anything.
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
from sciatica_pt.core.knowledge import Dosage, DoseStep, Item, KnowledgeBase

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
        return _lowered(program, item, lower, day, rule, f"{cause} The last step")
    easier = _first_usable(kb_item.regresses_to, program, kb, same_place_as=kb_item)
    if easier is not None:
        return _to_easier(program, item, easier, day, rule, cause)
    below = dosing.below_start(item.dosage, kb_item) if item.dosage else None
    if below is not None:
        why = (
            f"{cause} It is at its starting dose with nothing easier to do in its place, so it is "
            "reduced rather than removed (keeping moving is first-line care). One step"
        )
        step = _lowered(program, item, below, day, rule, why)
        return step.plus(step.program, alerts=(_tell(item, day, rule, _BELOW_START, cause),))
    return Step(program=program, alerts=(_tell(item, day, rule, _LOWEST, cause),))


_BELOW_START = "is reduced below its starting dose"
_LOWEST = "is at its lowest dose and still not tolerated"


def _lowered(
    program: Program,
    item: ProgramItem,
    lower: tuple[Dosage, DoseStep],
    day: date,
    rule: str,
    said: str,
) -> Step:
    dose, step = lower
    why = f"{said} ({step.field.replace('_', ' ')}) is taken off: {dosing.describe(dose)}."
    changed = item.model_copy(
        update={"dosage": dose, "status": ItemStatus.REGRESSED, "since": day, "reason": why}
    )
    return Step(
        program=replace_item(program, item.item_id, changed),
        decisions=(decision(rule, day, Action.REGRESS_DOSE, why, PROGRESSION_REFS, item.item_id),),
    )


def _to_easier(
    program: Program, item: ProgramItem, easier: Item, day: date, rule: str, cause: str
) -> Step:
    dose = dosing.capped(easier.dosage, item.dosage) if easier.dosage else None
    new = program_item(easier, day, ItemStatus.REGRESSED, cause, dose)
    why = f"{cause} It is at its starting dose, so it is replaced by the easier {easier.name}."
    return Step(
        program=replace_item(program, item.item_id, new),
        decisions=(decision(rule, day, Action.REGRESS_ITEM, why, PROGRESSION_REFS, item.item_id),),
    )


def _tell(item: ProgramItem, day: date, rule: str, what: str, cause: str) -> Alert:
    """The therapist hears of an item that leaves its planned ladder or cannot go lower."""
    return alert(
        f"{rule}/{item.item_id}",
        day,
        Severity.WARNING,
        f"{item.name} {what}: {cause}",
        "Therapist: review this exercise with the patient before the next session; it stays "
        "in the program meanwhile.",
        PROGRESSION_REFS,
    )


def can_regress(program: Program, item_id: str, kb: KnowledgeBase) -> bool:
    """True when a regression would change the item (a lower dose or an easier item)."""
    item = program.item(item_id)
    if item is None or item.dosage is None:
        return False
    kb_item = kb.item(item_id)
    return (
        dosing.lowered(item.dosage, kb_item) is not None
        or _first_usable(kb_item.regresses_to, program, kb, same_place_as=kb_item) is not None
        or dosing.below_start(item.dosage, kb_item) is not None
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
    new = program_item(harder, day, ItemStatus.ACTIVE, None, harder.dosage)
    why = f"{earned}, and every step of its dose is at its maximum; move on to {harder.name}."
    return Step(
        program=replace_item(program, item_id, new),
        decisions=(
            decision("progress.item", day, Action.PROGRESS_ITEM, why, PROGRESSION_REFS, item_id),
        ),
    )


def _first_usable(
    ids: tuple[str, ...], program: Program, kb: KnowledgeBase, same_place_as: Item | None = None
) -> Item | None:
    """The first linked item the program can use: known, not banned, not already in it, and
    (stepping back) done where and by whom the current one is: a home walk is not swapped for
    clinic gait training."""
    for ident in ids:
        try:
            candidate = kb.item(ident)
        except KeyError:
            continue
        if same_place_as is not None and (
            candidate.setting is not same_place_as.setting
            or candidate.delivered_by is not same_place_as.delivered_by
        ):
            continue
        if not program.banned(candidate.direction) and program.item(ident) is None:
            return candidate
    return None


def program_item(
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

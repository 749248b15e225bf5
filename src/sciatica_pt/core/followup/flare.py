"""Flare-up mode (clinical-notes §6.1, §6.4; NICE-NG59 on staying active).

The patient declares a flare: the program is saved, every live exercise steps back once (one
already at its easiest stays as it is), the flare-up plan is given and the therapist is
alerted. When symptoms settle (SETTLED_CHECKINS check-ins in a row with no flare declared,
pain back to its pre-flare level, leg symptoms not spreading, not worse the next morning) the
saved program comes back, except for anything stopped or banned meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sciatica_pt.core.followup.events import alert, decision
from sciatica_pt.core.followup.models import (
    Action,
    Alert,
    CheckIn,
    FlareState,
    ItemStatus,
    LegSymptoms,
    NextMorning,
    Program,
    ProgramItem,
    ProgramStatus,
    Severity,
    Step,
)
from sciatica_pt.core.followup.progression import can_regress, regress
from sciatica_pt.core.knowledge import KnowledgeBase
from sciatica_pt.core.vocabulary import Kind

SETTLED_CHECKINS = 2  # two calm check-ins in a row, not one lucky day
# A flare still running after two weeks is no longer "a flare that settles": a project
# threshold (not from a source) for handing back to the therapist.
LINGERING_DAYS = 14
GREEN_ZONE = 3  # settled level when the pre-flare pain is unknown (traffic light green 0-3)
FLARE_PLAN_ID = "flare-up-plan"
FLARE_REFS = ("NICE-NG59", "DK-2018")
DEFAULT_FLARE_PLAN = (
    "Go back to the easiest version of your exercises and the positions that ease your leg.",
    "Keep moving gently through the day (short walks); long bed rest does not help.",
    "Do the exercises that calm your symptoms; leave out any that send pain further down the leg.",
    (
        "Flare-ups are common and usually settle; log how you are each day so the program can "
        "step back up."
    ),
    (
        "If you notice saddle numbness, bladder, bowel or sexual changes, or new leg weakness, "
        "go to the emergency department now."
    ),
)


def flare_plan(kb: KnowledgeBase) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The flare-up plan's lines and refs: the knowledge base's care step when it exists."""
    try:
        item = kb.item(FLARE_PLAN_ID)
    except KeyError:
        return DEFAULT_FLARE_PLAN, FLARE_REFS
    lines = (item.instructions.summary, *item.instructions.steps, *item.instructions.stop_if)
    return (*lines, DEFAULT_FLARE_PLAN[-1]), item.evidence.refs  # the emergency line, always


def start(program: Program, checkin: CheckIn, previous: CheckIn | None, kb: KnowledgeBase) -> Step:
    if not checkin.flare or program.status is not ProgramStatus.ACTIVE:
        return Step(program=program)
    day = checkin.date
    state = FlareState(
        since=day,
        items_before=program.items,
        back_pain_before=previous.back_pain if previous else None,
        leg_pain_before=previous.leg_pain if previous else None,
    )
    flaring = program.model_copy(update={"status": ProgramStatus.FLARE, "flare": state})
    _, refs = flare_plan(kb)
    why = (
        "The patient declared a flare-up: every exercise steps back once and the flare-up "
        "plan (in the review's flare-up plan) applies until symptoms settle."
    )
    step = Step(
        program=flaring,
        decisions=(decision("flare.start", day, Action.START_FLARE, why, refs),),
        alerts=(tell_therapist(checkin),),
    )
    for item in _live_exercises(flaring):
        # An exercise already at its easiest stays, as the flare-up plan says to keep moving
        # with what eases; only the pain rules stop an exercise.
        if can_regress(step.program, item.item_id, kb):
            cause = "Flare-up declared."
            step = step.then(regress(step.program, item.item_id, kb, day, "flare.start", cause))
    return step


def tell_therapist(checkin: CheckIn) -> Alert:
    """The alert for a declared flare-up."""
    day = checkin.date
    return alert(
        "flare.start",
        day,
        Severity.WARNING,
        f"The patient declared a flare-up on {day.isoformat()} (back {checkin.back_pain}/10, "
        f"leg {checkin.leg_pain}/10).",
        "Therapist: contact the patient within a working day; check the warning signs and the "
        "flare-up plan.",
        FLARE_REFS,
    )


def _live_exercises(program: Program) -> list[ProgramItem]:
    return [
        i for i in program.items if i.kind is Kind.EXERCISE and i.status is not ItemStatus.STOPPED
    ]


def settled(program: Program, history: Sequence[CheckIn]) -> bool:
    """True when the last SETTLED_CHECKINS check-ins since the flare (and since the last time
    it was declared) are all calm."""
    state = program.flare
    if state is None:
        return False
    since = [c for c in history if c.date > state.since]
    last_flare = max((k for k, c in enumerate(since) if c.flare), default=-1)
    calm = since[last_flare + 1 :]
    return len(calm) >= SETTLED_CHECKINS and all(_calm(c, state) for c in calm[-SETTLED_CHECKINS:])


def _calm(checkin: CheckIn, state: FlareState) -> bool:
    back_ok = checkin.back_pain <= (
        state.back_pain_before if state.back_pain_before is not None else GREEN_ZONE
    )
    leg_ok = checkin.leg_pain <= (
        state.leg_pain_before if state.leg_pain_before is not None else GREEN_ZONE
    )
    return (
        back_ok
        and leg_ok
        and checkin.leg_symptoms is not LegSymptoms.PERIPHERALIZED
        and checkin.next_morning is not NextMorning.WORSE
    )


def end(program: Program, history: Sequence[CheckIn]) -> Step:
    state = program.flare
    if state is None or program.status is not ProgramStatus.FLARE or not settled(program, history):
        return Step(program=program)
    day = history[-1].date
    items = _with_kept_rungs(
        [_restored(saved, program, day) for saved in state.items_before], program
    )
    back = program.model_copy(
        update={"status": ProgramStatus.ACTIVE, "flare": None, "items": items}
    )
    why = (
        f"Symptoms have settled for {SETTLED_CHECKINS} check-ins in a row, back to the pre-flare "
        "level: the program steps back up to where it was before the flare."
    )
    return Step(
        program=back, decisions=(decision("flare.end", day, Action.END_FLARE, why, FLARE_REFS),)
    )


def _restored(saved: ProgramItem, program: Program, day: date) -> ProgramItem:
    """The pre-flare item, unless it was stopped or its direction banned during the flare."""
    now = program.item(saved.item_id)
    if now is not None and now.status is ItemStatus.STOPPED:
        return now
    if program.banned(saved.direction):
        if now is not None and _kept(program, saved.item_id):
            return now  # the banned direction's gentlest rung stays as it is
        return saved.model_copy(
            update={
                "status": ItemStatus.STOPPED,
                "reason": "its direction was banned during the flare-up",
            }
        )
    # A fresh `since`: sessions during the flare do not count towards the next step up.
    return saved.model_copy(update={"since": day})


def _with_kept_rungs(items: list[ProgramItem], program: Program) -> tuple[ProgramItem, ...]:
    """A direction banned during the flare keeps its gentlest rung (pain_monitoring): the rung
    takes the place of the first item of that direction the restore stopped."""
    for ban in program.banned_directions:
        rung = program.item(ban.kept) if ban.kept else None
        if rung is None or any(i.item_id == rung.item_id for i in items):
            continue
        at = next((k for k, i in enumerate(items) if i.direction == ban.direction), None)
        if at is not None and items[at].status is ItemStatus.STOPPED:
            items[at] = rung
    return tuple(items)


def _kept(program: Program, item_id: str) -> bool:
    return any(b.kept == item_id for b in program.banned_directions)


def lingering(program: Program, today: date) -> tuple[Alert, ...]:
    state = program.flare
    if state is None or (today - state.since).days < LINGERING_DAYS:
        return ()
    return (
        alert(
            "flare.not-settling",
            today,
            Severity.WARNING,
            f"The flare-up declared on {state.since.isoformat()} has not settled after "
            f"{(today - state.since).days} days.",
            "Therapist: re-assess (warning signs, directions, irritability); adjust the program.",
            FLARE_REFS,
        ),
    )

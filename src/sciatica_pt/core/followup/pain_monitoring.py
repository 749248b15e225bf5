"""Traffic-light pain monitoring after each session (clinical-notes §6.4, §6.5, §3.2).

- A rise of at most 2 NRS points during exercise that has settled by the next morning is
  acceptable.
- A rise of more than 2 points, pain of 6/10 or more during (traffic-light red), or pain worse
  the next morning, regresses the item. Pain the patient gives for the whole day regresses the
  exercise changed last, when one was since the start (undo the step that caused it), else
  every exercise done that day.
- Peripheralization (leg symptoms reaching further down) steps the item that caused it back to
  the lowest rung of its direction's ladder known to centralise (e.g. a press-up to prone
  lying), or stops it when none is known (re-test first), and bans its direction for the
  program: every other item in that direction stops and nothing in it steps up. A walking
  programme is reduced instead (staying active is first-line care, clinical-notes §1.2). One
  alert for the day (checkin_rules).
- New numbness or tingling regresses the session's items and asks for a re-triage.
Attribution: an item's own `pain_during` / `leg_symptoms` win; otherwise the check-in's apply
to the exercises done that day as above.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sciatica_pt.core.followup import dosing
from sciatica_pt.core.followup.events import alert, decision, replace_item
from sciatica_pt.core.followup.models import (
    Action,
    Alert,
    CheckIn,
    DirectionBan,
    ItemLog,
    ItemStatus,
    LegSymptoms,
    NextMorning,
    Program,
    Severity,
    Step,
)
from sciatica_pt.core.followup.progression import program_item, regress, stop_item
from sciatica_pt.core.knowledge import Item, KnowledgeBase
from sciatica_pt.core.vocabulary import Direction, ItemClass, Kind

MAX_ACCEPTABLE_RISE = 2  # NRS points above the pre-exercise level (clinical-notes §6.4)
RED_ZONE = 6  # traffic light red: 6/10 or more during exercise, stop or regress (§6.4)
PAIN_REFS = ("JOSPT-2021", "JOSPT-2012")
PERIPHERAL_REFS = ("May-2018", "JOSPT-2012")
NEURO_REFS = ("NICE-NG59", "CKS-sciatica", "NHS-Lothian")
# Staying active is first-line care (clinical-notes §1.2): reduced, never removed, by the rules.
STAYING_ACTIVE = frozenset({ItemClass.WALKING_PROGRAM})


def done_exercises(program: Program, checkin: CheckIn) -> list[ItemLog]:
    """Logs of exercises done that day that are still live in the program."""
    live = {
        i.item_id
        for i in program.items
        if i.kind is Kind.EXERCISE and i.status is not ItemStatus.STOPPED
    }
    return [log for log in checkin.items if log.done and log.item_id in live]


def pain_rise(log: ItemLog, checkin: CheckIn) -> int | None:
    during = log.pain_during if log.pain_during is not None else checkin.pain_during
    if during is None or checkin.pain_before is None:
        return None
    return during - checkin.pain_before


def leg_response(log: ItemLog, checkin: CheckIn) -> LegSymptoms | None:
    return log.leg_symptoms if log.leg_symptoms is not None else checkin.leg_symptoms


def apply(
    program: Program, checkin: CheckIn, kb: KnowledgeBase, history: Sequence[CheckIn] = ()
) -> Step:
    """`history`: the check-ins up to this one, to tell which rungs of a ladder centralised."""
    step = _peripheralization(program, checkin, kb, history)
    step = step.then(_new_neuro(step.program, checkin, kb))
    return step.then(_pain(step.program, checkin, kb))


# --- peripheralization --------------------------------------------------------------------


def culprits(program: Program, checkin: CheckIn) -> list[str]:
    """Items that peripheralized: those named per item, else every directional exercise done
    that day, else every exercise done that day (the cautious reading)."""
    logs = done_exercises(program, checkin)
    named = [g.item_id for g in logs if g.leg_symptoms is LegSymptoms.PERIPHERALIZED]
    if named or checkin.leg_symptoms is not LegSymptoms.PERIPHERALIZED:
        return named
    unnamed = [g for g in logs if g.leg_symptoms is None]
    directional = [
        g.item_id for g in unnamed if _direction(program, g.item_id) != Direction.NEUTRAL
    ]
    return directional or [g.item_id for g in unnamed]


def _direction(program: Program, item_id: str) -> Direction | None:
    item = program.item(item_id)
    return item.direction if item else None


def _peripheralization(
    program: Program, checkin: CheckIn, kb: KnowledgeBase, history: Sequence[CheckIn]
) -> Step:
    step = Step(program=program)
    found = culprits(program, checkin)
    for item_id in found:
        step = step.then(_stop_peripheralizing(step.program, item_id, checkin, kb, history))
    return step


def _stop_peripheralizing(
    program: Program, item_id: str, checkin: CheckIn, kb: KnowledgeBase, history: Sequence[CheckIn]
) -> Step:
    day, item = checkin.date, program.item(item_id)
    direction = item.direction if item else None
    name = item.name if item else item_id
    said = f"Leg symptoms spread further down the leg after {name} on {day.isoformat()}"
    if item is not None and kb.item(item_id).item_class in STAYING_ACTIVE:
        # staying active is first-line care (clinical-notes §1.2): reduce it, never remove it
        return regress(program, item_id, kb, day, "pain.peripheralization", f"{said}.")
    rung = None
    if direction not in (None, Direction.NEUTRAL) and not program.banned(direction):
        rung = _rung_that_centralised(program, item_id, kb, history, checkin.date)
    if rung is not None:
        step = _step_back_to(program, item_id, rung, day, said)
    else:
        why = f"{said}; an exercise that peripheralizes is stopped."
        step = stop_item(program, item_id, day, "pain.peripheralization", why, PERIPHERAL_REFS)
    if direction is None or direction is Direction.NEUTRAL or step.program.banned(direction):
        return step
    kept = rung.id if rung is not None else None
    return step.then(_ban(step.program, direction, name, checkin, kept))


def _rung_that_centralised(
    program: Program, item_id: str, kb: KnowledgeBase, history: Sequence[CheckIn], day: date
) -> Item | None:
    """The lowest rung below the item on its ladder (done at home by the patient) known to have
    centralised: the bottom rung when the item came into this program by a step up along the
    ladder (the rungs below it were walked), else the lowest rung logged with the leg symptoms
    centralising. None when no rung is known to centralise (then the item stops: re-test
    first), or when that rung has already stopped in this program."""
    below = _ladder_below(item_id, kb)
    item = program.item(item_id)
    earlier = [c for c in history if c.date < day]
    stepped_up = (
        item is not None
        and item.status is ItemStatus.ACTIVE
        and item.since > program.start
        and not any(c.log(item_id) for c in earlier if c.date < item.since)
    )
    known = below if stepped_up else [r for r in below if _centralised(r.id, earlier)]
    rung = known[-1] if known else None
    there = program.item(rung.id) if rung else None
    return None if there is not None and there.status is ItemStatus.STOPPED else rung


def _ladder_below(item_id: str, kb: KnowledgeBase) -> list[Item]:
    """The rungs below the item, nearest first, following `regresses_to` at home."""
    current, seen = kb.item(item_id), {item_id}
    found: list[Item] = []
    while True:
        lower = [
            i
            for ident in current.regresses_to
            if ident not in seen
            and (i := _known(kb, ident)) is not None
            and i.setting is current.setting
            and i.delivered_by is current.delivered_by
        ]
        if not lower:
            return found
        current = lower[0]
        seen.add(current.id)
        found.append(current)


def _centralised(item_id: str, checkins: Sequence[CheckIn]) -> bool:
    return any(
        (log := c.log(item_id)) is not None
        and log.done
        and leg_response(log, c) is LegSymptoms.CENTRALIZED
        for c in checkins
    )


def _known(kb: KnowledgeBase, ident: str) -> Item | None:
    try:
        return kb.item(ident)
    except KeyError:
        return None


def _step_back_to(program: Program, item_id: str, rung: Item, day: date, said: str) -> Step:
    """Replace the item by its direction's gentlest rung (or keep the rung, if the program
    already has it, and stop the item)."""
    kept = f"{rung.name}, the gentlest rung of its direction"
    rest = "nothing in that direction steps up until a clinician re-tests."
    if program.item(rung.id) is not None:
        why = f"{said}; it stops and {kept}, stays instead of the whole direction stopping; {rest}"
        return stop_item(program, item_id, day, "pain.peripheralization", why, PERIPHERAL_REFS)
    why = f"{said}; it steps back to {kept}, instead of the whole direction stopping; {rest}"
    current = program.item(item_id)
    dose = rung.dosage and dosing.capped(rung.dosage, current.dosage if current else None)
    new = program_item(rung, day, ItemStatus.REGRESSED, why, dose)
    return Step(
        program=replace_item(program, item_id, new),
        decisions=(
            decision(
                "pain.peripheralization", day, Action.REGRESS_ITEM, why, PERIPHERAL_REFS, item_id
            ),
        ),
    )


def _ban(
    program: Program, direction: Direction, cause: str, checkin: CheckIn, kept: str | None = None
) -> Step:
    day = checkin.date
    reason = f"{cause} peripheralized on {day.isoformat()}"
    banned = program.model_copy(
        update={
            "banned_directions": (
                *program.banned_directions,
                DirectionBan(direction=direction, since=day, reason=reason, kept=kept),
            )
        }
    )
    rung = program.item(kept) if kept else None
    but = f" except {rung.name} (kept at its gentlest)" if rung else ""
    why = (
        f"{direction.capitalize()} movement peripheralized ({reason}); every {direction} exercise"
        f"{but} stops until a clinician re-tests."
    )
    step = Step(
        program=banned,
        decisions=(
            decision(
                "pain.ban-direction",
                day,
                Action.BAN_DIRECTION,
                why,
                PERIPHERAL_REFS,
                about=direction.value,
            ),
        ),
    )
    for item in banned.items:
        if (
            item.direction == direction
            and item.status is not ItemStatus.STOPPED
            and item.item_id != kept
        ):
            step = step.then(
                stop_item(
                    step.program, item.item_id, day, "pain.ban-direction", why, PERIPHERAL_REFS
                )
            )
    return step


# --- new numbness or tingling -------------------------------------------------------------


def new_neuro_alert(checkin: CheckIn) -> Alert | None:
    """New or worse numbness or tingling: re-triage (clinical-notes §6.4, §2.2)."""
    cause = _neuro_cause(checkin)
    if cause is None:
        return None
    return alert(
        "pain.new-neuro",
        checkin.date,
        Severity.WARNING,
        cause,
        "Clinician: re-triage within days (re-test sensation, power and reflexes); if weakness "
        "or any bladder, bowel or saddle change appears, go to the emergency department now.",
        NEURO_REFS,
    )


def _neuro_cause(checkin: CheckIn) -> str | None:
    said = [
        w for w, v in (("numbness", checkin.new_numbness), ("tingling", checkin.new_tingling)) if v
    ]
    if not said:
        return None
    return f"New or worse {' and '.join(said)} reported on {checkin.date.isoformat()}."


def peripheralized(checkin: CheckIn) -> bool:
    """Leg symptoms spread further down the leg that day, for the check-in or any item."""
    return checkin.leg_symptoms is LegSymptoms.PERIPHERALIZED or any(
        g.leg_symptoms is LegSymptoms.PERIPHERALIZED for g in checkin.items
    )


def peripheralization_alert(checkin: CheckIn) -> Alert | None:
    """One alert for the day's peripheralization; the review's decisions name what stopped."""
    if not peripheralized(checkin):
        return None
    return alert(
        "pain.peripheralization",
        checkin.date,
        Severity.WARNING,
        f"Leg symptoms spread further down the leg on {checkin.date.isoformat()}.",
        "Therapist: contact the patient and re-assess before the next session (the exercise "
        "that caused it stops; re-test the directions); ask again about the warning signs.",
        PERIPHERAL_REFS,
    )


def not_settled_alert(checkin: CheckIn) -> Alert | None:
    """Pain not settled by the next morning (traffic light, clinical-notes §6.4)."""
    if checkin.next_morning is not NextMorning.WORSE:
        return None
    return alert(
        "pain.not-settled",
        checkin.date,
        Severity.INFO,
        f"Pain had not settled by the next morning ({checkin.date.isoformat()}).",
        "The session's exercise steps back once; review the dose if it happens again.",
        PAIN_REFS,
    )


def _new_neuro(program: Program, checkin: CheckIn, kb: KnowledgeBase) -> Step:
    cause = _neuro_cause(checkin)
    if cause is None:
        return Step(program=program)
    day = checkin.date
    retriage = decision(
        "pain.new-neuro",
        day,
        Action.RETRIAGE,
        f"{cause} New nerve symptoms call for a re-assessment of the neurology, and the day's "
        "exercises step back once meanwhile.",
        NEURO_REFS,
    )
    step = Step(program=program, decisions=(retriage,))
    for log in done_exercises(program, checkin):
        step = step.then(regress(step.program, log.item_id, kb, day, "pain.new-neuro", cause))
    return step


# --- pain during and the next morning -----------------------------------------------------


def breach(log: ItemLog, checkin: CheckIn) -> str | None:
    """Why this session was not acceptable, or None if it was (or is not known to be)."""
    rise = pain_rise(log, checkin)
    if rise is not None and rise > MAX_ACCEPTABLE_RISE:
        return f"Pain rose {rise} points during the session (more than {MAX_ACCEPTABLE_RISE})."
    if _during(log, checkin) >= RED_ZONE:
        return f"Pain reached {_during(log, checkin)}/10 during the session (traffic-light red)."
    if checkin.next_morning is NextMorning.WORSE:
        return "Pain had not settled by the next morning."
    return None


def unacceptable_day(checkin: CheckIn) -> bool:
    """Any session of the day outside the traffic light, for an item or for the whole day."""
    whole_day = ItemLog(item_id="the-day", done=True)  # no per-item answers: the day's apply
    return any(breach(log, checkin) for log in (*checkin.items, whole_day) if log.done)


def _pain(program: Program, checkin: CheckIn, kb: KnowledgeBase) -> Step:
    step = Step(program=program)
    if checkin.new_numbness or checkin.new_tingling:
        return step  # already regressed once today for the new symptoms
    for log in _to_step_back(program, checkin):
        cause = breach(log, checkin) or ""
        when = f"{cause[:-1]} on {checkin.date.isoformat()}."
        step = step.then(
            regress(step.program, log.item_id, kb, checkin.date, "pain.traffic-light", when)
        )
    return step


def _to_step_back(program: Program, checkin: CheckIn) -> list[ItemLog]:
    """The sessions that caused the day's pain: each item whose own pain rose too much; for
    pain the patient gave for the whole day (pain during, the next morning), the item changed
    last, when one was (undo the step that caused it), else every exercise done that day."""
    logs = [g for g in done_exercises(program, checkin) if breach(g, checkin) is not None]
    own = [g for g in logs if g.pain_during is not None and _rose(g, checkin)]
    shared = [g for g in logs if g not in own]
    return own + _changed_last(program, shared)


def _rose(log: ItemLog, checkin: CheckIn) -> bool:
    """The item's own pain during was too high (a rise over 2, or red)."""
    rise = pain_rise(log, checkin)
    return (rise is not None and rise > MAX_ACCEPTABLE_RISE) or _during(log, checkin) >= RED_ZONE


def _during(log: ItemLog, checkin: CheckIn) -> int:
    """The worst pain during the session, the item's own first; -1 when not given."""
    during = log.pain_during if log.pain_during is not None else checkin.pain_during
    return -1 if during is None else during


def _changed_last(program: Program, logs: list[ItemLog]) -> list[ItemLog]:
    def since(log: ItemLog) -> date:
        item = program.item(log.item_id)
        return item.since if item else program.start

    latest = max((since(g) for g in logs), default=program.start)
    if latest <= program.start:
        return logs
    return [g for g in logs if since(g) == latest]

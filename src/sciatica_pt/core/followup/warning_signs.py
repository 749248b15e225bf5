"""Warning signs at a check-in stop the whole program at once (clinical-notes §2.1-2.2).

Any single cauda equina feature, new or worse, is an emergency: the software never waits for
the classic cluster. New or spreading weakness is treated the same way (§2.2: progressing
weakness is an emergency; some pathways say urgent; never less urgent). A question left blank
is not a "no": it raises an alert to ask it now. A warning sign the patient writes in the
check-in's notes counts as much as a ticked box, even when the boxes say "no" (patients often
do not volunteer these signs, §2; the safer reading wins, §2.7): the notes are read by the
notes reader (`core.notes.read_notes`: negated, past, hypothetical and other people's mentions
do not count).
"""

from __future__ import annotations

from sciatica_pt.core.followup.events import alert, decision
from sciatica_pt.core.followup.models import (
    Action,
    Alert,
    CheckIn,
    ItemStatus,
    Program,
    ProgramStatus,
    Severity,
    Step,
)
from sciatica_pt.core.intake.notes import Mention, read_notes

STOP_RULE = "warning-signs.stop"
# A warning sign reported on another day is a new emergency: the therapist is alerted again
# even while the first alert is still open. Any other rule waits until its open alert is
# acknowledged (one alert per clinical event, not one per day it persists).
ALERTED_WHILE_OPEN = frozenset({STOP_RULE})

CES_REFS = ("GIRFT-CES", "NICE-NG59", "BMJ-BP-CES")
WEAKNESS_REFS = ("NICE-NG59", "NHS-Lothian", "CKS-sciatica")
# The clinician's action (the alert is the therapist's): the patient's own instruction ("go to
# the emergency department now...") is on the patient's screen, not here.
REFER_NOW = (
    "Contact the patient now and refer them to the emergency department now (or the on-call "
    "spinal team) to be seen within hours, with an MRI as soon as possible; keep the program "
    "stopped until a clinician has re-assessed."
)
LABELS = {
    "saddle_numbness": "numbness in the saddle area (groin, genitals, back passage)",
    "bladder_change": "a change in bladder control or feeling",
    "bowel_change": "a change in bowel control or feeling",
    "sexual_change": "a new change in sexual function or genital feeling",
    "both_legs": "leg symptoms now in both legs",
    "new_or_spreading_weakness": "new or spreading leg weakness",
}


# The notes reader's fields that are a check-in warning sign, with the words of the alert.
IN_NOTES = {
    "red_flags.saddle_anesthesia": LABELS["saddle_numbness"],
    "red_flags.bladder_bowel_change": "a change in bladder or bowel control or feeling",
    "red_flags.sexual_dysfunction": LABELS["sexual_change"],
    "red_flags.new_bilateral_symptoms": LABELS["both_legs"],
    "red_flags.progressive_weakness": LABELS["new_or_spreading_weakness"],
}
WEAKNESS = ("new_or_spreading_weakness", "red_flags.progressive_weakness")


def present(checkin: CheckIn) -> list[str]:
    """The warning signs of a check-in: its answers (`LABELS` keys), then what its notes state
    (`IN_NOTES` keys)."""
    signs = checkin.warning_signs
    ticked = [field for field in LABELS if getattr(signs, field) is True]
    return ticked + [m.field for m in _written(checkin)]


def _written(checkin: CheckIn) -> tuple[Mention, ...]:
    return tuple(m for m in read_notes(checkin.notes).affirmed() if m.field in IN_NOTES)


def unanswered(checkin: CheckIn) -> list[str]:
    signs = checkin.warning_signs
    return [field for field in LABELS if getattr(signs, field) is None]


def apply(program: Program, checkin: CheckIn) -> Step:
    found = present(checkin)
    if found:
        return _stop(program, checkin, found)
    missing = unanswered(checkin)
    if missing:
        return Step(program=program, alerts=(_ask(checkin, missing),))
    return Step(program=program)


def _reason(checkin: CheckIn, found: list[str]) -> tuple[str, tuple[str, ...]]:
    quotes = {m.field: m.phrase for m in _written(checkin)}
    said = "; ".join(
        f'{IN_NOTES[f]} (their notes say "{quotes[f]}")' if f in quotes else LABELS[f]
        for f in found
    )
    refs = WEAKNESS_REFS if set(found) <= set(WEAKNESS) else CES_REFS
    return f"Warning sign reported on {checkin.date.isoformat()}: {said}.", refs


def stop_alert(checkin: CheckIn) -> Alert | None:
    """The critical alert for a warning sign in this check-in, or None."""
    found = present(checkin)
    if not found:
        return None
    reason, refs = _reason(checkin, found)
    return alert(STOP_RULE, checkin.date, Severity.CRITICAL, reason, REFER_NOW, refs)


def ask_alert(checkin: CheckIn) -> Alert | None:
    """The alert to ask the warning-sign questions left blank, or None."""
    missing = unanswered(checkin)
    return _ask(checkin, missing) if missing else None


def _stop(program: Program, checkin: CheckIn, found: list[str]) -> Step:
    day = checkin.date
    reason, refs = _reason(checkin, found)
    items = tuple(
        i.model_copy(update={"status": ItemStatus.STOPPED, "since": day, "reason": reason})
        for i in program.items
    )
    stopped = program.model_copy(
        update={
            "status": ProgramStatus.STOPPED,
            "stopped_reason": reason,
            "items": items,
            "flare": None,
        }
    )
    why = (
        f"{reason} Any one of these can mean nerve compression that needs same-day medical care; "
        "exercise stops until a clinician has re-assessed."
    )
    return Step(
        program=stopped,
        decisions=(decision(STOP_RULE, day, Action.STOP_PROGRAM, why, refs),),
        alerts=(alert(STOP_RULE, day, Severity.CRITICAL, reason, REFER_NOW, refs),),
    )


def _ask(checkin: CheckIn, missing: list[str]) -> Alert:
    asked = "; ".join(LABELS[f] for f in missing)
    return alert(
        "warning-signs.unanswered",
        checkin.date,
        Severity.WARNING,
        f"Warning-sign questions not answered on {checkin.date.isoformat()}: {asked}.",
        "Ask the patient these questions today; unanswered is not the same as no.",
        CES_REFS,
    )

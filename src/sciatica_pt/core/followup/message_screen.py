"""A patient's message screened for warning signs (clinical-notes §2.1-2.4, §2.7).

Patients write to their therapist in their own words ("I can't feel the toilet paper when I
wipe", "I wet myself", "my foot slaps"). Every message from a patient is read by the notes
reader (`core.notes.read_notes`: ConText-style negation, hedges, experiencers and time), whose
lexicon holds patients' first-person words too, and any warning sign it affirms raises the
same critical alert a check-in raises (`warning_signs.STOP_RULE`, one alert per day: the
event id is the rule and the day, so a check-in and a message on the same day are one event).

The signs are the cauda equina features, new or spreading weakness (the check-in's warning
signs), and fever: every patient here has back or leg pain, and fever with back or leg pain is
an emergency (possible spinal infection, clinical-notes §2.4; the triage rule
`infection.fever`). Negated ("no numbness down there"), past ("the foot drop I had years
ago"), hypothetical ("if I wet myself") and other people's ("my mum has a fever") mentions
raise nothing: an alarm is not free. A hedged mention ("is it normal to be numb down there?")
counts, as in the notes reader: safety wins the tie.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sciatica_pt.core.followup.events import alert
from sciatica_pt.core.followup.models import Alert, Severity
from sciatica_pt.core.followup.warning_signs import CES_REFS, REFER_NOW, STOP_RULE, WEAKNESS_REFS
from sciatica_pt.core.intake.notes import Mention, read_notes

INFECTION_REFS = ("IFOMPT-2020", "CKS-sciatica")

# The notes reader's fields that are a warning sign in a patient's message, with the words the
# therapist's alert uses and the sources of the rule.
SIGNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "red_flags.saddle_anesthesia": (
        "numbness in the saddle area (groin, genitals, back passage)",
        CES_REFS,
    ),
    "red_flags.bladder_bowel_change": ("a change in bladder or bowel control or feeling", CES_REFS),
    "red_flags.sexual_dysfunction": (
        "a new change in sexual function or genital feeling",
        CES_REFS,
    ),
    "red_flags.new_bilateral_symptoms": ("leg symptoms now in both legs", CES_REFS),
    "red_flags.progressive_weakness": ("new or spreading leg weakness", WEAKNESS_REFS),
    "red_flags.fever": ("a fever with their back or leg pain", INFECTION_REFS),
}


@dataclass(frozen=True, slots=True)
class Screening:
    """What one message says: the warning signs it states (empty when none), each with the
    words that decided it."""

    found: tuple[Mention, ...]

    @property
    def signs(self) -> tuple[str, ...]:
        return tuple(m.field for m in self.found)

    def __bool__(self) -> bool:
        return bool(self.found)


def screen(text: str) -> Screening:
    """The warning signs a patient's message states now, in the order of `SIGNS`."""
    reading = read_notes(text)
    return Screening(tuple(m for m in reading.affirmed() if m.field in SIGNS))


def message_alert(screening: Screening, day: dt.date) -> Alert | None:
    """The critical alert for the warning signs of a message sent on `day`, or None. Its id is
    the check-in's (`warning-signs.stop@day`): the same event whichever way it was told."""
    if not screening:
        return None
    said = "; ".join(SIGNS[f][0] for f in screening.signs)
    refs = tuple(dict.fromkeys(ref for f in screening.signs for ref in SIGNS[f][1]))
    reason = f"Warning sign in the patient's message on {day.isoformat()}: {said}."
    return alert(STOP_RULE, day, Severity.CRITICAL, reason, REFER_NOW, refs)

"""Which logged sessions count towards a step up (clinical-notes §6.4-6.5).

A session counts when the item was done at (at least) its prescribed dose, the pain rise is
known and at most 2 points, pain during stayed out of the red zone (6+), the next morning is
known and no worse, nothing spread or went numb, and every warning-sign question was answered
(an unscreened day is not a tolerated one). Unknown is not acceptable: a session with
no next-morning answer does not count (it does not reset the streak either). An unacceptable
session resets the streak.
"""

from __future__ import annotations

from collections.abc import Sequence

from sciatica_pt.core.followup import warning_signs
from sciatica_pt.core.followup.models import CheckIn, ItemLog, LegSymptoms, NextMorning, ProgramItem
from sciatica_pt.core.followup.pain_monitoring import (
    MAX_ACCEPTABLE_RISE,
    RED_ZONE,
    breach,
    leg_response,
    pain_rise,
)
from sciatica_pt.core.knowledge import Dosage


def tolerated_streak(item: ProgramItem, history: Sequence[CheckIn]) -> int:
    """Tolerated sessions of `item` since its dose was set, reset by an unacceptable one."""
    streak = 0
    for checkin in history:
        log = checkin.log(item.item_id)
        if checkin.date <= item.since or log is None or not log.done:
            continue
        verdict = _verdict(log, checkin, item.dosage)
        if verdict is False:
            streak = 0
        elif verdict is True:
            streak += 1
    return streak


def _verdict(log: ItemLog, checkin: CheckIn, dose: Dosage | None) -> bool | None:
    """True: tolerated; False: not acceptable; None: not known (or not the full dose)."""
    if (
        checkin.flare
        or breach(log, checkin)
        or leg_response(log, checkin) is LegSymptoms.PERIPHERALIZED
        or checkin.new_numbness
        or checkin.new_tingling
        or warning_signs.present(checkin)
    ):
        return False
    if warning_signs.unanswered(checkin):
        return None  # an unscreened day says nothing about how the dose is tolerated
    rise = pain_rise(log, checkin)
    during = log.pain_during if log.pain_during is not None else checkin.pain_during
    if rise is None or during is None or checkin.next_morning is None:
        return None
    if during >= RED_ZONE or not full_dose(log, dose) or rise > MAX_ACCEPTABLE_RISE:
        return None
    return checkin.next_morning in (NextMorning.BETTER, NextMorning.SAME)


def full_dose(log: ItemLog, dose: Dosage | None) -> bool:
    """`done` with no numbers means done as prescribed; a logged number below the
    prescription makes it a partial session, which does not earn a step up. A count of
    sessions given below the day's prescription is one too (press-ups done 2 of 6 times a day
    are not a dose to raise; clinical-notes §6.2, §6.5)."""
    if dose is None:
        return True
    if log.sessions is not None and dose.per_day is not None and log.sessions < dose.per_day:
        return False
    for field in ("sets", "reps", "hold_seconds", "minutes"):
        did, asked = getattr(log, field), getattr(dose, field)
        if did is not None and asked is not None and did < asked:
            return False
    return True

"""The rules one check-in triggers on its own, at once, before and without a review: the one
definition the web app's check-in and the review share (clinical-notes §2.1-2.2, §3.2, §6.4).

`immediate_alerts(checkin)` needs no program, so it acts even when a review cannot run. The
review raises the same alerts for every check-in it applies, with the same ids: an alert's id
is its rule and the check-in's date (`rule@date`), so one clinical event is one alert however
many times it is seen. Storing alerts by id (or skipping a rule already open) keeps it so.

`next_morning(...)` reads the next-morning answer together with the pain numbers.
"""

from __future__ import annotations

from sciatica_pt.core.followup import flare, pain_monitoring, warning_signs
from sciatica_pt.core.followup.models import Alert, CheckIn, NextMorning

_ORDER = (NextMorning.BETTER, NextMorning.SAME, NextMorning.WORSE)


def immediate_alerts(checkin: CheckIn) -> tuple[Alert, ...]:
    """Most urgent first: a warning sign (critical: stop and go to the emergency department)
    or, when none, the warning-sign questions left blank; new or worse numbness or tingling
    (re-triage); leg symptoms spreading down the leg; a declared flare-up; pain not settled by
    the next morning (info)."""
    found = (
        warning_signs.stop_alert(checkin) or warning_signs.ask_alert(checkin),
        pain_monitoring.new_neuro_alert(checkin),
        pain_monitoring.peripheralization_alert(checkin),
        flare.tell_therapist(checkin) if checkin.flare else None,
        pain_monitoring.not_settled_alert(checkin),
    )
    return tuple(a for a in found if a is not None)


def stops_the_program(checkin: CheckIn) -> bool:
    """A warning sign answered yes: the program stops at once (GIRFT-CES, NICE-NG59)."""
    return bool(warning_signs.present(checkin))


def next_morning(
    answer: NextMorning | None, pain_this_morning: int | None, pain_before_last: int | None
) -> NextMorning | None:
    """The patient's answer, or what the numbers show when that is worse: pain this morning
    above the pain before the last session has not returned to baseline (clinical-notes §6.4;
    the more cautious of the two readings wins). None when neither is known."""
    if pain_this_morning is None or pain_before_last is None:
        return answer
    rise = pain_this_morning - pain_before_last
    shown = NextMorning.WORSE if rise > 0 else NextMorning.SAME if rise == 0 else NextMorning.BETTER
    return shown if answer is None else max(answer, shown, key=_ORDER.index)

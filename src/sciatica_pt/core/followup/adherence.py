"""Adherence per item and overall over a recent window, and the "stopped logging" alert.

Prescribed sessions come from the dose: per_day x days, or per_week x days / 7. An item dosed
neither way (a clinic technique, an advice item) has no home schedule to adhere to and is left
out. Ratios are capped at 1 for the overall figure so doing one item twice as often does not
hide skipping another.

Only days the prescription existed count: from the program's start, and for an item whose dose
or status changed later, from the day after that change (that day's sessions were done to the
earlier prescription; an item that replaced another has no sessions of its own before it). The
low-adherence alert waits for MIN_DAYS measured days: a first day's partial log is not a
pattern.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from sciatica_pt.core.followup.events import alert
from sciatica_pt.core.followup.models import (
    Adherence,
    Alert,
    CheckIn,
    ItemAdherence,
    ItemStatus,
    Program,
    ProgramItem,
    Severity,
)

WINDOW_DAYS = 14
# A week without a check-in is longer than the usual gap between follow-up contacts (1-2 visits
# a week, clinical-notes §6.6) and means a week in which no one asked about the warning signs.
STOPPED_LOGGING_DAYS = 7
LOW_ADHERENCE = 0.5
# A week, the same span as "stopped logging": fewer days say too little to alert on (a project
# threshold, not from a source).
MIN_DAYS = 7


def stopped_logging(last: date, today: date) -> bool:
    """The one definition of "stopped logging", shared by the alert, the progression hold and
    the web app's patient list."""
    return (today - last).days >= STOPPED_LOGGING_DAYS


REFS = ("NICE-NG59", "JOSPT-2021")


def measure(program: Program, checkins: Sequence[CheckIn], today: date) -> Adherence:
    """Over the WINDOW_DAYS ending today if today is logged, else ending yesterday (a review
    in the morning must not count today's sessions as missed)."""
    end = today if any(c.date == today for c in checkins) else today - timedelta(days=1)
    start = max(program.start, end - timedelta(days=WINDOW_DAYS - 1))
    rows = [
        row
        for item in program.items
        if item.status is not ItemStatus.STOPPED
        and (row := _item(item, checkins, _first_day(item, program, start), end)) is not None
    ]
    overall = round(sum(min(r.ratio, 1.0) for r in rows) / len(rows), 2) if rows else None
    last = max((c.date for c in checkins if c.date <= today), default=None)
    return Adherence(
        window_start=start,
        window_end=max(end, start),
        items=tuple(rows),
        overall=overall,
        last_checkin=last,
    )


def _first_day(item: ProgramItem, program: Program, window_start: date) -> date:
    """The first day the item's current prescription was in force for a whole day."""
    since = item.since + timedelta(days=1) if item.since > program.start else program.start
    return max(window_start, since)


def _times_done(item_id: str, window: Iterable[CheckIn]) -> int:
    return sum(log.times for c in window for log in c.items if log.item_id == item_id)


def _item(
    item: ProgramItem, checkins: Sequence[CheckIn], first: date, end: date
) -> ItemAdherence | None:
    dose = item.dosage
    days = (end - first).days + 1
    if dose is None or (dose.per_day is None and dose.per_week is None) or days <= 0:
        return None
    done = _times_done(item.item_id, (c for c in checkins if first <= c.date <= end))
    prescribed = dose.per_day * days if dose.per_day else (dose.per_week or 0) * days / 7
    ratio = round(done / prescribed, 2) if prescribed else 0.0
    return ItemAdherence(
        item_id=item.item_id, prescribed=round(prescribed, 1), done=done, ratio=ratio
    )


def alerts(program: Program, adherence: Adherence, today: date) -> tuple[Alert, ...]:
    found = (_stopped_logging(program, adherence, today), _low(adherence, today))
    return tuple(a for a in found if a is not None)


def _stopped_logging(program: Program, adherence: Adherence, today: date) -> Alert | None:
    since = adherence.last_checkin or program.start
    if not stopped_logging(since, today):
        return None
    silent = (today - since).days
    what = f"last check-in {since.isoformat()}" if adherence.last_checkin else "none yet"
    return alert(
        "adherence.stopped-logging",
        today,
        Severity.WARNING,
        f"The patient has not logged for {silent} days ({what}).",
        "Contact the patient: ask about the warning signs, how the program is going and what "
        "got in the way.",
        REFS,
    )


def _low(adherence: Adherence, today: date) -> Alert | None:
    days = (adherence.window_end - adherence.window_start).days + 1
    if adherence.overall is None or adherence.overall >= LOW_ADHERENCE or days < MIN_DAYS:
        return None
    start, end = adherence.window_start.isoformat(), adherence.window_end.isoformat()
    return alert(
        "adherence.low",
        today,
        Severity.INFO,
        f"Overall adherence over the {days} days from {start} to {end} is {adherence.overall:.0%}.",
        "Ask what gets in the way; consider a shorter program the patient can keep up.",
        REFS,
    )

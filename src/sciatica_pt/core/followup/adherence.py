"""Adherence per item and overall over a recent window, and the "stopped logging" alert.

Prescribed sessions come from the dose: per_day x days, or per_week x days / 7. An item dosed
neither way (a clinic technique, an advice item) has no home schedule to adhere to and is left
out. Ratios are capped at 1 for the overall figure so doing one item twice as often does not
hide skipping another.
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
    days = (end - start).days + 1
    done = _times_done(c for c in checkins if start <= c.date <= end)
    rows = [
        row
        for item in program.items
        if item.status is not ItemStatus.STOPPED
        and days > 0
        and (row := _item(item, done.get(item.item_id, 0), days)) is not None
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


def _times_done(window: Iterable[CheckIn]) -> dict[str, int]:
    """Sessions logged per item over the window, in one pass (a check-in logs an item once)."""
    done: dict[str, int] = {}
    for checkin in window:
        for log in checkin.items:
            done[log.item_id] = done.get(log.item_id, 0) + log.times
    return done


def _item(item: ProgramItem, done: int, days: int) -> ItemAdherence | None:
    dose = item.dosage
    if dose is None or (dose.per_day is None and dose.per_week is None):
        return None
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
    if adherence.overall is None or adherence.overall >= LOW_ADHERENCE:
        return None
    return alert(
        "adherence.low",
        today,
        Severity.INFO,
        f"Overall adherence over the last {WINDOW_DAYS} days is {adherence.overall:.0%}.",
        "Ask what gets in the way; consider a shorter program the patient can keep up.",
        REFS,
    )

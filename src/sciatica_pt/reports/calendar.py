"""The home program as an iCalendar file (RFC 5545) that phone calendars import.

Sessions come from the doses: an item done `per_day` times gets that many sessions a day,
spread between 08:00 and 20:00; an item done `per_week` times gets weekdays (Monday, Thursday
for two...). Items due at the same time on the same days share one event, so the phone shows
one reminder, not six. Each event recurs (RRULE) until the program's review date, carries a
reminder (VALARM) and a UID derived from its content, so the same program gives the same file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from icalendar import Alarm, Calendar, Event

from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.knowledge import KnowledgeBase
from sciatica_pt.core.result import Plan, PlanItem
from sciatica_pt.reports.handout import is_home_item, kb_item
from sciatica_pt.reports.patient_text import WARNING_ACTION, WARNING_SUMMARY, dose_text
from sciatica_pt.reports.pdf import require_date

# Typical episodes are reviewed within 2-6 weeks (clinical-notes §6.6), so the sessions stop
# at six weeks rather than running forever after the program has changed.
PROGRAM_WEEKS = 6
REMIND_MINUTES_BEFORE = 5
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKLY_DAYS = {
    1: ("MO",),
    2: ("MO", "TH"),
    3: ("MO", "WE", "FR"),
    4: ("MO", "TU", "TH", "FR"),
    5: ("MO", "TU", "WE", "TH", "FR"),
    6: ("MO", "TU", "WE", "TH", "FR", "SA"),
    7: DAYS,
}


@dataclass
class Slot:
    """One recurring session: its days, its time of day, and what is done in it."""

    days: tuple[str, ...]
    time: dt.time
    items: list[PlanItem] = field(default_factory=list)
    minutes: int = 0


def session_times(per_day: int) -> list[dt.time]:
    """`per_day` sessions spread over the waking day, 08:00 to 20:00, on the half hour."""
    if per_day == 1:
        return [dt.time(9, 0)]
    step = 12 * 60 / (per_day - 1)
    minutes = [8 * 60 + round(i * step / 30) * 30 for i in range(per_day)]
    return [dt.time(m // 60, m % 60) for m in minutes]


def _schedule(planned: PlanItem) -> Iterator[tuple[tuple[str, ...], dt.time]]:
    dosage = planned.dosage
    if dosage is None or not (dosage.per_day or dosage.per_week):
        return
    per_week = dosage.per_week or 7
    days = WEEKLY_DAYS.get(per_week, DAYS)
    per_day = dosage.per_day or max(1, -(-per_week // 7))  # 8-14 a week: twice on some days
    for time in session_times(per_day):
        yield days, time


def sessions(plan: Plan, kb: KnowledgeBase) -> list[Slot]:
    """The recurring sessions of a plan's home items, in time order."""
    slots: dict[tuple[tuple[str, ...], dt.time], Slot] = {}
    for index, planned in enumerate(plan.items):
        item = kb_item(kb, planned, f"plan.items[{index}]")
        if not is_home_item(planned):
            continue
        for days, time in _schedule(planned):
            slot = slots.setdefault((days, time), Slot(days, time))
            slot.items.append(planned)
            slot.minutes += max(item.minutes, 1)
    return sorted(slots.values(), key=lambda s: (s.time, len(s.days) * -1, s.days))


def program_ics(plan: Plan, kb: KnowledgeBase, start: dt.date) -> bytes:
    """The .ics bytes; raises InvalidInput for a bad start or a plan with nothing to schedule."""
    day = require_date(start, "start")
    slots = sessions(plan, kb)
    if not slots:
        why = f"no home exercise with a daily or weekly dose to schedule (status {plan.status})"
        raise InvalidInput([f"plan: {why}"])
    calendar = Calendar()
    calendar.add("prodid", "-//Sciatica PT//Home program//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Home exercise program")
    for slot in slots:
        calendar.add_component(_event(slot, day))
    return bytes(calendar.to_ical())


def _event(slot: Slot, start: dt.date) -> Event:
    first = _first_day(start, slot.days)
    begins = dt.datetime.combine(first, slot.time)  # floating time: the phone's own time zone
    event = Event()
    event.add("uid", _uid(slot, start))
    event.add("dtstamp", dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC))
    event.add("dtstart", begins)
    event.add("duration", dt.timedelta(minutes=max(slot.minutes, 5)))
    event.add("summary", _summary(slot))
    event.add("description", _description(slot))
    until = dt.datetime.combine(start + dt.timedelta(weeks=PROGRAM_WEEKS), dt.time(23, 59))
    rule: dict[str, object] = {"freq": "daily" if slot.days == DAYS else "weekly", "until": until}
    if slot.days != DAYS:
        rule["byday"] = list(slot.days)
    event.add("rrule", rule)
    event.add_component(_alarm(slot))
    return event


def _first_day(start: dt.date, days: tuple[str, ...]) -> dt.date:
    """The first date on or after `start` that falls on one of `days`."""
    for offset in range(7):
        candidate = start + dt.timedelta(days=offset)
        if DAYS[candidate.weekday()] in days:
            return candidate
    raise AssertionError("every day-set holds at least one weekday")  # pragma: no cover


def _uid(slot: Slot, start: dt.date) -> str:
    key = "|".join(
        [start.isoformat(), *slot.days, slot.time.isoformat(), *(i.id for i in slot.items)]
    )
    return f"{hashlib.sha256(key.encode()).hexdigest()[:24]}@sciatica-pt"


def _summary(slot: Slot) -> str:
    if len(slot.items) == 1:
        return f"Exercise: {slot.items[0].name}"
    return f"Home exercises ({len(slot.items)})"


def _description(slot: Slot) -> str:
    lines = [f"- {p.name}: {dose_text(p.dosage)}" for p in slot.items]
    return "\n".join(
        [
            *lines,
            "",
            "Stop an exercise that sends pain further down your leg.",
            WARNING_SUMMARY,
            WARNING_ACTION,
        ]
    )


def _alarm(slot: Slot) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _summary(slot))
    alarm.add("trigger", dt.timedelta(minutes=-REMIND_MINUTES_BEFORE))
    return alarm

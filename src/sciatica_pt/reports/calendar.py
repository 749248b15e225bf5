"""The home program as an iCalendar file (RFC 5545) that phone calendars import.

Sessions come from the doses: an item done `per_day` times gets that many sessions a day,
spread between 08:00 and 20:00; an item done `per_week` times gets weekdays (Monday, Thursday
for two...). Items due at the same time on the same days share one event, so the phone shows
one event, not six. Each event recurs (RRULE) until the program's review date.

Reminders: one a day, not one per session. The sessions carry no alarm; one more daily event at
the time the patient chose (`reminder`, 18:00 unless given) lists the day's exercises and
carries the only reminder (VALARM), so a phone rings once a day. Its UID does not depend on
the time, so choosing another time updates the event instead of adding a second one.

Identity (RFC 5545): each event's UID is derived from the patient, the program and the slot's
days and time of day, so two patients' (or two programs') calendars never share a UID, and a
reissued program keeps its UIDs: the calendar app updates the events instead of adding copies.
DTSTAMP is when the file was made (`now`, from the caller: 3.8.7.2) and SEQUENCE is the
program's revision (from the caller: 3.8.7.4), so an app can tell the reissued events replace
the old ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
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
REMINDER_AT = dt.time(18, 0)  # the daily reminder when the patient has not chosen a time
REMINDER_SUMMARY = "Time for your home exercises"
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


def program_ics(
    plan: Plan,
    kb: KnowledgeBase,
    start: dt.date,
    *,
    patient: str,
    program: str,
    now: dt.datetime,
    sequence: int = 0,
    reminder: dt.time = REMINDER_AT,
) -> bytes:
    """The .ics bytes; raises InvalidInput for a bad start, `now` or `sequence`, or a plan with
    nothing to schedule.

    `patient` names the patient uniquely across clinics (the clinic's identifier system and the
    patient's id there), `program` the program within the patient's record; `now` is when the
    file is made (time-zone aware) and `sequence` the program's revision, 0 for the first issue,
    raised by the caller each time the program changes (a changed dose keeps the UIDs);
    `reminder` the time of day of the one daily reminder."""
    day = require_date(start, "start")
    if not isinstance(reminder, dt.time) or reminder.tzinfo is not None:
        raise InvalidInput([f"reminder: {reminder!r} is not a local time of day"])
    identity = _Identity.of(patient, program, now, sequence)
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
        calendar.add_component(_event(slot, day, identity))
    calendar.add_component(_reminder(slots, day, reminder, identity))
    return bytes(calendar.to_ical())


@dataclass(frozen=True)
class _Identity:
    """What makes the events this patient's and this program's, and when they were issued."""

    patient: str
    program: str
    stamp: dt.datetime
    sequence: int

    @classmethod
    def of(cls, patient: object, program: object, now: object, sequence: object) -> _Identity:
        problems = [
            f"{name}: must be a non-empty text"
            for name, value in (("patient", patient), ("program", program))
            if not isinstance(value, str) or not value.strip()
        ]
        if not isinstance(now, dt.datetime) or now.utcoffset() is None:
            problems.append(f"now: {now!r} is not a date and time with a time zone")
        if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 0:
            problems.append(f"sequence: {sequence!r} is not a whole number of 0 or more")
        if problems:
            raise InvalidInput(problems)
        assert isinstance(patient, str) and isinstance(program, str)
        assert isinstance(now, dt.datetime) and isinstance(sequence, int)
        stamp = now.astimezone(dt.UTC).replace(microsecond=0)  # RFC 5545 3.8.7.2: in UTC
        return cls(patient, program, stamp, sequence)

    def uid(self, slot: Slot | None) -> str:
        """A session's UID, or the daily reminder's (None: the same whatever its time)."""
        when = [slot.days, slot.time.isoformat()] if slot else ["daily-reminder"]
        key = json.dumps([self.patient, self.program, *when])
        return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@sciatica-pt"


def _event(slot: Slot, start: dt.date, identity: _Identity) -> Event:
    event = _recurring(identity.uid(slot), start, slot.days, slot.time, identity)
    event.add("duration", dt.timedelta(minutes=max(slot.minutes, 5)))
    event.add("summary", _summary(slot))
    event.add("description", _description(slot.items))
    return event


def _reminder(slots: list[Slot], start: dt.date, at: dt.time, identity: _Identity) -> Event:
    """The one daily reminder: every home exercise once, with its dose, and the alarm."""
    items = list({id(p): p for slot in slots for p in slot.items}.values())
    event = _recurring(identity.uid(None), start, DAYS, at.replace(microsecond=0), identity)
    event.add("duration", dt.timedelta(minutes=5))
    event.add("summary", REMINDER_SUMMARY)
    event.add("description", _description(items))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", REMINDER_SUMMARY)
    alarm.add("trigger", dt.timedelta(0))
    event.add_component(alarm)
    return event


def _recurring(
    uid: str, start: dt.date, days: tuple[str, ...], time: dt.time, identity: _Identity
) -> Event:
    first = _first_day(start, days)
    begins = dt.datetime.combine(first, time)  # floating time: the phone's own time zone
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", identity.stamp)
    event.add("sequence", identity.sequence)
    event.add("dtstart", begins)
    until = dt.datetime.combine(start + dt.timedelta(weeks=PROGRAM_WEEKS), dt.time(23, 59))
    rule: dict[str, object] = {"freq": "daily" if days == DAYS else "weekly", "until": until}
    if days != DAYS:
        rule["byday"] = list(days)
    event.add("rrule", rule)
    return event


def _first_day(start: dt.date, days: tuple[str, ...]) -> dt.date:
    """The first date on or after `start` that falls on one of `days`."""
    for offset in range(7):
        candidate = start + dt.timedelta(days=offset)
        if DAYS[candidate.weekday()] in days:
            return candidate
    raise AssertionError("every day-set holds at least one weekday")  # pragma: no cover


def _summary(slot: Slot) -> str:
    if len(slot.items) == 1:
        return f"Exercise: {slot.items[0].name}"
    return f"Home exercises ({len(slot.items)})"


def _description(items: list[PlanItem]) -> str:
    lines = [f"- {p.name}: {dose_text(p.dosage)}" for p in items]
    return "\n".join(
        [
            *lines,
            "",
            "Stop an exercise that sends pain further down your leg.",
            WARNING_SUMMARY,
            WARNING_ACTION,
        ]
    )

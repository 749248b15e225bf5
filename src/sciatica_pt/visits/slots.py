"""Free appointment slots: pure scheduling (no Django, no database, no clock: pass `now`).

Times are wall-clock times in the clinic's zone for the hours, and aware datetimes in UTC for
everything booked. A slot starts on the clinic's grid (every GRID_MINUTES, local time) and is
free when the therapist works then, it is not inside a booked visit, and it starts no sooner
than `not_before`. A wall time that does not exist on that day (inside the spring-forward gap)
is never offered; the weekly hours stay the same wall-clock hours across a daylight-saving
change, so a weekly 09:00 stays 09:00 local.

Every real time zone's offset is a whole number of 15 minutes, so a local 15-minute grid is
also a UTC 15-minute grid: a visit covers whole grid cells, which is what the database's
no-double-booking constraint counts (one row per therapist and cell).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

GRID_MINUTES = 15
GRID = dt.timedelta(minutes=GRID_MINUTES)
UTC = dt.UTC


@dataclass(frozen=True)
class Hours:
    """Working hours on one weekday (0 = Monday), wall-clock in the clinic's zone."""

    weekday: int
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class DayChange:
    """An exception on one date: the hours that replace the weekly ones that day, or none
    (start and end None): a holiday."""

    day: dt.date
    start: dt.time | None = None
    end: dt.time | None = None


def on_grid(moment: dt.datetime) -> bool:
    moment = moment.astimezone(UTC)
    return moment.second == 0 and moment.microsecond == 0 and moment.minute % GRID_MINUTES == 0


def cells(start: dt.datetime, minutes: int) -> list[dt.datetime]:
    """The grid cells (their UTC starts) a visit from `start` for `minutes` covers."""
    if minutes <= 0 or minutes % GRID_MINUTES:
        raise ValueError(f"a visit lasts a whole number of {GRID_MINUTES} minutes")
    first = start.astimezone(UTC)
    return [first + GRID * i for i in range(minutes // GRID_MINUTES)]


def local_moment(day: dt.date, wall: dt.time, zone: ZoneInfo) -> dt.datetime | None:
    """The instant `wall` on `day` in `zone`, or None when that wall time does not exist
    (the spring-forward gap). In the autumn's repeated hour, the first of the two."""
    moment = dt.datetime.combine(day, wall, tzinfo=zone)
    back = moment.astimezone(UTC).astimezone(zone)
    if back.replace(tzinfo=None) != moment.replace(tzinfo=None):
        return None
    return moment


def windows(
    day: dt.date, weekly: Iterable[Hours], changes: Iterable[DayChange]
) -> list[tuple[dt.time, dt.time]]:
    """The working windows on `day`: the day's exceptions when it has any, else its weekly
    hours."""
    changed = [c for c in changes if c.day == day]
    if changed:
        return sorted((c.start, c.end) for c in changed if c.start and c.end)
    return sorted((h.start, h.end) for h in weekly if h.weekday == day.weekday())


def _starts(day: dt.date, window: tuple[dt.time, dt.time], minutes: int) -> Iterator[dt.time]:
    start = dt.datetime.combine(day, window[0])
    end = dt.datetime.combine(day, window[1])
    length = dt.timedelta(minutes=minutes)
    at = start
    while at + length <= end:
        yield at.time()
        at += GRID


def free_slots(
    weekly: Iterable[Hours],
    changes: Iterable[DayChange],
    busy: Iterable[tuple[dt.datetime, dt.datetime]],
    zone: ZoneInfo,
    days: Iterable[dt.date],
    minutes: int,
    not_before: dt.datetime,
) -> list[dt.datetime]:
    """The free starts (aware, in the clinic's zone) for a visit of `minutes` on `days`."""
    weekly, changes = list(weekly), list(changes)
    taken = [(s.astimezone(UTC), e.astimezone(UTC)) for s, e in busy]
    length = dt.timedelta(minutes=minutes)
    found: list[dt.datetime] = []
    for day in days:
        for window in windows(day, weekly, changes):
            for wall in _starts(day, window, minutes):
                start = local_moment(day, wall, zone)
                if start is None or start < not_before:
                    continue
                end = start.astimezone(UTC) + length
                if (
                    end.astimezone(zone).replace(tzinfo=None) - dt.datetime.combine(day, wall)
                ) != length:
                    continue  # the visit would run across a daylight-saving change
                if any(s < end and start < e for s, e in taken):
                    continue
                found.append(start)
    return found

"""Which questionnaires are due on a given day (issue 21): the therapist schedules each
instrument at intake, every N weeks, at discharge, or any mix; the answers so far are the
outcome entries already recorded (by the patient or by staff).

- `QuestionnaireSchedule(start, cadences, discharge_from)`: validated; an instrument once.
  `parse_schedule(data)` reads one from plain data (a form, a file), or raises `InvalidInput`
  naming each bad field.
- `due(schedule, answered, today) -> tuple[Due, ...]`: what is due on `today`, one per
  instrument, with the occasion that made it due and the day it became due.

The rule, for each scheduled instrument: its occasions are the intake (the program's `start`),
every N weeks after the start (`start + k*N weeks`, k >= 1), and the discharge
(`discharge_from`, the day the therapist opened the discharge questionnaires; from that day on
only the instruments scheduled at discharge are due, the periodic ones end). The
latest occasion on or before `today` is due until the instrument is answered on or after that
occasion's day; an earlier occasion that was missed is replaced by the later one, never piled
up. The intake is also met by an answer from before the start (the assessment's own scores).
An instrument is answered on a day when each of its measures has an entry that day (the pain
questionnaire needs leg and back pain both).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, Protocol

from pydantic import Field, ValidationError, model_validator

from sciatica_pt.core.errors import InvalidInput, problems_of
from sciatica_pt.core.followup.models import Measure, Model
from sciatica_pt.core.followup.start import as_json
from sciatica_pt.core.outcomes.questionnaires import INSTRUMENTS, Entry, Instrument


class Occasion(StrEnum):
    INTAKE = "intake"
    PERIODIC = "periodic"
    DISCHARGE = "discharge"


class Cadence(Model):
    """When one instrument is asked."""

    instrument: Instrument
    at_intake: bool = True
    every_weeks: int | None = Field(default=None, ge=1, le=52)
    at_discharge: bool = False

    @model_validator(mode="after")
    def _asked_at_all(self) -> Cadence:
        if not (self.at_intake or self.every_weeks or self.at_discharge):
            raise ValueError(
                f"{self.instrument} is never asked: choose at intake, every N weeks or at discharge"
            )
        return self


class QuestionnaireSchedule(Model):
    start: date = Field(description="the intake: the program's first day")
    cadences: tuple[Cadence, ...] = ()
    discharge_from: date | None = Field(
        default=None, description="the day the discharge questionnaires open; none before it"
    )

    @model_validator(mode="after")
    def _consistent(self) -> QuestionnaireSchedule:
        names = [c.instrument for c in self.cadences]
        twice = sorted({n.value for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"scheduled twice: {', '.join(twice)}")
        if self.discharge_from is not None and self.discharge_from < self.start:
            raise ValueError(f"discharge_from {self.discharge_from} is before start {self.start}")
        return self


def parse_schedule(data: Any) -> QuestionnaireSchedule:
    try:
        return QuestionnaireSchedule.model_validate_json(as_json(data))
    except ValidationError as exc:
        raise InvalidInput(problems_of(exc, prefix="schedule")) from None


class Answered(Protocol):
    """What the rule reads of an answer: its day and its measure. An `OutcomeEntry` is one;
    so is a stored score whose other fields (a STarT Back group) the store does not keep."""

    @property
    def date(self) -> date: ...

    @property
    def measure(self) -> Measure: ...


@dataclass(frozen=True)
class Due:
    instrument: Instrument
    occasion: Occasion
    since: date  # the day it became due
    entry: Entry  # the patient answers it, or staff enter it (INSTRUMENTS)


def due(
    schedule: QuestionnaireSchedule, answered: Sequence[Answered], today: date
) -> tuple[Due, ...]:
    """The questionnaires due on `today`, in the order they were scheduled."""
    found = []
    for cadence in schedule.cadences:
        occasion = latest_occasion(schedule, cadence, today)
        if occasion is None:
            continue
        kind, day = occasion
        days = answered_days(cadence.instrument, answered, today)
        met = any(d >= day for d in days) or (kind is Occasion.INTAKE and bool(days))
        if not met:
            info = INSTRUMENTS[cadence.instrument]
            found.append(Due(cadence.instrument, kind, day, info.entry))
    return tuple(found)


def latest_occasion(
    schedule: QuestionnaireSchedule, cadence: Cadence, today: date
) -> tuple[Occasion, date] | None:
    """The last occasion of `cadence` on or before `today`, or None before the first one."""
    end = schedule.discharge_from
    if end is not None and today >= end:  # from then on, only the discharge questionnaires
        return (Occasion.DISCHARGE, end) if cadence.at_discharge else None
    if today < schedule.start:
        return None
    if cadence.every_weeks:
        step = 7 * cadence.every_weeks
        k = (today - schedule.start).days // step
        if k >= 1:
            return Occasion.PERIODIC, schedule.start + timedelta(days=k * step)
    return (Occasion.INTAKE, schedule.start) if cadence.at_intake else None


def answered_days(instrument: Instrument, answered: Sequence[Answered], today: date) -> set[date]:
    """The days up to `today` on which every measure of `instrument` has an entry."""
    measures = INSTRUMENTS[instrument].measures
    by_day: dict[date, set[object]] = {}
    for e in answered:
        if e.date <= today and e.measure in measures:
            by_day.setdefault(e.date, set()).add(e.measure)
    return {d for d, got in by_day.items() if got >= set(measures)}

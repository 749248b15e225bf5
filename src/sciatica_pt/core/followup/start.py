"""Starting a program: from an assessment's plan, or from a program file's data.

`program_from_plan` is how the CLI and the web app turn `sciatica-pt assess`'s plan into the
first program. `parse_program` / `parse_checkins` validate file data (already parsed from
YAML or JSON) strictly, naming the field path of every problem.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pydantic import TypeAdapter, ValidationError

from sciatica_pt.core.errors import InvalidInput, problems_of
from sciatica_pt.core.followup.models import CheckIn, Goal, Program, ProgramItem
from sciatica_pt.core.result import Plan, PlanStatus

_CHECKINS = TypeAdapter(tuple[CheckIn, ...])


def program_from_plan(
    plan: Plan, start: date, patient: str = "patient", goals: tuple[Goal, ...] = ()
) -> Program:
    """The first program of a plan: every plan item at its planned dose, all active.

    A withheld plan (an emergency at triage) cannot start a program.
    """
    if plan.status is PlanStatus.WITHHELD:
        raise InvalidInput(
            ["plan.status: a withheld plan (emergency triage) cannot start a program"]
        )
    if not plan.items:
        raise InvalidInput(["plan.items: the plan has no items to start a program with"])
    items = tuple(
        ProgramItem(
            item_id=p.id,
            name=p.name,
            kind=p.kind,
            direction=p.direction,
            dosage=p.dosage,
            since=start,
        )
        for p in plan.items
    )
    return Program(patient=patient, start=start, items=items, goals=goals)


def as_json(data: Any) -> str:
    # Strict models take JSON text: dates written as YAML dates become ISO strings here, while
    # a number where text belongs (or the reverse) is still rejected.
    return json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, date) else repr(v))


def parse_program(data: Any) -> Program:
    return parse_program_json(as_json(data))


def parse_program_json(text: str | bytes) -> Program:
    """A program from JSON text as stored (the web app's database keeps it so)."""
    try:
        return Program.model_validate_json(text)
    except ValidationError as exc:
        raise InvalidInput(problems_of(exc, prefix="program")) from exc


def parse_checkins(data: Any) -> tuple[CheckIn, ...]:
    """A check-ins file: a list of check-ins, or a mapping whose one key `checkins` holds it."""
    if isinstance(data, dict) and set(data) == {"checkins"}:
        data = data["checkins"]
    if data is None:
        data = []
    if not isinstance(data, list):
        raise InvalidInput(["(top level): must be a list of check-ins, or hold only 'checkins'"])
    return parse_checkins_json(as_json(data))


def parse_checkin_json(text: str | bytes) -> CheckIn:
    """One check-in from its JSON text, as stored."""
    try:
        return CheckIn.model_validate_json(text)
    except ValidationError as exc:
        raise InvalidInput(problems_of(exc, prefix="checkin")) from exc


def parse_checkins_json(text: str | bytes) -> tuple[CheckIn, ...]:
    """Check-ins from the JSON text of a list, as stored."""
    try:
        return _CHECKINS.validate_json(text)
    except ValidationError as exc:
        raise InvalidInput(problems_of(exc, prefix="checkins")) from exc

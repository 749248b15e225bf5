"""Builders for decisions and alerts, so every one gets a stable, readable id."""

from __future__ import annotations

from datetime import date

from sciatica_pt.core.followup.models import (
    Action,
    Alert,
    Decision,
    Program,
    ProgramItem,
    Severity,
)


def decision(
    rule: str,
    day: date,
    action: Action,
    why: str,
    refs: tuple[str, ...],
    item: str | None = None,
    about: str | None = None,
) -> Decision:
    """`item` is the program item decided about; `about` names another subject (a direction,
    a measure) only to keep the id unique."""
    suffix = item or about
    ident = f"{rule}@{day.isoformat()}" + (f"/{suffix}" if suffix else "")
    return Decision(id=ident, rule=rule, date=day, item_id=item, action=action, why=why, refs=refs)


def alert(
    rule: str, day: date, severity: Severity, message: str, action_now: str, refs: tuple[str, ...]
) -> Alert:
    return Alert(
        id=f"{rule}@{day.isoformat()}",
        severity=severity,
        rule=rule,
        date=day,
        message=message,
        action_now=action_now,
        refs=refs,
    )


def replace_item(program: Program, old_id: str, *new: ProgramItem) -> Program:
    """The program with `old_id` swapped for `new` items (in place, keeping the order)."""
    items: list[ProgramItem] = []
    for item in program.items:
        items.extend(new if item.item_id == old_id else (item,))
    return program.model_copy(update={"items": tuple(items)})

"""Dose arithmetic: one variable at a time, never past a step's max (clinical-notes §6.5), and
never above the current dose when stepping back."""

from __future__ import annotations

from sciatica_pt.core.knowledge import Dosage, DoseStep, Item
from sciatica_pt.core.words import dose_in_words

DOSE_FIELDS = ("sets", "reps", "hold_seconds", "per_day", "per_week", "minutes")


def with_value(dosage: Dosage, field: str, value: int) -> Dosage:
    return dosage.model_copy(update={field: value})


def raised(dosage: Dosage, steps: tuple[DoseStep, ...]) -> tuple[Dosage, DoseStep] | None:
    """The first step whose field is below its max, raised by `by` (capped at max)."""
    for step in steps:
        current = dosage.value(step.field)
        if current is not None and current < step.max:
            return with_value(dosage, step.field, min(current + step.by, step.max)), step
    return None


def lowered(dosage: Dosage, kb_item: Item) -> tuple[Dosage, DoseStep] | None:
    """Reverse the last progression step still above the item's starting dose."""
    if kb_item.progression is None:
        return None
    start = kb_item.dosage or Dosage()
    for step in reversed(kb_item.progression.steps):
        current = dosage.value(step.field)
        floor = start.value(step.field) or 1
        if current is not None and current > floor:
            return with_value(dosage, step.field, max(current - step.by, floor)), step
    return None


def below_start(dosage: Dosage, kb_item: Item) -> tuple[Dosage, DoseStep] | None:
    """One step below the starting dose, for an item already at it with nothing easier to move
    to: reduce rather than remove (staying active is first-line care, clinical-notes §1.2).
    Never below one step's worth (`by`), so the item never reaches nothing."""
    if kb_item.progression is None:
        return None
    for step in reversed(kb_item.progression.steps):
        current = dosage.value(step.field)
        if current is not None and current > step.by:
            return with_value(dosage, step.field, max(current - step.by, step.by)), step
    return None


def capped(dosage: Dosage, ceiling: Dosage | None) -> Dosage:
    """`dosage` with every field no higher than the same field of `ceiling`, so moving to an
    easier item never asks for more of anything than the patient was doing."""
    if ceiling is None:
        return dosage
    update = {}
    for field in DOSE_FIELDS:
        mine, top = getattr(dosage, field), getattr(ceiling, field)
        if mine is not None and top is not None and mine > top:
            update[field] = top
    return dosage.model_copy(update=update)


def never_higher(after: Dosage | None, before: Dosage | None) -> bool:
    """True when no field of `after` exceeds the same field of `before`."""
    if after is None or before is None:
        return True
    for field in DOSE_FIELDS:
        new, old = getattr(after, field), getattr(before, field)
        if new is not None and old is not None and new > old:
            return False
    return True


def describe(dosage: Dosage | None) -> str:
    """A dose in words for decisions ("hold 2 minutes, 6 times a day"): core.words says it."""
    return dose_in_words(dosage) or "no dose"

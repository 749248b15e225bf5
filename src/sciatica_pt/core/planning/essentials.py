"""The exercises a plan must hold, placed before the selection fills the rest of the day.

The selection (`core.selection`) trades coverage against the daily time, so on its own it can
drop an exercise that the examination showed this patient needs. These come first instead:

1. The directional exercise (clinical-notes §3.2, §6.2; McKenzie-handout): when a direction
   centralises, the program starts with that direction's exercise, the tested movement's own
   or the first easier rung of its ladder that is allowed, whatever the daily time. A lateral
   shift whose side-glide correction centralises makes the preference lateral
   (`core.directional`), so its correction comes first, before any extension.
2. A walking program for a patient whom walking eases (`symptoms.eased_by`): staying active is
   first-line care (clinical-notes §1.2), short walks suit even irritable symptoms (§6.1), and
   walking is what eases this patient. Placed when the daily time allows.
3. Balance training for an older adult (clinical-notes §6.5: general exercise plus balance
   training; JOSPT-2021), with osteoporosis (§5: strength and balance training are still
   recommended; ROS-2022, TFTF-2014), and for a patient who has fallen in the past year
   (`history.falls_past_year`; a fall is the plainest sign of the next, expert practice [K]),
   such as a stenosis patient whose walking is limited. Placed when the daily time allows.
4. With osteoporosis, balance training stays whatever the daily time and a strengthening
   exercise is added when the time allows: aerobic exercise (the walks) does not replace
   them (§5; ROS-2022, TFTF-2014).

Each essential says whether it stays whatever the time (`always`) or only when the time
allows; one that does not fit is named in "Left out" with the reason (see `plan_exercises`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial

from sciatica_pt.core.intake.assessment import Assessment, Movement, Response
from sciatica_pt.core.knowledge import Item
from sciatica_pt.core.planning.catalog import Catalog
from sciatica_pt.core.planning.items import daily_minutes
from sciatica_pt.core.vocabulary import Direction, Fact, ItemClass

DIRECTIONAL_CLASSES = {
    ItemClass.EXTENSION_DIRECTIONAL_EXERCISE: Direction.EXTENSION,
    ItemClass.FLEXION_DIRECTIONAL_EXERCISE: Direction.FLEXION,
    ItemClass.LATERAL_SHIFT_CORRECTION: Direction.LATERAL,
}

# The exercise that repeats a movement found to centralise. McKenzie practice starts the program
# with the movement that centralised and steps down its regression chain when irritability or a
# safety rule rules it out (clinical-notes §3.2, §6.2; McKenzie-handout).
TESTED_MOVEMENT_EXERCISE = {
    Movement.EXTENSION_IN_LYING: "prone-press-up",
    Movement.EXTENSION_IN_STANDING: "standing-extension",
    Movement.FLEXION_IN_LYING: "flexion-in-lying",
    Movement.FLEXION_IN_SITTING: "flexion-in-sitting",
    Movement.FLEXION_IN_STANDING: "flexion-in-standing",
    # A lateral shift whose side-glide correction centralises is corrected first, before
    # extension is progressed (clinical-notes §3.2, §6.2); at the wall when highly irritable.
    Movement.SIDE_GLIDE_CORRECTION: "side-glide-in-standing",
}

DIRECTIONAL_WHY = (
    "It centralised the symptoms, so the program starts with it whatever the daily time "
    "(clinical-notes §3.2, §6.2)."
)
BIAS_WHY = (
    "In spinal stenosis bending forward relieves the leg symptoms and extension provokes them, "
    "so flexion-biased work comes first (clinical-notes §3.4, §5; Suri-2010)."
)
SHIFT_WHY = (
    "The lateral shift is corrected first, before extension is progressed; side gliding "
    "centralised the symptoms, so it stays whatever the daily time (clinical-notes §3.2, §6.2)."
)


WALKING_WHY = (
    "Walking eases this patient's symptoms, and staying active is first-line care; short walks "
    "suit even irritable symptoms (clinical-notes §1.2, §6.1)."
)


OLDER_ADULT_WHY = "Older adult: general exercise plus balance training (clinical-notes §6.5)."
OSTEOPOROSIS_WHY = (
    "Osteoporosis: strength and balance training are still recommended (clinical-notes §5; "
    "ROS-2022, TFTF-2014)."
)
FALL_WHY = "A fall in the past year: balance training (clinical-notes §6.5; expert practice)."


@dataclass(frozen=True)
class Essential:
    item_id: str
    why: str
    always: bool  # stays whatever the daily time (else only when the time allows)


def essentials(
    a: Assessment,
    facts: frozenset[Fact],
    direction: Direction | None,
    allowed: Mapping[str, Item],
    catalog: Catalog,
) -> list[Essential]:
    """The exercises this plan must hold, in the order they come in the program."""
    found: list[Essential] = []
    found += _directional(a, direction, allowed, catalog)
    walking: list[Essential] = []
    if "walking" in _words(a.symptoms.eased_by) and "walking-program" in allowed:
        walking.append(Essential("walking-program", WALKING_WHY, always=False))
    balance: list[Essential] = []
    easiest = _easiest(lambda i: i.item_class is ItemClass.BALANCE_TRAINING, allowed)
    why = _balance_why(a, facts)
    if easiest is not None and why is not None:
        balance.append(Essential(easiest, why, always=False))
    # With osteoporosis aerobic exercise does not replace strength and balance training
    # (clinical-notes §5; ROS-2022, TFTF-2014): the walks cannot push balance out of the day
    # (it stays whatever the time, like the directional exercise), and a strengthening
    # exercise is placed when the time allows.
    if Fact.OSTEOPOROSIS in facts:
        kept = [replace(e, always=True) for e in balance]
        return found + walking + kept + _strength(allowed)
    return found + walking + balance


# Strength for fragile bone: the easiest allowed rung of a weight-bearing, functional exercise
# first (sit to stand), else of the buttock muscles (ROS-2022: progressive resistance).
STRENGTH_FOR_BONE = (ItemClass.FUNCTIONAL_STRENGTHENING, ItemClass.GLUTE_STRENGTHENING)
STRENGTH_WHY = (
    "Osteoporosis: strength training is recommended alongside balance training, and walking "
    "does not replace it (clinical-notes §5; ROS-2022, TFTF-2014)."
)


def _of_class(item_class: ItemClass, item: Item) -> bool:
    return item.item_class is item_class


def _strength(allowed: Mapping[str, Item]) -> list[Essential]:
    for wanted in STRENGTH_FOR_BONE:
        found = _easiest(partial(_of_class, wanted), allowed)
        if found is not None:
            return [Essential(found, STRENGTH_WHY, always=False)]
    return []


def _balance_why(a: Assessment, facts: frozenset[Fact]) -> str | None:
    if Fact.OLDER_ADULT in facts:
        return OLDER_ADULT_WHY
    if Fact.OSTEOPOROSIS in facts:
        return OSTEOPOROSIS_WHY
    if a.history.falls_past_year is True:
        return FALL_WHY
    return None


def _words(given: tuple[str, ...]) -> frozenset[str]:
    """Aggravating or easing words as the spec names them ("Walking " is walking)."""
    return frozenset(w.strip().lower().replace(" ", "_") for w in given)


def _directional(
    a: Assessment, direction: Direction | None, allowed: Mapping[str, Item], catalog: Catalog
) -> list[Essential]:
    """The directional exercise to start with: the centralising movement's own (or an easier
    allowed rung), else, for the flexion bias of stenosis, the easiest allowed rung."""
    if direction is None:
        return []
    rung = starting_rung(a, direction, allowed, catalog)
    if rung is not None:
        why = SHIFT_WHY if direction is Direction.LATERAL else DIRECTIONAL_WHY
        return [Essential(rung, why, always=True)]
    easiest = _easiest(
        lambda i: DIRECTIONAL_CLASSES.get(i.item_class) is direction and i.direction is direction,
        allowed,
    )
    return [Essential(easiest, BIAS_WHY, always=True)] if easiest is not None else []


def starting_rung(
    a: Assessment, direction: Direction, allowed: Mapping[str, Item], catalog: Catalog
) -> str | None:
    """The centralising movement's own exercise, or the first easier step down its ladder that
    is allowed; None when no movement in this direction centralised."""
    for movement, item_id in TESTED_MOVEMENT_EXERCISE.items():
        if a.exam.repeated_movements.get(movement) is not Response.CENTRALIZES:
            continue
        rung: str | None = item_id
        while rung is not None and rung not in allowed:
            easier = catalog.by_id[rung].regresses_to if rung in catalog.by_id else ()
            rung = easier[0] if easier else None
        if rung is not None and catalog.by_id[rung].direction is direction:
            return rung
    return None


def _easiest(wanted: Callable[[Item], bool], allowed: Mapping[str, Item]) -> str | None:
    """The bottom of an allowed ladder: a wanted exercise with no allowed easier step (the
    quickest, then the first by id, when several)."""
    ladder = [item for item in allowed.values() if wanted(item)]
    bottom = [i for i in ladder if not any(r in allowed for r in i.regresses_to)] or ladder
    if not bottom:
        return None
    return min(bottom, key=lambda i: (daily_minutes(i), i.id)).id

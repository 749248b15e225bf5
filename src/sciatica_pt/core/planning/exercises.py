"""The home exercise program: which exercises fit this patient, then the exact selection.

Fit (clinical-notes §6): the item's stages and irritability ceiling; equipment the patient has;
directional exercise only in the preferred direction and nothing in the opposite one; sliders
before tensioners (tensioners only at low irritability); isometrics, not isotonic loading, while
acute or highly irritable. Safety rules then exclude what is contraindicated, and
`core.selection` chooses the set that best covers the patient's needs within the time budget.
"""

from __future__ import annotations

from dataclasses import dataclass

from sciatica_pt.core.intake.assessment import Assessment, ShiftSide, WorkStatus
from sciatica_pt.core.knowledge import Item
from sciatica_pt.core.planning.catalog import Catalog
from sciatica_pt.core.planning.daily_time import Day
from sciatica_pt.core.planning.essentials import DIRECTIONAL_CLASSES, essentials
from sciatica_pt.core.planning.items import daily_minutes, plan_item
from sciatica_pt.core.planning.safety import Cleared, apply_rules
from sciatica_pt.core.planning.selection import Candidate, select
from sciatica_pt.core.result import (
    Classification,
    DirectionalPreference,
    ExcludedItem,
    PainSource,
    PlanItem,
)
from sciatica_pt.core.vocabulary import (
    ALWAYS_AVAILABLE_EQUIPMENT,
    IRRITABILITY_ORDER,
    KEY_AREAS,
    PROGRESSIVE_STRENGTHENING_CLASSES,
    Direction,
    Equipment,
    Fact,
    Irritability,
    ItemClass,
    Setting,
    Stage,
    Target,
)

# When the patient's time was not recorded. No source gives a daily total; it is the sum of
# the doses the sources give (docs/planner.md): the directional exercise, about six sets of 10 a
# day (~6 min; clinical-notes §6.2, McKenzie-handout), a nerve slider 2-3 times a day (~2 min;
# §6.3), two short walks (~20 min; §6.1) and a strengthening exercise or two (~2 min).
DEFAULT_MINUTES_PER_DAY = 30

NERVE_GLIDES = frozenset({ItemClass.NERVE_GLIDE_SLIDER, ItemClass.NERVE_GLIDE_TENSIONER})
OPPOSITE = {Direction.EXTENSION: Direction.FLEXION, Direction.FLEXION: Direction.EXTENSION}
# The aerobic option that suits each direction (clinical-notes §3.4: flexion eases stenosis,
# so cycling; walking is the extension-friendly choice).
AEROBIC_FOR = {
    Direction.FLEXION: ItemClass.STATIONARY_CYCLING,
    Direction.EXTENSION: ItemClass.WALKING_PROGRAM,
}

# Priorities as weights: each tier outweighs every tier below it together (see selection).
W_DIRECTIONAL = 1024
W_NEURAL_RADICULAR = 256
W_KEY_AREA = 16
W_DEEP_GLUTEAL = 64
W_AEROBIC = 8
W_SUITED_AEROBIC = 4
SUITED_AEROBIC = "aerobic_suited_to_direction"  # needs of the selection, not KB targets
POOL_WORK = "pool_work"
W_SPECIFIC = 4
W_ESSENTIAL = 4096  # an essential exercise outweighs everything else together


@dataclass(frozen=True)
class Needs:
    direction: Direction | None  # the direction to work in, if any
    banned: Direction | None  # the opposite direction, kept out of the program
    lateral_shift: bool
    weights: dict[str, int]
    owned: frozenset[Equipment]  # what the patient has, plus what every home has


def needs_of(a: Assessment, c: Classification, facts: frozenset[Fact]) -> Needs:
    direction, banned = _directions(c)
    shift = a.exam.lateral_shift not in (None, ShiftSide.NONE)
    return Needs(
        direction=direction,
        banned=banned,
        lateral_shift=shift,
        weights=_weights(a, c, facts, direction is not None or shift),
        owned=_owned(a),
    )


def _directions(c: Classification) -> tuple[Direction | None, Direction | None]:
    """(the direction to work in, the direction kept out). In stenosis extension provokes
    neurogenic claudication and flexion relieves it, so extension is always kept out and the
    work is flexion-biased (clinical-notes §3.4, §5; Suri-2010); an extension preference
    recorded in stenosis is a contradiction, so then no direction is worked at all."""
    preferred = {
        DirectionalPreference.EXTENSION: Direction.EXTENSION,
        DirectionalPreference.FLEXION: Direction.FLEXION,
        DirectionalPreference.LATERAL: Direction.LATERAL,
    }.get(c.directional_preference)
    if c.pain_source is PainSource.STENOSIS:
        if preferred is Direction.EXTENSION:
            return None, Direction.EXTENSION
        return preferred or Direction.FLEXION, Direction.EXTENSION
    return preferred, OPPOSITE.get(preferred) if preferred else None


def _weights(
    a: Assessment, c: Classification, facts: frozenset[Fact], directional: bool
) -> dict[str, int]:
    """Only what this patient needs carries weight; everything else is 0, so exercises that
    differ only in side benefits are interchangeable and the cheaper one wins."""
    weights = {area.value: W_KEY_AREA for area in KEY_AREAS}
    radicular = Fact.RADICULOPATHY in facts
    weights[Target.NEURAL_MOBILITY.value] = W_NEURAL_RADICULAR if radicular else W_KEY_AREA
    weights[Target.DIRECTIONAL_PREFERENCE.value] = W_DIRECTIONAL if directional else 0
    weights[Target.AEROBIC_CAPACITY.value] = W_AEROBIC
    weights[SUITED_AEROBIC] = W_SUITED_AEROBIC
    weights[POOL_WORK] = W_SUITED_AEROBIC
    if c.pain_source is PainSource.DEEP_GLUTEAL:
        weights[Target.PIRIFORMIS.value] = W_DEEP_GLUTEAL
    if Fact.OLDER_ADULT in facts or Fact.MOTOR_DEFICIT in facts:
        weights[Target.BALANCE.value] = W_SPECIFIC  # older adults: balance (§6.5)
    if a.history.work_status in (WorkStatus.OFF_WORK, WorkStatus.MODIFIED_DUTIES):
        weights[Target.FUNCTION.value] = W_SPECIFIC  # function- or work-specific tasks (§6.5)
    return weights


def fits(item: Item, c: Classification, needs: Needs) -> bool:
    return (
        c.stage in item.stages
        and IRRITABILITY_ORDER[c.irritability] <= IRRITABILITY_ORDER[item.max_irritability]
        and needs.owned.issuperset(item.equipment)
        and _direction_fits(item, needs)
        and _load_fits(item, c)
    )


def _fitting(c: Classification, needs: Needs, catalog: Catalog) -> list[Item]:
    """The home exercises that fit; a pure function of these keys, so it is remembered."""
    key = (
        "fitting",
        c.stage,
        c.irritability,
        needs.direction,
        needs.banned,
        needs.lateral_shift,
        needs.owned,
    )
    found = catalog.memo.get(key)
    if found is None:
        found = [i for i in catalog.home_exercises if fits(i, c, needs)]
        catalog.remember(key, found)
    result: list[Item] = found
    return result


def _owned(a: Assessment) -> frozenset[Equipment]:
    owned = set(a.context.equipment) | ALWAYS_AVAILABLE_EQUIPMENT
    if a.context.pool_access is True:
        owned.add(Equipment.POOL)
    return frozenset(owned)


def _direction_fits(item: Item, needs: Needs) -> bool:
    wanted = DIRECTIONAL_CLASSES.get(item.item_class)
    if wanted is Direction.LATERAL:
        return needs.lateral_shift or needs.direction is Direction.LATERAL
    if wanted is not None and wanted is not needs.direction:
        return False
    return needs.banned is None or item.direction is not needs.banned


def _load_fits(item: Item, c: Classification) -> bool:
    if item.item_class is ItemClass.NERVE_GLIDE_TENSIONER:
        return c.irritability is Irritability.LOW  # sliders before tensioners (§6.3)
    if _early(c) and item.item_class in PROGRESSIVE_STRENGTHENING_CLASSES:
        return _isometric(item)  # isometrics first (§6.1)
    return True


def _isometric(item: Item) -> bool:
    dose = item.dosage
    return (
        dose is not None
        and dose.hold_seconds is not None
        and dose.reps is not None
        and dose.sets is None
    )


def _targets_of(item: Item, needs: Needs, rung: str | None) -> frozenset[str]:
    """What an exercise covers for the selection. Only a directional class counts as the
    directional exercise (a yoga pose in the same direction is not the McKenzie progression),
    only a nerve glide counts as neural mobility, and the aerobic option that suits the
    direction covers an extra need of its own."""
    targets = {t.value for t in item.targets}
    if item.item_class not in DIRECTIONAL_CLASSES:
        targets.discard(Target.DIRECTIONAL_PREFERENCE.value)
    elif rung is not None and item.direction is needs.direction and item.id != rung:
        targets.discard(Target.DIRECTIONAL_PREFERENCE.value)  # the tested movement comes first
    if item.item_class not in NERVE_GLIDES:
        # A hamstring stretch also loads the nerve, but it is not neural mobilisation; with
        # radicular pain it carries a precaution instead (pc.radiculopathy-hamstring-stretch).
        targets.discard(Target.NEURAL_MOBILITY.value)
    if needs.direction is not None and AEROBIC_FOR.get(needs.direction) is item.item_class:
        targets.add(SUITED_AEROBIC)
    if item.setting is Setting.POOL:
        targets.add(POOL_WORK)  # water unloads the spine; used where there is access
    return frozenset(targets)


def _candidates(
    allowed: list[Cleared], needs: Needs, c: Classification, catalog: Catalog, rung: str | None
) -> list[Candidate]:
    """The selection's view of each item (remembered: it depends on few things)."""
    early = _early(c)
    memo, direction = catalog.memo, needs.direction
    found: list[Candidate] = []
    for cleared in allowed:
        item = cleared.item
        key = ("candidate", item.id, direction, _bonus(item, early), rung)
        candidate = memo.get(key)
        if candidate is None:
            targets = _targets_of(item, needs, rung)
            candidate = Candidate(item.id, daily_minutes(item), targets, key[3])
            catalog.remember(key, candidate)
        found.append(candidate)
    return found


def _early(c: Classification) -> bool:
    return c.irritability is Irritability.HIGH or c.stage is Stage.ACUTE


def _bonus(item: Item, early: bool) -> int:
    """Early on (acute or highly irritable), prefer the first rung of a ladder."""
    return 1 if early and not item.regresses_to else 0


def home_program(
    a: Assessment,
    c: Classification,
    facts: frozenset[Fact],
    unasked: frozenset[Fact],
    catalog: Catalog,
) -> tuple[list[PlanItem], list[ExcludedItem]]:
    """The essentials first (the directional exercise whatever the time), then the selection
    fills the time they leave; what the time could not hold is named in "Left out"."""
    needs = needs_of(a, c, facts)
    fitting = _fitting(c, needs, catalog)
    allowed, excluded = apply_rules(fitting, catalog.rules, facts, unasked)
    day = Day(a.context.minutes_per_day or DEFAULT_MINUTES_PER_DAY, a.context.minutes_per_day)
    by_id = {cleared.item.id: cleared for cleared in allowed}
    wanted = essentials(a, facts, needs.direction, {i: x.item for i, x in by_id.items()}, catalog)
    first, late = day.place([(e, by_id[e.item_id].item) for e in wanted])
    rung = next((e.item_id for e in first if e.always), None)
    pinned = {e.item_id for e in first}
    rest = _candidates([x for x in allowed if x.item.id not in pinned], needs, c, catalog, rung)
    weights = dict(needs.weights)
    essential = [_essential(by_id[e.item_id].item, needs, rung, weights) for e in first]
    chosen = select(essential + rest, weights, day.room)
    order = [e.item_id for e in first]
    order += [i for i in _in_order(chosen, by_id, needs) if i not in pinned]
    plan = [by_id[i].item for i in order]
    note = day.note(sum(daily_minutes(i) for i in plan))
    whys = {e.item_id: e.why for e in first}
    items = [_as_plan_item(by_id[i], needs, [whys.get(i, ""), note]) for i in order]
    missed = day.left_out(essential + rest, chosen, needs.weights, W_KEY_AREA, catalog)
    return items, excluded + late + missed


def _essential(item: Item, needs: Needs, rung: str | None, weights: dict[str, int]) -> Candidate:
    """An essential as the selection sees it: its time is already counted (`Day.place`), and
    a target of its own outweighing everything else together makes every best answer hold it."""
    own = f"essential:{item.id}"
    weights[own] = W_ESSENTIAL
    return Candidate(item.id, 0, _targets_of(item, needs, rung) | {own})


def _in_order(ids: tuple[str, ...], by_id: dict[str, Cleared], needs: Needs) -> list[str]:
    """By weight of what each exercise covers (the essentials come before these)."""

    def rank(item_id: str) -> tuple[int, str]:
        item = by_id[item_id].item
        return (-sum(needs.weights.get(t.value, 0) for t in item.targets), item_id)

    return sorted(ids, key=rank)


def _as_plan_item(cleared: Cleared, needs: Needs, notes: list[str]) -> PlanItem:
    item = cleared.item
    why = [_purpose(item, needs), *(n for n in notes if n)]
    return plan_item(item, why, cleared.precautions)


def _purpose(item: Item, needs: Needs) -> str:
    if item.item_class in DIRECTIONAL_CLASSES:
        return (
            f"Directional exercise in the preferred direction ({item.direction}): "
            "continue only while symptoms centralise or ease."
        )
    if item.setting is Setting.POOL:
        return "Pool exercise: the patient has pool access and no contraindication was found."
    covered = [t.value.replace("_", " ") for t in item.targets if needs.weights.get(t.value, 0)]
    return "Covers " + (", ".join(covered) or "general conditioning") + "."

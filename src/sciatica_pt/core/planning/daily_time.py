"""The patient's day: the time the essentials take, the room they leave, and what the time
could not hold, said in "Left out" (issue 17: the plan says so when the time runs out).

The daily-time model itself (a set of 10 repetitions takes about a minute) is
`core.plan_items.daily_minutes`; the default day is `plan_exercises.DEFAULT_MINUTES_PER_DAY`
(both in docs/planner.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sciatica_pt.core.knowledge import Item
from sciatica_pt.core.planning.catalog import Catalog
from sciatica_pt.core.planning.essentials import Essential
from sciatica_pt.core.planning.items import daily_minutes
from sciatica_pt.core.planning.safety import excluded_item
from sciatica_pt.core.planning.selection import Candidate
from sciatica_pt.core.result import ExcludedItem


class Day:
    def __init__(self, budget: int, recorded: int | None) -> None:
        self.budget = budget
        self.recorded = recorded is not None
        self.used = 0  # minutes the essentials placed so far take

    @property
    def room(self) -> int:
        """Minutes left for the selection after the essentials."""
        return max(self.budget - self.used, 0)

    def place(
        self, wanted: Sequence[tuple[Essential, Item]]
    ) -> tuple[list[Essential], list[ExcludedItem]]:
        """The essentials in order: each that must stay, and each other one while it fits;
        one that does not fit is left out with the time as the reason."""
        first: list[Essential] = []
        late: list[ExcludedItem] = []
        for essential, item in wanted:
            minutes = daily_minutes(item)
            if essential.always or self.used + minutes <= self.budget:
                first.append(essential)
                self.used += minutes
            else:
                late.append(self._short(item, minutes, self.room, essential.why))
        return first, late

    def note(self, total: int) -> str:
        """What the day's time says about the program (one line on every exercise)."""
        given = self._given()
        if total > self.budget:
            return (
                "What must stay (the directional exercise; balance training with osteoporosis) "
                f"stays whatever the time: the program takes {total} "
                f"minutes a day, more than {given}."
            )
        if self.recorded:
            return f"Fits {given} for the program."
        return f"No daily time was recorded; the program assumes {self.budget} minutes a day."

    def left_out(
        self,
        candidates: Sequence[Candidate],
        chosen: Sequence[str],
        weights: Mapping[str, int],
        floor: int,
        catalog: Catalog,
    ) -> list[ExcludedItem]:
        """For each need weighing at least `floor` that no chosen exercise covers: the quickest
        exercise that would cover it, when it is the time that keeps it out."""
        picked = [c for c in candidates if c.id in chosen]
        covered = frozenset().union(*(c.targets for c in picked))
        left = self.room - sum(c.minutes for c in picked)
        found: dict[str, ExcludedItem] = {}
        for target, weight in sorted(weights.items()):
            if weight < floor or target in covered:
                continue
            options = [c for c in candidates if target in c.targets and c.id not in chosen]
            if not options:
                continue
            quickest = min(options, key=lambda c: (c.minutes, c.id))
            if quickest.minutes > left and quickest.id not in found:
                need = f"it would cover {target.replace('_', ' ')}"
                item = catalog.by_id[quickest.id]
                found[quickest.id] = self._short(item, quickest.minutes, left, need)
        return list(found.values())

    def _short(self, item: Item, minutes: int, left: int, need: str) -> ExcludedItem:
        reason = (
            f"Not enough daily time: {need.rstrip('.')}; it takes {minutes} minutes a day and "
            f"{left} of {self._given()} are left after the exercises planned."
        )
        return excluded_item(item, reason, item.evidence.refs)

    def _given(self) -> str:
        if self.recorded:
            return f"the {self.budget} minutes a day available"
        return f"the {self.budget} minutes a day assumed (no daily time was recorded)"

"""Choose the home exercises: an exact search, not first-fit.

The problem: from the allowed candidates, pick between `MIN_ITEMS` and `MAX_ITEMS` exercises
whose daily minutes fit the patient's budget and that best cover what this patient needs.

Objective, compared as a tuple (larger is better):
1. coverage: the sum of the weights of the needed targets covered by at least one chosen
   exercise (a target counts once however many exercises cover it). The planner sets the
   weights so that the directional exercise outranks everything else together, then neural
   mobility, then the five key areas (core, glutes, hip mobility, back extensors), then the
   rest: a lexicographic priority expressed as weights;
2. bonus: the sum of small per-exercise bonuses (e.g. the aerobic option that suits the
   directional preference);
3. fewer daily minutes;
4. the alphabetically smallest sorted tuple of ids, so equal plans always come out the same.

Method: candidates that share a (target mask, bonus) are interchangeable, so only the two
cheapest of each group can be in a best answer (a third would add no coverage, only minutes).
A depth-first branch-and-bound over the survivors then explores subsets in a fixed order,
pruning with an optimistic bound (current coverage plus every still-coverable weight, plus the
largest bonuses that could still be added). When no subset of two fits the budget, the best
single exercise is returned; when none fits, nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MIN_ITEMS = 2
MAX_ITEMS = 6


@dataclass(frozen=True)
class Candidate:
    id: str
    minutes: int  # daily minutes: one session times sessions per day
    targets: frozenset[str]
    bonus: int = 0


@dataclass(frozen=True)
class Choice:
    ids: tuple[str, ...]  # sorted
    coverage: int
    bonus: int
    minutes: int

    def beats(self, other: Choice) -> bool:
        """Strictly better under the objective (the last step prefers the smaller ids)."""
        mine = (self.coverage, self.bonus, -self.minutes)
        theirs = (other.coverage, other.bonus, -other.minutes)
        return mine > theirs or (mine == theirs and self.ids < other.ids)


def evaluate(chosen: Sequence[Candidate], weights: Mapping[str, int]) -> Choice:
    """The objective's view of any subset (used by the search and by the brute-force test)."""
    return _choice(chosen, weights)


def _choice(chosen: Sequence[Candidate], weights: Mapping[str, int]) -> Choice:
    covered = frozenset().union(*(c.targets for c in chosen)) if chosen else frozenset()
    return Choice(
        ids=tuple(sorted(c.id for c in chosen)),
        coverage=sum(weights.get(t, 0) for t in covered),
        bonus=sum(c.bonus for c in chosen),
        minutes=sum(c.minutes for c in chosen),
    )


def select(
    candidates: Sequence[Candidate], weights: Mapping[str, int], budget: int
) -> tuple[str, ...]:
    """The ids of the best subset (sorted), following the objective above."""
    pool = _survivors(candidates, weights, budget)
    for low in (MIN_ITEMS, 1):
        best = _Search(pool, weights, budget, low).run()
        if best is not None:
            return best.ids
    return ()


def _survivors(
    candidates: Sequence[Candidate], weights: Mapping[str, int], budget: int
) -> list[Candidate]:
    groups: dict[tuple[frozenset[str], int], list[Candidate]] = {}
    for c in candidates:
        if c.minutes <= budget:
            mask = frozenset(t for t in c.targets if weights.get(t, 0) > 0)
            groups.setdefault((mask, c.bonus), []).append(c)
    kept = [c for group in groups.values() for c in sorted(group, key=_cheap)[:MIN_ITEMS]]
    # Heaviest first, so good answers are found early and the bound prunes more.
    return sorted(kept, key=lambda c: (-_weight(c, weights) - c.bonus, c.minutes, c.id))


def _cheap(c: Candidate) -> tuple[int, str]:
    return (c.minutes, c.id)


def _weight(c: Candidate, weights: Mapping[str, int]) -> int:
    return sum(weights.get(t, 0) for t in c.targets)


class _Search:
    def __init__(
        self, pool: list[Candidate], weights: Mapping[str, int], budget: int, low: int
    ) -> None:
        self.pool, self.weights, self.budget, self.low = pool, weights, budget, low
        self.best: Choice | None = None
        # What the candidates from index i onwards could still add, for the bound.
        self.reach = [frozenset().union(*(c.targets for c in pool[i:])) for i in range(len(pool))]
        self.reach.append(frozenset())

    def run(self) -> Choice | None:
        self._visit(0, [], frozenset(), 0)
        return self.best

    def _visit(
        self, start: int, chosen: list[Candidate], covered: frozenset[str], mins: int
    ) -> None:
        if len(chosen) >= self.low:
            self._offer(chosen)
        if len(chosen) == MAX_ITEMS or not self._promising(start, chosen, covered, mins):
            return
        for i in range(start, len(self.pool)):
            c = self.pool[i]
            if mins + c.minutes <= self.budget:
                chosen.append(c)
                self._visit(i + 1, chosen, covered | c.targets, mins + c.minutes)
                chosen.pop()

    def _offer(self, chosen: list[Candidate]) -> None:
        choice = _choice(chosen, self.weights)
        if self.best is None or choice.beats(self.best):
            self.best = choice

    def _promising(
        self, start: int, chosen: list[Candidate], covered: frozenset[str], mins: int
    ) -> bool:
        """Could extending `chosen` with pool[start:] beat the best so far? (An optimistic
        bound: every coverable weight gained and the largest bonuses added, at no cost.)"""
        if self.best is None:
            return True
        extra = sum(self.weights.get(t, 0) for t in self.reach[start] - covered)
        now = sum(self.weights.get(t, 0) for t in covered)
        room = MAX_ITEMS - len(chosen)
        bonuses = sorted((c.bonus for c in self.pool[start:]), reverse=True)[:room]
        bonus_now = sum(c.bonus for c in chosen)
        upper = (now + extra, bonus_now + sum(b for b in bonuses if b > 0))
        best = (self.best.coverage, self.best.bonus)
        # An equal bound can still win on minutes or ids, but never with more minutes than
        # the best already has (minutes only grow as exercises are added).
        return upper > best or (upper == best and mins <= self.best.minutes)

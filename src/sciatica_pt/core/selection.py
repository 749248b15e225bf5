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

Method: candidates that share a (target mask, bonus) are interchangeable, so a best answer
uses the cheapest few of each group: with no bonus, at most two (a third adds no coverage, only
minutes; two may be needed to reach the minimum count); with a bonus, up to six.
A depth-first branch-and-bound over the survivors then explores subsets in a fixed order,
pruning with an optimistic bound (current coverage plus every still-coverable weight, plus the
largest bonuses that could still be added). When no subset of two fits the budget, the best
single exercise is returned; when none fits, nothing.
"""

from __future__ import annotations

import functools
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
    problem = _Problem(candidates, weights, budget)
    pool = problem.survivors()
    core, pairs = problem.split_dominated(pool)
    for low in (MIN_ITEMS, 1):
        best = _Search(problem, core, low).run()
        if low == MIN_ITEMS:
            best = problem.best_pair(pairs, best)
        if best is not None:
            return best.ids
    return ()


def _cheap(c: Candidate) -> tuple[int, str]:
    return (c.minutes, c.id)


class _Problem:
    """One selection: the needed targets as bits, each candidate's mask and weight."""

    def __init__(
        self, candidates: Sequence[Candidate], weights: Mapping[str, int], budget: int
    ) -> None:
        self.weights, self.budget = weights, budget
        self.candidates = [c for c in candidates if c.minutes <= budget]
        needed = sorted({t for c in self.candidates for t in c.targets if weights.get(t, 0) > 0})
        bit = {t: 1 << i for i, t in enumerate(needed)}
        bit_weight = [weights[t] for t in needed]
        # Coverage of a mask by table look-up, one table per byte of the mask.
        self.tables = [_byte_table(tuple(bit_weight[b : b + 8])) for b in range(0, len(needed), 8)]
        self.mask = {c.id: sum(bit[t] for t in c.targets if t in bit) for c in self.candidates}
        self.weight = {i: self.value(m) for i, m in self.mask.items()}

    def value(self, mask: int) -> int:
        total = 0
        for table in self.tables:
            total += table[mask & 0xFF]
            mask >>= 8
        return total

    def survivors(self) -> list[Candidate]:
        groups: dict[tuple[int, int], list[Candidate]] = {}
        for c in self.candidates:
            groups.setdefault((self.mask[c.id], c.bonus), []).append(c)
        kept = [
            c
            for (_, bonus), group in groups.items()
            for c in sorted(group, key=_cheap)[: MAX_ITEMS if bonus > 0 else MIN_ITEMS]
        ]
        # Heaviest first, so good answers are found early and the bound prunes more.
        return sorted(kept, key=lambda c: (-self.weight[c.id] - c.bonus, c.minutes, c.id))

    def split_dominated(
        self, pool: list[Candidate]
    ) -> tuple[list[Candidate], list[tuple[Candidate, Candidate]]]:
        """Drop x when some y covers everything x covers and is quicker (or as quick with a
        smaller id), and x has no bonus and takes time. Swapping x for y never makes a subset
        worse, so a best subset holds such an x only beside a y that dominates it, in a pair
        of two (removing x from anything larger is better): those pairs are returned to be
        checked apart. Exact."""
        by_cheap = sorted(pool, key=_cheap)
        dropped: set[str] = set()
        pairs: list[tuple[Candidate, Candidate]] = []
        for rank, x in enumerate(by_cheap):
            if x.bonus > 0 or x.minutes == 0:
                continue
            mx = self.mask[x.id]
            dominators = [y for y in by_cheap[:rank] if mx & ~self.mask[y.id] == 0]
            if dominators:
                dropped.add(x.id)
                pairs += [(x, y) for y in dominators if x.minutes + y.minutes <= self.budget]
        return [c for c in pool if c.id not in dropped], pairs

    def best_pair(
        self, pairs: list[tuple[Candidate, Candidate]], best: Choice | None
    ) -> Choice | None:
        """The best of the search's answer and the pairs; in such a pair y covers all x does
        and x has no bonus, so the pair scores y's coverage and bonus."""
        for x, y in pairs:
            if best is not None:
                quick = (self.weight[y.id], y.bonus, -(x.minutes + y.minutes))
                if quick < (best.coverage, best.bonus, -best.minutes):
                    continue  # worse before the ids are even compared
            choice = Choice(
                ids=tuple(sorted((x.id, y.id))),
                coverage=self.weight[y.id],
                bonus=y.bonus,
                minutes=x.minutes + y.minutes,
            )
            if best is None or choice.beats(best):
                best = choice
        return best


class _Search:
    """Depth-first over subsets in pool order, with targets as bit masks for speed."""

    def __init__(self, problem: _Problem, pool: list[Candidate], low: int) -> None:
        self.pool, self.budget, self.low = pool, problem.budget, low
        self.value = problem.value
        self.masks = [problem.mask[c.id] for c in pool]
        self.minutes = [c.minutes for c in pool]
        # What the candidates from index i onwards could still cover, and their best bonuses.
        self.reach = [0] * (len(pool) + 1)
        for i in range(len(pool) - 1, -1, -1):
            self.reach[i] = self.reach[i + 1] | self.masks[i]
        self.cheapest = [
            min((c.minutes for c in pool[i:]), default=0) for i in range(len(pool) + 1)
        ]
        # The largest total bonus `room` more exercises from index i onwards could add.
        self.bonus_room = _bonus_rooms([c.bonus for c in pool])
        self.best: Choice | None = None
        self.best_key = (-1, -1)

    def run(self) -> Choice | None:
        self._visit(0, [], 0, 0, 0)
        return self.best

    def _visit(self, start: int, chosen: list[int], covered: int, mins: int, bonus: int) -> None:
        if len(chosen) >= self.low:
            self._offer(chosen, covered, mins, bonus)
        if len(chosen) == MAX_ITEMS or not self._promising(
            start, len(chosen), covered, mins, bonus
        ):
            return
        room = MAX_ITEMS - len(chosen)
        for i in range(start, len(self.pool)):
            if self.best is not None and self._beaten(
                (self.value(covered | self.reach[i]), bonus + self.bonus_room[i][room]), i, mins
            ):
                break  # no child from i on can win: reach and bonuses only shrink with i
            c = self.pool[i]
            if mins + c.minutes > self.budget:
                continue
            if self._useless(i, len(chosen), covered):
                continue
            chosen.append(i)
            self._visit(i + 1, chosen, covered | self.masks[i], mins + c.minutes, bonus + c.bonus)
            chosen.pop()

    def _useless(self, i: int, count: int, covered: int) -> bool:
        """Adding it gains no coverage and no bonus but costs minutes, and the count is
        already met: the same subset without it is strictly better, so skip (exact)."""
        c = self.pool[i]
        gains = self.masks[i] & ~covered or c.bonus > 0
        return not gains and c.minutes > 0 and count >= self.low

    def _offer(self, chosen: list[int], covered: int, mins: int, bonus: int) -> None:
        coverage = self.value(covered)
        key = (coverage, bonus)
        if self.best is not None and key < self.best_key:
            return
        ids = tuple(sorted(self.pool[i].id for i in chosen))
        choice = Choice(ids=ids, coverage=coverage, bonus=bonus, minutes=mins)
        if self.best is None or choice.beats(self.best):
            self.best, self.best_key = choice, key

    def _promising(self, start: int, count: int, covered: int, mins: int, bonus: int) -> bool:
        """Could extending the subset with pool[start:] beat the best so far? The bound is
        optimistic: coverage can grow by at most the `room` largest marginal gains of the
        exercises that still fit (coverage is submodular, so gains never add up to more than
        their union), by at most the fractional-knapsack value of those gains in the minutes
        left, and never beyond everything still reachable; bonuses likewise."""
        if self.best is None:
            return True
        room = MAX_ITEMS - count
        extra_bonus = self.bonus_room[start][room]
        now = self.value(covered)
        coverage = self.value(covered | self.reach[start])
        if self._beaten((coverage, bonus + extra_bonus), start, mins):
            return False  # the cheap bound already rules it out
        left = self.budget - mins
        value, uncovered = self.value, ~covered
        fitting = [
            (gain, minutes)
            for mask, minutes in zip(self.masks[start:], self.minutes[start:], strict=True)
            if minutes <= left and (gain := value(mask & uncovered)) > 0
        ]
        top = now + sum(sorted((g for g, _ in fitting), reverse=True)[:room])
        if self._beaten((min(coverage, top), bonus + extra_bonus), start, mins):
            return False
        coverage = min(coverage, top, now + _fractional(fitting, left))
        return not self._beaten((coverage, bonus + extra_bonus), start, mins)

    def _beaten(self, upper: tuple[int, int], start: int, mins: int) -> bool:
        """True when no extension with this upper bound can beat the best. An equal bound can
        still win on minutes or ids, but only if even the quickest remaining exercise keeps
        the total within the best's minutes."""
        assert self.best is not None
        if upper != self.best_key:
            return upper < self.best_key
        return mins + self.cheapest[start] > self.best.minutes


def _bonus_rooms(bonuses: list[int]) -> list[list[int]]:
    """rooms[i][k] = the largest total of k positive bonuses among bonuses[i:]."""
    none = [0] * (MAX_ITEMS + 1)
    if not any(b > 0 for b in bonuses):
        return [none] * (len(bonuses) + 1)  # the usual case: no bonus anywhere
    rooms: list[list[int]] = [none]
    found: list[int] = []
    for b in reversed(bonuses):
        if b > 0:
            found = sorted([*found, b], reverse=True)[:MAX_ITEMS]
        rooms.append(_prefix_sums(found))
    return rooms[::-1]


def _prefix_sums(values: list[int]) -> list[int]:
    """sums[k] = the sum of the first k values, for k up to MAX_ITEMS (short lists repeat
    their total)."""
    sums = [0]
    for k in range(MAX_ITEMS):
        sums.append(sums[-1] + (values[k] if k < len(values) else 0))
    return sums


def _fractional(items: list[tuple[int, int]], capacity: int) -> int:
    """Upper bound on the gain that fits in `capacity` minutes (items may be split). The sums
    are integers and the split item is rounded up, so rounding never cuts the bound; ordering
    by float ratios is exact here (distinct ratios of small integers differ far above 1e-15)."""
    total = sum(g for g, m in items if m == 0 and g > 0)
    paid = [(g, m) for g, m in items if m > 0 and g > 0]
    for gain, minutes in sorted(paid, key=lambda gm: -gm[0] / gm[1]):
        if minutes <= capacity:
            total, capacity = total + gain, capacity - minutes
        else:
            return total + -(-gain * capacity // minutes)  # rounded up
    return total


@functools.lru_cache(maxsize=256)
def _byte_table(weights: tuple[int, ...]) -> list[int]:
    table = [0] * 256
    for mask in range(1, 256):
        low = (mask & -mask).bit_length() - 1
        table[mask] = table[mask & (mask - 1)] + (weights[low] if low < len(weights) else 0)
    return table

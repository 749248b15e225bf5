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

Method: targets are bits and a candidate is a plain tuple (mask, minutes, bonus, id), so the
inner loops do integer work and list indexing, no dict or attribute look-ups. Candidates that
share a (target mask, bonus) are interchangeable, so a best answer uses the quickest few of each
group: with no bonus, at most two that take time (a third adds no coverage, only minutes; two
may be needed to reach the minimum count); with a bonus, up to six. A candidate with no bonus
that a quicker one covers entirely can only be in a best answer as half of a pair with such a
dominator, so the best of those pairs is checked apart and the candidate leaves the search. A
depth-first branch-and-bound over the rest explores subsets heaviest first, pruning with
optimistic bounds and skipping a candidate when one that dominates it was passed over (see
`_Search`). When no subset of two fits the budget, the best single exercise is returned; when
none fits, nothing.

What is remembered across calls (`_scoring`): for one set of weights, the bit of each target,
the coverage of every mask and the mask of each target set. Nothing is remembered per candidate
list or per budget: every call searches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sciatica_pt.core.planning.selection_bounds import Scoring, Values, bonus_rooms, scoring_of

MIN_ITEMS = 2
MAX_ITEMS = 6

# One candidate as the search sees it: (target mask, daily minutes, bonus, id).
Row = tuple[int, int, int, str]
Key = tuple[int, int, int]  # (coverage, bonus, -minutes): larger is better


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
    """The objective's view of any subset (used by the brute-force test): plain sets, no bits."""
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
    scoring = _scoring(weights)
    values = scoring.values
    kept = _cheapest_of_each_group(_rows(candidates, scoring, budget))
    core, dropped = _split_dominated(kept)
    best = _Search(core, values, budget).run()
    pair = _best_pair(kept, dropped, values, budget, best)
    if pair is not None and (best is None or _better(pair, best)):
        best = pair
    if best is not None:
        return best[1]
    return _best_single(kept, values)


def _rows(
    candidates: Sequence[Candidate], scoring: Scoring, budget: int
) -> list[tuple[int, str, int, int]]:
    """(minutes, id, mask, bonus) of each candidate that fits, quickest first, then by id:
    the order every tie below is broken in."""
    masks = scoring.masks
    rows = []
    for c in candidates:
        if c.minutes <= budget:
            mask = masks.get(c.targets)
            if mask is None:
                mask = scoring.mask_of(c.targets)
            rows.append((c.minutes, c.id, mask, c.bonus))
    rows.sort()
    return rows


def _scoring(weights: Mapping[str, int]) -> Scoring:
    return scoring_of(tuple(sorted((t, w) for t, w in weights.items() if w > 0)))


def _better(a: tuple[Key, tuple[str, ...]], b: tuple[Key, tuple[str, ...]]) -> bool:
    return a[0] > b[0] or (a[0] == b[0] and a[1] < b[1])


def _cheapest_of_each_group(rows: list[tuple[int, str, int, int]]) -> list[Row]:
    """The quickest two of each (mask, bonus) group, in the same quickest-first order. A best
    subset holds the quickest few of a group (swapping in a quicker one is better); a third
    with no bonus adds no coverage, so it is there only if it takes no time (then it can still
    win on ids), and bonuses can add up over six. Exact."""
    taken: dict[tuple[int, int], int] = {}
    kept: list[Row] = []
    for minutes, item_id, mask, bonus in rows:
        group = (mask, bonus)
        count = taken.get(group, 0)
        if count < MIN_ITEMS or (count < MAX_ITEMS and (bonus > 0 or minutes == 0)):
            taken[group] = count + 1
            kept.append((mask, minutes, bonus, item_id))
    return kept


def _split_dominated(kept: list[Row]) -> tuple[list[Row], list[int]]:
    """Drop x when an earlier (quicker, or as quick with a smaller id) y covers everything x
    covers, and x has no bonus and takes time. Swapping x for y never makes a subset worse, so
    a best subset holds such an x only beside a y that dominates it, in a pair of two (removing
    x from anything larger is better): see `_best_pair`. Exact. Returns the rest and the
    positions of the dropped."""
    seen: set[int] = set()  # the distinct masks so far
    dropped: list[int] = []
    core: list[Row] = []
    for rank, row in enumerate(kept):
        mask, minutes, bonus, _ = row
        if bonus == 0 and minutes > 0 and _covered_by(mask, seen):
            dropped.append(rank)
        else:
            core.append(row)
        seen.add(mask)
    return core, dropped


def _covered_by(mask: int, masks: set[int]) -> bool:
    if mask in masks:
        return True
    for other in masks:  # noqa: SIM110 (a plain loop: any() over a generator is slower here)
        if mask & ~other == 0:
            return True
    return False


def _best_pair(
    kept: list[Row],
    dropped: list[int],
    values: Values,
    budget: int,
    best: tuple[Key, tuple[str, ...]] | None,
) -> tuple[Key, tuple[str, ...]] | None:
    """The best pair of a dropped x and an earlier y covering all x does, when it could beat
    the search's best: the pair scores y's coverage and bonus (x has none), so only a y that
    alone reaches the best's coverage and bonus can take part (usually none can)."""
    floor = (-1, -1) if best is None else (best[0][0], best[0][1])
    heavy = [j for j, y in enumerate(kept) if (values[y[0]], y[2]) >= floor]
    pair: tuple[Key, tuple[str, ...]] | None = None
    for rank in dropped if heavy else ():
        x = kept[rank]
        for j in heavy:
            y = kept[j]
            if j >= rank or x[0] & ~y[0] or x[1] + y[1] > budget:
                continue
            found = ((values[y[0]], y[2], -(x[1] + y[1])), tuple(sorted((x[3], y[3]))))
            if pair is None or _better(found, pair):
                pair = found
    return pair


def _best_single(kept: list[Row], values: Values) -> tuple[str, ...]:
    """When no two fit: the best one alone (kept is quickest first, then by id)."""
    best: tuple[Key, str] | None = None
    for mask, minutes, bonus, item_id in kept:
        key = (values[mask], bonus, -minutes)
        if best is None or key > best[0]:
            best = (key, item_id)
    return (best[1],) if best is not None else ()


class _Search:
    """Depth-first over subsets of the pool, heaviest first so that good answers come early
    and the bounds prune more.

    Bounds at a node, all optimistic: coverage can grow to at most everything still reachable
    from the remaining candidates, and by at most the `room` largest marginal gains of those
    that still fit (coverage is submodular, so gains never add up to more than their union).
    Bonuses grow by at most the `room` largest remaining ones. An equal bound can still win on
    minutes or ids, but only if even the quickest remaining exercise keeps the total within the
    best's minutes. (A fractional-knapsack bound on the minutes left was tried too: on the
    benchmark it pruned 24 of 1,600 nodes and cost more than it saved, so it went.)"""

    def __init__(self, core: list[Row], values: Values, budget: int) -> None:
        pool = sorted((-values[m] - b, minutes, i, m, b) for m, minutes, b, i in core)
        self.values, self.budget, self.n = values, budget, len(pool)
        self.minutes: list[int] = [r[1] for r in pool]
        self.ids: list[str] = [r[2] for r in pool]
        self.masks: list[int] = [r[3] for r in pool]
        self.bonuses: list[int] = [r[4] for r in pool]
        self.reach = [0] * (self.n + 1)  # what pool[i:] could still cover
        self.cheapest = [budget + 1] * (self.n + 1)  # the quickest of pool[i:]
        for i in range(self.n - 1, -1, -1):
            self.reach[i] = self.reach[i + 1] | self.masks[i]
            self.cheapest[i] = min(self.cheapest[i + 1], self.minutes[i])
        self.bonus_room = bonus_rooms(self.bonuses, MAX_ITEMS)
        # Only a candidate with a bonus or no minutes can have one: any other was dropped.
        self.needs = [
            self._dominators(i) if self.bonuses[i] > 0 or self.minutes[i] == 0 else 0
            for i in range(self.n)
        ]
        self.taken = 0  # the chosen indices as bits
        self.best: Key | None = None
        self.best_ids: tuple[str, ...] = ()

    def _dominators(self, i: int) -> int:
        """The earlier candidates that dominate pool[i], as bits: each covers all it covers,
        has at least its bonus, and is quicker (or as quick with a smaller id). A best subset
        holding pool[i] holds all of them, since swapping one in for pool[i] would be strictly
        better; and they come before it in the pool, so a branch that passed one over can
        skip pool[i] (exact)."""
        mask, bonus, quick = self.masks[i], self.bonuses[i], (self.minutes[i], self.ids[i])
        masks, bonuses = self.masks, self.bonuses
        found = 0
        for j in range(i):
            if mask & ~masks[j] or bonuses[j] < bonus:
                continue
            if (self.minutes[j], self.ids[j]) < quick:
                found |= 1 << j
        return found

    def run(self) -> tuple[Key, tuple[str, ...]] | None:
        self._visit(0, [], 0, 0, 0)
        return None if self.best is None else (self.best, self.best_ids)

    def _visit(self, start: int, chosen: list[int], covered: int, mins: int, bonus: int) -> None:
        count = len(chosen)
        if count >= MIN_ITEMS:
            self._offer(chosen, covered, mins, bonus)
        if count == MAX_ITEMS or not self._promising(start, count, covered, mins, bonus):
            return
        masks, minutes, bonuses, reach, values = (
            self.masks,
            self.minutes,
            self.bonuses,
            self.reach,
            self.values,
        )
        rooms, left, full = self.bonus_room, self.budget - mins, count >= MIN_ITEMS
        needs = self.needs
        room = MAX_ITEMS - count
        for i in range(start, self.n):
            best, upper = self.best, values[covered | reach[i]]
            if (
                best is not None
                and upper <= best[0]  # else the coverage alone says it may win
                and self._beaten(upper, bonus + rooms[i][room], i, mins)
            ):
                break  # no child from i on can win: reach and bonuses only shrink with i
            if minutes[i] > left:
                continue
            if full and not (masks[i] & ~covered or bonuses[i] > 0) and minutes[i] > 0:
                continue  # no gain, only minutes, and the count is met: strictly worse
            if needs[i] & ~self.taken:
                continue  # a candidate that dominates it was passed over
            chosen.append(i)
            self.taken |= 1 << i
            self._visit(i + 1, chosen, covered | masks[i], mins + minutes[i], bonus + bonuses[i])
            self.taken ^= 1 << i
            chosen.pop()

    def _offer(self, chosen: list[int], covered: int, mins: int, bonus: int) -> None:
        key = (self.values[covered], bonus, -mins)
        if self.best is not None and key < self.best:
            return
        ids = tuple(sorted([self.ids[i] for i in chosen]))
        if self.best is None or key > self.best or ids < self.best_ids:
            self.best, self.best_ids = key, ids

    def _promising(self, start: int, count: int, covered: int, mins: int, bonus: int) -> bool:
        if self.best is None:
            return True
        room = MAX_ITEMS - count
        extra = bonus + self.bonus_room[start][room]
        values = self.values
        now, reachable = values[covered], values[covered | self.reach[start]]
        if self._beaten(reachable, extra, start, mins):
            return False  # the cheap bound already rules it out
        left, uncovered = self.budget - mins, ~covered
        gains = [
            gain
            for mask, m in zip(self.masks[start:], self.minutes[start:], strict=True)
            if m <= left and (gain := values[mask & uncovered])
        ]
        gains.sort(reverse=True)
        top = now + sum(gains[:room])
        return not self._beaten(min(reachable, top), extra, start, mins)

    def _beaten(self, coverage: int, bonus: int, start: int, mins: int) -> bool:
        """No extension with these upper bounds can beat the best (set by the caller)."""
        best = self.best
        assert best is not None
        if coverage != best[0]:
            return coverage < best[0]
        if bonus != best[1]:
            return bonus < best[1]
        return mins + self.cheapest[start] > -best[2]

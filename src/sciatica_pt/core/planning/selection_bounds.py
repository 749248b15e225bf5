"""Arithmetic for `core.selection`: coverage of target masks, and the bonus bound.

`scoring_of` is remembered per set of weights (a handful of distinct sets occur: they depend
on a few facts about the patient), so the coverage of every mask is a list look-up in the
search's inner loop. It does not depend on the candidates or the budget.
"""

from __future__ import annotations

import functools
from typing import Protocol

FULL_TABLE_BITS = 12  # up to 4,096 masks: tabulate all; beyond, compute on demand
MASK_CACHE_SIZE = 4096


class Values(Protocol):
    """The coverage (sum of weights) of a target mask: values[mask]."""

    def __getitem__(self, mask: int, /) -> int: ...


class _OnDemand(dict[int, int]):
    """Coverage computed on first use, for weight sets too large to tabulate."""

    def __init__(self, weights: tuple[int, ...]) -> None:
        super().__init__()
        self.weights = weights

    def __missing__(self, mask: int) -> int:
        total = sum(w for bit, w in enumerate(self.weights) if mask >> bit & 1)
        if len(self) < MASK_CACHE_SIZE:
            self[mask] = total
        return total


class Scoring:
    """One set of weights as bits: target -> bit, mask -> coverage, target set -> mask."""

    def __init__(self, weighted: tuple[tuple[str, int], ...]) -> None:
        self.bit = {target: 1 << i for i, (target, _) in enumerate(weighted)}
        weights = tuple(w for _, w in weighted)
        self.values: Values = (
            _table(weights) if len(weights) <= FULL_TABLE_BITS else _OnDemand(weights)
        )
        self.masks: dict[frozenset[str], int] = {}

    def mask_of(self, targets: frozenset[str]) -> int:
        """The bits of the weighted targets in this set (remembered: sets recur)."""
        found = self.masks.get(targets)
        if found is None:
            found = sum(self.bit[t] for t in targets if t in self.bit)
            if len(self.masks) >= MASK_CACHE_SIZE:
                self.masks.clear()  # bounded
            self.masks[targets] = found
        return found


@functools.lru_cache(maxsize=64)
def scoring_of(weighted: tuple[tuple[str, int], ...]) -> Scoring:
    """The scoring of these (target, positive weight) pairs, sorted by target."""
    return Scoring(weighted)


def _table(weights: tuple[int, ...]) -> list[int]:
    """table[mask] = the sum of the weights of the bits set in mask."""
    table = [0] * (1 << len(weights))
    for mask in range(1, len(table)):
        low = (mask & -mask).bit_length() - 1
        table[mask] = table[mask & (mask - 1)] + weights[low]
    return table


def bonus_rooms(bonuses: list[int], most: int) -> list[list[int]]:
    """rooms[i][k] = the largest total of k positive bonuses among bonuses[i:], k <= most."""
    none = [0] * (most + 1)
    if max(bonuses, default=0) <= 0:
        return [none] * (len(bonuses) + 1)  # the usual case: no bonus anywhere
    rooms: list[list[int]] = [none]
    found: list[int] = []
    for b in reversed(bonuses):
        if b > 0:
            found = sorted([*found, b], reverse=True)[:most]
        rooms.append(_prefix_sums(found, most))
    return rooms[::-1]


def _prefix_sums(values: list[int], most: int) -> list[int]:
    """sums[k] = the sum of the first k values, k <= most (short lists repeat their total)."""
    sums = [0]
    for k in range(most):
        sums.append(sums[-1] + (values[k] if k < len(values) else 0))
    return sums

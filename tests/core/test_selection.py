"""The home-program selection is exact: it matches brute force on random inputs."""

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from sciatica_pt.core.planning.selection import MAX_ITEMS, MIN_ITEMS, Candidate, evaluate, select

TARGETS = ["a", "b", "c", "d", "e", "f"]


def brute_force(candidates, weights, budget):
    for low in (MIN_ITEMS, 1):
        best = None
        for size in range(low, MAX_ITEMS + 1):
            for subset in combinations(candidates, size):
                if sum(c.minutes for c in subset) > budget:
                    continue
                choice = evaluate(subset, weights)
                if best is None or choice.beats(best):
                    best = choice
        if best is not None:
            return best.ids
    return ()


candidate_lists = st.lists(
    st.builds(
        Candidate,
        id=st.text(alphabet="abcdefgh", min_size=1, max_size=3),
        minutes=st.integers(0, 25),
        targets=st.frozensets(st.sampled_from(TARGETS), max_size=3),
        bonus=st.integers(0, 2),
    ),
    max_size=11,
    unique_by=lambda c: c.id,
)
weight_maps = st.dictionaries(st.sampled_from(TARGETS), st.integers(0, 64))


@settings(max_examples=400, deadline=None)
@given(candidate_lists, weight_maps, st.integers(1, 60))
def test_it_finds_the_same_best_subset_as_brute_force(candidates, weights, budget):
    assert select(candidates, weights, budget) == brute_force(candidates, weights, budget)


@settings(max_examples=200, deadline=None)
@given(candidate_lists, weight_maps, st.integers(1, 60))
def test_it_respects_the_time_budget_and_the_two_to_six_bounds(candidates, weights, budget):
    chosen = select(candidates, weights, budget)
    by_id = {c.id: c for c in candidates}
    assert sum(by_id[i].minutes for i in chosen) <= budget
    assert len(chosen) <= MAX_ITEMS
    affordable_pairs = any(a.minutes + b.minutes <= budget for a, b in combinations(candidates, 2))
    if affordable_pairs:
        assert len(chosen) >= MIN_ITEMS


def test_it_prefers_coverage_over_time_and_is_not_first_fit():
    # First-fit by list order would take "cheap-a" and "cheap-b", covering only "a".
    candidates = [
        Candidate("cheap-a", 2, frozenset({"a"})),
        Candidate("cheap-b", 2, frozenset({"a"})),
        Candidate("covers-b", 9, frozenset({"b"})),
        Candidate("covers-c", 9, frozenset({"c"})),
    ]
    chosen = select(candidates, {"a": 1, "b": 10, "c": 10}, budget=20)
    assert chosen == ("cheap-a", "covers-b", "covers-c")


def test_it_breaks_ties_the_same_way_every_time():
    candidates = [Candidate(i, 5, frozenset({"a"})) for i in ("z", "y", "x")]
    assert select(candidates, {"a": 1}, budget=10) == ("x", "y")
    assert select(list(reversed(candidates)), {"a": 1}, budget=10) == ("x", "y")


def test_it_returns_one_exercise_when_no_two_fit_and_none_when_nothing_fits():
    candidates = [Candidate("long", 18, frozenset({"a"})), Candidate("longer", 19, frozenset())]
    assert select(candidates, {"a": 5}, budget=20) == ("long",)
    assert select(candidates, {"a": 5}, budget=10) == ()


# Harder inputs for the pruning rules: few distinct target sets and bonuses, so candidates are
# often interchangeable or dominate each other, and many ties in minutes (0 included).
TARGET_SETS = [frozenset(), frozenset("a"), frozenset("ab"), frozenset("abc"), frozenset("cd")]
crowded_lists = st.lists(
    st.builds(
        Candidate,
        id=st.text(alphabet="abcdefgh", min_size=1, max_size=3),
        minutes=st.sampled_from([0, 3, 5, 5, 8, 12]),
        targets=st.sampled_from(TARGET_SETS),
        bonus=st.sampled_from([0, 0, 1, 3]),
    ),
    max_size=12,
    unique_by=lambda c: c.id,
)


@settings(max_examples=300, deadline=None)
@given(crowded_lists, weight_maps, st.integers(0, 40))
def test_it_matches_brute_force_when_candidates_are_interchangeable_or_dominated(
    candidates, weights, budget
):
    assert select(candidates, weights, budget) == brute_force(candidates, weights, budget)


MANY_TARGETS = [f"t{i}" for i in range(15)]  # more weighted targets than the coverage table holds
wide_lists = st.lists(
    st.builds(
        Candidate,
        id=st.text(alphabet="abcdefgh", min_size=1, max_size=3),
        minutes=st.integers(0, 20),
        targets=st.frozensets(st.sampled_from(MANY_TARGETS), max_size=5),
        bonus=st.integers(0, 1),
    ),
    max_size=10,
    unique_by=lambda c: c.id,
)


@settings(max_examples=150, deadline=None)
@given(wide_lists, st.dictionaries(st.sampled_from(MANY_TARGETS), st.integers(0, 300)))
def test_it_matches_brute_force_with_many_weighted_targets(candidates, weights):
    assert select(candidates, weights, 45) == brute_force(candidates, weights, 45)

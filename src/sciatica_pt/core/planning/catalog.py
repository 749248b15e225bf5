"""Look-ups over one knowledge base, computed once and reused for every assessment.

The knowledge base is immutable data, so indexing items by id and resolving which rules cover
which item can be done once; doing it per assessment would dominate the engine's run time.
"""

from __future__ import annotations

import re
from typing import Any

from sciatica_pt.core.knowledge import Item, KnowledgeBase
from sciatica_pt.core.planning.safety import RuleIndex
from sciatica_pt.core.vocabulary import DeliveredBy, EvidenceGrade, ItemClass, Kind, Setting


def normalise(word: str) -> str:
    """Case, spaces, underscores and hyphens do not matter in a request ("Bed_rest")."""
    return re.sub(r"[\s_\-]+", " ", word.strip().lower())


# The grades the planner may choose from: a not-recommended item, or a clinic's own exercise
# (core.clinic_exercises), enters a plan only when a clinician adds it with a reason.
GRADED_FOR_PLANNING = frozenset({EvidenceGrade.RECOMMENDED, EvidenceGrade.OPTIONAL})


class Catalog:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.by_id: dict[str, Item] = {i.id: i for i in kb.items}
        self.rules = RuleIndex(kb)
        self.home_exercises: tuple[Item, ...] = tuple(
            i
            for i in kb.items
            if i.kind is Kind.EXERCISE
            and i.delivered_by is DeliveredBy.PATIENT
            and i.setting in (Setting.HOME, Setting.POOL)
            and i.evidence.grade in GRADED_FOR_PLANNING
        )

        # The item a request for a class resolves to: the one with the smallest id.
        self.first_of_class: dict[ItemClass, Item] = {}
        for item in sorted(kb.items, key=lambda i: i.id):
            self.first_of_class.setdefault(item.item_class, item)

        # Per-item values the planner derives (keyed by the planner), kept for reuse.
        self.memo: dict[Any, Any] = {}
        # Every name a request may use (id, name, alias), normalised; the first item wins.
        self.by_name: dict[str, Item] = {}
        self.names: dict[str, frozenset[str]] = {}
        for item in kb.items:
            self.names[item.id] = frozenset(
                normalise(n) for n in (item.id, item.name, *item.aliases)
            )
            for name in self.names[item.id]:
                self.by_name.setdefault(name, item)

    def remember(self, key: Any, value: Any) -> None:
        if len(self.memo) >= MEMO_SIZE:
            self.memo.clear()  # bounded: a long-running server must not grow without limit
        self.memo[key] = value

    def get(self, item_id: str) -> Item | None:
        return self.by_id.get(item_id)


MEMO_SIZE = 4096
_CACHE: dict[int, Catalog] = {}
_CACHE_SIZE = 8


def catalog_of(kb: KnowledgeBase) -> Catalog:
    """The catalog of this knowledge base (cached by identity; the object is immutable)."""
    found = _CACHE.get(id(kb))
    if found is not None and found.kb is kb:
        return found
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[id(kb)] = made = Catalog(kb)
    return made

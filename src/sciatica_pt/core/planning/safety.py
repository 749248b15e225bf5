"""Apply the knowledge base's safety rules to candidate items.

A contraindication whose facts all hold excludes the item. One whose facts would all hold if an
unanswered question came back "yes" also excludes it, with the reason "not asked": not asked is
never no (spec, clinical-notes §2.7 fail-safe rule). A precaution lets the item through with a
note for the clinician.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sciatica_pt.core.intake.facts import SOURCE_FIELD
from sciatica_pt.core.knowledge import Item, KnowledgeBase, SafetyRule
from sciatica_pt.core.result import ExcludedItem
from sciatica_pt.core.vocabulary import Fact, RuleSeverity
from sciatica_pt.core.words import name_of, names_of


@dataclass(frozen=True)
class Cleared:
    """An item the rules allow, with the precautions the clinician should see."""

    item: Item
    precautions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """What the rules say about one item."""

    blocked: tuple[str, ...]  # one reason per contraindication that applies
    refs: tuple[str, ...]
    precautions: tuple[str, ...]


class RuleIndex:
    """The rules that cover each item, computed once per knowledge base (rules are data, so
    their scope is resolved against the items ahead of time rather than per assessment)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._by_item: dict[str, tuple[SafetyRule, ...]] = {
            item.id: tuple(r for r in kb.rules if _applies(r, item)) for item in kb.items
        }
        self.rules = kb.rules
        # Per set of known facts: which rules can apply, and which items they cover. A handful
        # of fact sets recur across patients, so this is remembered (bounded).
        self._scopes: dict[frozenset[Fact], LiveScope] = {}
        self._clear = {item.id: Cleared(item) for item in kb.items}

    def rules_for(self, item: Item) -> tuple[SafetyRule, ...]:
        return self._by_item.get(item.id, ())

    def live_rules_for(
        self, item: Item, facts: frozenset[Fact], unasked: frozenset[Fact]
    ) -> list[SafetyRule]:
        """The item's rules that can apply to this patient. `judge` gives the same verdict
        with these as with all the item's rules (a rule whose facts neither hold nor are
        unasked gives no reason), only sooner."""
        live = self.scope(facts | unasked).rules
        return [r for r in self.rules_for(item) if r.id in live]

    def live(self, facts: frozenset[Fact], unasked: frozenset[Fact]) -> frozenset[str]:
        """Ids of the rules that can apply to this patient: every fact holds or is unasked."""
        return self.scope(facts | unasked).rules

    def scope(self, known: frozenset[Fact]) -> LiveScope:
        found = self._scopes.get(known)
        if found is None:
            rules = frozenset(r.id for r in self.rules if known.issuperset(r.when_all))
            touched = frozenset(
                item_id
                for item_id, covering in self._by_item.items()
                if any(r.id in rules for r in covering)
            )
            found = LiveScope(rules, touched)
            if len(self._scopes) >= SCOPE_CACHE_SIZE:
                self._scopes.clear()  # bounded: a long-running server must not grow
            self._scopes[known] = found
        return found

    def cleared(self, item: Item) -> Cleared:
        """The item allowed with no precaution (the same immutable object every time)."""
        found = self._clear.get(item.id)
        return found if found is not None and found.item is item else Cleared(item)


SCOPE_CACHE_SIZE = 1024


@dataclass(frozen=True)
class LiveScope:
    rules: frozenset[str]  # ids of the rules whose facts all hold or are unasked
    touched: frozenset[str]  # ids of the items at least one of those rules covers


def _applies(rule: SafetyRule, item: Item) -> bool:
    listed = rule.id in item.contraindications or rule.id in item.precautions
    return listed or rule.applies_to.covers(item)


def judge(
    item: Item, rules: Iterable[SafetyRule], facts: frozenset[Fact], unasked: frozenset[Fact]
) -> Verdict:
    blocked: list[str] = []
    refs: list[str] = []
    notes: list[str] = []
    for rule in rules:
        reason = _reason(rule, facts, unasked)
        if reason is None:
            continue
        if rule.severity is RuleSeverity.CONTRAINDICATION:
            blocked.append(reason)
            refs += [r for r in rule.refs if r not in refs]
        else:
            notes.append(reason)
    return Verdict(tuple(blocked), tuple(refs), tuple(notes))


def _reason(rule: SafetyRule, facts: frozenset[Fact], unasked: frozenset[Fact]) -> str | None:
    """Why the rule applies, or None when it does not; in words (core.words), as people read
    it on every page, PDF and text view."""
    name = name_of(rule.id, "safety_rule")
    if rule.holds(facts):
        return f"{name} ({names_of(rule.when_all)}): {rule.message}"
    missing = [f for f in rule.when_all if f not in facts]
    if all(f in unasked for f in missing):
        fields = sorted({name_of(SOURCE_FIELD.get(f, f.value), "field") for f in missing})
        return f"{name}: not asked ({', '.join(fields)}); ask before offering this. {rule.message}"
    return None


def apply_rules(
    items: Iterable[Item],
    index: RuleIndex,
    facts: frozenset[Fact],
    unasked: frozenset[Fact],
) -> tuple[list[Cleared], list[ExcludedItem]]:
    """Split candidates into allowed items (with precaution notes) and excluded items."""
    allowed: list[Cleared] = []
    excluded: list[ExcludedItem] = []
    scope = index.scope(facts | unasked)  # most rules cannot apply; skip them up front
    live, touched, cleared = scope.rules, scope.touched, index.cleared
    for item in items:
        if item.id not in touched:
            allowed.append(cleared(item))
            continue
        rules = [r for r in index.rules_for(item) if r.id in live]
        verdict = judge(item, rules, facts, unasked)
        if verdict.blocked:
            excluded.append(excluded_item(item, "; ".join(verdict.blocked), verdict.refs))
        else:
            allowed.append(Cleared(item, verdict.precautions))
    return allowed, excluded


def excluded_item(item: Item, reason: str, refs: Iterable[str]) -> ExcludedItem:
    return ExcludedItem(id=item.id, item_class=item.item_class, reason=reason, refs=tuple(refs))

"""The knowledge base's schema and its integrity checks.

The YAML under `sciatica_pt/knowledge/` is parsed into these models (unknown keys are errors),
then `check_knowledge_base` verifies what a schema cannot: links resolve, the progression graph
has no cycle, rules and references exist, each kind uses its own classes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from sciatica_pt.core.vocabulary import (
    CLASSES_BY_KIND,
    DeliveredBy,
    Direction,
    Equipment,
    EvidenceGrade,
    Fact,
    Irritability,
    ItemClass,
    Kind,
    RuleSeverity,
    Setting,
    Stage,
    Target,
)

KebabId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z]+(\.[a-z0-9_-]+)+$")]
RefKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9.\-]*$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

# A sentence of the knowledge base's prose (a cue, a step, a summary, a key point) is whole:
# it starts with a capital letter, a digit or an opening quote or bracket, ends with . ! or ?
# (a closing quote or bracket may follow), and does not open with a word that only continues
# a previous sentence. A YAML flow list split at a comma ("[Small, smooth range.]" reads as
# two entries, "Small" and "smooth range.") breaks the first two rules, a clause cut off
# after "Which" the third.
_SENTENCE_START = re.compile(r"^[A-Z0-9\"'(\u201c]")
_SENTENCE_END = re.compile(r"[.!?][\"')\u201d]?$")
CONTINUATIONS = frozenset({"and", "but", "nor", "or", "than", "which", "whichever"})


def sentence_problem(text: str) -> str | None:
    """Why `text` is not a whole sentence, or None when it is."""
    first = text.split(maxsplit=1)[0].strip(",;:").lower() if text.strip() else ""
    if not _SENTENCE_START.match(text):
        return "starts in lower case or with a symbol, so it is the tail of a sentence"
    if not _SENTENCE_END.search(text):
        return "does not end with '.', '!' or '?', so it is cut short"
    if first in CONTINUATIONS:
        return f"opens with {first!r}, which only continues a previous sentence"
    return None


def _whole_sentence(text: str) -> str:
    problem = sentence_problem(text)
    if problem:
        hint = " (in a YAML [a, b] list, quote an entry that holds a comma)"
        raise ValueError(f"{text!r} is not a whole sentence: it {problem}{hint}")
    return text


Sentence = Annotated[Text, AfterValidator(_whole_sentence)]

# The patient's wording is addressed to the patient, in plain words: it never speaks of "the
# patient", names a referral (the clinician's decision), quotes the therapist ("tell me") or
# opens with an instruction to the clinician ("Explain...", "Ask the patient..."). An
# instruction the patient follows ("Ask your doctor", "Tell your therapist") is fine.
_CLINICIAN_VERBS = (
    "advise|arrange|ask|assess|confirm|document|encourage|escalate|explain|identify|instruct|"
    "offer|prescribe|re-assess|reassess|reassure|record|restate|screen|teach"
)
CLINICIAN_ADDRESS = (
    (re.compile(r"\bpatients?('s?)?(?=\W|$)", re.I), "speaks of the patient instead of to them"),
    (re.compile(r"\brefer(s|red|ring)?\b(?!\s+you\b)", re.I), "refers on, the clinician's act"),
    (
        re.compile(r"\b(emergency|urgent|routine|medical|specialist|faster) referral\b", re.I),
        "names the clinician's referral",
    ),
    (
        re.compile(r"\b(the|a|each) therapist(?![\w-])", re.I),
        "says 'the therapist', not 'your therapist'",
    ),
    (re.compile(r"\b(tell|show|ask) me\b", re.I), "is the therapist speaking ('tell me')"),
    (
        re.compile(
            rf"(^|[.;:!?]\s+|\s-\s)({_CLINICIAN_VERBS})\b(?!\s+(you|your|yourself|for|about)\b)",
            re.I,
        ),
        "opens with an instruction to the clinician",
    ),
)
_SECOND_PERSON = re.compile(r"\byou(rs?|rself)?\b", re.I)


def clinician_address(text: str) -> str | None:
    """Why `text` reads as addressed to the clinician (quoting the words), or None."""
    for pattern, why in CLINICIAN_ADDRESS:
        if found := pattern.search(text):
            return f"{why}: {found.group(0).strip(' .;:!?-')!r}"
    return None


def _to_the_patient(text: str) -> str:
    problem = clinician_address(text)
    if problem:
        raise ValueError(f"{text!r} is patient wording that addresses the clinician: it {problem}")
    return text


PatientSentence = Annotated[Sentence, AfterValidator(_to_the_patient)]
DoseField = Literal["sets", "reps", "hold_seconds", "per_day", "per_week", "minutes"]


class Strict(BaseModel):
    # defer_build: the validators are built on first use, so a run that takes the knowledge
    # base from the on-disk cache (sciatica_pt.knowledge.load) never pays for building them.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Dosage(Strict):
    """A dose. Every field is optional because items are dosed differently: a stretch has a
    hold, a walk has minutes, a press-up has sets and reps."""

    sets: int | None = Field(default=None, ge=1, le=10)
    reps: int | None = Field(default=None, ge=1, le=100)
    hold_seconds: int | None = Field(default=None, ge=1, le=600)
    per_day: int | None = Field(default=None, ge=1, le=12)
    per_week: int | None = Field(default=None, ge=1, le=14)
    minutes: int | None = Field(default=None, ge=1, le=120)

    def value(self, field: DoseField) -> int | None:
        result: int | None = getattr(self, field)
        return result


class DoseStep(Strict):
    """One step of a progression: raise `field` by `by`, never past `max`."""

    field: DoseField
    by: int = Field(ge=1)
    max: int = Field(ge=1)


class Progression(Strict):
    """How the dose grows: one variable at a time, in the order of `steps` (clinical-notes §6.5).
    After the last step is at its maximum, the item moves along `progresses_to`."""

    sessions_to_progress: int = Field(ge=1, le=30)
    steps: tuple[DoseStep, ...] = Field(min_length=1)
    note: Text  # a whole sentence too: checked by check_knowledge_base (_prose)


class Instructions(Strict):
    """The patient's wording of an item: what the patient reads on the Today page, the handout
    and the FHIR plan. Addressed to the patient ("you"), in plain words, never to the clinician."""

    summary: PatientSentence
    steps: tuple[PatientSentence, ...] = Field(min_length=1)
    cues: tuple[PatientSentence, ...] = ()
    common_mistakes: tuple[PatientSentence, ...] = ()
    stop_if: tuple[PatientSentence, ...] = Field(min_length=1)

    def speaks_to_the_patient(self) -> bool:
        """Somewhere it says 'you' or 'your' (checked by check_knowledge_base)."""
        lines = (self.summary, *self.steps, *self.cues, *self.stop_if)
        return any(_SECOND_PERSON.search(line) for line in lines)


class ClinicianText(Strict):
    """The clinician's wording of an item: what to do, check, record and when to escalate.
    Shown on clinician pages and `kb show`, never to the patient."""

    summary: Sentence
    steps: tuple[Sentence, ...] = Field(min_length=1)
    cues: tuple[Sentence, ...] = ()
    common_mistakes: tuple[Sentence, ...] = ()
    stop_if: tuple[Sentence, ...] = ()


class Evidence(Strict):
    grade: EvidenceGrade
    summary: Sentence
    refs: tuple[RefKey, ...] = Field(min_length=1)


class Item(Strict):
    """One exercise, clinic technique, care step or piece of advice the engine can plan."""

    id: KebabId
    name: Text
    kind: Kind
    item_class: ItemClass = Field(alias="class")
    direction: Direction | None = None
    setting: Setting
    delivered_by: DeliveredBy
    targets: tuple[Target, ...] = Field(min_length=1)
    stages: tuple[Stage, ...] = Field(min_length=1)
    max_irritability: Irritability
    equipment: tuple[Equipment, ...] = ()
    minutes: int = Field(ge=0, le=120, description="minutes one session takes")
    dosage: Dosage | None = None
    progression: Progression | None = None
    progresses_to: tuple[KebabId, ...] = ()
    regresses_to: tuple[KebabId, ...] = ()
    instructions: Instructions  # the patient's wording
    clinician: ClinicianText | None = None  # the clinician's; see _kind_fits for when required
    contraindications: tuple[RuleId, ...] = ()
    precautions: tuple[RuleId, ...] = ()
    evidence: Evidence
    aliases: tuple[Text, ...] = ()  # other names clinicians and the seed articles use

    @model_validator(mode="after")
    def _kind_fits(self) -> Item:
        if self.item_class not in CLASSES_BY_KIND[self.kind]:
            raise ValueError(f"class {self.item_class} is not a {self.kind} class")
        if self.kind is Kind.EXERCISE and (self.direction is None or self.dosage is None):
            raise ValueError("an exercise needs a direction and a dosage")
        if self.kind is not Kind.EXERCISE and self.direction is not None:
            raise ValueError("only exercises have a direction")
        if self.clinician is None and self.needs_clinician_wording:
            raise ValueError(
                f"a {self.kind} item delivered by the {self.delivered_by} needs the "
                "clinician's wording (clinician:) beside the patient's (instructions:)"
            )
        return self

    @property
    def needs_clinician_wording(self) -> bool:
        """Advice, referrals and whatever the therapist delivers: what the clinician does
        differs from what the patient reads. A home exercise's instructions are also what the
        therapist teaches, so its clinician wording is optional."""
        talk = self.kind in (Kind.ADVICE, Kind.REFERRAL)
        return talk or self.delivered_by is not DeliveredBy.PATIENT


class RuleScope(Strict):
    """Which items a safety rule covers; an item matches if it matches any listed criterion."""

    classes: tuple[ItemClass, ...] = ()
    kinds: tuple[Kind, ...] = ()
    directions: tuple[Direction, ...] = ()
    settings: tuple[Setting, ...] = ()
    items: tuple[KebabId, ...] = ()

    def covers(self, item: Item) -> bool:
        return (
            item.item_class in self.classes
            or item.kind in self.kinds
            or (item.direction is not None and item.direction in self.directions)
            or item.setting in self.settings
            or item.id in self.items
        )

    @model_validator(mode="after")
    def _not_empty(self) -> RuleScope:
        if not (self.classes or self.kinds or self.directions or self.settings or self.items):
            raise ValueError("a rule must apply to something")
        return self


class SafetyRule(Strict):
    """A contraindication or precaution: when every fact in `when_all` holds, the items in
    `applies_to` are excluded (contraindication) or flagged (precaution)."""

    id: RuleId
    severity: RuleSeverity
    when_all: tuple[Fact, ...] = Field(min_length=1)
    applies_to: RuleScope
    message: Sentence
    refs: tuple[RefKey, ...] = Field(min_length=1)

    def holds(self, facts: frozenset[Fact]) -> bool:
        return all(fact in facts for fact in self.when_all)


class Reference(Strict):
    key: RefKey
    citation: Text
    kind: Literal["guideline", "paper", "review", "pathway", "consensus", "other"]
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = None


class EducationTopic(Strict):
    """A topic of the patient education library. `plan_class` links it to the advice class
    the planner uses, where one exists."""

    id: KebabId
    title: Text
    plan_class: ItemClass | None = None
    summary: PatientSentence
    key_points: tuple[PatientSentence, ...] = Field(min_length=3)
    body: tuple[PatientSentence, ...] = Field(min_length=1)
    refs: tuple[RefKey, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _advice_class(self) -> EducationTopic:
        if self.plan_class is not None and self.plan_class not in CLASSES_BY_KIND[Kind.ADVICE]:
            raise ValueError(f"plan_class {self.plan_class} is not an advice class")
        return self


class KnowledgeBase(Strict):
    items: tuple[Item, ...]
    rules: tuple[SafetyRule, ...]
    references: tuple[Reference, ...]
    education: tuple[EducationTopic, ...]

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def items_of(self, kind: Kind | None = None, item_class: ItemClass | None = None) -> list[Item]:
        return [
            i
            for i in self.items
            if (kind is None or i.kind is kind)
            and (item_class is None or i.item_class is item_class)
        ]

    def rule(self, rule_id: str) -> SafetyRule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def reference(self, key: str) -> Reference:
        for ref in self.references:
            if ref.key == key:
                return ref
        raise KeyError(key)


def check_knowledge_base(kb: KnowledgeBase) -> list[str]:
    """Every problem a schema cannot see, one readable line each; empty means clean."""
    return [
        *_duplicates("item", (i.id for i in kb.items)),
        *_duplicates("rule", (r.id for r in kb.rules)),
        *_duplicates("reference", (r.key for r in kb.references)),
        *_duplicates("education topic", (t.id for t in kb.education)),
        *_dangling_links(kb),
        *_cycles(kb),
        *_unknown_rules(kb),
        *_unknown_refs(kb),
        *_rule_scopes(kb),
        *_prose(kb),
    ]


def _duplicates(what: str, ids: Iterable[str]) -> Iterator[str]:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            yield f"{what} {ident}: defined twice"
        seen.add(ident)


def _dangling_links(kb: KnowledgeBase) -> Iterator[str]:
    ids = {i.id for i in kb.items}
    for item in kb.items:
        for field in ("progresses_to", "regresses_to"):
            for target in getattr(item, field):
                if target not in ids:
                    yield f"item {item.id}: {field} names unknown item {target}"
                elif target == item.id:
                    yield f"item {item.id}: {field} names itself"


def _cycles(kb: KnowledgeBase) -> Iterator[str]:
    """The progression graph (progresses_to, plus regresses_to read backwards) must be acyclic,
    or 'progress' could loop forever."""
    edges: dict[str, set[str]] = {i.id: set(i.progresses_to) for i in kb.items}
    for item in kb.items:
        for easier in item.regresses_to:
            edges.setdefault(easier, set()).add(item.id)
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path, node, nxt]
            if nxt not in state and (found := visit(nxt, [*path, node])):
                return found
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (cycle := visit(start, [])):
            yield "progression cycle: " + " -> ".join(cycle[cycle.index(cycle[-1]) :])


def _unknown_rules(kb: KnowledgeBase) -> Iterator[str]:
    rules = {r.id: r for r in kb.rules}
    for item in kb.items:
        for field in ("contraindications", "precautions"):
            for rule_id in getattr(item, field):
                if rule_id not in rules:
                    yield f"item {item.id}: {field} names unknown rule {rule_id}"


def _unknown_refs(kb: KnowledgeBase) -> Iterator[str]:
    keys = {r.key for r in kb.references}
    cited: list[tuple[str, str]] = [(f"item {i.id}", k) for i in kb.items for k in i.evidence.refs]
    cited += [(f"rule {r.id}", k) for r in kb.rules for k in r.refs]
    cited += [(f"education topic {t.id}", k) for t in kb.education for k in t.refs]
    for where, key in cited:
        if key not in keys:
            yield f"{where}: unknown reference {key}"


def _rule_scopes(kb: KnowledgeBase) -> Iterator[str]:
    ids = {i.id for i in kb.items}
    for rule in kb.rules:
        for item_id in rule.applies_to.items:
            if item_id not in ids:
                yield f"rule {rule.id}: applies_to names unknown item {item_id}"
        if not any(rule.applies_to.covers(i) for i in kb.items):
            yield f"rule {rule.id}: applies to no item in the knowledge base"


def _prose(kb: KnowledgeBase) -> Iterator[str]:
    """What the schema leaves to the whole knowledge base (so that code building a small
    test knowledge base need not write prose): progression notes are whole sentences, and
    each item's patient wording speaks to the patient."""
    for item in kb.items:
        if item.progression and (problem := sentence_problem(item.progression.note)):
            yield f"item {item.id}: progression.note {item.progression.note!r}: it {problem}"
        if not item.instructions.speaks_to_the_patient():
            yield f"item {item.id}: instructions (the patient's wording) never say 'you' or 'your'"

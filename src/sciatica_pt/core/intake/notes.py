"""What the clinician's free-text notes say about each red flag: affirmed, denied or silent.

medspaCy does not install from wheels here, so this is a small rule set of our own. The notes
are cut into clauses at sentence punctuation and at contrast words ("but", "however"); each
clause that holds a word of a red flag's vocabulary (`notes_lexicon`) is searched for its
phrases, and each phrase is judged with negation, hedges and experiencers (`notes_negation`).

Safety shapes every tie: a hedged mention is read as affirmed, and if one sentence affirms
what another denies, the affirmation wins. A flag named on its own outranks a blanket
statement such as "no red flags".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType

from sciatica_pt.core.intake.notes_lexicon import BLANKET, EXTRA, LEXICON, Blanket, Lexeme
from sciatica_pt.core.intake.notes_negation import judge


class NoteStatus(StrEnum):
    AFFIRMED = "affirmed"
    DENIED = "denied"
    NOT_MENTIONED = "not_mentioned"


@dataclass(frozen=True, slots=True)
class Mention:
    """What the notes say about one red-flag field (a path such as `red_flags.fever`)."""

    field: str
    status: NoteStatus
    phrase: str = ""
    hedged: bool = False  # "?bladder", "possible fever": read as affirmed, flagged as unsure
    source: str = "notes"  # or "medication list", "comorbidity list" (see core/screening/triage.py)

    def quoted(self) -> str:
        """Where the words were found, for messages: 'the notes say "denies fever"'."""
        verb = "say" if self.source == "notes" else "has"
        return f'the {self.source} {verb} "{self.phrase}"'


@dataclass(frozen=True, slots=True)
class NotesReading:
    """One Mention per red-flag field path, in the order of `RedFlags`; `extra` holds what the
    notes say beyond the red flags (`notes.minor_trauma`: a fall, a slip)."""

    mentions: Mapping[str, Mention]
    extra: Mapping[str, Mention] = field(default_factory=lambda: MappingProxyType({}))

    def about(self, field: str) -> Mention:
        return self.mentions[field]

    def affirmed(self) -> tuple[Mention, ...]:
        return self._with(NoteStatus.AFFIRMED)

    def denied(self) -> tuple[Mention, ...]:
        return self._with(NoteStatus.DENIED)

    def _with(self, status: NoteStatus) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions.values() if m.status is status)


FIELDS = tuple(f"red_flags.{name}" for name in LEXICON)
EXTRA_FIELDS = tuple(f"notes.{name}" for name in EXTRA)
_NOTHING = {f: Mention(f, NoteStatus.NOT_MENTIONED) for f in FIELDS + EXTRA_FIELDS}
_SILENT = NotesReading(
    MappingProxyType({f: _NOTHING[f] for f in FIELDS}),
    MappingProxyType({f: _NOTHING[f] for f in EXTRA_FIELDS}),
)


@lru_cache(maxsize=4096)
def read_notes(text: str | None) -> NotesReading:
    """Read the notes; every red-flag field gets a Mention, `not_mentioned` when silent.

    Cached: the same stored notes are screened again at every check-in and by every adapter,
    and the reading is immutable."""
    if not text or not text.strip():
        return _SILENT
    notes = _Notes.of(text)
    found: dict[str, list[Mention]] = {f: [] for f in _NOTHING}
    blanket: dict[str, list[Mention]] = {f: [] for f in _NOTHING}
    for target, concept in enumerate(_CONCEPTS):
        for clause in notes.clauses_for(target):
            found[concept.field].extend(_read_clause(concept, clause))
    for mention in _read_blankets(notes):
        blanket[mention.field].append(mention)
    verdicts = {f: _verdict(found[f] or blanket[f]) or _NOTHING[f] for f in _NOTHING}
    return NotesReading(
        MappingProxyType({f: verdicts[f] for f in FIELDS}),
        MappingProxyType({f: verdicts[f] for f in EXTRA_FIELDS}),
    )


def _verdict(mentions: list[Mention]) -> Mention | None:
    """The safer reading wins: any affirmation (a sure one first) beats any denial."""
    if not mentions:
        return None
    affirmed = [m for m in mentions if m.status is NoteStatus.AFFIRMED]
    return min(affirmed, key=lambda m: m.hedged) if affirmed else mentions[0]


# --- clauses -------------------------------------------------------------------------------

# "Bladder change? No." is an answer, not a question: turn it into "Bladder change: No."
# ("Bladder? Y" likewise becomes "Bladder: Y", an affirmation.)
_ANSWERED_QUESTION = re.compile(
    r"\?[ \t]*(?=(?:no|n|nil|none|negative|neg|denied|absent|yes|y|present)\b)", re.IGNORECASE
)
# The full stop of an abbreviation ends no sentence ("lost approx. 5 kg"): it becomes a space.
_ABBREVIATION = re.compile(r"\b(?:approx|e\.g|i\.e|vs|cf|esp)\.(?=\s)", re.IGNORECASE)


def _keep_word(match: re.Match[str]) -> str:
    return match.group()[:-1] + " "


_CLAUSE_BREAK = re.compile(
    r"[.;!](?=\s|$)|\?(?=\s|$)|\n|\b(?:but|however|although|though|whereas|yet|except|"
    r"apart from|aside from|other than)\b"
)
# Lower-casing ASCII only keeps every offset of the lower-cased copy valid in the original.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class _Clause:
    text: str
    low: str  # ASCII lower case, same length as text
    question: bool  # ended by "?" with no answer: what it names is possible, not denied


@dataclass(frozen=True, slots=True)
class _Notes:
    """The notes cut into clauses, with the clauses each concept's anchors occur in."""

    clauses: tuple[_Clause, ...]
    hits: Mapping[int, set[int]]  # target -> indexes of clauses holding one of its anchors

    @classmethod
    def of(cls, raw: str) -> _Notes:
        text = _ANSWERED_QUESTION.sub(": ", raw) if "?" in raw else raw
        text = _ABBREVIATION.sub(_keep_word, text)
        low = text.translate(_ASCII_LOWER)
        breaks = list(_CLAUSE_BREAK.finditer(low))
        starts = (0, *(b.end() for b in breaks))
        ends = (*(b.start() for b in breaks), len(text))
        clauses: list[_Clause] = []
        hits: dict[int, set[int]] = {}
        for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
            clause_low = low[start:end]
            clauses.append(_Clause(text[start:end], clause_low, text.startswith("?", end)))
            for word in set(_TOKEN.findall(clause_low)):
                for target in _targets_of(word):
                    hits.setdefault(target, set()).add(index)
        return cls(tuple(clauses), hits)

    def clauses_for(self, target: int) -> Iterator[_Clause]:
        for index in sorted(self.hits.get(target, ())):
            yield self.clauses[index]


@dataclass(frozen=True, slots=True)
class _AnchorIndex:
    """Which concepts a word may belong to, by the word's first letters (one dict lookup per
    word instead of a regex scan per concept)."""

    exact: Mapping[str, tuple[int, ...]]  # anchors under 3 letters must be the whole word
    by_prefix: Mapping[str, tuple[tuple[str, int], ...]]  # first 3 letters -> (anchor, target)

    @classmethod
    def build(cls, targets: Sequence[tuple[str, ...]]) -> _AnchorIndex:
        exact: dict[str, list[int]] = {}
        by_prefix: dict[str, list[tuple[str, int]]] = {}
        for target, anchors in enumerate(targets):
            for anchor in anchors:
                word = _TOKEN.findall(anchor)[0]  # a phrase is found by its first word
                if len(word) < 3:
                    exact.setdefault(word, []).append(target)
                else:
                    by_prefix.setdefault(word[:3], []).append((word, target))
        return cls(
            {k: tuple(v) for k, v in exact.items()},
            {k: tuple(v) for k, v in by_prefix.items()},
        )

    def targets_of(self, word: str) -> tuple[int, ...]:
        found = self.exact.get(word, ())
        candidates = self.by_prefix.get(word[:3])
        if candidates:
            found += tuple(target for anchor, target in candidates if word.startswith(anchor))
        return found


# --- concepts ------------------------------------------------------------------------------


def _compile(fragments: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(fragments) + r")(?![\w])")


def _pattern(fragments: tuple[str, ...]) -> re.Pattern[str] | None:
    return _compile(fragments) if fragments else None


@dataclass(frozen=True, slots=True)
class _Concept:
    field: str
    anchors: tuple[str, ...]
    affirm: re.Pattern[str] | None  # matched against the lower-cased clause
    cased: re.Pattern[str] | None  # matched against the clause as written (AIDS, not aids)
    deny: re.Pattern[str] | None
    exclude: re.Pattern[str] | None
    unless: re.Pattern[str] | None  # cancels `exclude`
    neutral: re.Pattern[str] | None  # names of a function: "saddle sensation", "bladder"
    other_sense: re.Pattern[str] | None  # "ODI has fallen": not a fall
    not_now: frozenset[str]  # temporal modifiers that take the finding out of the present

    @classmethod
    def of(cls, path: str, lexeme: Lexeme) -> _Concept:
        return cls(
            path,
            lexeme.anchors,
            _pattern(lexeme.affirm),
            _pattern(lexeme.cased),
            _pattern(lexeme.deny),
            _pattern(lexeme.exclude),
            _pattern(lexeme.unless),
            _pattern(lexeme.neutral),
            _pattern(lexeme.other_sense),
            lexeme.not_now,
        )


_CONCEPTS = tuple(_Concept.of(f"red_flags.{n}", lexeme) for n, lexeme in LEXICON.items()) + tuple(
    _Concept.of(f"notes.{n}", lexeme) for n, lexeme in EXTRA.items()
)
_BLANKET = tuple((_compile((pattern,)), blanket) for pattern, blanket in BLANKET.items())
# Targets: the concepts in order, then the blanket statements.
_INDEX = _AnchorIndex.build(
    [c.anchors for c in _CONCEPTS] + [blanket.anchors for blanket in BLANKET.values()]
)


_TARGETS: dict[str, tuple[int, ...]] = {}


def _targets_of(word: str) -> tuple[int, ...]:
    """Memoised in a plain dict (cheaper than lru_cache): notes reuse a small vocabulary."""
    targets = _TARGETS.get(word)
    if targets is None:
        if len(_TARGETS) > 50_000:  # bound the memory an unusual vocabulary could take
            _TARGETS.clear()
        targets = _TARGETS[word] = _INDEX.targets_of(word)
    return targets


def _read_clause(concept: _Concept, clause: _Clause) -> Iterator[Mention]:
    if _excluded(concept, clause.low):
        return
    other = _other_senses(concept, clause.low)
    taken: list[tuple[int, int]] = []
    for pattern, text in ((concept.affirm, clause.low), (concept.cased, clause.text)):
        if pattern is not None:
            for match in pattern.finditer(text):
                if not _overlaps(match.span(), other):
                    taken.append(match.span())
                    yield from _mention(concept, clause, *match.span())
    if concept.neutral is not None:
        for match in concept.neutral.finditer(clause.low):
            if not _overlaps(match.span(), taken):
                yield from _function_named(concept, clause, *match.span())
    if concept.deny is not None:
        for match in concept.deny.finditer(clause.low):
            yield Mention(
                concept.field, NoteStatus.DENIED, _tidy(clause.text[slice(*match.span())])
            )


def _excluded(concept: _Concept, low: str) -> bool:
    if concept.exclude is None or not concept.exclude.search(low):
        return False
    return concept.unless is None or not concept.unless.search(low)


def _names_a_flag(low: str) -> bool:
    return any(
        pattern is not None and pattern.search(low)
        for c in _CONCEPTS
        for pattern in (c.affirm, c.neutral)
    )


def _other_senses(concept: _Concept, low: str) -> tuple[tuple[int, int], ...]:
    if concept.other_sense is None:
        return ()
    return tuple(m.span() for m in concept.other_sense.finditer(low))


def _overlaps(span: tuple[int, int], others: Sequence[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in others)


def _mention(
    concept: _Concept | None, clause: _Clause, at: int, end: int, field: str = ""
) -> Iterator[Mention]:
    field = concept.field if concept is not None else field
    reading = judge(clause.low, at, end, _names_a_flag)
    if reading is None:
        return
    phrase = _tidy(clause.text[reading.start : reading.end])
    if concept is not None and not reading.denied and reading.time in concept.not_now:
        # In the past, or long-standing where the flag means new: not the finding now. A
        # long-standing or stable one says the flag (new, or present now) is absent, so a
        # structured "yes" beside it shows as a contradiction to resolve.
        if reading.time == "chronic" or _STABLE.search(clause.low):
            yield Mention(field, NoteStatus.DENIED, _tidy(clause.text))
        return
    status = NoteStatus.DENIED if reading.denied else NoteStatus.AFFIRMED
    hedged = reading.hedged or (clause.question and not reading.denied)
    yield Mention(field, status, phrase, hedged)


_STABLE = re.compile(
    r"\b(?:unchanged|stable|static|no (?:recent )?change|not (?:progressing|changed|worse)|"
    r"no worse|no different)\b"
)
# Words of abnormality that turn the name of a function into a finding: "reduced saddle
# sensation", "change in bladder habit", "bladder problems", "Bladder: Y".
_ABNORMAL = re.compile(
    r"\b(?:reduced|altered|alteration|decreased|diminished|impaired|abnormal|patchy|changed?|"
    r"changes|problems?|symptoms?|issues?|dysfunction(?:al)?|disturb\w*|difficult\w*|affected|"
    r"loss|lost|absent|numb\w*|trouble|accidents?|leak\w*|dysaesthe\w*|dyses\w*|unable|can'?not|can'?t)\b"
)
_YES = re.compile(r"\s*[:=-]?\s*(?:y|yes|\+|present|positive|affected)(?![\w])")
_NORMAL_AFTER = re.compile(
    r"\b(?:normal(?:ly)?|intact|unremarkable|preserved|regular|nad|ok|fine|unaffected|unchanged|"
    r"stable|nil|none|negative|neg|clear|all clear)\b|-ve"
)
_NORMAL_BEFORE = re.compile(r"\b(?:normal|intact|unremarkable|preserved|unaffected)\b")
_NEIGHBOURS = 3  # words either side of a function's name searched for a word of abnormality


def _function_named(concept: _Concept, clause: _Clause, at: int, end: int) -> Iterator[Mention]:
    """A function named without a finding ("saddle sensation", "bladder"): a finding with a
    word of abnormality beside it or a hedge, denied by a negation or a "normal" that closes
    the list it is in ("saddle sensation, bladder and bowel normal"), otherwise silent."""
    low = clause.low
    start, stop = _neighbourhood(low, at, end)
    abnormal = [m.span() for m in _ABNORMAL.finditer(low, start, stop)]
    after = [span for span in abnormal if span[0] >= end]
    if after and all(_denied_word(low, *span) for span in after):  # "bladder: no change"
        yield Mention(concept.field, NoteStatus.DENIED, _tidy(clause.text[at : after[-1][1]]))
        return
    if abnormal or _YES.match(low, end):
        first = min([at, *(s for s, _ in abnormal)])
        last = max([end, *(e for _, e in abnormal)])
        yield from _mention(concept, clause, first, last)
        return
    reading = judge(low, at, end, _names_a_flag)
    if reading is None:
        return
    if reading.hedged or reading.denied or (clause.question and reading.time is None):
        yield from _mention(concept, clause, at, end)
        return
    closing = _NORMAL_AFTER.search(low, end)
    if closing is not None and not _ABNORMAL.search(low, end, closing.start()):
        yield Mention(concept.field, NoteStatus.DENIED, _tidy(clause.text[at : closing.end()]))
        return
    openings = list(_NORMAL_BEFORE.finditer(low, low.rfind(",", 0, at) + 1, at))
    opening = openings[-1] if openings else None
    if opening is not None and not _ABNORMAL.search(low, opening.end(), at):
        yield Mention(concept.field, NoteStatus.DENIED, _tidy(clause.text[opening.start() : end]))


def _denied_word(low: str, at: int, end: int) -> bool:
    reading = judge(low, at, end)
    return reading is not None and reading.denied


def _neighbourhood(low: str, at: int, end: int) -> tuple[int, int]:
    """From a few words before the name to a few words after it, within its list item."""
    start = at
    for _ in range(_NEIGHBOURS):
        previous = low.rfind(" ", 0, max(start - 1, 0))
        start = previous + 1 if previous >= 0 else 0
    stop = end
    for _ in range(_NEIGHBOURS):
        following = low.find(" ", stop + 1)
        stop = following if following >= 0 else len(low)
    comma_before = low.rfind(",", 0, at) + 1
    comma_after = low.find(",", end)
    return max(start, comma_before), min(stop, comma_after if comma_after >= 0 else len(low))


def _read_blankets(notes: _Notes) -> Iterator[Mention]:
    """ "No red flags", "CES screen negative": a denial of every field they cover. A plain
    affirmation ("CES safety-netting given") names no finding; a hedged "?CES" does."""
    for offset, (pattern, blanket) in enumerate(_BLANKET):
        for clause in notes.clauses_for(len(_CONCEPTS) + offset):
            for match in pattern.finditer(clause.low):
                for said in _mention(None, clause, *match.span()):
                    yield from _blanket_mentions(said, blanket)


def _blanket_mentions(said: Mention, blanket: Blanket) -> Iterator[Mention]:
    if said.status is NoteStatus.DENIED or (said.hedged and blanket.hedge_affirms):
        for name in blanket.fields:
            yield Mention(f"red_flags.{name}", said.status, said.phrase, said.hedged)


def _tidy(phrase: str) -> str:
    return " ".join(phrase.split())

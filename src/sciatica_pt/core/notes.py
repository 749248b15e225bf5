"""What the clinician's free-text notes say about each red flag: affirmed, denied or silent.

A small NegEx-style reader (medspaCy does not install from wheels here). The text is cut into
clauses at sentence punctuation and at contrast words ("but", "however"); inside a clause a
negation trigger ("denies", "no", "negative for") before a red-flag phrase, or a closing word
after it ("saddle anaesthesia: none", "weight loss denied"), marks it denied. The scope of a
trigger ends at an affirming verb ("reports", "complains of") and crosses commas only for short
list items ("denies fever, chills or weight loss").

Safety shapes every tie: a hedged mention ("?bladder", "possible fever", "cannot rule out") is
read as affirmed, and if one sentence affirms what another denies, the affirmation wins. A
mention about someone else ("mother had breast cancer") is not about the patient.
All patterns are compiled once at import; reading a note is a handful of regex scans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from sciatica_pt.core.notes_lexicon import BLANKET, LEXICON, Lexeme

_FLAGS = re.IGNORECASE


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


@dataclass(frozen=True, slots=True)
class NotesReading:
    """One Mention per red-flag field path, in the order of `RedFlags`."""

    mentions: Mapping[str, Mention]

    def about(self, field: str) -> Mention:
        return self.mentions[field]

    def affirmed(self) -> tuple[Mention, ...]:
        return self._with(NoteStatus.AFFIRMED)

    def denied(self) -> tuple[Mention, ...]:
        return self._with(NoteStatus.DENIED)

    def _with(self, status: NoteStatus) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions.values() if m.status is status)


FIELDS = tuple(f"red_flags.{name}" for name in LEXICON)


def read_notes(text: str | None) -> NotesReading:
    """Read the notes; every red-flag field gets a Mention, `not_mentioned` when silent."""
    found: dict[str, list[Mention]] = {field: [] for field in FIELDS}
    blanket: dict[str, list[Mention]] = {field: [] for field in FIELDS}
    for clause in _clauses(text or ""):
        for mention in _read_clause(clause):
            found[mention.field].append(mention)
        for mention in _read_blanket(clause):
            blanket[mention.field].append(mention)
    return NotesReading({f: _verdict(f, found[f] or blanket[f]) for f in FIELDS})


def _verdict(field: str, mentions: list[Mention]) -> Mention:
    """The safer reading wins: any affirmation (a sure one first) beats any denial."""
    affirmed = [m for m in mentions if m.status is NoteStatus.AFFIRMED]
    if affirmed:
        return min(affirmed, key=lambda m: m.hedged)
    return mentions[0] if mentions else Mention(field, NoteStatus.NOT_MENTIONED)


# --- clauses -------------------------------------------------------------------------------

# "Bladder change? No." is an answer, not a question: turn it into "Bladder change: No."
_ANSWERED_QUESTION = re.compile(r"\?\s*(?=(?:no|nil|none|negative|denied|neg)\b)", _FLAGS)
_CLAUSE_BREAK = re.compile(
    r"[.;!](?=\s|$)|\?(?=\s|$)|\n|\b(?:but|however|although|though|whereas|yet|except|"
    r"apart from|aside from|other than)\b",
    _FLAGS,
)


def _clauses(text: str) -> Iterator[str]:
    for clause in _CLAUSE_BREAK.split(_ANSWERED_QUESTION.sub(": ", text)):
        if clause.strip():
            yield clause


# --- triggers ------------------------------------------------------------------------------


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w])", _FLAGS)


# Hedges make a mention affirmed-but-unsure; several contain "not", so they are found (and
# blanked out) before negation triggers are looked for.
_HEDGE = _words(
    r"query",
    r"possib(?:le|ly)",
    r"suspect(?:ed)?",
    r"suspicion of",
    r"probabl[ey]",
    r"likely",
    r"may (?:have|be)",
    r"might (?:have|be)",
    r"can'?not rule out",
    r"can'?t rule out",
    r"not (?:yet )?ruled out",
    r"can'?not exclude",
    r"can'?t exclude",
    r"not (?:yet )?excluded",
    r"(?:to )?rule out",
    r"r/o",
    r"to exclude",
    r"unsure",
    r"not sure",
    r"uncertain",
    r"unclear",
    r"equivocal",
)
# Look like negations but negate nothing that follows ("no improvement after 6 weeks").
_PSEUDO = _words(
    r"no (?:improvement|better|relief|response|benefit|help)",
    r"not (?:improv(?:ing|ed)|better|helped|responding|settl(?:ing|ed)|tolerat\w+|only)",
    r"non-?specific",
    r"no (?:pain )?relief",
    r"no fear of",
)
_NEGATION = _words(
    r"no",
    r"not",
    r"nor",
    r"never",
    r"without",
    r"w/o",
    r"den(?:y|ies|ied|ying)",
    r"neg(?:ative)? for",
    r"free of",
    r"absence of",
    r"absent",
    r"nil",
    r"none of",
    r"ruled out",
    r"excluded",
    r"(?:does|did|is|has|have|was|were)(?: not|n'?t)",
    r"doesn'?t|didn'?t|isn'?t|hasn'?t|haven'?t|wasn'?t|weren'?t",
)
_NEGATION_WINDOW = 8  # words between trigger and phrase
# Adjectives negate only what they sit next to ("normal saddle sensation").
_NEAR_NEGATION = _words(r"normal", r"intact", r"unremarkable", r"preserved")
_NEAR_WINDOW = 2
# Affirming verbs end a negation's scope ("no fever, reports urinary retention").
_TERMINATOR = _words(
    r"reports?",
    r"reported",
    r"reporting",
    r"complain(?:s|ing)?(?: of)?",
    r"c/o",
    r"admit(?:s|ted)?",
    r"has(?!\s+(?:not|no|never)\b)",
    r"present(?:s|ing)(?: with)?",
    r"describ(?:es|ing)",
    r"positive for",
    r"developed",
    r"with new",
    r"now has",
    r"noted",
    r"and then",
)
# Someone other than the patient ("mother had breast cancer", "FHx bowel cancer").
_EXPERIENCER = _words(
    r"family (?:history|hx)",
    r"fhx?",
    r"fh of",
    r"mother",
    r"father",
    r"mum",
    r"dad",
    r"brother",
    r"sister",
    r"sibling",
    r"son",
    r"daughter",
    r"wife",
    r"husband",
    r"partner",
    r"grand(?:mother|father|parent)",
    r"aunt",
    r"uncle",
    r"relatives?",
    r"cousin",
)
_EXPERIENCER_WINDOW = 6
_ANSWER = r"(?:no|nil|none|negative|neg|absent|denied|nad|n|not present|not reported|-ve|x)"
# "saddle anaesthesia: none", "fever - no", "bladder/bowel = nil"
_POST_SEPARATOR = re.compile(rf"^[^,:;=?]{{0,40}}?\s*(?:[:=]|\s[-–])\s*{_ANSWER}(?![\w])", _FLAGS)
# "weight loss denied", "fever and night sweats absent", "fever (-)"
_POST_WORD = re.compile(
    r"^(?:[^\w,]+[\w'/]+){0,3}?[^\w,]*?"
    r"(?:(?:denied|absent|not present|ruled out|excluded|negative|not reported|not elicited|"
    r"nad|-ve|nil|none)(?![\w])|\(\s*-\s*\))",
    _FLAGS,
)
# "bladder and bowel function normal", "saddle sensation intact"
_POST_NORMAL = re.compile(
    r"^(?:[\s/&]+(?:and|or|function|functions|sensation|control|tone|feeling|is|are|was|were|"
    r"area|habits?|both|all|remains?|bladder|bowels?|urinary|anal|saddle|perineal|sphincter))"
    r"{0,5}[\s/&:=-]+(?:normal|intact|unremarkable|preserved|nad|ok|fine|unaffected|unchanged)"
    r"(?![\w])",
    _FLAGS,
)
_WORD = re.compile(r"[\w'/?]+")


# --- reading one clause --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Compiled:
    field: str
    affirm: re.Pattern[str]
    deny: re.Pattern[str] | None
    exclude: re.Pattern[str] | None


def _compile(name: str, lexeme: Lexeme) -> _Compiled:
    def either(parts: tuple[str, ...]) -> re.Pattern[str] | None:
        return _words(*parts) if parts else None

    return _Compiled(
        f"red_flags.{name}",
        re.compile(r"(?<![\w-])(?:" + "|".join(lexeme.affirm) + r")(?![\w])", _FLAGS),
        either(lexeme.deny),
        either(lexeme.exclude),
    )


_CONCEPTS = tuple(_compile(name, lexeme) for name, lexeme in LEXICON.items())
_BLANKET = tuple((_words(pattern), fields) for pattern, fields in BLANKET.items())


def _read_clause(clause: str) -> Iterator[Mention]:
    for concept in _CONCEPTS:
        if concept.exclude is not None and concept.exclude.search(clause):
            continue
        for match in concept.affirm.finditer(clause):
            mention = _judge(concept.field, clause, match)
            if mention is not None:
                yield mention
        if concept.deny is not None:
            for match in concept.deny.finditer(clause):
                yield Mention(concept.field, NoteStatus.DENIED, _tidy(match.group()))


def _read_blanket(clause: str) -> Iterator[Mention]:
    """ "No red flags", "CES screen negative": a denial of every field they cover. A plain
    affirmation ("CES safety-netting given") names no finding; a hedged one ("?CES") does."""
    for pattern, fields in _BLANKET:
        for match in pattern.finditer(clause):
            mention = _judge("", clause, match)
            if mention is not None and (mention.status is NoteStatus.DENIED or mention.hedged):
                yield from (
                    Mention(f"red_flags.{f}", mention.status, mention.phrase, mention.hedged)
                    for f in fields
                )


def _judge(field: str, clause: str, match: re.Match[str]) -> Mention | None:
    """Affirmed, denied, or None when the words are about someone else."""
    before, after = clause[: match.start()], clause[match.end() :]
    if _about_someone_else(before):
        return None
    hedge, negation = _hedge_before(before), _negation_before(before)
    if hedge is not None and (negation is None or hedge > negation):
        return Mention(field, NoteStatus.AFFIRMED, _tidy(clause[hedge : match.end()]), True)
    if negation is not None:
        return Mention(field, NoteStatus.DENIED, _tidy(clause[negation : match.end()]))
    closing = _negation_after(after)
    if closing is not None:
        return Mention(
            field, NoteStatus.DENIED, _tidy(clause[match.start() : match.end() + closing])
        )
    return Mention(field, NoteStatus.AFFIRMED, _tidy(match.group()))


def _hedge_before(before: str) -> int | None:
    """Start of a hedge ("?bladder", "possible fever") governing the phrase, if any."""
    stripped = before.rstrip()
    if stripped.endswith("?"):
        return len(stripped) - 1
    return _last_in_scope(_HEDGE, before, 6)


def _about_someone_else(before: str) -> bool:
    tail = before.rsplit(",", 1)[-1]  # a relative's scope never crosses a comma
    return _last_in_scope(_EXPERIENCER, tail, _EXPERIENCER_WINDOW) is not None


def _negation_before(before: str) -> int | None:
    """Start of the negation trigger governing the phrase that follows `before`, if any."""
    masked = _blank(_PSEUDO, _blank(_HEDGE, before))
    near = _last_in_scope(_NEAR_NEGATION, masked, _NEAR_WINDOW)
    return near if near is not None else _last_in_scope(_NEGATION, masked, _NEGATION_WINDOW)


def _negation_after(after: str) -> int | None:
    """Length of the closing negation right after the phrase ("...: none"), if any."""
    for pattern in (_POST_SEPARATOR, _POST_NORMAL, _POST_WORD):
        found = pattern.match(after)
        if found is not None:
            return found.end()
    return None


def _last_in_scope(trigger: re.Pattern[str], before: str, window: int) -> int | None:
    """Start of the nearest trigger whose scope reaches the end of `before`."""
    starts = [(m.start(), m.end()) for m in trigger.finditer(before)]
    for start, end in reversed(starts):
        if _in_scope(before[end:], window):
            return start
    return None


def _in_scope(gap: str, window: int) -> bool:
    if _TERMINATOR.search(gap):
        return False
    pieces = gap.split(",")
    if len(pieces) == 1:
        return len(_WORD.findall(gap)) <= window
    # Across commas only through a list of short items: "denies fever, chills, weight loss".
    return all(len(_WORD.findall(piece)) <= 4 for piece in pieces) and window > _NEAR_WINDOW


def _blank(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(lambda m: " " * len(m.group()), text)


def _tidy(phrase: str) -> str:
    return " ".join(phrase.split())

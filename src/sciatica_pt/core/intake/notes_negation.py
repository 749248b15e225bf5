"""Negation, hedges and experiencers: is a red-flag phrase in a clause affirmed or denied?

A small NegEx-style rule set. Inside a clause a negation trigger ("denies", "no", "negative
for") before a phrase, or a closing word after it ("saddle anaesthesia: none", "weight loss
denied"), marks it denied. A trigger's scope ends at an affirming verb ("reports", "complains
of") and crosses commas only through short list items ("denies fever, chills or weight loss").
A hedge ("?bladder", "possible", "cannot rule out") makes the phrase affirmed-but-unsure: the
safer reading. A phrase about someone else ("mother had breast cancer") or about what might
happen ("advised to attend ED if bladder change") is not about the patient's state.

Everything works on the lower-cased clause (same length as the original), with patterns
compiled once and without IGNORECASE, which is several times faster in `re`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

_BOUNDARY_BEFORE, _BOUNDARY_AFTER = r"(?<![\w-])", r"(?![\w])"


def _either(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(_BOUNDARY_BEFORE + _either(*alternatives) + _BOUNDARY_AFTER)


# Hedges make a mention affirmed-but-unsure; several contain "not", so they come before the
# negation triggers in the combined pattern below.
_HEDGE = (
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
_PSEUDO = (
    # A heading or a comparison, not the past: "history of presenting complaint: numb groin",
    # "worse since the previous session", "weaker than previously".
    r"(?:history of (?:the )?(?:presenting|present) (?:complaint|illness)|hpc|hpi)",
    r"(?:since|than|from|at) (?:the |her |his |their )?(?:previous(?:ly)?|prior|last)"
    r"(?: (?:visit|session|review|appointment|assessment|week|time))?",
    r"no (?:improvement|better|relief|response|benefit|help)",
    r"not (?:improv(?:ing|ed)|better|helped|responding|settl(?:ing|ed)|tolerat\w+|only)",
    r"non-?specific",
    r"no (?:pain )?relief",
    r"no fear of",
    r"(?:is|was) (?:it|this|that) normal",  # a patient asking is a patient telling
    r"(?:did|do)(?:n'?t| not) (?:realise|realize|notice|know)",  # "didn't realise I'd wet"
)
_NEGATION = (
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
    r"don'?t|do not|aren'?t|am not|'m not",  # a patient's first person
)
_NEGATION_WINDOW = 8  # words between trigger and phrase
# Adjectives negate only what they sit next to ("normal saddle sensation").
_NEAR_NEGATION = (r"normal", r"intact", r"unremarkable", r"preserved")
_NEAR_WINDOW = 2
# Affirming verbs end a negation's scope ("no fever, reports urinary retention").
_TERMINATOR = (
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
    r"and (?:new|newly|now|recent(?:ly)?)",  # "no fever and new urinary retention"
    r"now has",
    r"noted",
    r"and then",
)
# Someone other than the patient ("mother had breast cancer", "FHx bowel cancer").
_EXPERIENCER = (
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
    r"friend",
    r"neighbou?r",
    r"colleague",
    r"boyfriend",
    r"girlfriend",
    r"kids?",
)
_EXPERIENCER_WINDOW = 6
# Safety-netting and conditions: "advised to attend ED if saddle numbness or bladder change"
# describes what might happen, not what the patient has.
_HYPOTHETICAL = (
    r"if",
    r"in case of",
    r"advised",
    r"advice",
    r"safety[- ]?net\w*",
    r"warned",
    r"educated",
    r"education",
    r"leaflet",
    r"information",
    r"explained",
    r"watch (?:out )?for",
    r"look out for",
    r"aware (?:of (?:the )?(?:need|red flags?|warning signs?|what|when|how)|to)",
    r"seek (?:urgent |immediate )?(?:help|advice|attention)",
    r"should (?:he|she|they|the patient|pt)? ?(?:develop|experience|notice|get)",
    r"knows? to",
    r"(?:to )?report any",
    r"advise[ds]?",
    r"(?:to|will|continue to) (?:check|screen|monitor|watch|ask) (?:for|about)",
    r"(?:checking|monitoring|screening|watching) for any",  # "checked for ...: present" is not
    r"to report",
    r"(?:to )?return (?:if|should|to|for|immediately|urgently|with)",
    r"to attend",
    # A patient's own conditions, worries and questions about what might happen.
    r"in case",
    r"what (?:should|do|would) i do",
    r"should i (?:worry|be worried|call|go|ring)",
    r"(?:scared|afraid|worried|frightened|terrified) (?:that )?i (?:might|will|could|would)",
    r"(?:can|could|might) happen",
    r"i read (?:that|about)",
    r"you told me",
    r"like you said",
)
_HYPOTHETICAL_WINDOW = 12
# ConText's temporal modifiers. HISTORICAL: the finding belongs to the past ("history of",
# "previous", "in 2015", "3 years ago"). CHRONIC: it has been there a long time
# ("long-standing", "chronic", "known", "for years", "since 2019"): not what a red flag that
# means a *new* finding asks about. Triggers before the finding reach forward; the phrases
# after it reach backward. A word of the present ("now", "new", "since yesterday") ends both.
_HISTORICAL = (
    r"past (?:medical )?history of",
    r"(?:medical )?history of",
    r"hx of",
    r"h/o",
    r"previous(?:ly)?",
    r"prior",
    r"former(?:ly)?",
    r"in the past",
    r"had (?=\w+ (?:with|in) (?:19|20)\d\d)",
    # A past-history heading: its sentence is the past ("PMH: retention in 2015, catheterised").
    r"(?:pmhx?|past (?:medical )?history|previous (?:medical )?history)(?=\s*:)",
    r"used to",
    r"back in (?:19|20)\d\d",
    r"when i was (?:a |an )?(?:child|kid|little|young|younger|teenager|teen|student|pregnant)",
)
# Months from three on: symptoms that have lasted that long are established, not new (the
# stage boundary of clinical-notes 3.1 puts chronic at 12 weeks).
_MONTHS = r"(?:[3-9]|1[0-9]|2[0-9]|three|four|five|six|nine|eighteen) months"
_YEARS = r"(?:\d+|many|several|a few|two|three|four|five|ten) (?:years|yrs)"
_CHRONIC = (
    r"long[- ]?standing",
    r"chronic(?:ally)?",
    r"known",
    r"established",
    r"life-?long",
    rf"(?:{_MONTHS}|{_YEARS}|(?:over|more than) a year) of",  # "18 months of aching in ..."
)
_HISTORICAL_AFTER = re.compile(
    _BOUNDARY_BEFORE
    + _either(
        r"(?:\d+|many|several|a few|two|three|four|five|ten|twenty) (?:years|yrs|decades) ago",
        r"years ago",
        r"in (?:19|20)\d\d",
        r"as a (?:child|teenager|teen|youngster|boy|girl|student)",
        r"in (?:his|her|their|my) (?:youth|teens|twenties|thirties|childhood)",
        r"last (?:year|winter|summer|spring|autumn)",
        r"(?:went|has gone|have gone) away",
        r"(?:is|are) (?:long )?gone",
        r"(?:fully |since |now )?resolved",
    )
    + _BOUNDARY_AFTER
)
_CHRONIC_AFTER = re.compile(
    _BOUNDARY_BEFORE
    + _either(
        r"for (?:many |several |a few |some |\d+ |two |three |four |five |ten )?"
        r"(?:years|yrs|decades)",
        rf"for (?:the (?:last|past) )?{_MONTHS}",
        r"for (?:over|more than|at least) (?:a|one|\d+) (?:year|years)",
        r"for as long as",
        r"since (?:19|20)\d\d",
        r"since (?:childhood|childbirth|birth|school|(?:his|her|their) (?:youth|teens|\d0s))",
        r"(?:unchanged|stable) (?:for|over) (?:many )?(?:years|months)",
    )
    + _BOUNDARY_AFTER
)
# Termination terms of the temporal modifiers: the sentence moves to the present.
_CURRENT = (
    r"now",
    r"new(?:ly)?",
    r"currently",
    r"today",
    r"recent(?:ly)?",
    r"this (?:morning|week|evening|month)",
    r"since (?:yesterday|this|last|the weekend|\w+day)",
    r"acute(?:ly)?",
    r"worse",
    r"worsening",
    r"increasing",
    r"spread\w*",
    r"started",
    r"also",
    r"again",
)
_TIME_WINDOW = 8
# A long-standing finding that is getting worse is a change, which is what the CES and motor
# red flags ask about (clinical-notes §2.1: "recent onset or worsening").
_NOT_BEFORE = re.compile(r"\b(?:no|not|nothing|without|never)\s+$")  # "no recent change"
_WORSENING = re.compile(
    r"\b(?:worse|worsening|worsened|increasing|spread\w*|new|newly|progress\w*|deteriorat\w*)\b"
)
# An experiencer's scope ends where the note turns back to the patient ("wife reports he ...").
_SELF = (
    r"the patient",
    r"patient",
    r"pt",
    r"(?:he|she) (?:himself|herself)",
    r"says",
    r"said",
    r"notices",
    r"noticed",
    r"brought",
    r"told",
)
_HEDGE_WINDOW = 6
_ANSWER = r"(?:no|nil|none|negative|neg|absent|denied|nad|n|not present|not reported|-ve|x)"
# "saddle anaesthesia: none", "fever - no", "bladder/bowel = nil"
# The answer must close the item: in "RF: no saddle anaesthesia" the "no" belongs to what follows.
_POST_SEPARATOR = re.compile(
    rf"^[^,:;=?]{{0,40}}?\s*(?:[:=]|\s[-–])\s*{_ANSWER}(?![\w])"
    r"(?=\s*(?:reported|noted|today|found|elicited|currently|at present)?\s*(?:[,;)/&]|and\b|$))"
)
# "Red flag screen clear", "CES screen: all clear" (only right after the phrase: "saddle
# numbness and chest clear" still reports the numbness)
_POST_CLEAR = re.compile(r"^\s*(?:[:=-]\s*)?(?:all )?clear(?![\w])")
# A bare minus after an item of a list: "saddle anaesthesia -, fever -"
_POST_MINUS = re.compile(r"^\s*[-–]\s*(?=[,;)/]|$)")
# "weight loss denied", "fever and night sweats absent", "fever (-)"
_POST_WORD = re.compile(
    r"^(?:[^\w,]+[\w'/]+){0,3}?[^\w,]*?"
    r"(?:(?:denied|denies|absent|not present|ruled out|excluded|negative|not reported|not elicited|"
    r"nad|-ve|neg|nil|none)(?![\w])|\(\s*-\s*\))",
)
# "bladder and bowel function normal", "saddle sensation intact"
_POST_NORMAL = re.compile(
    r"^(?:[\s/&]+(?:and|or|function|functions|sensation|control|tone|feeling|is|are|was|were|"
    r"area|habits?|both|all|remains?|bladder|bowels?|urinary|anal|saddle|perineal|sphincter))"
    r"{0,5}[\s/&:=-]+(?:normal|intact|unremarkable|preserved|nad|ok|fine|unaffected|unchanged)"
    r"(?![\w])",
)


Span = tuple[int, int]

# One scan per clause finds every trigger. At one position the first group listed wins, so a
# hedge ("not sure") or a pseudo-negation ("no improvement") hides the "not"/"no" inside it.
_TRIGGERS = re.compile(
    _BOUNDARY_BEFORE
    + _either(
        *(
            f"(?P<{kind}>{_either(*alternatives)})"
            for kind, alternatives in (
                ("hedge", _HEDGE),
                ("pseudo", _PSEUDO),
                ("experiencer", _EXPERIENCER),
                ("hypothetical", _HYPOTHETICAL),
                ("near", _NEAR_NEGATION),
                ("negation", _NEGATION),
                ("terminator", _TERMINATOR),
                ("historical", _HISTORICAL),
                ("chronic", _CHRONIC),
                ("current", _CURRENT),
                ("self", _SELF),
            )
        )
    )
    + _BOUNDARY_AFTER
)


@dataclass(frozen=True, slots=True)
class Reading:
    """What a clause says about the phrase: `clause[start:end]` is the phrase to quote."""

    denied: bool
    start: int
    end: int
    hedged: bool = False
    time: str | None = None  # "historical" or "chronic" (ConText's temporal modifiers)


@dataclass(frozen=True, slots=True)
class _Context:
    """Where the triggers sit in one lower-cased clause; found once, shared by its phrases."""

    low: str
    hedges: tuple[Span, ...]
    negations: tuple[Span, ...]
    near_negations: tuple[Span, ...]
    experiencers: tuple[Span, ...]
    hypotheticals: tuple[Span, ...]
    terminators: tuple[int, ...]  # start of each affirming verb
    historical: tuple[Span, ...] = ()
    chronic: tuple[Span, ...] = ()
    current: tuple[int, ...] = ()  # start of each word of the present
    self_: tuple[int, ...] = ()  # where the note turns back to the patient


@lru_cache(maxsize=4096)
def _context(low: str) -> _Context:
    found: dict[str, list[Span]] = {}
    for m in _TRIGGERS.finditer(low):
        found.setdefault(m.lastgroup or "", []).append(m.span())
    return _Context(
        low,
        tuple(found.get("hedge", ())),
        tuple(found.get("negation", ())),
        tuple(found.get("near", ())),
        tuple(found.get("experiencer", ())),
        tuple(found.get("hypothetical", ())),
        tuple(start for start, _ in found.get("terminator", ())),
        tuple(found.get("historical", ())),
        tuple(found.get("chronic", ())),
        tuple(start for start, _ in found.get("current", ())),
        tuple(
            start
            for start, end in [*found.get("self", ()), *found.get("terminator", ())]
            if low[start:end] != "has"  # "her sister has HIV" is still the sister's
        ),
    )


def judge(
    low: str, at: int, end: int, names_a_flag: Callable[[str], bool] = lambda text: False
) -> Reading | None:
    """Read the phrase `low[at:end]` of a lower-cased clause; None if it is about someone else
    or about what might happen. `names_a_flag` tells whether a piece of text names a red flag
    (a list of them may follow "if" across commas)."""
    context = _context(low)
    if _about_someone_else(context, at) or _hypothetical(context, at, names_a_flag):
        return None
    hedge, negation = _hedge_before(context, at), _negation_before(context, at)
    if negation is not None and _carried_onto_a_measured_finding(low, negation, at, end):
        negation = None
    if hedge is not None and (negation is None or hedge > negation):
        return Reading(False, hedge, end, hedged=True, time=_time(context, at, end))
    if negation is not None:
        return Reading(True, negation, end)
    closing = _negation_after(low[end:])
    if closing is not None and _closes_this(low[end : end + closing], names_a_flag):
        return Reading(True, at, end + closing)
    return Reading(False, at, end, time=_time(context, at, end))


def _closes_this(gap: str, names_a_flag: Callable[[str], bool]) -> bool:
    """A closing negation reaches back over "and"/"or" only through other red flags ("fever
    and night sweats absent"), never from another test onto the finding ("urinary retention
    and SLR negative" still reports the retention)."""
    conjunctions = list(_CONJUNCTION.finditer(gap))
    if not conjunctions:
        return True
    tail = gap[conjunctions[-1].end() :]
    return _ONLY_CLOSING.match(tail) is not None or names_a_flag(tail)


_CONJUNCTION = re.compile(r"\b(?:and|or)\b|[&/]")
_ONLY_CLOSING = re.compile(  # "red flags screened and negative": the "and" joins two verdicts
    r"^\W*(?:all )?(?:denied|absent|not present|ruled out|excluded|negative|not reported|"
    r"not elicited|nad|-ve|neg|nil|none|normal|intact|unremarkable|clear)\W*$"
)


def _time(context: _Context, at: int, end: int) -> str | None:
    """ConText's temporal modifier of the phrase: "historical", "chronic" or None (current).
    A phrase that holds a word of the present ("now also right leg pain") is current."""
    if any(at <= word < end for word in context.current):
        return None
    low = context.low
    later = [m.start() for m in _WORSENING.finditer(low, end)]
    later += [word for word in context.current if word >= end]
    worsening = any(_NOT_BEFORE.search(low, max(0, word - 12), word) is None for word in later)
    for kind, spans, after in (
        ("historical", context.historical, _HISTORICAL_AFTER),
        ("chronic", context.chronic, _CHRONIC_AFTER),
    ):
        if kind == "chronic" and worsening:
            # "long-standing hesitancy, getting worse" is a change (§2.1), and "known ... since
            # Tuesday" is recent
            return None
        if _last_in_time_scope(context, spans, at) is not None:
            return kind
        found = after.search(context.low, end)
        if found is not None and _time_reaches_back(context, end, found.start()):
            return kind
    return None


def _last_in_time_scope(context: _Context, spans: tuple[Span, ...], at: int) -> int | None:
    for start, end in reversed(spans):
        present = any(end <= word < at for word in context.current)
        if end <= at and not present and _time_reaches(context, end, at):
            return start
    return None


def _time_reaches(context: _Context, end: int, at: int) -> bool:
    """A heading ("PMH:") reaches to the end of its sentence, through commas, until an
    affirming verb or a word of the present; any other trigger has a window of words."""
    if context.low.startswith(":", end) or context.low[end:].lstrip().startswith(":"):
        return not any(end <= verb < at for verb in context.terminators)
    return _in_scope(context, end, at, _TIME_WINDOW)


def _time_reaches_back(context: _Context, end: int, trigger: int) -> bool:
    """A time phrase after the finding ("... for years") reaches back over at most a few
    words of the same clause piece, never past a word of the present."""
    gap = context.low[end:trigger]
    if "," in gap or any(end <= word < trigger for word in context.current):
        return False
    return len(gap.split()) <= _TIME_WINDOW


# "No fever, weight loss 6 kg": a negation carried along a list does not deny an item that
# comes with a measurement; the measurement says it is there.
_MEASURED = re.compile(r"^\s*(?:of\s+)?(?:about\s+|approx\.?\s+|~\s*)?\d")


def _carried_onto_a_measured_finding(low: str, negation: int, at: int, end: int) -> bool:
    return "," in low[negation:at] and _MEASURED.match(low[end:]) is not None


def _hedge_before(context: _Context, at: int) -> int | None:
    """Start of a hedge ("?bladder", "possible fever") governing the phrase, if any."""
    stripped = context.low[:at].rstrip()
    if stripped.endswith("?"):
        return len(stripped) - 1
    return _last_in_scope(context, context.hedges, at, _HEDGE_WINDOW)


def _hypothetical(context: _Context, at: int, names_a_flag: Callable[[str], bool]) -> bool:
    """Inside "if ...", "advised ...": past a comma, "and" or "or" only through a list of red
    flags ("if saddle numbness, bladder change or ..."), never into the next statement ("worse
    if sitting, numb groin since Monday" and "worse if sitting and numb groin" still report it)."""
    spans = [span for span in context.hypotheticals if span[1] <= at]
    if not spans:
        return False
    end = spans[-1][1]
    # "if he has trouble passing urine": a condition's own "has" does not end it
    if any(
        end <= verb < at and context.low[verb : verb + 4] != "has " for verb in context.terminators
    ):
        return False
    if _answered_later(context, end, at):
        return True
    pieces = _LIST_SEPARATOR.split(context.low[end:at])
    if len(pieces) == 1:
        return len(pieces[0].split()) <= _HYPOTHETICAL_WINDOW
    short = all(len(piece.split()) <= _HYPOTHETICAL_WINDOW // 2 for piece in pieces)
    # "if I get numb in the saddle area or can't pass urine": a list of warning signs, however
    # worded, is one condition
    listed = all(names_a_flag(piece) for piece in pieces[:-1] if piece.strip())
    return (short or listed) and names_a_flag(pieces[0])


_LIST_SEPARATOR = re.compile(r",|\band\b|\bor\b")
# "if the leg becomes weak, both legs go numb, or ..., go to A&E": a condition runs to the
# instruction that answers it, however long its list ("worse if sitting, numb groin since
# Monday, go to A&E" still reports the numbness: it is dated, so it is no condition).
_CONSEQUENT = re.compile(
    r",\s*(?:then\s+)?(?:please\s+)?(?:go|attend|call|ring|phone|dial|seek|contact|come back|"
    r"return|present)\b(?!\s+(?:with|since))"
)
_CONDITION_WINDOW = 30  # words from "if" to the finding


def _answered_later(context: _Context, end: int, at: int) -> bool:
    """Inside "if ..., go to A&E"; a word of the present ("since Monday", "now") says the
    finding is already there, and ends the condition."""
    low = context.low
    if "if" not in low[max(0, end - 3) : end] or len(low[end:at].split()) > _CONDITION_WINDOW:
        return False
    answer = _CONSEQUENT.search(low, at)
    return answer is not None and not any(end <= w < answer.start() for w in context.current)


def _about_someone_else(context: _Context, at: int) -> bool:
    """A relative's scope never crosses a comma (unless a relative clause follows: "her
    daughter, who is having chemotherapy") and ends where the note turns back to the patient
    ("wife reports he ...", "daughter brought her in: ...")."""
    low = context.low
    comma = low.rfind(",", 0, at)
    while comma >= 0 and _RELATIVE_CLAUSE.match(low, comma):
        comma = low.rfind(",", 0, comma)
    for start, end in reversed(context.experiencers):
        if comma < start and end <= at:
            gap = low[end:at]
            if ":" in gap or any(end <= word < at for word in context.self_):
                return False
            return len(gap.split()) <= _EXPERIENCER_WINDOW
    return False


_RELATIVE_CLAUSE = re.compile(r",\s*(?:who|which|whose)\b")


def _negation_before(context: _Context, at: int) -> int | None:
    """Start of the negation trigger governing the phrase at `at`, if any."""
    near = _last_in_scope(context, context.near_negations, at, _NEAR_WINDOW)
    if near is not None:
        return near
    return _last_in_scope(context, context.negations, at, _NEGATION_WINDOW)


def _negation_after(after: str) -> int | None:
    """Length of the closing negation right after the phrase ("...: none"), if any."""
    for pattern in (_POST_SEPARATOR, _POST_MINUS, _POST_CLEAR, _POST_NORMAL, _POST_WORD):
        found = pattern.match(after)
        if found is not None:
            return found.end()
    return None


def _last_in_scope(context: _Context, spans: tuple[Span, ...], at: int, window: int) -> int | None:
    """Start of the nearest trigger before `at` whose scope reaches it."""
    for start, end in reversed(spans):
        if end <= at and _in_scope(context, end, at, window):
            return start
    return None


def _in_scope(context: _Context, end: int, at: int, window: int) -> bool:
    """An affirming verb ends the scope; commas are crossed only through short list items."""
    if any(end <= verb < at for verb in context.terminators):
        return False
    gap = context.low[end:at]
    if "," not in gap:
        return len(gap.split()) <= window
    pieces = gap.split(",")  # "denies fever, chills, weight loss": items up to half the window
    return window > _NEAR_WINDOW and all(len(piece.split()) <= window // 2 for piece in pieces)

"""Red-flag screening: `screen(assessment) -> Triage` (spec/assessment-v1.md, clinical-notes §2).

The structured red flags and the free-text notes are read together and the safer reading
wins: a flag the notes affirm counts as present even when the field says false (and the
disagreement is reported), and a flag recorded true stays true whatever the notes say. A flag
that was not asked (null) is listed in `unanswered`; by itself it neither raises nor lowers
the level, but the planner makes the plan provisional.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from sciatica_pt.core.intake.assessment import Assessment, RedFlags
from sciatica_pt.core.intake.notes import Mention, NotesReading, NoteStatus, read_notes
from sciatica_pt.core.result import Contradiction, Finding, Triage, TriageLevel
from sciatica_pt.core.screening.case import Case
from sciatica_pt.core.screening.red_flags import RED_FLAG_RULES, Rule
from sciatica_pt.core.screening.referral_rules import COURSE_RULES

RULES: tuple[Rule, ...] = RED_FLAG_RULES + COURSE_RULES
# Findings of these rules suspect serious pathology; the others (inflammatory disease, a
# vascular mimic, no improvement) are routine referrals alongside physiotherapy.
RED_FLAG_RULE_IDS = frozenset(rule.id for rule in RED_FLAG_RULES)
COURSE_RULE_IDS = frozenset(rule.id for rule in COURSE_RULES)
RED_FLAG_NAMES = tuple(RedFlags.model_fields)
_ONSET = "history.onset"


def screen(assessment: Assessment, notes: NotesReading | None = None) -> Triage:
    """Triage one assessment; `notes` may be passed when the caller already read them
    (`read_free_text`), otherwise the notes and the history lists are read here."""
    reading = notes if notes is not None else read_free_text(assessment)
    from_notes = _affirmed_beyond_fields(assessment, reading)
    fall = reading.extra.get("notes.minor_trauma")
    fell = fall is not None and fall.status is NoteStatus.AFFIRMED
    names = frozenset(m.field.split(".", 1)[1] for m in from_notes)
    case = Case.of(assessment, names, fall_in_notes=fell)
    quotes = {m.field: m for m in from_notes}
    if fell and fall is not None:
        quotes[_ONSET] = fall  # the fracture rules read the onset; say the notes told of a fall
    findings = _findings(case, quotes)
    return Triage(
        level=most_urgent(findings),
        findings=findings,
        unanswered=unanswered(assessment),
        contradictions=contradictions(assessment, reading),
    )


def read_free_text(assessment: Assessment) -> NotesReading:
    """The notes, plus the medication and comorbidity lists, which can only affirm a flag
    ("prednisolone" is corticosteroid use, "breast cancer 2015" a cancer history) and never
    deny one: a list that does not name steroids is not an answer to the question."""
    reading = read_notes(assessment.notes)
    history = assessment.history
    lists = (("medication list", history.medications), ("comorbidity list", history.comorbidities))
    extra = [_read_list(label, words) for label, words in lists if words]
    return _merge(reading, extra) if extra else reading


def _read_list(label: str, words: tuple[str, ...]) -> list[Mention]:
    text = ". ".join(word.replace("_", " ") for word in words)  # "breast_cancer" is two words
    return [replace(m, source=label) for m in read_notes(text).affirmed()]


def _merge(reading: NotesReading, extra: list[list[Mention]]) -> NotesReading:
    merged = dict(reading.mentions)
    for mention in (m for found in extra for m in found):
        if merged[mention.field].status is not NoteStatus.AFFIRMED:
            merged[mention.field] = mention
    return NotesReading(MappingProxyType(merged), reading.extra)


def most_urgent(findings: tuple[Finding, ...]) -> TriageLevel:
    levels = [f.level for f in findings]
    return max(levels, key=lambda level: level.urgency, default=TriageLevel.PT_APPROPRIATE)


def unanswered(assessment: Assessment) -> tuple[str, ...]:
    flags = assessment.red_flags
    return tuple(f"red_flags.{n}" for n in RED_FLAG_NAMES if getattr(flags, n) is None)


def contradictions(assessment: Assessment, reading: NotesReading) -> tuple[Contradiction, ...]:
    said = (m for m in reading.mentions.values() if m.status in _SAID)  # skip the silent ones
    found = (_contradiction(assessment.red_flags, m) for m in said)
    return tuple(c for c in found if c is not None)


_SAID = (NoteStatus.AFFIRMED, NoteStatus.DENIED)  # only these can contradict a field


def _contradiction(flags: RedFlags, mention: Mention) -> Contradiction | None:
    value = getattr(flags, mention.field.split(".", 1)[1])
    if mention.status is NoteStatus.AFFIRMED and value is False:
        return Contradiction(
            field=mention.field,
            message=f"{_capital(mention.quoted())} but the field is false; it is read as true "
            "(the safer reading). Ask again and correct whichever is wrong.",
        )
    if mention.status is NoteStatus.DENIED and value is True:
        return Contradiction(
            field=mention.field,
            message=f"{_capital(mention.quoted())} but the field is true; it stays true (the "
            "safer reading). Ask again and correct whichever is wrong.",
        )
    return None


def _affirmed_beyond_fields(assessment: Assessment, reading: NotesReading) -> list[Mention]:
    """Flags the notes affirm that the structured field does not (false or not asked)."""
    flags = assessment.red_flags
    return [m for m in reading.affirmed() if getattr(flags, m.field.split(".", 1)[1]) is not True]


def _findings(case: Case, from_notes: dict[str, Mention]) -> tuple[Finding, ...]:
    found = [_finding(rule, case, from_notes.get(rule.field)) for rule in RULES if rule.holds(case)]
    return tuple(sorted(found, key=lambda f: -f.level.urgency))


def _finding(rule: Rule, case: Case, note: Mention | None) -> Finding:
    message = rule.message + (rule.detail(case) if rule.detail else "")
    if note is not None:
        unsure = " (hedged: treat as possible)" if note.hedged else ""
        message += f" Read from free text: {note.quoted()}{unsure}."
    return Finding(
        rule=rule.id,
        field=rule.field,
        message=message,
        action=rule.action,
        refs=rule.refs,
        level=rule.level,
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]

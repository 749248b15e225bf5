"""Red-flag screening: `screen(assessment) -> Triage` (spec/assessment-v1.md, clinical-notes §2).

The structured red flags and the free-text notes are read together and the safer reading
wins: a flag the notes affirm counts as present even when the field says false (and the
disagreement is reported), and a flag recorded true stays true whatever the notes say. A flag
that was not asked (null) is listed in `unanswered`; by itself it neither raises nor lowers
the level, but the planner makes the plan provisional.
"""

from __future__ import annotations

from sciatica_pt.core.assessment import Assessment, RedFlags
from sciatica_pt.core.case import Case
from sciatica_pt.core.notes import Mention, NotesReading, NoteStatus, read_notes
from sciatica_pt.core.red_flags import RED_FLAG_RULES, Rule
from sciatica_pt.core.referral_rules import COURSE_RULES
from sciatica_pt.core.result import Contradiction, Finding, Triage, TriageLevel

RULES: tuple[Rule, ...] = RED_FLAG_RULES + COURSE_RULES
RED_FLAG_NAMES = tuple(RedFlags.model_fields)


def screen(assessment: Assessment, notes: NotesReading | None = None) -> Triage:
    """Triage one assessment; `notes` may be passed when the caller already read them."""
    reading = notes if notes is not None else read_notes(assessment.notes)
    from_notes = _affirmed_beyond_fields(assessment, reading)
    case = Case.of(assessment, frozenset(m.field.split(".", 1)[1] for m in from_notes))
    findings = _findings(case, {m.field: m for m in from_notes})
    return Triage(
        level=most_urgent(findings),
        findings=findings,
        unanswered=unanswered(assessment),
        contradictions=contradictions(assessment, reading),
    )


def most_urgent(findings: tuple[Finding, ...]) -> TriageLevel:
    levels = [f.level for f in findings]
    return max(levels, key=lambda level: level.urgency, default=TriageLevel.PT_APPROPRIATE)


def unanswered(assessment: Assessment) -> tuple[str, ...]:
    flags = assessment.red_flags
    return tuple(f"red_flags.{n}" for n in RED_FLAG_NAMES if getattr(flags, n) is None)


def contradictions(assessment: Assessment, reading: NotesReading) -> tuple[Contradiction, ...]:
    found = (_contradiction(assessment.red_flags, m) for m in reading.mentions.values())
    return tuple(c for c in found if c is not None)


def _contradiction(flags: RedFlags, mention: Mention) -> Contradiction | None:
    value = getattr(flags, mention.field.split(".", 1)[1])
    if mention.status is NoteStatus.AFFIRMED and value is False:
        return Contradiction(
            field=mention.field,
            message=f'The notes say "{mention.phrase}" but the field is false; it is read as '
            "true (the safer reading). Ask again and correct whichever is wrong.",
        )
    if mention.status is NoteStatus.DENIED and value is True:
        return Contradiction(
            field=mention.field,
            message=f'The notes say "{mention.phrase}" but the field is true; it stays true '
            "(the safer reading). Ask again and correct whichever is wrong.",
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
        message += f' Read from the notes: "{note.phrase}"{unsure}.'
    return Finding(
        rule=rule.id,
        field=rule.field,
        message=message,
        action=rule.action,
        refs=rule.refs,
        level=rule.level,
    )

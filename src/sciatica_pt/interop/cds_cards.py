"""CDS Hooks 2.0 cards, built from core objects (pure: no HTTP, no clock, no randomness).

Card ids are uuid5 of the hook instance and what the card is about, so the same call gives
the same cards and feedback can be matched to them.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from sciatica_pt.core.knowledge import KnowledgeBase
from sciatica_pt.core.result import AssessmentResult, Finding, PlanStatus, TriageLevel
from sciatica_pt.core.vocabulary import Kind
from sciatica_pt.core.words import name_of
from sciatica_pt.interop.fhir_codes import NAMESPACE
from sciatica_pt.interop.fhir_plan import dose_text

Card = dict[str, Any]
SOURCE_LABEL = "Sciatica PT"
TOPIC_SYSTEM = "urn:sciatica-pt:cds-topic"
SUMMARY_LIMIT = 139  # the spec: a summary of fewer than 140 characters
# Emergency findings must interrupt; urgent ones must be seen; routine ones inform.
INDICATOR = {
    TriageLevel.EMERGENCY: "critical",
    TriageLevel.URGENT_REFERRAL: "warning",
    TriageLevel.ROUTINE_REFERRAL_WITH_PT: "info",
}
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def escape(text: str) -> str:
    """Text from another system, made inert inside markdown."""
    return _MARKDOWN.sub(r"\\\1", text)


def summary(text: str) -> str:
    """One line under 140 characters, cut at a word boundary when it must be cut."""
    line = " ".join(text.split())
    if len(line) <= SUMMARY_LIMIT:
        return line
    cut = line[: SUMMARY_LIMIT - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"


def card_uuid(hook_instance: uuid.UUID, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{hook_instance}/{key}"))


def source(topic: str, display: str) -> dict[str, Any]:
    return {
        "label": SOURCE_LABEL,
        "topic": {"system": TOPIC_SYSTEM, "code": topic, "display": display},
    }


def sources_markdown(kb: KnowledgeBase, refs: tuple[str, ...] | list[str]) -> str:
    lines = []
    for key in refs:
        try:
            lines.append(f"- [{key}] {kb.reference(key).citation}")  # our own, trusted text
        except KeyError:
            lines.append(f"- [{key}]")
    return "**Sources**\n\n" + "\n".join(lines)


def card(key: str, hook_instance: uuid.UUID, **fields: Any) -> Card:
    return {"uuid": card_uuid(hook_instance, key), **fields}


def red_flag_cards(
    result: AssessmentResult, kb: KnowledgeBase, hook_instance: uuid.UUID
) -> list[Card]:
    """One card per triage finding, most urgent first."""
    findings = sorted(result.triage.findings, key=lambda f: -f.level.urgency)
    return [_finding_card(f, kb, hook_instance) for f in findings]


def _finding_card(finding: Finding, kb: KnowledgeBase, hook_instance: uuid.UUID) -> Card:
    detail = (
        f"**Action:** {finding.action}\n\n{finding.message}\n\n"
        f"Recorded as: {name_of(finding.field, 'field')} "
        f"({name_of(finding.rule, 'triage_rule')}).\n\n" + sources_markdown(kb, finding.refs)
    )
    return card(
        f"finding/{finding.rule}",
        hook_instance,
        summary=summary(f"{name_of(finding.level)}: {finding.message}"),
        indicator=INDICATOR[finding.level],
        detail=detail,
        source=source("red-flag", "Red flag"),
    )


def screening_gap_cards(result: AssessmentResult, hook_instance: uuid.UUID) -> list[Card]:
    """Unasked red-flag questions and notes that disagree with the fields: never silent."""
    found = [_unanswered_card(result, hook_instance)] if result.triage.unanswered else []
    return found + [
        card(
            f"contradiction/{c.field}",
            hook_instance,
            summary=summary(
                f"Notes and record disagree on {name_of(c.field, 'field')}; "
                "the safer reading is used"
            ),
            indicator="warning",
            detail=c.message,
            source=source("red-flag-screen", "Red-flag screen"),
        )
        for c in result.triage.contradictions
    ]


def _unanswered_card(result: AssessmentResult, hook_instance: uuid.UUID) -> Card:
    unanswered = result.triage.unanswered
    still = "; the plan stays provisional" if result.plan.status is PlanStatus.PROVISIONAL else ""
    fields = "\n".join(f"- {name_of(name, 'field')}" for name in unanswered)
    return card(
        "unanswered",
        hook_instance,
        summary=summary(f"{len(unanswered)} red-flag question(s) not asked yet{still}"),
        indicator="warning",
        detail=f"Not asked is not the same as no. Ask about:\n\n{fields}",
        source=source("red-flag-screen", "Red-flag screen"),
    )


def program_card(result: AssessmentResult, link: str, hook_instance: uuid.UUID) -> Card | None:
    """The suggested home program, with a link to open it in the app."""
    exercises = [i for i in result.plan.items if i.kind is Kind.EXERCISE]
    if not exercises:
        return None
    lines = "\n".join(
        f"- **{i.name}**" + (f": {dose_text(i.dosage)}" if i.dosage else "") for i in exercises
    )
    status = name_of(result.plan.status).lower()
    return card(
        "program",
        hook_instance,
        summary=summary(f"Suggested home program: {len(exercises)} exercise(s), plan {status}"),
        indicator="info",
        detail=f"Classification: {name_of(result.classification.pain_source)}, "
        f"{name_of(result.classification.stage).lower()}.\n\n{lines}\n\n"
        "Every item's reasons and sources are in the app.",
        source=source("home-program", "Home program"),
        links=[{"label": "Open the plan in Sciatica PT", "url": link, "type": "absolute"}],
    )


def assessment_needed_card(
    link: str, hook_instance: uuid.UUID, problems: list[str] | None = None
) -> Card:
    """No usable assessment in the prefetch: say so, never guess and never crash."""
    detail = "No Sciatica PT assessment came with this request, so red flags were not screened."
    if problems:
        listed = "\n".join(f"- {escape(p)}" for p in problems[:10])
        detail = f"The assessment in the request could not be read:\n\n{listed}"
    return card(
        "assessment-needed",
        hook_instance,
        summary="A Sciatica PT assessment is needed to screen red flags and suggest a program",
        indicator="info" if problems is None else "warning",
        detail=detail + "\n\nRecord or update the assessment in Sciatica PT.",
        source=source("assessment", "Assessment"),
        links=[{"label": "Assess in Sciatica PT", "url": link, "type": "absolute"}],
    )

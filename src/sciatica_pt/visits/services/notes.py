"""Visit notes (subjective, objective, assessment, plan) with the clinic techniques applied.

Each technique is checked against the patient's facts by the core's own safety check, the
one the planner runs on clinic techniques (`core.safety.judge` over the rules that can apply,
`core.plan_clinic`): a contraindicated technique, or one the guidelines do not recommend, is
recorded only with the clinician's reason. With no assessment on record every fact counts as
not asked, and not asked is never no."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from sciatica_pt import knowledge
from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import Assessment, Patient
from sciatica_pt.clinic.permissions import require_clinician
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.core.intake.facts import derive_facts, unasked_facts
from sciatica_pt.core.knowledge import Item
from sciatica_pt.core.planning.catalog import catalog_of
from sciatica_pt.core.planning.clinic import is_clinic_item
from sciatica_pt.core.planning.safety import Verdict, judge
from sciatica_pt.core.vocabulary import EvidenceGrade, Fact
from sciatica_pt.visits.models import Visit, VisitNote

SOAP = ("subjective", "objective", "assessment", "plan")
TEXT_LIMIT = 10_000


def techniques() -> list[Item]:
    """The knowledge base's clinic techniques (manual therapy, modalities, needling)."""
    return sorted((i for i in knowledge.load().items if is_clinic_item(i)), key=lambda i: i.name)


def patient_facts(patient: Patient) -> tuple[frozenset[Fact], frozenset[Fact]]:
    """The facts that hold and the facts not asked, from the patient's latest assessment."""
    latest = Assessment.objects.filter(patient=patient).order_by("-pk").first()
    if latest is None:
        return frozenset(), frozenset(Fact)
    doc, result = latest.to_domain(), latest.result_domain()
    return derive_facts(doc, result.triage, result.classification), unasked_facts(doc)


def verdict(item: Item, facts: frozenset[Fact], unasked: frozenset[Fact]) -> Verdict:
    rules = catalog_of(knowledge.load()).rules.live_rules_for(item, facts, unasked)
    return judge(item, rules, facts, unasked)


def concern(item: Item, found: Verdict) -> str | None:
    """Why applying this technique must be justified, or None."""
    if found.blocked:
        return f"{item.name} is contraindicated: " + "; ".join(found.blocked)
    if item.evidence.grade is EvidenceGrade.NOT_RECOMMENDED:
        return f"{item.name} is not recommended by the guidelines ({', '.join(item.evidence.refs)})"
    return None


def checks(patient: Patient) -> list[dict[str, Any]]:
    """Every technique with what the safety check says for this patient (for the form)."""
    facts, unasked = patient_facts(patient)
    rows = []
    for item in techniques():
        found = verdict(item, facts, unasked)
        rows.append(
            {
                "id": item.id,
                "name": item.name,
                "concern": concern(item, found),
                "precautions": list(found.precautions),
                "refs": list(found.refs),
            }
        )
    return rows


def _applied(patient: Patient, chosen: list[str], reasons: dict[str, str]) -> list[dict[str, Any]]:
    by_id = {row["id"]: row for row in checks(patient)}
    problems, applied = [], []
    for item_id in dict.fromkeys(chosen):
        row = by_id.get(item_id)
        if row is None:
            problems.append(
                f"techniques: {item_id!r} is not a clinic technique of the knowledge base"
            )
            continue
        reason = reasons.get(item_id, "").strip()
        if row["concern"] and not reason:
            problems.append(f"reason_{item_id}: a reason is required: {row['concern']}")
        if len(reason) > 1000:
            problems.append(f"reason_{item_id}: at most 1000 characters")
        applied.append({**row, "reason": reason})
    if problems:
        raise InvalidInput(problems)
    return applied


def _has_control(text: str) -> bool:
    """Invisible control characters (a paste from elsewhere): no record or export (XML, FHIR
    narrative) can carry them faithfully, so the note is refused, naming the part."""
    return any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in text)


@transaction.atomic
def save(
    request: HttpRequest | None,
    user: Any,
    visit: Visit,
    text: dict[str, str],
    chosen: list[str],
    reasons: dict[str, str],
) -> VisitNote:
    require_clinician(user)
    problems = [
        f"{k}: at most {TEXT_LIMIT} characters" for k in SOAP if len(text.get(k, "")) > TEXT_LIMIT
    ]
    problems += [
        f"{k}: contains a control character (only tabs and line breaks are kept)"
        for k in SOAP
        if _has_control(text.get(k, ""))
    ]
    if problems:
        raise InvalidInput(problems)
    applied = _applied(visit.patient, chosen, reasons)
    note, _ = VisitNote.objects.get_or_create(visit=visit, defaults={"patient": visit.patient})
    for key in SOAP:
        setattr(note, key, text.get(key, "").strip())
    note.techniques, note.author = applied, user
    note.save()
    audit.write(request, user, "visit_note", note.pk, visit.patient_id)
    return note

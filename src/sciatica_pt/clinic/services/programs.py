"""Plan editing with a version: every edit names the version it started from, takes the
program's row lock and is refused with a clear message if any write (another edit, a
check-in's review, discharge) raised the version since; nothing is then changed. So no write
silently overwrites another."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from pydantic import ValidationError

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import ItemStatus, Patient, Program, ProgramItem, ProgramStatus
from sciatica_pt.clinic.permissions import require_clinician
from sciatica_pt.clinic.services import clinic_exercises, followup
from sciatica_pt.clinic.services.errors import InvalidInput, StaleVersion
from sciatica_pt.core.errors import problems_of
from sciatica_pt.core.intake.facts import derive_facts, unasked_facts
from sciatica_pt.core.knowledge import Dosage, Item
from sciatica_pt.core.planning import safety
from sciatica_pt.core.planning.catalog import catalog_of
from sciatica_pt.core.vocabulary import EvidenceGrade

DOSE_FIELDS = ("sets", "reps", "hold_seconds", "per_day", "per_week", "minutes")
EDITABLE = (ProgramStatus.ACTIVE, ProgramStatus.PROVISIONAL)


def current_program(patient: Patient) -> Program | None:
    return Program.objects.filter(patient=patient, is_current=True).order_by("-pk").first()


def current_items(patient: Patient) -> tuple[Program | None, list[ProgramItem]]:
    """The current program and the items the patient does."""
    return audit.current_items(patient)


def ready_for_patient(program: Program) -> bool:
    """Whether the patient should start this program on their own. A plan stays provisional
    while red flags are unanswered or a doctor must see the patient first; only a routine
    referral alongside physiotherapy lets the patient go ahead (the engine's triage)."""
    if program.status == ProgramStatus.ACTIVE:
        return True
    if program.status != ProgramStatus.PROVISIONAL or program.assessment is None:
        return False
    triage = program.assessment.result.get("triage", {})
    return triage.get("level") == "routine_referral_with_pt" and not triage.get("unanswered")


def _editable(patient: Patient, expected: int) -> Program:
    """The current program, locked, at the next version; refused if it cannot be edited or
    another write came after `expected`."""
    program = followup.lock_current(patient)
    if program is None:
        raise InvalidInput(["program: this patient has no program yet; record an assessment"])
    if program.status not in EDITABLE:
        raise InvalidInput([f"program: a {program.status} program cannot be edited"])
    if program.version != expected:
        raise StaleVersion(expected, program.version)
    program.version += 1
    program.save(update_fields=["version", "updated_at"])
    return program


def needs_reason(program: Program, item: Item) -> str | None:
    """Why adding this item must be justified, or None. Excluded, contraindicated or
    not-recommended items are added only by a clinician with a recorded reason (DESIGN.md,
    'Evidence, not just the seeds')."""
    if item.evidence.grade is EvidenceGrade.NOT_RECOMMENDED:
        return f"{item.name} is not recommended by the guidelines ({', '.join(item.evidence.refs)})"
    if blocked := contraindications(program, item):
        return f"{item.name} is contraindicated for this patient: {'; '.join(blocked)}"
    if item.evidence.grade is EvidenceGrade.CLINIC_OWN:
        return f"{item.name} is your clinic's own exercise, which no guideline grades"
    excluded = (
        (program.assessment.result or {}).get("plan", {}).get("excluded", [])
        if program.assessment
        else []
    )
    for row in excluded:
        if row.get("id") == item.id or row.get("class") == item.item_class.value:
            return f"{item.name} was excluded for this patient: {row.get('reason', '')}"
    return None


def contraindications(program: Program, item: Item) -> tuple[str, ...]:
    """The core's safety check of this item against the facts of the program's assessment:
    one reason per contraindication that applies (or would, if an unasked question came back
    "yes"). Empty without an assessment."""
    if program.assessment is None:
        return ()
    document, result = program.assessment.to_domain(), program.assessment.result_domain()
    facts = derive_facts(document, result.triage, result.classification)
    kb = clinic_exercises.knowledge_for(program.patient.clinic)
    rules = catalog_of(kb).rules.rules_for(item)
    return safety.judge(item, rules, facts, unasked_facts(document)).blocked


def _kb_item(patient: Patient, item_id: str) -> Item:
    """The item to add: a built-in, or one of the patient's clinic's exercises in use."""
    kb = clinic_exercises.knowledge_for(patient.clinic)
    try:
        item = kb.item(item_id)
    except KeyError:
        raise InvalidInput([f"item_id: {item_id!r} is not an item of the knowledge base"]) from None
    if item_id in clinic_exercises.retired_ids(patient.clinic):
        raise InvalidInput([f"item_id: {item.name} was retired by your clinic"])
    return item


@transaction.atomic
def add_item(
    request: HttpRequest | None,
    user: Any,
    patient: Patient,
    version: int,
    item_id: str,
    reason: str,
) -> ProgramItem:
    require_clinician(user)
    item = _kb_item(patient, item_id)
    program = _editable(patient, version)
    if program.items.in_program().filter(item_id=item.id).exists():
        raise InvalidInput([f"item_id: {item.id} is already in the program"])
    concern = needs_reason(program, item)
    if concern and not reason.strip():
        raise InvalidInput([f"reason: a reason is required: {concern}"])
    why = f"Added by a clinician: {reason.strip()}" if reason.strip() else "Added by a clinician."
    row = ProgramItem.from_kb(
        program,
        item,
        position=program.items.count(),
        why=[why],
        added_by_clinician=True,
        clinician_reason=reason.strip(),
        changed_by=user,
    )
    row.save()
    audit.write(request, user, "program_item", row.pk, patient.pk)
    return row


def _item_of(program: Program, program_item_id: int) -> ProgramItem:
    try:
        return program.items.live().get(pk=program_item_id)
    except ProgramItem.DoesNotExist:
        raise InvalidInput([f"item: {program_item_id} is not an item of this program"]) from None


@transaction.atomic
def remove_item(
    request: HttpRequest | None,
    user: Any,
    patient: Patient,
    version: int,
    program_item_id: int,
    reason: str,
) -> ProgramItem:
    require_clinician(user)
    row = _item_of(_editable(patient, version), program_item_id)
    row.status = ItemStatus.REMOVED
    row.clinician_reason = reason.strip()
    row.changed_by = user
    row.save(update_fields=["status", "clinician_reason", "changed_by"])
    audit.write(request, user, "program_item", row.pk, patient.pk)
    return row


@transaction.atomic
def review_now(request: HttpRequest | None, user: Any, patient: Patient, today: dt.date) -> Program:
    """The follow-up review on `today`, stored as a check-in's is: for a day with no check-in
    (a patient who has gone quiet, the day of a visit), under the program's lock."""
    require_clinician(user)
    program = followup.lock_current(patient)
    if program is None or followup.review_locked(patient, program, today) is None:
        raise InvalidInput(["program: this patient has no follow-up program to review"])
    audit.write(request, user, "program_review", program.pk, patient.pk)
    return program


def parse_dosage(data: object) -> Dosage:
    try:
        return Dosage.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(problems_of(exc, prefix="dosage")) from None


@transaction.atomic
def change_dose(
    request: HttpRequest | None,
    user: Any,
    patient: Patient,
    version: int,
    program_item_id: int,
    dosage: object,
) -> ProgramItem:
    require_clinician(user)
    dose = parse_dosage(dosage)
    row = _item_of(_editable(patient, version), program_item_id)
    row.dosage = dose.model_dump(exclude_none=True)
    row.changed_by = user
    row.save(update_fields=["dosage", "changed_by"])
    audit.write(request, user, "program_item", row.pk, patient.pk)
    return row

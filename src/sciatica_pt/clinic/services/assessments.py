"""Record an assessment: validate the v1 document, run the engine, store the result and start
the program its plan describes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import Assessment, Patient, Program, ProgramItem, Severity
from sciatica_pt.clinic.permissions import require_clinician
from sciatica_pt.clinic.services import alerts, engine, followup
from sciatica_pt.core.intake.assessment import parse_assessment
from sciatica_pt.core.result import AssessmentResult, TriageLevel

_ALERTING = {
    TriageLevel.EMERGENCY: Severity.CRITICAL,
    TriageLevel.URGENT_REFERRAL: Severity.WARNING,
}


def evaluate(document: object) -> AssessmentResult:
    """Assess without storing anything (the stateless `POST /api/assess`)."""
    return engine.run(parse_assessment(document))


@transaction.atomic
def record(
    request: HttpRequest | None,
    user: Any,
    patient: Patient,
    document: dict[str, Any],
    today: dt.date,
) -> Assessment:
    require_clinician(user)
    result = evaluate(document)  # raises InvalidInput before anything is written
    stored = Assessment.objects.create(
        patient=patient,
        document=document,
        result=result.to_json_dict(),
        triage_level=result.triage.level.value,
        created_by=user,
    )
    start_program(patient, stored, result, today, user)
    _alert_on_triage(patient, result)
    audit.write(request, user, "assessment", stored.pk, patient.pk)
    return stored


def start_program(
    patient: Patient, stored: Assessment, result: AssessmentResult, today: dt.date, user: Any
) -> Program:
    Program.objects.filter(patient=patient, is_current=True).update(is_current=False)
    program = Program.objects.create(
        patient=patient,
        assessment=stored,
        status=result.plan.status.value,
        started_on=today,
        followup_state=followup.start_state(result.plan, today, patient.pk),
    )
    rows = [ProgramItem.from_domain(item, n) for n, item in enumerate(result.plan.items)]
    for row in rows:
        row.program = program
    ProgramItem.objects.bulk_create(rows)
    return program


def _alert_on_triage(patient: Patient, result: AssessmentResult) -> None:
    severity = _ALERTING.get(result.triage.level)
    if severity is None:
        return
    first = result.triage.findings[0] if result.triage.findings else None
    alerts.raise_alert(
        patient,
        rule=f"triage.{result.triage.level.value}",
        severity=severity,
        message=first.message if first else f"Triage: {result.triage.level.value}",
        action=first.action if first else "",
        refs=list(first.refs) if first else ["NICE-NG59"],
    )

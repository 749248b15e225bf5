"""Alerts for the therapist: raised by check-ins and outcomes, acknowledged by staff."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import Alert, AlertStatus, Patient, Severity
from sciatica_pt.clinic.permissions import require_clinician
from sciatica_pt.clinic.services.errors import InvalidInput

# Higher is more urgent; the patient list sorts on the most severe open alert first.
SEVERITY_RANK = {Severity.CRITICAL: 3, Severity.WARNING: 2, Severity.INFO: 1}


def refresh_summary(patient_id: int) -> None:
    """Recount the patient's open alerts and note the most severe (then the newest) one.
    Recomputed rather than incremented: alerts are rare, and a recount cannot drift."""
    open_alerts = list(
        Alert.objects.filter(patient_id=patient_id, status=AlertStatus.OPEN).values_list(
            "severity", "message"
        )
    )
    level, message = max(
        ((SEVERITY_RANK.get(Severity(sev), 0), msg) for sev, msg in open_alerts),  # newest first
        key=lambda pair: pair[0],
        default=(0, ""),
    )
    Patient.objects.filter(pk=patient_id).update(
        open_alerts=len(open_alerts), alert_level=level, alert_summary=message[:200]
    )


def raise_alert(
    patient: Patient,
    rule: str,
    severity: Severity,
    message: str,
    action: str,
    refs: list[str],
    event: str = "",
) -> Alert:
    """`event`: the clinical event's id (the engine's alert id), so it is alerted once."""
    alert = Alert.objects.create(
        patient=patient,
        rule=rule,
        severity=severity,
        message=message,
        action_now=action,
        refs=refs,
        event=event,
    )
    refresh_summary(patient.pk)
    return alert


@transaction.atomic
def acknowledge(request: HttpRequest | None, user: Any, patient: Patient, alert_id: int) -> Alert:
    require_clinician(user)
    updated = Alert.objects.filter(pk=alert_id, patient=patient, status=AlertStatus.OPEN).update(
        status=AlertStatus.ACKNOWLEDGED, acknowledged_by=user, acknowledged_at=timezone.now()
    )
    if not updated:
        raise InvalidInput([f"alert_id: {alert_id} is not an open alert of this patient"])
    refresh_summary(patient.pk)
    audit.write(request, user, "alert", alert_id, patient.pk)
    return Alert.objects.get(pk=alert_id)

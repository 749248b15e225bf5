"""Alerts for the therapist: raised by check-ins and outcomes, acknowledged by staff."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import Alert, AlertStatus, Patient, Severity
from sciatica_pt.clinic.permissions import require_clinician
from sciatica_pt.clinic.services.errors import InvalidInput


def raise_alert(
    patient: Patient, rule: str, severity: Severity, message: str, action: str, refs: list[str]
) -> Alert:
    alert = Alert.objects.create(
        patient=patient, rule=rule, severity=severity, message=message, action_now=action, refs=refs
    )
    Patient.objects.filter(pk=patient.pk).update(open_alerts=F("open_alerts") + 1)
    return alert


@transaction.atomic
def acknowledge(request: HttpRequest | None, user: Any, patient: Patient, alert_id: int) -> Alert:
    require_clinician(user)
    updated = Alert.objects.filter(pk=alert_id, patient=patient, status=AlertStatus.OPEN).update(
        status=AlertStatus.ACKNOWLEDGED, acknowledged_by=user, acknowledged_at=timezone.now()
    )
    if not updated:
        raise InvalidInput([f"alert_id: {alert_id} is not an open alert of this patient"])
    Patient.objects.filter(pk=patient.pk, open_alerts__gt=0).update(
        open_alerts=F("open_alerts") - 1
    )
    audit.write(request, user, "alert", alert_id, patient.pk)
    return Alert.objects.get(pk=alert_id)

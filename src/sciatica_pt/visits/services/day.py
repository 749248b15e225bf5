"""The therapist's day: today's visits, each with the patient's open alerts, last check-ins
and current program."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sciatica_pt.clinic.models import Alert, AlertStatus, CheckIn
from sciatica_pt.clinic.permissions import require_therapist
from sciatica_pt.clinic.services import programs
from sciatica_pt.visits.models import Visit, VisitStatus
from sciatica_pt.visits.services.roster import settings_of

LAST_CHECKINS = 3
ALERTS_SHOWN = 5


def day_of(user: Any, now: dt.datetime) -> tuple[dt.date, list[Visit]]:
    """The therapist's booked visits on the clinic's today, in order."""
    membership = require_therapist(user)
    zone = settings_of(membership.clinic_id).zone
    today = now.astimezone(zone).date()
    start = dt.datetime.combine(today, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    visits = Visit.objects.filter(
        therapist=membership, status=VisitStatus.BOOKED, start__gte=start, start__lt=end
    ).select_related("patient", "visit_type", "note")
    return today, list(visits)


def patient_summary(visit: Visit) -> dict[str, Any]:
    """The patient's open alerts (the most recent few, and how many more), last check-ins and
    current program with its active items."""
    patient = visit.patient
    program, items = programs.current_items(patient)
    alerts = list(Alert.objects.filter(patient=patient, status=AlertStatus.OPEN)[:ALERTS_SHOWN])
    checkins = CheckIn.objects.filter(patient=patient).order_by("-day", "-id")
    return {
        "alerts": alerts,
        "more_alerts": max(0, patient.open_alerts - len(alerts)),
        "checkins": list(checkins[:LAST_CHECKINS]),
        "program": program,
        "items": items,
    }

"""What the therapist's patient page shows, gathered in one place."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sciatica_pt.clinic import charts
from sciatica_pt.clinic.models import AlertStatus, Measure, Patient
from sciatica_pt.clinic.services import outcomes, patients, programs
from sciatica_pt.clinic.services.outcomes import RANGES

RECENT = 14


def outcome_charts(patient: Patient) -> list[dict[str, Any]]:
    data = outcomes.series(patient)
    out = []
    for measure in Measure:
        points = data.get(measure.value, [])
        low, high = RANGES[measure]
        out.append(
            {
                "label": measure.label,
                "svg": charts.line_chart(measure.label, points, low, high),
                "points": points,
            }
        )
    return out


def pain_points(patient: Patient, field: str) -> list[tuple[dt.date, float]]:
    rows = patient.checkins.order_by("-day", "-pk").values_list("day", "data")[:60]
    return sorted((day, float(data[field])) for day, data in rows)


def patient_context(patient: Patient, today: dt.date) -> dict[str, Any]:
    program = programs.current_program(patient)
    return {
        "patient": patient,
        "today": today,
        "program": program,
        "items": program.items.live() if program else [],
        "alerts": patient.alerts.filter(status=AlertStatus.OPEN),
        "past_alerts": patient.alerts.filter(status=AlertStatus.ACKNOWLEDGED)[:10],
        "assessments": patient.assessments.order_by("-created_at")[:10],
        "checkins": patient.checkins.order_by("-day", "-pk")[:RECENT],
        "charts": outcome_charts(patient),
        "leg_chart": charts.line_chart(
            "Leg pain from check-ins", pain_points(patient, "leg_pain_nrs"), 0, 10
        ),
        "measures": Measure.choices,
        "therapists": patients.therapists(patient.clinic_id),
    }

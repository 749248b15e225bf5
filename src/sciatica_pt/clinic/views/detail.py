"""What the therapist's patient page shows, gathered in one place."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.safestring import SafeString

from sciatica_pt.clinic import charts
from sciatica_pt.clinic.models import AlertStatus, Measure, Patient
from sciatica_pt.clinic.services import followup, outcomes, patients, programs
from sciatica_pt.clinic.services.outcomes import RANGES

RECENT = 14


def outcome_charts(patient: Patient) -> list[dict[str, Any]]:
    """Each measure's chart with the assessment's baseline and the band of no meaningful
    change (core MIC); the PSFS as the patient's own activities, a line each."""
    data, base = outcomes.series(patient), outcomes.baselines(patient)
    out = []
    for measure in Measure:
        points = data.get(measure.value, [])
        low, high = RANGES[measure]
        engine = followup.MEASURES.get(measure.value)
        band = (
            charts.mic_band(engine, base[measure.value][1]) if engine and measure in base else None
        )
        out.append(
            {
                "label": measure.label,
                "svg": charts.line_chart(measure.label, points, low, high, band),
                "points": points,
            }
        )
    activities = outcomes.psfs_series(patient)
    if any(points for _, points in activities):
        title = "PSFS activities (0 to 10)"
        out.append(
            {"label": title, "svg": charts.chart(title, activities, 0, 10), "points": activities}
        )
    return out


def leg_pain_chart(patient: Patient, title: str) -> SafeString:
    """Leg pain from the check-ins, with the assessment's leg pain and its MIC band."""
    base = outcomes.baselines(patient).get(Measure.LEG_PAIN.value)
    band = charts.mic_band(followup.MEASURES[Measure.LEG_PAIN.value], base[1]) if base else None
    return charts.line_chart(title, pain_points(patient, "leg_pain_nrs"), 0, 10, band)


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
        "leg_chart": leg_pain_chart(patient, "Leg pain from check-ins"),
        # The PSFS is scored activity by activity (outcomes.record_psfs), never a typed mean.
        "measures": [(v, label) for v, label in Measure.choices if v != Measure.PSFS],
        "psfs_activities": outcomes.psfs_activities(patient),
        "therapists": patients.therapists(patient.clinic_id),
    }

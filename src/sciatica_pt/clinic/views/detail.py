"""What the therapist's patient page shows, gathered in one place."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.safestring import SafeString

from sciatica_pt.clinic import charts
from sciatica_pt.clinic.models import AlertStatus, Measure, Patient
from sciatica_pt.clinic.services import followup, outcomes, patients, programs, questionnaires
from sciatica_pt.clinic.services.outcomes import RANGES

RECENT = 14


# The measures as the patient reads them on their own progress page: no abbreviations.
PATIENT_LABELS = {
    Measure.LEG_PAIN: "Leg pain (0 to 10)",
    Measure.BACK_PAIN: "Back pain (0 to 10)",
    Measure.ODI: "How much the pain limits daily life (0 to 100)",
    Measure.PSFS: "Your chosen activities, on average (0 to 10)",
    Measure.START_BACK: "Back pain risk score (0 to 9)",
}


def outcome_charts(patient: Patient, for_patient: bool = False) -> list[dict[str, Any]]:
    """Each measure's chart with the assessment's baseline and the band of no meaningful
    change (core MIC); the PSFS as the patient's own activities, a line each. `for_patient`:
    the patient's words (labels and the band's caption), no references."""
    data, base = outcomes.series(patient), outcomes.baselines(patient)
    out = []
    for measure in Measure:
        points = data.get(measure.value, [])
        low, high = RANGES[measure]
        label = PATIENT_LABELS[measure] if for_patient else measure.label
        engine = followup.MEASURES.get(measure.value)
        band = (
            charts.mic_band(engine, base[measure.value][1]) if engine and measure in base else None
        )
        out.append(
            {
                "label": label,
                "svg": charts.line_chart(label, points, low, high, band, for_patient),
                "points": points,
            }
        )
    activities = outcomes.psfs_series(patient)
    if any(points for _, points in activities):
        title = "Your chosen activities (0 to 10)" if for_patient else "PSFS activities (0 to 10)"
        out.append(
            {"label": title, "svg": charts.chart(title, activities, 0, 10), "points": activities}
        )
    return out


def leg_pain_chart(patient: Patient, title: str, for_patient: bool = False) -> SafeString:
    """Leg pain from the check-ins, with the assessment's leg pain and its MIC band."""
    base = outcomes.baselines(patient).get(Measure.LEG_PAIN.value)
    band = charts.mic_band(followup.MEASURES[Measure.LEG_PAIN.value], base[1]) if base else None
    points = pain_points(patient, "leg_pain_nrs")
    return charts.line_chart(title, points, 0, 10, band, for_patient)


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
        "questionnaires_due": questionnaires.due(patient, today),
    }

"""Outcome scores entered by the clinician, and the 'not improving' check.

Minimal important change (Ostelo-2008; Stratford-1995): pain NRS 2 points or 30%, ODI 10
points or 30%, PSFS mean 2 points. No meaningful change by 6 weeks prompts a review
(clinical-notes §6.7, §7).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import Alert, AlertStatus, Measure, OutcomeScore, Patient, Severity
from sciatica_pt.clinic.permissions import require_clinician
from sciatica_pt.clinic.services import alerts
from sciatica_pt.clinic.services.errors import InvalidInput

RANGES = {
    Measure.LEG_PAIN: (0, 10),
    Measure.BACK_PAIN: (0, 10),
    Measure.ODI: (0, 100),
    Measure.PSFS: (0, 10),
    Measure.START_BACK: (0, 9),
}
LOWER_IS_BETTER = {Measure.LEG_PAIN, Measure.BACK_PAIN, Measure.ODI, Measure.START_BACK}
REVIEW_AFTER_DAYS = 42


def validate(measure: str, value: object, day: object) -> tuple[Measure, float, dt.date]:
    problems = []
    if measure not in Measure.values:
        problems.append(f"measure: {measure!r} is not one of {', '.join(Measure.values)}")
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.append(f"value: {value!r} is not a number")
    elif (
        measure in Measure.values
        and not RANGES[Measure(measure)][0] <= value <= RANGES[Measure(measure)][1]
    ):
        low, high = RANGES[Measure(measure)]
        problems.append(f"value: {value} is outside {low}..{high}")
    if not isinstance(day, dt.date):
        problems.append(f"recorded_on: {day!r} is not a date (YYYY-MM-DD)")
    elif day > (today := timezone.localdate()):
        problems.append(f"recorded_on: {day.isoformat()} is after today ({today.isoformat()})")
    if problems:
        raise InvalidInput(problems)
    assert isinstance(value, int | float) and isinstance(day, dt.date)
    return Measure(measure), float(value), day


def meaningful_change(measure: Measure, first: float, latest: float) -> bool:
    gain = first - latest if measure in LOWER_IS_BETTER else latest - first
    if measure is Measure.PSFS:
        return gain >= 2
    points = 10 if measure is Measure.ODI else 2 if measure is not Measure.START_BACK else 1
    return gain >= points or (first > 0 and gain / first >= 0.3)


@transaction.atomic
def record(
    request: HttpRequest | None,
    user: Any,
    patient: Patient,
    measure: str,
    value: object,
    day: object,
) -> OutcomeScore:
    require_clinician(user)
    m, v, d = validate(measure, value, day)
    score = OutcomeScore.objects.create(
        patient=patient, measure=m, value=v, recorded_on=d, recorded_by=user
    )
    _check_progress(patient, m)
    audit.write(request, user, "outcome", score.pk, patient.pk)
    return score


def _check_progress(patient: Patient, measure: Measure) -> None:
    scores = list(OutcomeScore.objects.filter(patient=patient, measure=measure))
    if len(scores) < 2 or (scores[-1].recorded_on - scores[0].recorded_on).days < REVIEW_AFTER_DAYS:
        return
    if meaningful_change(measure, scores[0].value, scores[-1].value):
        return
    if Alert.objects.filter(
        patient=patient, rule="outcome.not_improving", status=AlertStatus.OPEN
    ).exists():
        return
    alerts.raise_alert(
        patient,
        "outcome.not_improving",
        Severity.WARNING,
        f"No meaningful change in {measure.label} after 6 weeks.",
        "Review the diagnosis and the program; refer on if there is still no change by 12 weeks.",
        ["Ostelo-2008", "NICE-NG59"],
    )


def series(patient: Patient) -> dict[str, list[tuple[dt.date, float]]]:
    out: dict[str, list[tuple[dt.date, float]]] = {}
    for score in OutcomeScore.objects.filter(patient=patient):
        out.setdefault(score.measure, []).append((score.recorded_on, score.value))
    return out

"""Outcome scores entered by the clinician. Each score reaches the follow-up review at once
(`followup.review_locked`): what counts as a meaningful change and when no change prompts a
review are the core's rules (`core.followup.outcomes`), never decided here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import Measure, OutcomeScore, Patient
from sciatica_pt.clinic.permissions import require_clinician
from sciatica_pt.clinic.services import followup
from sciatica_pt.clinic.services.errors import InvalidInput

RANGES = {
    Measure.LEG_PAIN: (0, 10),
    Measure.BACK_PAIN: (0, 10),
    Measure.ODI: (0, 100),
    Measure.PSFS: (0, 10),
    Measure.START_BACK: (0, 9),
}


def validate(
    measure: str, value: object, day: object, today: dt.date
) -> tuple[Measure, float, dt.date]:
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
    elif day > today:
        problems.append(f"recorded_on: {day.isoformat()} is after today ({today.isoformat()})")
    if problems:
        raise InvalidInput(problems)
    assert isinstance(value, int | float) and isinstance(day, dt.date)
    return Measure(measure), float(value), day


@transaction.atomic
def record(
    request: HttpRequest | None,
    user: Any,
    patient: Patient,
    measure: str,
    value: object,
    day: object,
    today: dt.date | None = None,
) -> OutcomeScore:
    """Record a score, then review the program on `today` (the day of the score when not
    given) with every score, under the program's lock."""
    require_clinician(user)
    m, v, d = validate(measure, value, day, today or timezone.localdate())
    score = OutcomeScore.objects.create(
        patient=patient, measure=m, value=v, recorded_on=d, recorded_by=user
    )
    if (program := followup.lock_current(patient)) is not None:
        followup.review_locked(patient, program, max(today or d, d))
    audit.write(request, user, "outcome", score.pk, patient.pk)
    return score


def series(patient: Patient) -> dict[str, list[tuple[dt.date, float]]]:
    """Each measure's scores for the charts, oldest first: the current program's assessment's
    own (its baselines) and every score recorded."""
    program = patient.programs.filter(is_current=True).select_related("assessment")
    current = program.order_by("-pk").first()
    named = {engine: web for web, engine in followup.MEASURES.items()}
    out: dict[str, list[tuple[dt.date, float]]] = {}
    for entry in followup.baselines(current) if current else ():
        if entry.measure in named and entry.score is not None:
            out.setdefault(named[entry.measure], []).append((entry.date, entry.score))
    for score in OutcomeScore.objects.filter(patient=patient):
        out.setdefault(score.measure, []).append((score.recorded_on, score.value))
    return {measure: sorted(points, key=lambda p: p[0]) for measure, points in out.items()}

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
from sciatica_pt.clinic.models import Measure, OutcomeScore, Patient, Program, PsfsActivityScore
from sciatica_pt.clinic.permissions import require_clinician
from sciatica_pt.clinic.services import followup
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.core.outcomes.questionnaires import psfs_score

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
    problems += day_problems("recorded_on", day, today)
    if problems:
        raise InvalidInput(problems)
    assert isinstance(value, int | float) and isinstance(day, dt.date)
    return Measure(measure), float(value), day


def day_problems(field: str, day: object, today: dt.date) -> list[str]:
    """The day a score describes: a date, not after today."""
    if not isinstance(day, dt.date):
        return [f"{field}: {day!r} is not a date (YYYY-MM-DD)"]
    if day > today:
        return [f"{field}: {day.isoformat()} is after today ({today.isoformat()})"]
    return []


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
    score = OutcomeScore(patient=patient, measure=m, value=v, recorded_on=d, recorded_by=user)
    store(request, user, patient, [score], today or d)
    return score


def store(
    request: HttpRequest | None,
    user: Any,
    patient: Patient,
    scores: list[OutcomeScore],
    today: dt.date,
) -> None:
    """Save checked scores (typed by staff, or scored by the core from a questionnaire),
    then review the program with every score on `today` (or the latest score's day), under
    the program's lock: the one path every outcome score takes to the review and the charts."""
    for score in scores:
        score.save()
        audit.write(request, user, "outcome", score.pk, patient.pk)
    if scores and (program := followup.lock_current(patient)) is not None:
        followup.review_locked(patient, program, max(today, *(s.recorded_on for s in scores)))


def _current(patient: Patient) -> Program | None:
    program = patient.programs.filter(is_current=True).select_related("assessment")
    return program.order_by("-pk").first()


def baselines(patient: Patient) -> dict[str, tuple[dt.date, float]]:
    """Each measure's baseline: the score of the assessment that started the current program,
    dated its first day (the entry the follow-up compares every later score with)."""
    current = _current(patient)
    named = {engine: web for web, engine in followup.MEASURES.items()}
    return {
        named[entry.measure]: (entry.date, entry.score)
        for entry in (followup.baselines(current) if current else ())
        if entry.measure in named and entry.score is not None
    }


def series(patient: Patient) -> dict[str, list[tuple[dt.date, float]]]:
    """Each measure's scores for the charts, oldest first: the current program's assessment's
    own (its baselines) and every score recorded."""
    out: dict[str, list[tuple[dt.date, float]]] = {
        measure: [point] for measure, point in baselines(patient).items()
    }
    for score in OutcomeScore.objects.filter(patient=patient):
        out.setdefault(score.measure, []).append((score.recorded_on, score.value))
    return {measure: sorted(points, key=lambda p: p[0]) for measure, points in out.items()}


# --- the patient's own PSFS activities --------------------------------------------------------


def psfs_activities(patient: Patient) -> list[tuple[str, int]]:
    """The PSFS activities (and their first scores) of the current episode: the ones the
    assessment that started the program named, else the ones of the patient's first PSFS
    since (patient-answered questionnaires); the ones scored again later."""
    current = _current(patient)
    if current is None:
        return []
    document = current.assessment.document if current.assessment else {}
    rows = (document.get("outcomes") or {}).get("psfs") or []
    if rows:
        return [(row["activity"], row["score"]) for row in rows]
    # None at the assessment: the ones the patient named in their first PSFS of the episode.
    named = patient.psfs_scores.filter(recorded_on__gte=current.started_on)
    first = named.order_by("recorded_on", "pk").values_list("recorded_on", flat=True).first()
    return list(named.filter(recorded_on=first).values_list("activity", "score")) if first else []


@transaction.atomic
def record_psfs(
    request: HttpRequest | None,
    user: Any,
    patient: Patient,
    scores: dict[str, object],
    day: object,
    today: dt.date | None = None,
) -> list[PsfsActivityScore]:
    """Score each of the patient's own activities on `day` (0 to 10, whole numbers, every
    activity); their mean is recorded as the PSFS score the follow-up reviews."""
    require_clinician(user)
    activities = [name for name, _ in psfs_activities(patient)]
    problems = []
    if not activities:
        problems.append("psfs: the assessment named no activities; record them there first")
    unknown = sorted(set(scores) - set(activities))
    problems += [f"psfs: {name[:40]!r} is not one of the patient's activities" for name in unknown]
    for index, name in enumerate(activities):
        value = scores.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
            problems.append(
                f"psfs[{index}] ({name[:40]}): {value!r} is not a whole number from 0 to 10"
            )
    if not isinstance(day, dt.date):
        problems.append(f"recorded_on: {day!r} is not a date (YYYY-MM-DD)")
    if problems:
        raise InvalidInput(problems)
    assert isinstance(day, dt.date)
    rows = [
        PsfsActivityScore.objects.create(
            patient=patient, activity=name, score=scores[name], recorded_on=day, recorded_by=user
        )
        for name in activities
    ]
    mean = psfs_score(tuple(r.score for r in rows))
    record(request, user, patient, Measure.PSFS.value, mean, day, today)
    return rows


def psfs_series(patient: Patient) -> list[tuple[str, list[tuple[dt.date, float]]]]:
    """Each activity's line: its score at the assessment, then every score recorded since."""
    start = baselines(patient).get(Measure.PSFS.value, (None, 0.0))[0]
    lines: dict[str, list[tuple[dt.date, float]]] = {}
    for name, score in psfs_activities(patient):
        lines[name] = [(start, float(score))] if start else []
    for row in patient.psfs_scores.filter(activity__in=list(lines)):
        lines[row.activity].append((row.recorded_on, float(row.score)))
    return list(lines.items())

"""Questionnaires (issue 21): the therapist's schedule for the patient's episode, what is due,
and the answers, given by the patient (pain, PSFS) or entered by staff item by item (STarT
Back, ODI; docs/questionnaires.md says why).

Every rule is the core's: `core.outcomes.questionnaire_schedule` says what is due,
`core.outcomes.questionnaires` refuses bad answers (naming the item) and scores them. This
module reads and stores: the answers as given (`QuestionnaireResponse`) and the core's scores
as the same outcome scores staff record (`outcomes.store`), which the follow-up review and the
charts read."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import (
    Measure,
    OutcomeScore,
    Patient,
    Program,
    PsfsActivityScore,
    QuestionnaireResponse,
    QuestionnaireSchedule,
)
from sciatica_pt.clinic.permissions import own_patient, require_clinician
from sciatica_pt.clinic.services import followup, outcomes, programs
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.core.followup import models as fu
from sciatica_pt.core.outcomes import questionnaire_schedule as sched
from sciatica_pt.core.outcomes.questionnaires import (
    INSTRUMENTS,
    Entry,
    Instrument,
    PsfsAnswers,
    parse_answers,
    score,
)

# The form's starting point for a new schedule, which the therapist changes per patient:
# pain and the PSFS every 2 weeks (a plateau is judged over about 2 to 4 weeks,
# clinical-notes §6), the ODI every 4 weeks, the STarT Back once at intake (it sorts the
# starting risk, clinical-notes §3.3); pain, PSFS and ODI again at discharge.
CLINIC_DEFAULTS: tuple[sched.Cadence, ...] = (
    sched.Cadence(instrument=Instrument.PAIN_NRS, every_weeks=2, at_discharge=True),
    sched.Cadence(instrument=Instrument.PSFS, every_weeks=2, at_discharge=True),
    sched.Cadence(instrument=Instrument.ODI, every_weeks=4, at_discharge=True),
    sched.Cadence(instrument=Instrument.START_BACK),
)
# The clinic's stored measures as the core names them (STarT Back included: `due` reads only
# the day and the measure of an answer).
CORE_MEASURE = {**followup.MEASURES, Measure.START_BACK.value: fu.Measure.START_BACK}
CLINIC_MEASURE = {core: clinic for clinic, core in CORE_MEASURE.items()}


@dataclass(frozen=True)
class Answered:
    """A stored score as the schedule rule reads it (core `Answered`)."""

    date: dt.date
    measure: fu.Measure


# --- the schedule -------------------------------------------------------------------------


def stored_schedule(patient: Patient) -> QuestionnaireSchedule | None:
    return QuestionnaireSchedule.objects.filter(patient=patient).first()


def schedule_of(patient: Patient, program: Program | None) -> sched.QuestionnaireSchedule | None:
    """The core's schedule for the current episode: the stored cadences from the current
    `program`'s first day; None without a program or a schedule. A discharge opened before
    the current program began belonged to an earlier episode and is not carried over."""
    row = stored_schedule(patient)
    if row is None or program is None:
        return None
    start = program.started_on
    ends = row.discharge_from if row.discharge_from and row.discharge_from >= start else None
    return sched.parse_schedule({"start": start, "cadences": row.cadences, "discharge_from": ends})


def cadences_shown(patient: Patient) -> tuple[tuple[sched.Cadence, ...], bool]:
    """The cadences for the therapist's form, and whether they are the clinic's defaults
    (nothing scheduled yet)."""
    row = stored_schedule(patient)
    if row is None:
        return CLINIC_DEFAULTS, True
    return tuple(sched.Cadence.model_validate_json(json.dumps(c)) for c in row.cadences), False


@transaction.atomic
def save_schedule(
    request: HttpRequest | None,
    user: Any,
    patient: Patient,
    cadences: list[dict[str, Any]],
    open_discharge: bool,
    today: dt.date,
) -> QuestionnaireSchedule:
    """Store the therapist's schedule (checked by the core, each bad field named); with
    `open_discharge`, the discharge questionnaires open today (and stay open)."""
    require_clinician(user)
    program = programs.current_program(patient)
    if program is None:
        raise InvalidInput(["schedule: the patient has no program yet; assess them first"])
    row = QuestionnaireSchedule.objects.select_for_update().filter(patient=patient).first()
    discharge_from = row.discharge_from if row else None
    if discharge_from is not None and discharge_from < program.started_on:
        discharge_from = None  # an earlier episode's discharge
    if open_discharge and discharge_from is None:
        discharge_from = today
    checked = sched.parse_schedule(
        {"start": program.started_on, "cadences": cadences, "discharge_from": discharge_from}
    )
    data = [c.model_dump(mode="json") for c in checked.cadences]
    row, _ = QuestionnaireSchedule.objects.update_or_create(
        patient=patient,
        defaults={"cadences": data, "discharge_from": discharge_from, "changed_by": user},
    )
    audit.write(request, user, "questionnaire_schedule", row.pk, patient.pk)
    return row


# --- what is due --------------------------------------------------------------------------


def answered(patient: Patient, program: Program) -> list[Answered | fu.OutcomeEntry]:
    """Every score so far: the assessment's own and each stored one, by the patient or staff."""
    found: list[Answered | fu.OutcomeEntry] = list(followup.baselines(program))
    rows = patient.outcomes.filter(measure__in=CORE_MEASURE).values_list("recorded_on", "measure")
    found += [Answered(day, CORE_MEASURE[measure]) for day, measure in rows]
    return found


def due(patient: Patient, today: dt.date) -> tuple[sched.Due, ...]:
    """The questionnaires due today (core rule); none without a schedule or a program."""
    program = programs.current_program(patient)
    schedule = schedule_of(patient, program)
    if schedule is None or program is None:
        return ()
    return sched.due(schedule, answered(patient, program), today)


def due_for_patient(patient: Patient, today: dt.date) -> list[sched.Due]:
    """The due questionnaires the patient answers themself."""
    return [d for d in due(patient, today) if d.entry is Entry.PATIENT]


def reminder_names(patient: Patient, today: dt.date) -> list[str]:
    """The reminders' source (notify.reminders.questionnaire_sources): the names of the
    questionnaires the patient owes today, for the mail."""
    return [INSTRUMENTS[d.instrument].name for d in due_for_patient(patient, today)]


# --- answers ------------------------------------------------------------------------------


def patient_instrument(patient: Patient, raw: str, today: dt.date) -> Instrument | None:
    """The instrument `raw` names, when the patient answers it and it is due today."""
    return next(
        (d.instrument for d in due_for_patient(patient, today) if d.instrument == raw), None
    )


def psfs_activities(patient: Patient) -> list[str]:
    """The activities the patient rates: the ones named at the start of the episode (the
    assessment's, else the patient's first PSFS); none before either."""
    return [name for name, _ in outcomes.psfs_activities(patient)]


def answer_as_patient(
    request: HttpRequest | None,
    user: Any,
    data: dict[str, Any],
    instrument: Instrument,
    today: dt.date,
) -> QuestionnaireResponse:
    """The patient's own answers to a due questionnaire, dated today."""
    patient = own_patient(user)
    if patient is None or patient_instrument(patient, instrument, today) is None:
        raise InvalidInput([f"{instrument}: this questionnaire is not waiting for you today"])
    return _answer(request, user, patient, instrument, data, today, today, by_patient=True)


def enter_as_staff(
    request: HttpRequest | None,
    user: Any,
    patient: Patient,
    instrument: str,
    data: dict[str, Any],
    day: object,
    today: dt.date,
) -> QuestionnaireResponse:
    """Staff enter a staff-entry questionnaire (STarT Back, ODI) by item number, for `day`."""
    require_clinician(user)
    problems = []
    if instrument not in {i.value for i, info in INSTRUMENTS.items() if info.entry is Entry.STAFF}:
        problems.append(f"instrument: {instrument[:20]!r} is not entered by staff here")
    problems += outcomes.day_problems("answered_on", day, today)
    if problems:
        raise InvalidInput(problems)
    assert isinstance(day, dt.date)
    return _answer(request, user, patient, Instrument(instrument), data, day, today, False)


@transaction.atomic
def _answer(
    request: HttpRequest | None,
    user: Any,
    patient: Patient,
    instrument: Instrument,
    data: dict[str, Any],
    day: dt.date,
    today: dt.date,
    by_patient: bool,
) -> QuestionnaireResponse:
    """Check and score the answers (core), keep them whole, store the scores as outcome
    scores and review the program with them: one path with staff-recorded scores."""
    answers = parse_answers(instrument, data)  # core InvalidInput: each bad item named
    _same_activities(patient, answers)
    scored = score(answers, day)
    response = QuestionnaireResponse.objects.create(
        patient=patient,
        instrument=instrument.value,
        answers=answers.model_dump(mode="json"),
        answered_on=day,
        entered_by=user,
        by_patient=by_patient,
    )
    if isinstance(answers, PsfsAnswers):
        PsfsActivityScore.objects.bulk_create(
            PsfsActivityScore(
                patient=patient,
                activity=a.activity,
                score=a.score,
                recorded_on=day,
                recorded_by=user,
            )
            for a in answers.activities
        )
    rows = [
        OutcomeScore(
            patient=patient,
            measure=CLINIC_MEASURE[e.measure],
            value=e.score,
            recorded_on=e.date,
            recorded_by=user,
        )
        for e in scored.entries
        if e.score is not None
    ]
    outcomes.store(request, user, patient, rows, today)
    audit.write(request, user, "questionnaire_response", response.pk, patient.pk)
    return response


def _same_activities(patient: Patient, answers: Any) -> None:
    """A later PSFS rates the activities named at the start, each of them, none other (the
    scale compares the same activities over time, Stratford-1995)."""
    if not isinstance(answers, PsfsAnswers):
        return
    named = psfs_activities(patient)
    given = [a.activity for a in answers.activities]
    if named and sorted(given) != sorted(named):
        raise InvalidInput(
            ["psfs.activities: rate the activities named at the start: " + "; ".join(named)]
        )


def responses(patient: Patient, limit: int = 20) -> list[QuestionnaireResponse]:
    return list(patient.questionnaire_responses.select_related("entered_by")[:limit])

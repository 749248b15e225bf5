"""A patient logs a session and a check-in; the follow-up rules run at once.

Rules (clinical-notes §6.2, §6.4; GIRFT-CES): a warning sign stops the program and raises a
critical alert with the action to take now; peripheralization raises an alert (stop the
direction that caused it); new numbness or weakness asks for re-triage; pain not settled by
the next morning, or a declared flare-up, tells the therapist.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from pydantic import ValidationError

from sciatica_pt.clinic import audit
from sciatica_pt.clinic import checkin_store as store
from sciatica_pt.clinic.checkin import WARNING_SIGN_ACTION, CheckInDoc, LegSymptoms, Trend
from sciatica_pt.clinic.models import (
    Alert,
    AuditAction,
    CheckIn,
    Patient,
    Program,
    ProgramStatus,
    Severity,
)
from sciatica_pt.clinic.permissions import require_patient_self
from sciatica_pt.clinic.services import alerts, followup
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.core.errors import problems_of
from sciatica_pt.core.followup import models as fu

Rule = tuple[str, Severity, str, str, list[str]]


def parse(data: object) -> CheckInDoc:
    try:
        return CheckInDoc.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(problems_of(exc)) from None


def rules_for(doc: CheckInDoc) -> list[Rule]:
    """The alerts this check-in raises, most urgent first."""
    found: list[Rule] = []
    if doc.warning_sign:
        found.append(
            (
                "checkin.warning_sign",
                Severity.CRITICAL,
                "The patient reported a warning sign (cauda equina feature or new, spreading "
                "weakness); the program is stopped.",
                WARNING_SIGN_ACTION,
                ["GIRFT-CES", "NICE-NG59"],
            )
        )
    if doc.new_numbness:
        found.append(
            (
                "checkin.new_neuro",
                Severity.WARNING,
                "New or worse numbness or tingling: re-assess and re-triage.",
                "Contact the patient today and re-examine neurology.",
                ["NICE-NG59"],
            )
        )
    if doc.leg_symptoms is LegSymptoms.PERIPHERALIZED:
        found.append(
            (
                "checkin.peripheralization",
                Severity.WARNING,
                "Leg symptoms spread further down the leg (peripheralized).",
                "Stop the direction of exercise that caused it and review the program.",
                ["May-Aina-2012"],
            )
        )
    if doc.flare:
        found.append(
            (
                "checkin.flare_up",
                Severity.WARNING,
                "The patient declared a flare-up.",
                "Review the flare-up plan with the patient.",
                ["NICE-NG59"],
            )
        )
    if doc.next_morning is Trend.WORSE:
        found.append(
            (
                "checkin.pain_not_settled",
                Severity.INFO,
                "Pain had not settled by the next morning after exercise.",
                "Consider regressing the dose.",
                ["NICE-NG59"],
            )
        )
    return found


def log(
    request: HttpRequest | None, user: Any, data: object, today: dt.date
) -> tuple[CheckIn, list[Alert]]:
    patient = require_patient_self(user)
    doc = parse(data)  # nothing is written unless the whole check-in is valid
    if doc.day > today:
        raise InvalidInput([f"day: {doc.day.isoformat()} is after today ({today.isoformat()})"])
    if doc.day < (first := first_day(patient)):
        raise InvalidInput(
            [f"day: {doc.day.isoformat()} is before the program started ({first.isoformat()})"]
        )
    # Where one writer holds the whole database (SQLite), the review, the costliest step, is
    # computed first from the same reads outside the transaction; inside, it is used only if
    # the engine's inputs read there are exactly the same, and runs again otherwise.
    ahead = _review_ahead(patient, doc, today) if store.writers_wait_for_each_other() else None
    return _store(request, user, patient, doc, today, ahead)


def first_day(patient: Patient) -> dt.date:
    """The earliest day a check-in may carry: the current program's start, or the day the
    patient was added when there is no program yet (a session before either never was)."""
    current = Program.objects.filter(patient=patient, is_current=True)
    started = current.values_list("started_on", flat=True).first()
    return started or timezone.localdate(patient.created_at)


def _review_ahead(patient: Patient, doc: CheckInDoc, today: dt.date) -> followup.Reviewed | None:
    unlocked = store.read_current_program(patient)
    state = followup.engine_state(unlocked, report=False)  # reported once, by `_store`
    if unlocked is None or state is None:
        return None
    past = store.recent(patient, doc.day, today)
    core_json = _core(doc, state, past).model_dump_json()
    new = (doc.day, store.NOT_YET_STORED, core_json)
    history = followup.history_with(past.history, new, state.start)
    inputs = followup.review_inputs(unlocked.state_json, history, today)
    return followup.reviewed(unlocked.program.pk, state, inputs)


def _core(doc: CheckInDoc, state: fu.Program | None, past: store.Recent) -> fu.CheckIn:
    last_before = followup.pain_before_of(past.last_data)
    return followup.core_checkin(doc, followup.engine_item_ids(state), last_before)


@transaction.atomic
def _store(
    request: HttpRequest | None,
    user: Any,
    patient: Patient,
    doc: CheckInDoc,
    today: dt.date,
    ahead: followup.Reviewed | None,
) -> tuple[CheckIn, list[Alert]]:
    # Locked first: the past read next and the review below must see every earlier check-in.
    locked, past = store.lock_and_read_past(patient, doc.day, today)
    program = locked.program if locked else None
    state = followup.engine_state(locked)
    row, core_json = _insert(patient, program, doc, _core(doc, state, past))
    raised = [alerts.raise_alert(patient, *rule) for rule in rules_for(doc)]
    _apply_to_program(program, doc)
    writes = [store.last_checkin_statement(patient, doc.day)]
    if locked is not None and state is not None:
        history = followup.history_with(past.history, (row.day, row.pk, core_json), state.start)
        writes += followup.after_checkin(
            patient, locked, state, history, today, {a.rule for a in raised}, past.open_rules, ahead
        )
    writes.append(audit.statement(user, AuditAction.WRITE, "checkin", row.pk, patient.pk, request))
    store.run(writes)
    return row, raised


def _insert(
    patient: Patient, program: Program | None, doc: CheckInDoc, core: Any
) -> tuple[CheckIn, str]:
    data = doc.model_dump(mode="json")
    core_json = core.model_dump_json()
    pk = store.insert_checkin(
        patient, program, json.dumps(data), doc.day, doc.warning_sign, core_json
    )
    row = CheckIn(pk=pk, patient=patient, program=program, day=doc.day, data=data)
    row.warning_sign = doc.warning_sign
    return row, core_json


def _apply_to_program(program: Program | None, doc: CheckInDoc) -> None:
    if program is None:
        return
    # The instance follows the row, so the review that comes next sees the change.
    if doc.warning_sign:
        Program.objects.filter(pk=program.pk).update(
            status=ProgramStatus.STOPPED, version=F("version") + 1
        )
        program.status, program.version = ProgramStatus.STOPPED, program.version + 1
    elif doc.flare and not program.flare:
        Program.objects.filter(pk=program.pk).update(flare=True, version=F("version") + 1)
        program.flare, program.version = True, program.version + 1

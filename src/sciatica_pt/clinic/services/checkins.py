"""A patient logs a session and a check-in; its immediate rules act at once and the
follow-up review runs, inside the transaction that stores it, under the program's row lock.

Every rule is the core's: the immediate ones (`core.followup.checkin_rules`: a warning sign
is a critical alert with the action to take now; new numbness, spreading leg symptoms, a
declared flare-up, pain not settled by the next morning) act even when no review can run; the
review (`core.followup.review`) stops the program on a warning sign and decides the rest. An
alert is stored once per clinical event (its id), whichever of the two saw it first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from pydantic import ValidationError

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.checkin import CheckInDoc
from sciatica_pt.clinic.models import Alert, CheckIn, Patient, Program
from sciatica_pt.clinic.permissions import require_patient_self
from sciatica_pt.clinic.services import followup
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.core.errors import problems_of
from sciatica_pt.core.followup import checkin_rules


def parse(data: object) -> CheckInDoc:
    try:
        return CheckInDoc.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(problems_of(exc)) from None


@transaction.atomic
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
    # Locked first: the review below must see every earlier check-in and every edit.
    program = followup.lock_current(patient)
    items = program.items.in_program() if program else None
    in_program = set(items.values_list("item_id", flat=True)) if items is not None else set()
    earlier = patient.checkins.filter(day__lt=doc.day).order_by("-day", "-pk")
    core = followup.core_checkin(
        doc, in_program, followup.pain_before_of(earlier.values_list("data", flat=True).first())
    )
    row = CheckIn.objects.create(
        patient=patient,
        program=program,
        day=doc.day,
        data=doc.model_dump(mode="json"),
        warning_sign=checkin_rules.stops_the_program(core),
        core=core.model_dump(mode="json"),
    )
    Patient.objects.filter(pk=patient.pk).filter(
        Q(last_checkin_on__isnull=True) | Q(last_checkin_on__lt=doc.day)
    ).update(last_checkin_on=doc.day)
    raised = _review(patient, program, core, today)
    audit.write(request, user, "checkin", row.pk, patient.pk)
    return row, raised


def first_day(patient: Patient) -> dt.date:
    """The earliest day a check-in may carry: the current program's start, or the day the
    patient was added when there is no program yet (a session before either never was)."""
    current = Program.objects.filter(patient=patient, is_current=True)
    started = current.values_list("started_on", flat=True).first()
    return started or timezone.localdate(patient.created_at)


def _review(patient: Patient, program: Any, core: Any, today: dt.date) -> list[Alert]:
    """The immediate rules always act (a warning sign is alerted after discharge too); the
    follow-up review runs on a program being followed. After discharge a check-in is a
    maintenance log entry: stored, seen by the therapist with the patient's check-ins, and it
    changes nothing in the maintenance program (docs/web.md, "After discharge")."""
    raised = followup.raise_alerts(patient, checkin_rules.immediate_alerts(core))
    if program is not None and patient.discharged_on is None:
        raised += followup.review_locked(patient, program, today) or []
    return raised

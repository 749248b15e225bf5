"""Patients: create, list for the therapist (alerts first), give to another therapist,
discharge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When
from django.http import HttpRequest

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import Membership, Patient, ProgramStatus, Role
from sciatica_pt.clinic.permissions import patients_visible_to, require_clinician
from sciatica_pt.clinic.services import followup
from sciatica_pt.clinic.services.accounts import (
    change_patient,
    create_login,
    login_problems,
    name_problems,
    stored_id,
)
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.core.followup.adherence import STOPPED_LOGGING_DAYS, stopped_logging


@dataclass(frozen=True)
class Row:
    """One line of the patient list."""

    pk: int
    display_name: str
    open_alerts: int
    alert_level: int  # of the most severe open alert: 3 critical, 2 warning, 1 info
    alert_summary: str
    last_checkin_on: dt.date | None
    discharged_on: dt.date | None
    therapist: str
    stopped_logging: bool

    @property
    def needs_attention(self) -> bool:
        return self.open_alerts > 0 or self.stopped_logging

    @property
    def level_word(self) -> str:
        return LEVEL_WORDS.get(self.alert_level, "alert")


ROW_FIELDS = (
    "pk",
    "display_name",
    "open_alerts",
    "alert_level",
    "alert_summary",
    "last_checkin_on",
    "discharged_on",
    "therapist__user__first_name",
    "therapist__user__last_name",
    "therapist__user__username",
    "quiet",
)
LEVEL_WORDS = {3: "critical", 2: "warning", 1: "info"}


def _quiet(today: dt.date) -> Case:
    """Active, with a last check-in that `stopped_logging` (the core's one definition) calls
    quiet on `today`: a date comparison the database makes for every row of the list."""
    back = (today - dt.timedelta(days=d) for d in range(STOPPED_LOGGING_DAYS + 2))
    quiet_through = max(day for day in back if stopped_logging(day, today))
    quiet = Q(discharged_on__isnull=True, last_checkin_on__lte=quiet_through)
    return Case(When(quiet, then=Value(True)), default=Value(False), output_field=BooleanField())


def listing(user: Any, today: dt.date) -> QuerySet[Patient]:
    """The patients the user may see, the most severe open alert first (a warning sign
    outranks any number of lesser alerts), then those who stopped logging, then the number of
    open alerts, then by name; active patients before discharged ones on every database.
    One query whatever their number."""
    return (
        patients_visible_to(user)
        .select_related("therapist__user")
        .annotate(quiet=_quiet(today))
        .order_by(
            F("discharged_on").asc(nulls_first=True),
            "-alert_level",
            "-quiet",
            "-open_alerts",
            "display_name",
            "pk",
        )
    )


def listing_rows(user: Any, today: dt.date) -> QuerySet[Any]:
    return listing(user, today).values(*ROW_FIELDS)


def _therapist_name(v: dict[str, Any]) -> str:
    full = f"{v['therapist__user__first_name']} {v['therapist__user__last_name']}".strip()
    return full or v["therapist__user__username"] or "—"


def rows(values: list[dict[str, Any]]) -> list[Row]:
    return [
        Row(
            v["pk"],
            v["display_name"],
            v["open_alerts"],
            v["alert_level"],
            v["alert_summary"],
            v["last_checkin_on"],
            v["discharged_on"],
            _therapist_name(v),
            v["quiet"],
        )
        for v in values
    ]


def _validate_new(
    name: str, username: str, password: str, therapist_id: Any, clinic_id: int
) -> list[str]:
    problems = name_problems(
        "display_name", name.strip(), 200, "a name of 1 to 200 characters is required"
    )
    if username:  # a portal login is optional; given, it passes every login's checks
        problems += login_problems(username, password)
    if therapist_id not in (None, "") and not _assignable(clinic_id, therapist_id):
        problems.append(f"therapist: {therapist_id} is not an active therapist of this clinic")
    return problems


def therapists(clinic_id: int) -> QuerySet[Membership]:
    """The clinic's therapists a patient can be given to: those whose access is active."""
    found = Membership.objects.filter(clinic_id=clinic_id, role=Role.THERAPIST)
    return found.filter(user__is_active=True).select_related("user").order_by("user__username")


def _assignable(clinic_id: int, therapist_id: Any) -> bool:
    pk = stored_id(therapist_id)
    return pk is not None and therapists(clinic_id).filter(pk=pk).exists()


@transaction.atomic
def assign_therapist(
    request: HttpRequest | None, user: Any, patient: Patient, therapist_id: Any
) -> Patient:
    """Give the patient to another of the clinic's active therapists (or to none, `None`):
    when a therapist leaves or a caseload moves. Audited as a write of the patient."""
    staff = require_clinician(user)
    if therapist_id is not None and not _assignable(staff.clinic_id, therapist_id):
        raise InvalidInput([f"therapist: {therapist_id} is not an active therapist of this clinic"])
    new_id = int(therapist_id) if therapist_id is not None else None
    if patient.therapist_id != new_id:
        change_patient(request, user, patient, "patient_therapist", therapist_id=new_id)
    return patient


@transaction.atomic
def create(
    request: HttpRequest | None,
    user: Any,
    name: str,
    username: str = "",
    password: str = "",
    therapist_id: Any = None,
) -> Patient:
    staff = require_clinician(user)
    if therapist_id in (None, "") and staff.role == Role.THERAPIST:
        therapist_id = staff.pk
    if problems := _validate_new(name, username, password, therapist_id, staff.clinic_id):
        raise InvalidInput(problems)
    account = create_login(username, password) if username else None
    patient = Patient.objects.create(
        clinic_id=staff.clinic_id,
        therapist_id=therapist_id or None,
        user=account,
        display_name=name.strip(),
    )
    audit.write(request, user, "patient", patient.pk, patient.pk)
    return patient


@transaction.atomic
def discharge(request: HttpRequest | None, user: Any, patient: Patient, today: dt.date) -> Patient:
    require_clinician(user)
    if patient.discharged_on is not None:
        raise InvalidInput(["patient: already discharged"])
    if (program := followup.lock_current(patient)) is not None:
        program.status, program.version = ProgramStatus.DISCHARGED, program.version + 1
        program.save(update_fields=["status", "version", "updated_at"])
    patient.discharged_on = today
    patient.save(update_fields=["discharged_on"])
    audit.write(request, user, "discharge", patient.pk, patient.pk)
    return patient

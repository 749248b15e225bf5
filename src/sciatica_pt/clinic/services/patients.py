"""Patients: create, list for the therapist (alerts first), give to another therapist,
discharge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import Membership, Patient, Program, ProgramStatus, Role
from sciatica_pt.clinic.permissions import membership_of, patients_visible_to, require_clinician
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
    """One line of the patient list: plain values, no model instances (the list is the
    busiest staff page, and building 50 patients with their therapist costs more than the
    query)."""

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
)


# The most severe open alert first (a warning sign outranks any number of lesser alerts), then
# patients who stopped logging, then the number of open alerts, then by name; active patients
# (no discharge date) before discharged ones on every database (PostgreSQL sorts NULLs last by
# default, SQLite first). Migration 0006's index `clinic_patient_list_rank` is in this order.
LIST_ORDER = (
    F("discharged_on").asc(nulls_first=True),
    "-alert_level",
    "-stopped_logging",
    "-open_alerts",
    "display_name",
    "pk",
)


def listing(user: Any, today: dt.date) -> QuerySet[Patient]:
    """The patients the user may see in the list's order; one query whatever their number,
    read from an index in order (after the stopped-logging flags are brought to `today`)."""
    if (membership := membership_of(user)) is not None:
        refresh_stopped_logging(membership.clinic_id, today)
    return patients_visible_to(user).select_related("therapist__user").order_by(*LIST_ORDER)


def _quiet_sql() -> tuple[str, str]:
    """Which rows' stopped-logging flag the date has made wrong, and their correction."""
    table = f'"{Patient._meta.db_table}"'
    stale = (
        '"clinic_id" = %s AND (("stopped_logging" = %s AND "discharged_on" IS NULL '
        'AND "last_checkin_on" <= %s) OR ("stopped_logging" = %s AND ("discharged_on" IS '
        'NOT NULL OR "last_checkin_on" IS NULL OR "last_checkin_on" > %s)))'
    )
    probe = f"SELECT 1 FROM {table} WHERE {stale} LIMIT 1"
    update = (
        f'UPDATE {table} SET "stopped_logging" = CASE WHEN "discharged_on" IS NULL AND '
        f'"last_checkin_on" <= %s THEN %s ELSE %s END WHERE {stale}'
    )
    return probe, update


def refresh_stopped_logging(clinic_id: int, today: dt.date) -> int:
    """Bring every flag of the clinic to `today` (the one definition: core's
    `stopped_logging`); a read of one index when nothing changed, so a list view writes only
    on the first look of the day at a patient who has just gone quiet or come back."""
    quiet_since = today - dt.timedelta(days=STOPPED_LOGGING_DAYS)
    since = Patient._meta.get_field("last_checkin_on").get_db_prep_value(quiet_since, connection)
    stale = [clinic_id, False, since, True, since]
    probe, update = _quiet_sql()
    with connection.cursor() as cursor:
        cursor.execute(probe, stale)
        if cursor.fetchone() is None:
            return 0
        cursor.execute(update, [since, True, False, *stale])
        return int(cursor.rowcount)


def listing_rows(user: Any, today: dt.date) -> QuerySet[Any]:
    return listing(user, today).values(*ROW_FIELDS)


def _therapist_name(v: dict[str, Any]) -> str:
    full = f"{v['therapist__user__first_name']} {v['therapist__user__last_name']}".strip()
    return full or v["therapist__user__username"] or "—"


def rows(values: list[dict[str, Any]], today: dt.date) -> list[Row]:
    def stopped(v: dict[str, Any]) -> bool:
        if v["discharged_on"] is not None or v["last_checkin_on"] is None:
            return False
        return stopped_logging(v["last_checkin_on"], today)

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
            stopped(v),
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
    Program.objects.filter(patient=patient, is_current=True).update(status=ProgramStatus.DISCHARGED)
    patient.discharged_on = today
    patient.save(update_fields=["discharged_on"])
    audit.write(request, user, "discharge", patient.pk, patient.pk)
    return patient

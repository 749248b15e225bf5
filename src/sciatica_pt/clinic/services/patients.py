"""Patients: create, list for the therapist (alerts first), discharge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.http import HttpRequest

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import Membership, Patient, Program, ProgramStatus, Role
from sciatica_pt.clinic.permissions import patients_visible_to, require_clinician
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


def listing(user: Any, today: dt.date) -> QuerySet[Patient]:
    """The most severe open alert first (a warning sign outranks any number of lesser alerts),
    then patients who stopped logging, then the number of open alerts, then by name; one query
    whatever the number of patients."""
    quiet_since = today - dt.timedelta(days=STOPPED_LOGGING_DAYS)  # as `rows` marks them
    stopped_logging = Case(
        When(discharged_on__isnull=True, last_checkin_on__lte=quiet_since, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        patients_visible_to(user)
        .select_related("therapist__user")
        .annotate(stopped_logging=stopped_logging)
        .order_by(
            # Active patients (no discharge date) first on every database: PostgreSQL sorts
            # NULLs last by default, SQLite first.
            F("discharged_on").asc(nulls_first=True),
            "-alert_level",
            "-stopped_logging",
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
    problems = []
    if not name.strip() or len(name) > 200:
        problems.append("display_name: a name of 1 to 200 characters is required")
    if username and get_user_model().objects.filter(username=username).exists():
        problems.append(f"username: {username!r} is already taken")
    if username and len(username) > 150:
        problems.append("username: at most 150 characters")
    if username:
        try:
            validate_password(password)
        except ValidationError as exc:
            problems += [f"password: {m}" for m in exc.messages]
    if (
        therapist_id not in (None, "")
        and not Membership.objects.filter(
            pk=therapist_id, clinic_id=clinic_id, role=Role.THERAPIST
        ).exists()
    ):
        problems.append(f"therapist: {therapist_id} is not a therapist of this clinic")
    return problems


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
    account = (
        get_user_model().objects.create_user(username, password=password) if username else None
    )
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

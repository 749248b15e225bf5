"""The clinic admin's view of the audit trail: the clinic's events, newest first, narrowed to
one patient ("who has seen this record") or to one person ("what have they done").

Both narrowings read an index the audit table already keeps for them (patient_id, user_id).
Looking at one patient's trail is itself a read of that patient's data, and is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import AuditAction, AuditEvent, Patient
from sciatica_pt.clinic.permissions import require_admin
from sciatica_pt.clinic.services.accounts import of_clinic, stored_id
from sciatica_pt.clinic.services.errors import InvalidInput

PAGE_SIZE = 100


@dataclass(frozen=True)
class Filters:
    patient: Patient | None = None
    user: Any = None  # a user of the admin's clinic: staff member or patient


def filters(admin_user: Any, patient: str = "", username: str = "") -> Filters:
    """The narrowing asked for, each value checked against the admin's own clinic: a
    number that is not one of its patients, or a username that is not one of its people,
    is refused with the field named (never read as "no filter")."""
    clinic_id = require_admin(admin_user).clinic_id
    problems: list[str] = []
    found = Filters()
    if patient.strip():
        found = Filters(patient=_patient(clinic_id, patient.strip(), problems))
    if username.strip():
        found = Filters(found.patient, _person(clinic_id, username.strip(), problems))
    if problems:
        raise InvalidInput(problems)
    return found


def _patient(clinic_id: int, raw: str, problems: list[str]) -> Patient | None:
    if (pk := stored_id(raw)) is None:
        problems.append(f"patient: {raw!r} is not a patient number (digits only)")
        return None
    patient = Patient.objects.filter(clinic_id=clinic_id, pk=pk).first()
    if patient is None:  # another clinic's patient looks the same as no patient
        problems.append(f"patient: there is no patient number {raw} in this clinic")
    return patient


def _person(clinic_id: int, username: str, problems: list[str]) -> Any:
    user = get_user_model().objects.filter(of_clinic(clinic_id), username=username).first()
    if user is None:
        problems.append(f"user: there is no one called {username!r} in this clinic")
    return user


def events(admin_user: Any, narrowed: Filters) -> QuerySet[AuditEvent]:
    """The clinic's events, newest first (the model's order), narrowed as asked."""
    found = AuditEvent.objects.filter(clinic_id=require_admin(admin_user).clinic_id)
    if narrowed.patient is not None:
        found = found.filter(patient_id=narrowed.patient.pk)
    if narrowed.user is not None:
        found = found.filter(user=narrowed.user)
    return found


def record_view(request: HttpRequest, admin_user: Any, narrowed: Filters, page: int) -> None:
    """A patient's trail names who saw their record and when: reading it is audited."""
    if narrowed.patient is not None:
        patient_id = narrowed.patient.pk
        audit.record(admin_user, AuditAction.READ, "audit_log", page, patient_id, request)

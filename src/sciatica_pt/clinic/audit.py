"""The audit trail: every read and write of patient data, by whom, from where.

Written by services (writes) and by views and API routes (reads). Logs carry ids, never names.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest

from sciatica_pt.clinic.models import AuditAction, AuditEvent, Patient, Program, ProgramItem
from sciatica_pt.clinic.permissions import membership_of, own_patient

log = logging.getLogger("sciatica_pt.audit")


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _values(
    user: Any,
    action: AuditAction,
    object_type: str,
    object_id: object,
    patient_id: int | None,
    request: HttpRequest | None,
) -> dict[str, Any]:
    authenticated = user is not None and user.is_authenticated
    return {
        "user_id": user.pk if authenticated else None,
        "username": user.get_username() if authenticated else "",
        "clinic_id": _clinic_of(user) if authenticated else None,
        "action": AuditAction(action).value,
        "object_type": object_type,
        "object_id": str(object_id),
        "patient_id": patient_id,
        "ip": client_ip(request),
    }


def _clinic_of(user: Any) -> int | None:
    """The clinic whose admin sees the row: the staff member's, or the patient's own clinic
    (a patient's reads and check-ins are reads and writes of patient data too)."""
    if (membership := membership_of(user)) is not None:
        return membership.clinic_id
    patient = own_patient(user)
    return patient.clinic_id if patient is not None else None


def read_program(request: HttpRequest, patient: Patient) -> tuple[Program | None, list[Any]]:
    """The patient's current program and its items, read and audited."""
    program, items = current_items(patient)
    read(request, "program", program.pk if program else "", patient.pk)
    return program, items


def current_items(patient: Patient) -> tuple[Program | None, list[Any]]:
    """The current program (newest if several) and the items the patient does, in order.
    Without its assessment: only a provisional program reads it (`ready_for_patient`), and its
    stored result and document are the largest JSON the patient's pages would parse."""
    program = (
        Program.objects.filter(patient=patient, is_current=True)
        .prefetch_related(Prefetch("items", ProgramItem.objects.live(), to_attr="live_items"))
        .order_by("-pk")
        .first()
    )
    return program, (program.live_items if program else [])


def record(
    user: Any,
    action: AuditAction,
    object_type: str,
    object_id: object = "",
    patient_id: int | None = None,
    request: HttpRequest | None = None,
) -> None:
    """One audit row, written inside the caller's transaction, if any."""
    log.info("%s %s %s patient=%s", action, object_type, object_id, patient_id)
    AuditEvent.objects.create(**_values(user, action, object_type, object_id, patient_id, request))


def read(request: HttpRequest, object_type: str, object_id: object, patient_id: int | None) -> None:
    record(request.user, AuditAction.READ, object_type, object_id, patient_id, request)


def write(
    request: HttpRequest | None, user: Any, object_type: str, object_id: object, patient_id: int
) -> None:
    record(user, AuditAction.WRITE, object_type, object_id, patient_id, request)

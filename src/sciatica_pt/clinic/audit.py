"""The audit trail: every read and write of patient data, by whom, from where.

Written by services (writes) and by views and API routes (reads). Logs carry ids, never names.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import connection
from django.http import HttpRequest

from sciatica_pt.clinic import hot
from sciatica_pt.clinic.models import AuditAction
from sciatica_pt.clinic.permissions import membership_of

log = logging.getLogger("sciatica_pt.audit")


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def statement(
    user: Any,
    action: AuditAction,
    object_type: str,
    object_id: object = "",
    patient_id: int | None = None,
    request: HttpRequest | None = None,
) -> tuple[str, list[Any]]:
    """The audit row as an SQL statement, for a caller that runs it with its own writes."""
    membership = membership_of(user)
    authenticated = user is not None and user.is_authenticated
    log.info("%s %s %s patient=%s", action, object_type, object_id, patient_id)
    return hot.audit_statement(  # plain SQL: every read writes a row
        {
            "user": user.pk if authenticated else None,
            "username": user.get_username() if authenticated else "",
            "clinic": membership.clinic_id if membership else None,
            "action": AuditAction(action).value,
            "object_type": object_type,
            "object_id": str(object_id),
            "patient_id": patient_id,
            "ip": client_ip(request),
        }
    )


def record(*row: Any) -> None:
    """The row `statement` builds from the same arguments, written inside the caller's
    transaction, if any."""
    sql, params = statement(*row)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def read(request: HttpRequest, object_type: str, object_id: object, patient_id: int | None) -> None:
    record(request.user, AuditAction.READ, object_type, object_id, patient_id, request)


def write(
    request: HttpRequest | None, user: Any, object_type: str, object_id: object, patient_id: int
) -> None:
    record(user, AuditAction.WRITE, object_type, object_id, patient_id, request)

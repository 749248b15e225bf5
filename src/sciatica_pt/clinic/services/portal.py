"""A patient's portal login, kept by the clinic's staff: there is no e-mail at run time, so a
patient who was added without a login, forgot their password or lost a phone is helped by
the clinic. Staff give a patient a login, set a new password (every session the patient had
open ends with it, and every API token they hold is revoked), or stop and restore the
login's access (stopping ends its sessions and revokes its tokens for good: restoring allows
new logins only). Each change is audited; the password never is."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import Patient
from sciatica_pt.clinic.permissions import require_clinician
from sciatica_pt.clinic.services.accounts import (
    change_patient,
    create_login,
    end_access,
    login_problems,
    password_problems,
    set_active,
)
from sciatica_pt.clinic.services.errors import InvalidInput


@transaction.atomic
def give_login(
    request: HttpRequest | None, staff_user: Any, patient: Patient, username: str, password: str
) -> Any:
    """A login for a patient who has none."""
    require_clinician(staff_user)
    if patient.user_id is not None:
        raise InvalidInput(["username: this patient already has a login; set a new password"])
    if problems := login_problems(username, password):
        raise InvalidInput(problems)
    account = create_login(username, password)
    change_patient(request, staff_user, patient, "patient_login_given", user=account)
    return account


@transaction.atomic
def set_password(
    request: HttpRequest | None, staff_user: Any, patient: Patient, password: str
) -> None:
    """A new password for the patient's login; their open sessions end and their API tokens
    are revoked."""
    require_clinician(staff_user)
    account = _login_of(patient)
    if problems := password_problems(password, account):
        raise InvalidInput(problems)
    account.set_password(password)
    account.save(update_fields=["password"])
    end_access(account)  # whoever had the old password, or a token, is out
    audit.write(request, staff_user, "patient_password_set", patient.pk, patient.pk)


@transaction.atomic
def set_access(request: HttpRequest | None, staff_user: Any, patient: Patient, active: bool) -> Any:
    """Stop or restore the login's access, at once: stopping ends its sessions and revokes
    its API tokens, so a restored login starts afresh."""
    require_clinician(staff_user)
    account = _login_of(patient)
    if set_active(account, active):
        change = "patient_access_restored" if active else "patient_access_stopped"
        audit.write(request, staff_user, change, patient.pk, patient.pk)
    return account


def _login_of(patient: Patient) -> Any:
    if patient.user_id is None:
        raise InvalidInput(["username: this patient has no login yet; give them one"])
    return get_user_model().objects.get(pk=patient.user_id)

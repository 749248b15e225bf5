"""What staff and patients' logins share: the checks every new login passes, who the people
of a clinic are, stopping and restoring a login, reading a stored id from text, and one
audited change of a patient's row."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import Patient


def login_problems(username: str, password: str) -> list[str]:
    """A new login's username (1 to 150 characters, not taken) and password (the
    configured validators), one line per problem naming the field."""
    problems = []
    if not username.strip() or len(username) > 150:
        problems.append("username: 1 to 150 characters are required")
    elif get_user_model().objects.filter(username=username).exists():
        problems.append(f"username: {username!r} is already taken")
    return problems + password_problems(password)


def password_problems(password: str, user: Any = None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return [f"password: {m}" for m in exc.messages]
    return []


def of_clinic(clinic_id: int, prefix: str = "") -> Q:
    """Users who are people of the clinic: its staff and its patients with a login. `prefix`
    reaches the user through a relation (`"user__"` from a row that belongs to one)."""
    staff = Q(**{f"{prefix}membership__clinic_id": clinic_id})
    return staff | Q(**{f"{prefix}patient_profile__clinic_id": clinic_id})


def set_active(account: Any, active: bool) -> bool:
    """Stop or restore a login; True when that changed it. An inactive user cannot log in,
    and their open sessions and API tokens stop on the next request (the backend and the
    token check refuse inactive users)."""
    if account.is_active == active:
        return False
    get_user_model().objects.filter(pk=account.pk).update(is_active=active)
    account.is_active = active
    return True


def stored_id(raw: object) -> int | None:
    """A database id written as text (digits only, within the database's integers), or None:
    never an overflow on the way to a lookup."""
    text = str(raw)
    return int(text) if text.isdigit() and len(text) <= 18 else None


def change_patient(
    request: HttpRequest | None, actor: Any, patient: Patient, change: str, **fields: Any
) -> None:
    """Write `fields` to the patient's row and to `patient`, and audit `change` as a write
    by `actor`."""
    Patient.objects.filter(pk=patient.pk).update(**fields)
    for name, value in fields.items():
        setattr(patient, name, value)
    audit.write(request, actor, change, patient.pk, patient.pk)

"""Clinic staff: the first admin of a new clinic (command line), therapists added by an admin."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from sciatica_pt.clinic.models import Clinic, Membership, Role
from sciatica_pt.clinic.permissions import require_admin
from sciatica_pt.clinic.services.errors import InvalidInput


def _problems(username: str, password: str, name: str) -> list[str]:
    problems = []
    if not username.strip() or len(username) > 150:
        problems.append("username: 1 to 150 characters are required")
    elif get_user_model().objects.filter(username=username).exists():
        problems.append(f"username: {username!r} is already taken")
    if len(name) > 150:
        problems.append("name: at most 150 characters")
    try:
        validate_password(password)
    except ValidationError as exc:
        problems += [f"password: {m}" for m in exc.messages]
    return problems


def _member(clinic: Clinic, username: str, password: str, name: str, role: Role) -> Membership:
    if problems := _problems(username, password, name):
        raise InvalidInput(problems)
    first, _, last = name.strip().partition(" ")
    user = get_user_model().objects.create_user(
        username.strip(), password=password, first_name=first, last_name=last
    )
    return Membership.objects.create(user=user, clinic=clinic, role=role)


@transaction.atomic
def create_clinic_admin(clinic_name: str, username: str, password: str) -> Membership:
    """A clinic (created if new) and its admin: how a fresh installation starts."""
    if not clinic_name.strip() or len(clinic_name) > 200:
        raise InvalidInput(["clinic: a name of 1 to 200 characters is required"])
    clinic, _ = Clinic.objects.get_or_create(name=clinic_name.strip())
    return _member(clinic, username, password, "", Role.ADMIN)


@transaction.atomic
def add_therapist(admin_user: Any, username: str, password: str, name: str) -> Membership:
    admin = require_admin(admin_user)
    return _member(admin.clinic, username, password, name, Role.THERAPIST)

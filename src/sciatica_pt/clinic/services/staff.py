"""Clinic staff: the first admin of a new clinic (command line), therapists added by an admin,
and an admin stopping or restoring a staff member's access."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import AuditAction, Clinic, Membership, Role
from sciatica_pt.clinic.permissions import require_admin
from sciatica_pt.clinic.services.accounts import (
    create_login,
    login_problems,
    name_problems,
    set_active,
)
from sciatica_pt.clinic.services.errors import InvalidInput


def _member(
    clinic: Clinic | None, username: str, password: str, name: str, role: Role, problems: list[str]
) -> Membership:
    """A new staff member; `problems` found so far are reported with the member's own."""
    first, _, last = name.strip().partition(" ")
    problems = problems + name_problems("name", name, 150, "at most 150 characters")
    if problems := login_problems(username, password, first, last) + problems:
        raise InvalidInput(problems)
    user = create_login(username, password, first_name=first, last_name=last)
    return Membership.objects.create(user=user, clinic=clinic, role=role)


@transaction.atomic
def create_clinic_admin(clinic_name: str, username: str, password: str) -> Membership:
    """A new clinic and its first admin: how a fresh installation starts. A clinic of that
    name already exists: refused (its admins add staff; a second clinic needs its own name)."""
    name = clinic_name.strip()
    problems = name_problems("clinic", name, 200, "a name of 1 to 200 characters is required")
    if not problems and Clinic.objects.filter(name__iexact=name).exists():
        problems = [f"clinic: {name!r} already exists; its admins add staff on the staff page"]
    clinic = None if problems else Clinic.objects.create(name=name)
    return _member(clinic, username, password, "", Role.ADMIN, problems)


@transaction.atomic
def add_therapist(admin_user: Any, username: str, password: str, name: str) -> Membership:
    admin = require_admin(admin_user)
    return _member(admin.clinic, username, password, name, Role.THERAPIST, [])


def members(admin_user: Any) -> QuerySet[Membership]:
    """The admin's clinic's staff, admins first, then by username."""
    clinic_id = require_admin(admin_user).clinic_id
    found = Membership.objects.filter(clinic_id=clinic_id).select_related("user")
    return found.order_by("role", "user__username")


@transaction.atomic
def set_access(
    request: HttpRequest | None, admin_user: Any, user_id: int, active: bool
) -> Membership:
    """Stop or restore a staff member's access, at once: an inactive user cannot log in,
    their open sessions end and their API tokens are revoked, for good (restoring allows new
    logins only; an admin issues new tokens). Their records, patients and audit trail stay. Another
    clinic's staff member is a 404; an admin cannot stop their own access (another admin
    can). Each change is audited."""
    # By the user's own key, not the foreign key column: an id past the database's integers
    # then matches no one (Django's integer lookups check the range) instead of overflowing.
    member = members(admin_user).filter(user__pk=user_id).first()
    if member is None:
        raise Http404("No such staff member")
    if member.user_id == admin_user.pk:
        raise InvalidInput(["user: you cannot change your own access; ask another admin"])
    if set_active(member.user, active):
        change = "staff_access_restored" if active else "staff_access_stopped"
        audit.record(admin_user, AuditAction.WRITE, change, member.user_id, None, request)
    return member

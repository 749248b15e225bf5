"""Invitations: staff enter a patient's e-mail (an admin a new staff member's) and the person
gets a one-time, expiring link to set their own password. The link is Django's password-reset
token: it expires after PASSWORD_RESET_TIMEOUT and stops working once a password is set (the
token is tied to the password)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import AuditAction, Membership, Patient, Role
from sciatica_pt.clinic.permissions import require_admin, require_clinician
from sciatica_pt.clinic.services.accounts import change_patient
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.notify import mail


def clean_email(raw: str) -> str:
    email = raw.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput([f"email: {raw.strip()[:100]!r} is not an e-mail address"]) from None
    return email


def _free(email: str, user: Any = None) -> None:
    taken = get_user_model().objects.filter(
        username__iexact=email
    ) | get_user_model().objects.filter(email__iexact=email)
    if user is not None:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        raise InvalidInput(["email: this address already belongs to another login"])


def set_password_link(user: Any, request: HttpRequest | None = None) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return mail.absolute(reverse("invite_accept", args=[uid, token]), request)


def _send(user: Any, request: HttpRequest | None, clinic_name: str, as_staff: bool) -> None:
    link = set_password_link(user, request)
    context = {"link": link, "clinic": clinic_name, "staff": as_staff, "username": user.username}
    transaction.on_commit(lambda: mail.send(user.email, "invitation", context))


@transaction.atomic
def invite_patient(request: HttpRequest | None, staff_user: Any, patient: Patient, raw: str) -> Any:
    """A login for the patient named by their e-mail (its username too), without a password:
    they set it from the link. A patient invited before who has not set a password yet is
    sent a new link (to the address given now); one with a password is refused."""
    require_clinician(staff_user)
    email = clean_email(raw)
    account = get_user_model().objects.filter(pk=patient.user_id).first()
    if account is not None and account.has_usable_password():
        raise InvalidInput(["email: this patient already has a login; reset its password instead"])
    _free(email, account)
    if account is None:
        account = get_user_model().objects.create_user(email, email=email)  # no password yet
        change_patient(request, staff_user, patient, "patient_invited", user=account)
    else:
        account.username = account.email = email
        account.save(update_fields=["username", "email"])
        audit.write(request, staff_user, "patient_invited", patient.pk, patient.pk)
    _send(account, request, patient.clinic.name, as_staff=False)
    return account


@transaction.atomic
def invite_staff(request: HttpRequest | None, admin_user: Any, raw: str, name: str) -> Membership:
    """A therapist of the admin's clinic, who sets their own password from the link."""
    admin = require_admin(admin_user)
    email = clean_email(raw)
    if len(name) > 150:
        raise InvalidInput(["name: at most 150 characters"])
    _free(email)
    first, _, last = name.strip().partition(" ")
    user = get_user_model().objects.create_user(
        email, email=email, first_name=first, last_name=last
    )
    member = Membership.objects.create(user=user, clinic=admin.clinic, role=Role.THERAPIST)
    audit.record(admin_user, AuditAction.WRITE, "staff_invited", user.pk, None, request)
    _send(user, request, admin.clinic.name, as_staff=True)
    return member

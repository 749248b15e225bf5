"""API tokens seen from the clinic: an admin issues a token to one of their clinic's staff or
patients (on the tokens page, in the API, or on the server with `sciatica-pt token`), lists
the clinic's tokens and revokes any of them. Only digests are stored, so a token is shown
once, when issued, and never again."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import ApiToken, AuditAction
from sciatica_pt.clinic.permissions import own_patient, require_admin
from sciatica_pt.clinic.services.accounts import name_problems, normal_username, of_clinic
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.clinic.token_secrets import new_token

NAME_MAX = ApiToken._meta.get_field("name").max_length


def clinic_tokens(admin_user: Any) -> QuerySet[ApiToken]:
    """Tokens of the admin's clinic only: its staff and its patients."""
    mine = of_clinic(require_admin(admin_user).clinic_id, "user__")
    return (
        ApiToken.objects.filter(mine)
        .select_related("user__membership", "user__patient_profile")
        .order_by("-created_at", "-pk")
    )


@transaction.atomic
def revoke(request: HttpRequest | None, admin_user: Any, token_id: int) -> None:
    """Delete the token (it stops working at once) and record who did it; another clinic's
    token is a 404, like any object one may not see."""
    token = clinic_tokens(admin_user).filter(pk=token_id).first()
    if token is None:
        raise Http404("No such token")
    owner = token.user
    token.delete()
    _record(request, admin_user, "api_token", token_id, owner)


@transaction.atomic
def issue(
    request: HttpRequest | None, admin_user: Any, username: str, name: str
) -> tuple[ApiToken, str]:
    """A new token for an active person of the admin's clinic (staff, or a patient with a
    login), with its label; returns the row and the secret, to be shown once. Audited, the
    secret never. Anyone else, another clinic's people included, is refused without saying
    whether they exist."""
    clinic_id = require_admin(admin_user).clinic_id
    label = name.strip()
    holder = _active_person(clinic_id, username)
    problems = []
    if holder is None:
        problems.append("username: no one of this clinic with an active login has this username")
    problems += name_problems(
        "name", label, NAME_MAX, f"a label of 1 to {NAME_MAX} characters is required"
    )
    if problems:
        raise InvalidInput(problems)
    token, secret = new_token(holder, label)
    _record(request, admin_user, "api_token_issued", token.pk, holder)
    return token, secret


def _active_person(clinic_id: int, username: str) -> Any:
    if not (username := normal_username(username)):
        return None
    people = get_user_model().objects.filter(of_clinic(clinic_id), is_active=True)
    return people.filter(username__iexact=username).first()


def _record(
    request: HttpRequest | None, admin_user: Any, change: str, token_id: int, owner: Any
) -> None:
    """A write by the admin, under the owner's patient record when the owner is a patient."""
    patient = own_patient(owner)
    patient_id = patient.pk if patient else None
    audit.record(admin_user, AuditAction.WRITE, change, token_id, patient_id, request)

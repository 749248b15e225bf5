"""API tokens seen from the clinic: an admin lists the tokens of their clinic's staff and
patients and revokes any of them. Tokens are issued on the command line (`sciatica-pt
token`); only digests are stored, so a listed token can never be shown again."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import ApiToken, AuditAction
from sciatica_pt.clinic.permissions import own_patient, require_admin


def clinic_tokens(admin_user: Any) -> QuerySet[ApiToken]:
    """Tokens of the admin's clinic only: its staff and its patients."""
    clinic_id = require_admin(admin_user).clinic_id
    mine = Q(user__membership__clinic_id=clinic_id) | Q(user__patient_profile__clinic_id=clinic_id)
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
    patient = own_patient(token.user)
    token.delete()
    patient_id = patient.pk if patient else None
    audit.record(admin_user, AuditAction.WRITE, "api_token", token_id, patient_id, request)

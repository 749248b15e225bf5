"""The clinic admin's routes: the audit trail, the staff and the API tokens, as the admin's
pages have them. Every route authorizes first (403 for anyone but an admin of the clinic),
then reads the body or the query."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Status

from sciatica_pt.clinic.api import api
from sciatica_pt.clinic.api.routes import ERRORS, body_of, page_bounds, page_problems, parse
from sciatica_pt.clinic.api.schemas import (
    AccessIn,
    AuditEventOut,
    MemberOut,
    Message,
    TherapistIn,
    TokenIn,
    TokenIssuedOut,
    TokenOut,
)
from sciatica_pt.clinic.models import ApiToken, Membership
from sciatica_pt.clinic.permissions import require_admin
from sciatica_pt.clinic.services import audit_log, staff, tokens
from sciatica_pt.clinic.services.errors import InvalidInput


@api.get("/audit", response={200: list[AuditEventOut], **ERRORS})
def audit_events(
    request: HttpRequest,
    page: Query[int] = 1,  # type: ignore[assignment]
    patient: Query[str] = "",  # type: ignore[assignment]
    user: Query[str] = "",  # type: ignore[assignment]
) -> Any:
    """The clinic's audit trail, newest first, 100 a page; `patient` (a patient number) gives
    who has read or changed that record, `user` (a username) what one person has done."""
    try:
        narrowed = audit_log.filters(request.user, patient, user)
    except InvalidInput as exc:  # every problem at once, a bad page's too
        raise InvalidInput([*exc.problems, *page_problems(page)]) from None
    start, end = page_bounds(page, audit_log.PAGE_SIZE)
    events = list(audit_log.events(request.user, narrowed)[start:end])
    audit_log.record_view(request, request.user, narrowed, page)
    return events


@api.get("/staff", response={200: list[MemberOut], **ERRORS})
def staff_list(request: HttpRequest) -> Any:
    return [_member(m) for m in staff.members(request.user)]


@api.post("/staff", response={201: MemberOut, **ERRORS}, openapi_extra=body_of(TherapistIn))
def therapist_add(request: HttpRequest) -> Any:
    """Add a therapist to the admin's clinic (the password must pass the same checks as
    on the staff page)."""
    require_admin(request.user)
    body = parse(request, TherapistIn)
    member = staff.add_therapist(request.user, body.username, body.password, body.name)
    return Status(201, _member(member))


@api.post(
    "/staff/{int:user_id}/access",
    response={200: MemberOut, **ERRORS},
    openapi_extra=body_of(AccessIn),
)
def staff_access(request: HttpRequest, user_id: int) -> Any:
    """Stop (`{"active": false}`) or restore a staff member's access, at once: they can no
    longer log in, their sessions end and their tokens are revoked, for good (restoring allows
    new logins only); their records stay."""
    require_admin(request.user)
    body = parse(request, AccessIn)
    return _member(staff.set_access(request, request.user, user_id, body.active))


def _member(member: Membership) -> dict[str, Any]:
    user = member.user
    return {
        "user_id": user.pk,
        "username": user.get_username(),
        "name": user.get_full_name(),
        "role": member.role,
        "active": user.is_active,
    }


@api.get("/tokens", response={200: list[TokenOut], **ERRORS})
def token_list(request: HttpRequest) -> Any:
    """The clinic's API tokens, newest first: never the secret, which is not stored."""
    return [_token(t) for t in tokens.clinic_tokens(request.user)[:500]]


@api.post("/tokens", response={201: TokenIssuedOut, **ERRORS}, openapi_extra=body_of(TokenIn))
def token_issue(request: HttpRequest) -> Any:
    """Issue a token to an active person of the clinic (staff, or a patient with a login).
    The secret is in this response only; the issue is audited, the secret never."""
    require_admin(request.user)
    body = parse(request, TokenIn)
    token, secret = tokens.issue(request, request.user, body.username, body.name)
    return Status(201, {**_token(token), "token": secret})


def _token(token: ApiToken) -> dict[str, Any]:
    username = token.user.get_username()
    return {
        "id": token.pk,
        "name": token.name,
        "username": username,
        "created_at": token.created_at,
    }


@api.post("/tokens/{int:token_id}/revoke", response={200: Message, **ERRORS})
def token_revoke(request: HttpRequest, token_id: int) -> Any:
    """The token stops working at once; the revocation is audited."""
    tokens.revoke(request, request.user, token_id)
    return {"detail": "Token revoked: it no longer works."}

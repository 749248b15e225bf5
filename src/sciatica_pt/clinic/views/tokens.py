"""The clinic admin's API token page: issue (the secret shown once), list and revoke."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sciatica_pt.clinic.services import tokens
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.clinic.views.common import staff_only


@staff_only
def token_list(request: HttpRequest) -> HttpResponse:
    return _page(request, {})


@staff_only
@require_POST
def token_issue(request: HttpRequest) -> HttpResponse:
    """The secret is in this response only: not in a message or the session, which the
    database would keep (every response is `no-store`, so no cache keeps it either)."""
    username, name = request.POST.get("username", ""), request.POST.get("name", "")
    try:
        token, secret = tokens.issue(request, request.user, username, name)
    except InvalidInput as exc:
        context = {"problems": exc.problems, "values": request.POST}
        return _page(request, context, status=400)
    return _page(request, {"issued": token, "secret": secret}, status=201)


def _page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    rows = tokens.clinic_tokens(request.user)[:500]
    return render(request, "clinic/tokens.html", {"tokens": rows, **context}, status=status)


@staff_only
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    tokens.revoke(request, request.user, token_id)
    messages.success(request, "Token revoked: it no longer works.")
    return redirect("token_list")

"""The clinic admin's API token page: list and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sciatica_pt.clinic.services import tokens
from sciatica_pt.clinic.views.common import staff_only


@staff_only
def token_list(request: HttpRequest) -> HttpResponse:
    rows = tokens.clinic_tokens(request.user)[:500]
    return render(request, "clinic/tokens.html", {"tokens": rows})


@staff_only
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    tokens.revoke(request, request.user, token_id)
    messages.success(request, "Token revoked: it no longer works.")
    return redirect("token_list")

"""Helpers shared by the page views."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sciatica_pt.clinic.permissions import is_staff_member, own_patient, require_clinician
from sciatica_pt.clinic.services.errors import InvalidInput


def today() -> dt.date:
    """The clinic's today: the one place the web app reads the clock for the core."""
    return timezone.localdate()


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_clinician(request.user)
        return view(request, *args, **kwargs)

    return wrapped


def requested_page(request: HttpRequest, paginator: Paginator) -> Page:  # type: ignore[type-arg]
    """The page asked for (`?page=N`, the first when absent). A page that is not one of the
    list's is refused with its range, never moved to the nearest one."""
    raw = request.GET.get("page", "").strip() or "1"
    if raw.isdigit() and len(raw) <= 9 and 1 <= int(raw) <= paginator.num_pages:
        return paginator.page(int(raw))
    last = paginator.num_pages
    raise InvalidInput([f"page: {raw!r} is not a page of this list (1 to {last})"])


def int_field(request: HttpRequest, name: str) -> int | None:
    raw = request.POST.get(name, "")
    return int(raw) if raw.isdigit() else None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if is_staff_member(request.user):
        return redirect("patient_list")
    if own_patient(request.user) is not None:
        return redirect("my_program")
    return render(request, "clinic/no_role.html")

"""Visit pages: thin (parse, authorize, call one service, render)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import Patient
from sciatica_pt.clinic.permissions import (
    require_admin,
    require_patient_access,
    require_patient_self,
    require_therapist,
)
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.clinic.views.common import staff_only
from sciatica_pt.visits.models import TherapistProfile, Visit, VisitStatus, VisitType
from sciatica_pt.visits.services import booking, day, notes, roster
from sciatica_pt.visits.services.booking import SlotTaken


def parse_start(raw: str) -> dt.datetime:
    try:
        found = dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput(["start: a time as YYYY-MM-DDTHH:MM+HH:MM"]) from None
    if found.tzinfo is None:
        raise InvalidInput(["start: a time with its UTC offset"])
    return found


def _type_of(clinic_id: int, raw: str | None) -> VisitType:
    types = roster.visit_types(clinic_id)
    for found in types:
        if str(found.pk) == (raw or "").strip():
            return found
    if raw:
        raise InvalidInput(["visit_type: not a visit type of this clinic"])
    return types[0]


def _slot_choices(
    request: HttpRequest,
    profile: TherapistProfile,
    clinic_id: int,
    kind: VisitType | None = None,
    patient: Patient | None = None,
) -> dict[str, Any]:
    """The visit types the therapist sees and the free times of the chosen one, a few days
    at a time from `?from=YYYY-MM-DD` (today by default)."""
    types = [t for t in roster.visit_types(clinic_id) if profile.sees(t.online)]
    wanted = str(kind.pk) if kind else request.GET.get("type")
    chosen = next((t for t in types if str(t.pk) == wanted), types[0] if types else None)
    if chosen is None:
        return {"types": types, "chosen": None, "days": []}
    now = timezone.now()
    zone = roster.settings_of(clinic_id).zone
    try:
        first = dt.date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        first = now.astimezone(zone).date()
    free = booking.free(profile, chosen, first, booking.earliest(request.user, clinic_id, now))
    other = booking.patient_zone(patient) if patient is not None else zone
    days = [
        (day, [(s.isoformat(), booking.slot_label(s, other)) for s in starts])
        for day, starts in booking.by_day(free, zone)
    ]
    later = days[-1][0] + dt.timedelta(days=1) if days else None
    return {"types": types, "chosen": chosen, "days": days, "later": later, "zone_name": zone.key}


def roster_page(request: HttpRequest, clinic_id: int) -> HttpResponse:
    clinic = roster.require_roster(request.user, clinic_id)
    context = {"clinic": clinic, "profiles": roster.roster(clinic.pk)}
    return render(request, "visits/roster.html", context)


@login_required
def my_roster(request: HttpRequest) -> HttpResponse:
    clinic_id = roster.viewer_clinic(request.user)
    if clinic_id is None:
        raise Http404("No clinic")
    return redirect("visits:roster", clinic_id=clinic_id)


def therapist_page(request: HttpRequest, clinic_id: int, profile_id: int) -> HttpResponse:
    profile = roster.require_profile(request.user, clinic_id, profile_id)
    context: dict[str, Any] = {"profile": profile, "clinic_id": clinic_id}
    if request.user.is_authenticated and hasattr(request.user, "patient_profile"):
        patient = request.user.patient_profile  # type: ignore[union-attr]
        context.update(_slot_choices(request, profile, clinic_id, patient=patient))
        context["action"] = "visits:book"
    return render(request, "visits/therapist.html", context)


def photo(request: HttpRequest, clinic_id: int, profile_id: int) -> FileResponse:
    profile = roster.require_profile(request.user, clinic_id, profile_id)
    if not profile.photo:
        raise Http404("No photo")
    return FileResponse(profile.photo.open("rb"))


def _book_error(request: HttpRequest, exc: Exception) -> None:
    text = "; ".join(exc.problems) if isinstance(exc, InvalidInput) else str(exc)
    messages.error(request, text)


@login_required
@require_POST
def book(request: HttpRequest) -> HttpResponse:
    """A patient books a visit for themselves."""
    patient = require_patient_self(request.user)
    profile_id = request.POST.get("profile", "")
    if not profile_id.isdigit():
        messages.error(request, "profile: choose a therapist")
        return redirect("visits:my_roster")
    profile = roster.require_profile(request.user, patient.clinic_id, int(profile_id))
    try:
        visit_type = _type_of(patient.clinic_id, request.POST.get("visit_type"))
        start = parse_start(request.POST.get("start", ""))
        visit = booking.book(
            request, request.user, patient, profile, visit_type, start, timezone.now()
        )
    except (InvalidInput, SlotTaken) as exc:
        _book_error(request, exc)
        return redirect("visits:therapist", clinic_id=patient.clinic_id, profile_id=profile.pk)
    messages.success(request, "Visit booked.")
    return redirect("visits:visit", visit_id=visit.pk)


@staff_only
def staff_book(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Staff book a visit for one of the clinic's patients."""
    patient = require_patient_access(request.user, patient_id)
    profiles = list(roster.roster(patient.clinic_id))
    chosen = next(
        (
            p
            for p in profiles
            if str(p.pk) == request.GET.get("therapist", request.POST.get("profile"))
        ),
        profiles[0] if profiles else None,
    )
    status = 200
    if request.method == "POST" and chosen is not None:
        try:
            visit_type = _type_of(patient.clinic_id, request.POST.get("visit_type"))
            start = parse_start(request.POST.get("start", ""))
            visit = booking.book(
                request, request.user, patient, chosen, visit_type, start, timezone.now()
            )
            messages.success(request, "Visit booked.")
            return redirect("visits:visit", visit_id=visit.pk)
        except (InvalidInput, SlotTaken) as exc:
            _book_error(request, exc)
            status = 409 if isinstance(exc, SlotTaken) else 400
    context: dict[str, Any] = {"patient": patient, "profiles": profiles, "profile": chosen}
    if chosen is not None:
        context.update(_slot_choices(request, chosen, patient.clinic_id, patient=patient))
    return render(request, "visits/staff_book.html", context, status=status)


def _rows(visits: list[Visit], patient_zone: Any) -> list[dict[str, Any]]:
    return [{"visit": v, "times": booking.times(v, patient_zone)} for v in visits]


@login_required
def my_visits(request: HttpRequest) -> HttpResponse:
    patient = require_patient_self(request.user)
    if request.method == "POST":
        try:
            booking.set_patient_zone(
                request, request.user, patient, request.POST.get("time_zone", "")
            )
            messages.success(request, "Time zone saved.")
        except InvalidInput as exc:
            _book_error(request, exc)
        return redirect("visits:mine")
    visits = booking.visits_visible_to(request.user).filter(
        status=VisitStatus.BOOKED, end__gte=timezone.now()
    )
    zone = booking.patient_zone(patient)
    audit.read(request, "visits", "", patient.pk)
    context = {
        "rows": _rows(list(visits.select_related("visit_type", "therapist__profile")), zone),
        "zone": zone.key,
    }
    return render(request, "visits/my_visits.html", context)


@login_required
def visit_page(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = booking.require_visit(request.user, visit_id)
    audit.read(request, "visit", visit.pk, visit.patient_id)
    zone = booking.patient_zone(visit.patient)
    context: dict[str, Any] = {
        "visit": visit,
        "times": booking.times(visit, zone),
        "join_url": booking.join_url(visit, timezone.now()),
        "join_minutes": int(booking.JOIN_BEFORE.total_seconds() // 60),
        "is_patient": hasattr(request.user, "patient_profile"),
    }
    if visit.status == VisitStatus.BOOKED and hasattr(visit.therapist, "profile"):
        profile = visit.therapist.profile
        context.update(
            _slot_choices(request, profile, visit.clinic_id, visit.visit_type, visit.patient)
        )
    return render(request, "visits/visit.html", context)


@login_required
@require_POST
def visit_cancel(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = booking.require_visit(request.user, visit_id)
    try:
        booking.cancel(request, request.user, visit, timezone.now())
        messages.success(request, "Visit cancelled.")
    except InvalidInput as exc:
        _book_error(request, exc)
    return redirect("visits:visit", visit_id=visit.pk)


@login_required
@require_POST
def visit_reschedule(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = booking.require_visit(request.user, visit_id)
    try:
        start = parse_start(request.POST.get("start", ""))
        booking.reschedule(request, request.user, visit, start, timezone.now())
        messages.success(request, "Visit moved.")
    except (InvalidInput, SlotTaken) as exc:
        _book_error(request, exc)
    return redirect("visits:visit", visit_id=visit.pk)


@staff_only
def my_profile(request: HttpRequest) -> HttpResponse:
    """A therapist's own profile, weekly hours and exceptions."""
    require_therapist(request.user)
    profile = roster.own_profile(request.user)
    if request.method == "POST":
        try:
            _save_profile(request)
            messages.success(request, "Saved.")
            return redirect("visits:my_profile")
        except InvalidInput as exc:
            _book_error(request, exc)
    hours = roster.hours_text(profile)
    context = {
        "profile": profile,
        "days": [(i, name, hours[i]) for i, name in enumerate(roster.WEEKDAYS)],
        "changes": profile.changes.all(),
        "modes": TherapistProfile._meta.get_field("mode").choices,
    }
    return render(request, "visits/my_profile.html", context)


def _save_profile(request: HttpRequest) -> None:
    form, user = request.POST, request.user
    part = form.get("part", "")
    if part == "profile":
        roster.update_profile(
            request,
            user,
            form.get("display_name", ""),
            form.get("specialties", ""),
            form.get("languages", ""),
            form.get("mode", ""),
            request.FILES.get("photo"),
        )
    elif part == "hours":
        roster.set_hours(request, user, {i: form.get(f"hours_{i}", "") for i in range(7)})
    elif part == "change":
        roster.add_change(
            request, user, form.get("day", ""), form.get("hours", ""), form.get("note", "")
        )
    else:
        raise InvalidInput(["part: profile, hours or change"])


@staff_only
def clinic_settings(request: HttpRequest) -> HttpResponse:
    admin = require_admin(request.user)
    if request.method == "POST":
        form = request.POST
        try:
            roster.update_settings(
                request,
                request.user,
                form.get("time_zone", ""),
                form.get("notice_hours", ""),
                form.get("public_roster") == "on",
                form.get("jitsi_url", ""),
                form.get("address", ""),
            )
            messages.success(request, "Saved.")
            return redirect("visits:settings")
        except InvalidInput as exc:
            _book_error(request, exc)
    return render(
        request, "visits/settings.html", {"settings": roster.settings_of(admin.clinic_id)}
    )


@staff_only
def therapist_day(request: HttpRequest) -> HttpResponse:
    today, visits = day.day_of(request.user, timezone.now())
    zone = roster.settings_of(visits[0].clinic_id).zone if visits else None
    rows = [
        {"visit": v, "time": booking.shown(v.start, zone) if zone else "", **day.patient_summary(v)}
        for v in visits
    ]
    audit.read(request, "therapist_day", today.isoformat(), None)
    return render(request, "visits/day.html", {"today": today, "rows": rows})


@staff_only
def visit_note(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = booking.require_visit(request.user, visit_id)
    note = getattr(visit, "note", None)
    status = 200
    form: dict[str, Any] = {k: getattr(note, k, "") for k in notes.SOAP}
    chosen = [t["id"] for t in note.techniques] if note else []
    reasons = {t["id"]: t.get("reason", "") for t in note.techniques} if note else {}
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in notes.SOAP}
        chosen = request.POST.getlist("techniques")
        reasons = {
            k.removeprefix("reason_"): v for k, v in request.POST.items() if k.startswith("reason_")
        }
        try:
            notes.save(request, request.user, visit, form, chosen, reasons)
            messages.success(request, "Note saved.")
            return redirect("visits:note", visit_id=visit.pk)
        except InvalidInput as exc:
            _book_error(request, exc)
            status = 400
    audit.read(request, "visit_note", visit.pk, visit.patient_id)
    rows = [
        {**row, "chosen": row["id"] in chosen, "reason": reasons.get(row["id"], "")}
        for row in notes.checks(visit.patient)
    ]
    context = {"visit": visit, "form": form, "techniques": rows, "soap": notes.SOAP}
    return render(request, "visits/note.html", context, status=status)

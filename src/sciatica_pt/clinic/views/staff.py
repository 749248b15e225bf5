"""Therapist and admin pages: thin (parse, authorize, call one service, render)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST

from sciatica_pt.clinic import assessment_form, audit, picker
from sciatica_pt.clinic.models import Patient
from sciatica_pt.clinic.permissions import (
    patients_visible_to,
    require_admin,
    require_clinician,
    require_patient_access,
)
from sciatica_pt.clinic.services import (
    alerts,
    assessments,
    clinic_exercises,
    contact,
    outcomes,
    patients,
    programs,
    staff,
)
from sciatica_pt.clinic.services import audit_log as audit_log_service
from sciatica_pt.clinic.services import discharge as discharge_service
from sciatica_pt.clinic.services.downloads import NothingToDownload
from sciatica_pt.clinic.services.errors import InvalidInput, StaleVersion
from sciatica_pt.clinic.views.common import int_field, requested_page, staff_only, today
from sciatica_pt.clinic.views.detail import patient_context

PAGE_SIZE = 50


class CountedPaginator(Paginator):  # type: ignore[type-arg]
    """Counts with `counter` instead of the rows' query: the patient list's COUNT then
    skips the therapist joins (LEFT OUTER on to-one relations, so the same number)."""

    def __init__(self, rows: Any, per_page: int, counter: Callable[[], int]) -> None:
        super().__init__(rows, per_page)
        self.counter = counter

    @cached_property
    def count(self) -> int:
        return self.counter()


@staff_only
def patient_list(request: HttpRequest) -> HttpResponse:
    rows_query = patients.listing_rows(request.user, today())
    count = patients_visible_to(request.user).count
    try:
        page = requested_page(request, CountedPaginator(rows_query, PAGE_SIZE, count))
    except InvalidInput as exc:
        return render(request, "clinic/patient_list.html", {"problems": exc.problems}, status=400)
    rows = patients.rows(list(page.object_list))
    audit.read(request, "patient_list", page.number, None)
    context = {"rows": rows, "page": page}
    return render(request, "clinic/patient_list.html", context)


@staff_only
def patient_new(request: HttpRequest) -> HttpResponse:
    staff = require_clinician(request.user)
    therapists = patients.therapists(staff.clinic_id)
    context = {"therapists": therapists, "values": request.POST, "problems": []}
    if request.method == "POST":
        try:
            patient = patients.create(
                request,
                request.user,
                request.POST.get("display_name", ""),
                request.POST.get("username", "").strip(),
                request.POST.get("password", ""),
                request.POST.get("therapist") or None,
                {name: request.POST.get(name, "") for name in contact.FIELDS},
                today(),
            )
        except InvalidInput as exc:
            context["problems"] = exc.problems
            return render(request, "clinic/patient_new.html", context, status=400)
        return redirect("assessment_new", patient_id=patient.pk)
    return render(request, "clinic/patient_new.html", context)


@staff_only
def patient_detail(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = require_patient_access(request.user, patient_id)
    audit.read(request, "patient", patient.pk, patient.pk)
    return render(request, "clinic/patient_detail.html", patient_context(patient, today()))


@staff_only
def contact_edit(request: HttpRequest, patient_id: int) -> HttpResponse:
    """The patient's contact details: date of birth, e-mail, phone."""
    patient = require_patient_access(request.user, patient_id)
    born = patient.date_of_birth.isoformat() if patient.date_of_birth else ""
    values = {"date_of_birth": born, "email": patient.email, "phone": patient.phone}
    context: dict[str, Any] = {"patient": patient, "values": values, "problems": []}
    if request.method == "POST":
        raw = {name: request.POST.get(name, "") for name in contact.FIELDS}
        try:
            patients.change_contact(request, request.user, patient, raw, today())
        except InvalidInput as exc:
            context.update(values=raw, problems=exc.problems)
            return render(request, "clinic/patient_contact.html", context, status=400)
        messages.success(request, "Contact details saved.")
        return redirect("patient_detail", patient_id=patient.pk)
    audit.read(request, "patient", patient.pk, patient.pk)
    return render(request, "clinic/patient_contact.html", context)


@staff_only
@require_POST
def therapist_change(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Give the patient to another active therapist of the clinic (`therapist`: the
    therapist's number, or `none`)."""
    patient = require_patient_access(request.user, patient_id)
    raw = request.POST.get("therapist", "").strip()
    try:
        if not raw:
            raise InvalidInput(["therapist: choose a therapist, or none"])
        patients.assign_therapist(request, request.user, patient, None if raw == "none" else raw)
        messages.success(request, "Therapist changed.")
    except InvalidInput as exc:
        messages.error(request, "; ".join(exc.problems))
    return redirect("patient_detail", patient_id=patient.pk)


@staff_only
def assessment_new(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = require_patient_access(request.user, patient_id)
    sections, loose = assessment_form.blank_sections(), []
    if request.method == "POST":
        document = assessment_form.document_from(request.POST, sections)
        try:
            stored = assessments.record(request, request.user, patient, document, today())
        except InvalidInput as exc:
            loose = assessment_form.attach_errors(sections, exc.problems)
            context = {"patient": patient, "sections": sections, "loose": loose, "invalid": True}
            return render(request, "clinic/assessment_form.html", context, status=400)
        return redirect("assessment_result", patient_id=patient.pk, assessment_id=stored.pk)
    context = {"patient": patient, "sections": sections, "loose": loose}
    return render(request, "clinic/assessment_form.html", context)


@staff_only
def assessment_result(request: HttpRequest, patient_id: int, assessment_id: int) -> HttpResponse:
    patient = require_patient_access(request.user, patient_id)
    stored = get_object_or_404(patient.assessments, pk=assessment_id)
    audit.read(request, "assessment", stored.pk, patient.pk)
    context = {"patient": patient, "assessment": stored, "result": stored.result}
    return render(request, "clinic/assessment_result.html", context)


@staff_only
def program_edit(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = require_patient_access(request.user, patient_id)
    program = programs.current_program(patient)
    audit.read(request, "program", program.pk if program else "", patient.pk)
    items = program.items.live() if program else []
    context: dict[str, Any] = {"patient": patient, "program": program, "items": items}
    own = clinic_exercises.picker_entries(patient.clinic)  # the clinic's own exercises too
    try:
        context["picked"] = picker.pick(request.GET, own)
    except InvalidInput as exc:
        context["picked"], context["problems"] = picker.pick({}, own), exc.problems
        return render(request, "clinic/program_edit.html", context, status=400)
    return render(request, "clinic/program_edit.html", context)


@staff_only
@require_POST
def program_change(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = require_patient_access(request.user, patient_id)
    version, action = int_field(request, "version"), request.POST.get("action")
    try:
        if version is None:
            raise InvalidInput(["version: the program version is missing"])
        _apply_program_action(request, patient, version, action)
        messages.success(request, "Program saved.")
    except (InvalidInput, StaleVersion) as exc:
        messages.error(request, "; ".join(getattr(exc, "problems", [str(exc)])))
    return redirect("program_edit", patient_id=patient.pk)


def _apply_program_action(
    request: HttpRequest, patient: Patient, version: int, action: str | None
) -> None:
    post, user = request.POST, request.user
    item = int_field(request, "item")
    if action == "add":
        programs.add_item(
            request, user, patient, version, post.get("item_id", ""), post.get("reason", "")
        )
    elif action == "remove" and item is not None:
        programs.remove_item(request, user, patient, version, item, post.get("reason", ""))
    elif action == "dose" and item is not None:
        dose = {k: _int_or_raw(post[k]) for k in programs.DOSE_FIELDS if post.get(k, "").strip()}
        programs.change_dose(request, user, patient, version, item, dose)
    else:
        raise InvalidInput(["action: must be add, remove or dose (with an item)"])


def _int_or_raw(raw: str) -> int | str:
    raw = raw.strip()
    return int(raw) if raw.isdigit() else raw


@staff_only
@require_POST
def alert_ack(request: HttpRequest, patient_id: int, alert_id: int) -> HttpResponse:
    patient = require_patient_access(request.user, patient_id)
    try:
        alerts.acknowledge(request, request.user, patient, alert_id)
    except InvalidInput as exc:
        messages.error(request, "; ".join(exc.problems))
    return redirect("patient_detail", patient_id=patient.pk)


@staff_only
@require_POST
def outcome_add(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = require_patient_access(request.user, patient_id)
    value, day = _number(request.POST.get("value", "")), _date(request.POST.get("recorded_on", ""))
    try:
        measure = request.POST.get("measure", "")
        outcomes.record(request, request.user, patient, measure, value, day, today())
        messages.success(request, "Score recorded.")
    except InvalidInput as exc:
        messages.error(request, "; ".join(exc.problems))
    return redirect("patient_detail", patient_id=patient.pk)


@staff_only
@require_POST
def psfs_add(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Score each of the patient's own PSFS activities (fields psfs-0, psfs-1, ...)."""
    patient = require_patient_access(request.user, patient_id)
    activities = outcomes.psfs_activities(patient)
    scores = {
        name: _int_or_raw(request.POST.get(f"psfs-{i}", ""))
        for i, (name, _) in enumerate(activities)
    }
    try:
        day = _date(request.POST.get("recorded_on", ""))
        outcomes.record_psfs(request, request.user, patient, scores, day, today())
        messages.success(request, "Activity scores recorded.")
    except InvalidInput as exc:
        messages.error(request, "; ".join(exc.problems))
    return redirect("patient_detail", patient_id=patient.pk)


def _number(raw: str) -> float | str:
    try:
        return float(raw)
    except ValueError:
        return raw


def _date(raw: str) -> object:
    try:
        return dt.date.fromisoformat(raw) if raw else today()
    except ValueError:
        return raw


@staff_only
@require_POST
def program_review(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = require_patient_access(request.user, patient_id)
    try:
        programs.review_now(request, request.user, patient, today())
        messages.success(request, "Program reviewed.")
    except InvalidInput as exc:
        messages.error(request, "; ".join(exc.problems))
    return redirect("patient_detail", patient_id=patient.pk)


@staff_only
def discharge(request: HttpRequest, patient_id: int) -> HttpResponse:
    """GET: the discharge summary (outcomes, goals, maintenance program, flare-up plan), with
    a confirmation form until the patient is discharged. POST: discharge, only when the
    therapist has ticked `confirm`."""
    patient = require_patient_access(request.user, patient_id)
    problems: list[str] = []
    if request.method == "POST":
        try:
            if request.POST.get("confirm") != "yes":
                raise InvalidInput(["confirm: tick the box to confirm the discharge"])
            patients.discharge(request, request.user, patient, today())
            messages.success(request, "Patient discharged. The discharge letter is ready.")
            return redirect("discharge", patient_id=patient.pk)
        except InvalidInput as exc:
            problems = exc.problems
    try:
        summary = discharge_service.summary(patient, today())
    except NothingToDownload:
        summary = None
    audit.read(request, "discharge_summary", patient.pk, patient.pk)
    context = {"patient": patient, "summary": summary, "problems": problems}
    return render(request, "clinic/discharge.html", context, status=400 if problems else 200)


@staff_only
def audit_log(request: HttpRequest) -> HttpResponse:
    """The clinic's audit trail, optionally one patient's ("who has seen this record") or
    one person's; a filter that names no one here is refused with the field named."""
    query = {key: request.GET.get(key, "").strip() for key in ("patient", "user")}
    try:
        narrowed = audit_log_service.filters(request.user, query["patient"], query["user"])
        events = audit_log_service.events(request.user, narrowed)
        page = requested_page(request, Paginator(events, audit_log_service.PAGE_SIZE))
    except InvalidInput as exc:
        context = {"problems": exc.problems, "query": query, "page": None}
        return render(request, "clinic/audit_log.html", context, status=400)
    audit_log_service.record_view(request, request.user, narrowed, page.number)
    kept = urlencode({k: v for k, v in query.items() if v})  # page links keep the filter
    context = {"page": page, "query": query, "narrowed": narrowed, "kept": kept}
    return render(request, "clinic/audit_log.html", context)


@staff_only
def staff_members(request: HttpRequest) -> HttpResponse:
    """The clinic admin's staff page: who works here, adding a therapist, stopping or
    restoring access."""
    require_admin(request.user)
    context: dict[str, object] = {"problems": [], "values": request.POST}
    if request.method == "POST":
        post = request.POST
        try:
            staff.add_therapist(
                request.user,
                post.get("username", ""),
                post.get("password", ""),
                post.get("name", ""),
            )
            messages.success(request, "Therapist added.")
            return redirect("staff_members")
        except InvalidInput as exc:
            context["problems"] = exc.problems
    context["members"] = staff.members(request.user)
    status = 400 if context["problems"] else 200
    return render(request, "clinic/staff.html", context, status=status)


@staff_only
@require_POST
def staff_access(request: HttpRequest, user_id: int) -> HttpResponse:
    """Stop (`active=0`) or restore (`active=1`) a staff member's access."""
    raw = request.POST.get("active", "")
    try:
        if raw not in ("0", "1"):
            require_admin(request.user)  # a non-admin learns nothing about the field
            raise InvalidInput([f"active: {raw!r} is not 0 (stop) or 1 (restore)"])
        member = staff.set_access(request, request.user, user_id, raw == "1")
    except InvalidInput as exc:
        messages.error(request, "; ".join(exc.problems))
        return redirect("staff_members")
    state = "restored" if member.user.is_active else "stopped"
    messages.success(request, f"Access {state} for {member.user.get_username()}.")
    return redirect("staff_members")

"""Questionnaire pages (issue 21): the patient's due questionnaires and their answers on a
phone; the therapist's schedule and the staff entry of STarT Back and ODI by item number.
Thin: parse the form, call `services.questionnaires`, render. The core checks and scores."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.permissions import require_patient_access, require_patient_self
from sciatica_pt.clinic.services import questionnaires
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.clinic.views.common import staff_only, today
from sciatica_pt.core.outcomes.questionnaires import (
    INSTRUMENTS,
    ODI_SECTIONS,
    PATIENT_WORDING,
    PSFS_MAX_ACTIVITIES,
    START_BACK_ITEMS,
    Entry,
    Instrument,
)

SCALE = [str(n) for n in range(11)]
BOTHER = (  # item 9's answers, as the core names them, and as staff read them
    ("not_at_all", "Not at all"),
    ("slightly", "Slightly"),
    ("moderately", "Moderately"),
    ("very_much", "Very much"),
    ("extremely", "Extremely"),
)
# What the patient reads about each questionnaire on their list, in plain words.
PATIENT_TITLES = {
    Instrument.PAIN_NRS: "Your pain today",
    Instrument.PSFS: "Everyday activities",
}


# --- the patient's pages ------------------------------------------------------------------


@login_required
def my_questionnaires(request: HttpRequest) -> HttpResponse:
    patient = require_patient_self(request.user)
    audit.read(request, "questionnaires", patient.pk, patient.pk)
    due = questionnaires.due_for_patient(patient, today())
    context = {"due": [{"due": d, "title": PATIENT_TITLES[d.instrument]} for d in due]}
    return render(request, "clinic/my_questionnaires.html", context)


@login_required
def my_questionnaire(request: HttpRequest, instrument: str) -> HttpResponse:
    """One due questionnaire on one page: pain (two 0-10 scales) or the PSFS (each activity
    0-10; the activities are named the first time)."""
    patient = require_patient_self(request.user)
    which = questionnaires.patient_instrument(patient, instrument, today())
    if which is None:
        messages.info(request, "That questionnaire is not waiting for you today.")
        return redirect("my_questionnaires")
    context = _patient_form(which, patient, request.POST)
    if request.method == "POST":
        try:
            data = _patient_answers(which, context, request.POST)
            questionnaires.answer_as_patient(request, request.user, data, which, today())
        except InvalidInput as exc:
            lines = context.get("lines", [])
            context["problems"] = [_plain(p, lines) for p in exc.problems]
            return render(request, "clinic/my_questionnaire.html", context, status=400)
        messages.success(
            request, "Thank you: your answers are saved and your therapist can see them."
        )
        return redirect("my_questionnaires")
    audit.read(request, "questionnaires", patient.pk, patient.pk)
    return render(request, "clinic/my_questionnaire.html", context)


def _patient_form(which: Instrument, patient: Any, post: QueryDict) -> dict[str, Any]:
    wording = PATIENT_WORDING[which]
    context: dict[str, Any] = {
        "instrument": which.value,
        "title": PATIENT_TITLES[which],
        "scale": SCALE,
        "problems": [],
        "values": post,
    }
    if which is Instrument.PAIN_NRS:
        context["questions"] = [
            {"name": name, "text": wording[name], "chosen": post.get(name, "")}
            for name in ("leg_pain", "back_pain")
        ]
    else:
        named = questionnaires.psfs_activities(patient)
        context["intro"] = wording["activities"]
        context["named"] = bool(named)
        slots = named or [""] * PSFS_MAX_ACTIVITIES
        context["activities"] = [
            {
                "index": i,
                "name": name,
                "typed": post.get(f"activity-{i}", ""),
                "chosen": post.get(f"score-{i}", ""),
            }
            for i, name in enumerate(slots)
        ]
    return context


def _patient_answers(which: Instrument, context: dict[str, Any], post: QueryDict) -> dict[str, Any]:
    """The form as the core's answers; a blank stays missing, to be refused by name."""
    if which is Instrument.PAIN_NRS:
        given = {q["name"]: post.get(q["name"], "") for q in context["questions"]}
        return {name: _whole(raw) for name, raw in given.items() if raw != ""}
    rows, context["lines"] = [], []  # the page's line of each activity sent
    for slot in context["activities"]:
        i = slot["index"]
        # A name typed on the page wins: a form opened before the activities were named
        # (another tab) is refused by the core's check, never scored against other activities.
        name = post.get(f"activity-{i}", "").strip() or slot["name"]
        raw = post.get(f"score-{i}", "")
        if not context["named"] and not name and not raw:
            continue  # an unused line of the five
        row: dict[str, Any] = {"activity": name}
        if raw != "":
            row["score"] = _whole(raw)
        rows.append(row)
        context["lines"].append(i + 1)
    return {"activities": rows}


def _whole(raw: str) -> object:
    return int(raw) if raw.isdigit() and len(raw) < 4 else (raw or None)


def _plain(problem: str, lines: list[int]) -> str:
    """The core's line for a patient: the item's place in words, not its code path (an
    activity by its line on the page, `lines`)."""
    head, _, why = problem.partition(": ")
    for code, words in (("leg_pain", "Leg pain"), ("back_pain", "Back pain")):
        if head.endswith(code):
            return f"{words}: {why if why != 'is required' else 'please choose a number'}"
    if ".activities[" in head:
        index = int(head.split("[", 1)[1].split("]", 1)[0])
        part = "the activity" if head.endswith(".activity") else "its number"
        why = "please fill it in" if why in ("is required", "Field required", "is empty") else why
        return f"Activity {lines[index] if index < len(lines) else index + 1}, {part}: {why}"
    return why or problem


# --- the therapist's page -----------------------------------------------------------------


@staff_only
def patient_questionnaires(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = require_patient_access(request.user, patient_id)
    audit.read(request, "questionnaires", patient.pk, patient.pk)
    return render(request, "clinic/questionnaires.html", _staff_context(patient))


def _staff_context(patient: Any, values: Any = None, **extra: Any) -> dict[str, Any]:
    values = values or {}
    cadences, defaults = questionnaires.cadences_shown(patient)
    by_instrument = {c.instrument: c for c in cadences}
    stored = questionnaires.stored_schedule(patient)
    rows = [
        {
            "instrument": i.value,
            "entry": info.entry.value,
            "cadence": by_instrument.get(i),
        }
        for i, info in INSTRUMENTS.items()
    ]
    return {
        "patient": patient,
        "today": today(),
        "rows": rows,
        "defaults": defaults,
        "discharge_from": stored.discharge_from if stored else None,
        "due": questionnaires.due(patient, today()),
        "responses": questionnaires.responses(patient),
        "problems": [],
        **extra,
        # The entry forms, refilled with what was sent when it was refused (nothing is lost).
        "odi_sections": [(s, values.get(s, "")) for s in ODI_SECTIONS],
        "start_back_items": [
            (n, topic, values.get(f"item_{n}", "")) for n, topic in START_BACK_ITEMS.items()
        ],
        "bother": BOTHER,
        "answered_on": values.get("answered_on") or today().isoformat(),
    }


@staff_only
@require_POST
def schedule_save(request: HttpRequest, patient_id: int) -> HttpResponse:
    """The schedule form (`action=save`): for each instrument `<i>-asked`, `<i>-intake`,
    `<i>-weeks`, `<i>-discharge`; `open_discharge=yes` opens the discharge questionnaires
    today. Without `action=save` nothing changes: a form that asks nothing is a choice only
    when it was the schedule form that said so."""
    patient = require_patient_access(request.user, patient_id)
    post = request.POST
    if post.get("action") != "save":
        problems = ["action: send the schedule form (action=save)"]
        context = _staff_context(patient, problems=problems)
        return render(request, "clinic/questionnaires.html", context, status=400)
    cadences = [
        {
            "instrument": i.value,
            "at_intake": post.get(f"{i}-intake") == "yes",
            "every_weeks": _whole(post.get(f"{i}-weeks", "").strip()),
            "at_discharge": post.get(f"{i}-discharge") == "yes",
        }
        for i in INSTRUMENTS
        if post.get(f"{i}-asked") == "yes"
    ]
    try:
        questionnaires.save_schedule(
            request, request.user, patient, cadences, post.get("open_discharge") == "yes", today()
        )
    except InvalidInput as exc:
        context = _staff_context(patient, problems=exc.problems)
        return render(request, "clinic/questionnaires.html", context, status=400)
    messages.success(request, "Questionnaire schedule saved.")
    return redirect("patient_questionnaires", patient_id=patient.pk)


@staff_only
@require_POST
def staff_entry(request: HttpRequest, patient_id: int, instrument: str) -> HttpResponse:
    """STarT Back (`item_1`..`item_9`) or ODI (each section, blank for unanswered) by number."""
    patient = require_patient_access(request.user, patient_id)
    if instrument not in {i.value for i, info in INSTRUMENTS.items() if info.entry is Entry.STAFF}:
        raise Http404("No such staff-entered questionnaire")
    post = request.POST
    try:
        questionnaires.enter_as_staff(
            request,
            request.user,
            patient,
            instrument,
            _staff_answers(instrument, post),
            _day(post.get("answered_on", "")),
            today(),
        )
    except InvalidInput as exc:
        context = _staff_context(patient, values=post, problems=exc.problems)
        return render(request, "clinic/questionnaires.html", context, status=400)
    messages.success(request, f"{INSTRUMENTS[Instrument(instrument)].name} recorded.")
    return redirect("patient_questionnaires", patient_id=patient.pk)


def _staff_answers(instrument: str, post: QueryDict) -> dict[str, Any]:
    if instrument == Instrument.ODI:
        # Every section is sent: blank means left blank by the patient (null), as the core reads it.
        return {"sections": {s: _whole(post.get(s, "").strip()) for s in ODI_SECTIONS}}
    # An item not given stays missing, to be refused by its number.
    given = {f"item_{n}": post.get(f"item_{n}", "") for n in START_BACK_ITEMS}
    agree = {"agree": True, "disagree": False}
    return {
        item: raw if item == "item_9" else agree.get(raw, raw) for item, raw in given.items() if raw
    }


def _day(raw: str) -> object:
    try:
        return dt.date.fromisoformat(raw) if raw else today()
    except ValueError:
        return raw

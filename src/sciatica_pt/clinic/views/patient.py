"""Patient pages: today's program (or, after discharge, the maintenance program and the
flare-up plan), the one-screen check-in, progress, education, the act-now page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sciatica_pt import knowledge
from sciatica_pt.clinic import audit, charts
from sciatica_pt.clinic.checkin import WARNING_SIGN_ACTION, Feeling, LegSymptoms, Trend
from sciatica_pt.clinic.models import Program
from sciatica_pt.clinic.permissions import own_patient, require_patient_self
from sciatica_pt.clinic.services import (
    checkins,
    clinic_exercises,
    daily_reminder,
    patient_pages,
    programs,
    questionnaires,
)
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.clinic.views.common import today
from sciatica_pt.clinic.views.detail import leg_pain_chart, outcome_charts, pain_points

YES_NO = {"yes": True, "no": False}
# The six warning-sign questions of the check-in, in the order the page asks them.
WARNING_SIGNS = (
    ("saddle_numbness", "Numbness around your bottom, genitals or inner thighs"),
    ("bladder_bowel_change", "A new problem passing urine or controlling your bladder or bowels"),
    ("sexual_change", "A new change in sexual function"),
    ("both_legs", "Leg symptoms that are now in both legs (new)"),
    ("new_weakness", "New weakness in a leg, or weakness that is spreading or getting worse"),
    ("new_numbness", "New or worse numbness or tingling in your leg"),
)
FEELINGS = (
    (Feeling.EASY, "Easy"),
    (Feeling.RIGHT, "About right"),
    (Feeling.HARD, "Hard"),
    (Feeling.HURT, "It hurt"),
)
TRENDS = ((Trend.BETTER, "Better"), (Trend.SAME, "The same"), (Trend.WORSE, "Worse"))
LEGS = (
    (LegSymptoms.CENTRALIZED, "Less far down the leg"),
    (LegSymptoms.SAME, "The same"),
    (LegSymptoms.PERIPHERALIZED, "Further down the leg"),
)


@login_required
def my_program(request: HttpRequest) -> HttpResponse:
    patient = require_patient_self(request.user)
    program, items = audit.read_program(request, patient)
    ready = program is not None and programs.ready_for_patient(program)
    context = {
        "patient": patient,
        "program": program,
        "items": patient_pages.cards(items, "today", patient.clinic),
        "today": today(),
        "ready": ready,
        "changes": latest_changes(program),
        "discharged": patient_pages.after_discharge(patient, program, "today"),
        **daily_reminder.form_context(patient),
        "questionnaires_due": questionnaires.due_for_patient(patient, today()),
    }
    return render(request, "clinic/my_program.html", context)


@login_required
@require_POST
def my_reminder(request: HttpRequest) -> HttpResponse:
    """The patient chooses the time of their one daily reminder (the e-mail and the calendar
    file's alarm; the same service as the Reminders page)."""
    try:
        chosen = daily_reminder.set_reminder_time(
            request, request.user, request.POST.get("reminder_time", "")
        )
        messages.success(request, daily_reminder.saved_message(chosen))
    except InvalidInput as exc:
        messages.error(request, "; ".join(exc.problems))
    return redirect("my_program")


def latest_changes(program: Program | None) -> list[dict[str, Any]]:
    """What the follow-up rules decided at the last review, with why."""
    review = program.last_review if program is not None else None
    decisions = review.get("decisions", []) if isinstance(review, dict) else []
    return [
        {"name": _item_name(d.get("item_id")), "why": d["why"]}
        for d in decisions
        if isinstance(d, dict) and d.get("why")
    ]


def _item_name(item_id: object) -> str:
    """The exercise a decision is about, by its knowledge-base name ("" for the program)."""
    if not isinstance(item_id, str):
        return ""
    return clinic_exercises.item_name(item_id)


PAIN_SCALES = (
    ("pain_before_nrs", "Pain just before today's exercises"),
    ("pain_during_nrs", "Worst pain during today's exercises"),
    ("pain_next_morning_nrs", "Pain this morning, after your last session"),
)


def pain_scales(post: Any) -> list[dict[str, str]]:
    """The three 0-10 questions with the answer to show again; "Skip" (not asked) first."""
    return [{"name": n, "label": label, "chosen": post.get(n, "")} for n, label in PAIN_SCALES]


def during_trend(number: Callable[[str], object]) -> str | None:
    """The trend answer read off the numbers, so a patient who tapped both need not answer
    it again; without both numbers it stays unanswered (and is refused)."""
    before, during = number("pain_before_nrs"), number("pain_during_nrs")
    if not (isinstance(before, int) and isinstance(during, int)):
        return None
    return "worse" if during > before else "same" if during == before else "better"


def warning_answers(post: Any) -> dict[str, object]:
    """The six warning-sign answers. The page asks them once as a list: "None of these" (every
    one answered no, in one tap) or "Yes" (then each is answered on its own). A "yes" given to
    any question always counts; an answer left blank stays blank, to be refused by name; a
    "Yes" with no sign named is refused; without the list answer, each question stands alone
    (as the API sends them)."""
    given = {name: post.get(name) or None for name, _ in WARNING_SIGNS}
    answers: dict[str, object] = {n: YES_NO.get(v, v) if v else None for n, v in given.items()}
    summary = post.get("warning_signs")
    if summary == "none" and not any(v == "yes" for v in given.values()):
        return dict.fromkeys(answers, False)
    if summary == "some" and all(v == "no" for v in given.values()):
        raise InvalidInput(
            ["warning_signs: you answered yes: tap Yes next to each sign you have had"]
        )
    if summary not in (None, "none", "some"):
        raise InvalidInput([f"warning_signs: {summary[:20]!r} is not none or some"])
    return answers


def items_done(post: Any, exercises: list[str]) -> list[str]:
    """What was done: all of today's exercises, none, or the ones ticked ("some")."""
    done = post.get("done")
    if done == "all":
        return list(exercises)
    if done == "none":
        return []
    return list(post.getlist("items_done"))


def checkin_data(request: HttpRequest, exercises: list[str] | None = None) -> dict[str, object]:
    """The check-in form as a document; unreadable answers stay as given, to be rejected."""
    post = request.POST
    done = items_done(post, exercises or [])
    feeling = {i: post[f"feel_{i}"] for i in done if post.get(f"feel_{i}")}

    def number(name: str) -> object:
        raw = post.get(name, "")
        return int(raw) if raw.isdigit() else (raw or None)

    return {
        "day": post.get("day") or today().isoformat(),
        "items_done": done,
        "item_feeling": feeling,
        "back_pain_nrs": number("back_pain_nrs"),
        "leg_pain_nrs": number("leg_pain_nrs"),
        "pain_during": post.get("pain_during") or during_trend(number),
        "next_morning": post.get("next_morning") or None,
        "leg_symptoms": post.get("leg_symptoms") or None,
        "pain_before_nrs": number("pain_before_nrs"),
        "pain_during_nrs": number("pain_during_nrs"),
        "pain_next_morning_nrs": number("pain_next_morning_nrs"),
        **warning_answers(post),
        "flare": post.get("flare") == "yes",
        "notes": post.get("notes", ""),
    }


def _exercises(patient: Any, program: Program | None) -> list[Any]:
    """The exercises the check-in asks about: today's, or the maintenance program's."""
    after = patient_pages.after_discharge(patient, program, "checkin")
    if after is not None:
        return after.maintenance
    rows = list(program.items.live().filter(kind="exercise")) if program else []
    return patient_pages.cards(rows, "checkin", patient.clinic)


@login_required
def checkin(request: HttpRequest) -> HttpResponse:
    patient = require_patient_self(request.user)
    program = programs.current_program(patient)
    items = _exercises(patient, program)
    post = request.POST
    ticked = set(post.getlist("items_done"))
    context = {
        "items": [
            {
                "card": c,
                "feel": f"feel_{c.item_id}",
                "chosen": post.get(f"feel_{c.item_id}", ""),
                "ticked": c.item_id in ticked,
            }
            for c in items
        ],
        "warning_signs": [
            {"name": n, "label": t, "chosen": post.get(n, "")} for n, t in WARNING_SIGNS
        ],
        "feelings": FEELINGS,
        "trends": TRENDS,
        "legs": LEGS,
        "pain_scales": pain_scales(post),
        "scale": [str(n) for n in range(11)],
        "problems": [],
        "values": post,
        "today": today(),
        "maintenance": patient.discharged_on is not None,
    }
    if request.method == "POST":
        try:
            data = checkin_data(request, [c.item_id for c in items])
            row, _raised = checkins.log(request, request.user, data, today())
        except InvalidInput as exc:
            context["problems"] = exc.problems
            return render(request, "clinic/checkin.html", context, status=400)
        if row.warning_sign:
            return render(request, "clinic/act_now.html", _act_now(request))
        return redirect("checkin_done", checkin_id=row.pk)
    return render(request, "clinic/checkin.html", context)


@login_required
def checkin_done(request: HttpRequest, checkin_id: int) -> HttpResponse:
    patient = require_patient_self(request.user)
    row = get_object_or_404(patient.checkins, pk=checkin_id)
    audit.read(request, "checkin", row.pk, patient.pk)
    context = {
        "checkin": row,
        "action": WARNING_SIGN_ACTION if row.warning_sign else None,
        "alerted": row.warning_sign and patient_pages.therapist_alerted(request.user),
        "maintenance": patient.discharged_on is not None and row.day >= patient.discharged_on,
    }
    return render(request, "clinic/checkin_done.html", context)


@login_required
def my_progress(request: HttpRequest) -> HttpResponse:
    patient = require_patient_self(request.user)
    audit.read(request, "progress", patient.pk, patient.pk)
    context = {
        "leg_chart": leg_pain_chart(patient, "Leg pain", for_patient=True),
        "back_chart": charts.line_chart("Back pain", pain_points(patient, "back_pain_nrs"), 0, 10),
        "charts": outcome_charts(patient, for_patient=True),
        "checkins": patient.checkins.order_by("-day", "-pk")[:14],
    }
    return render(request, "clinic/my_progress.html", context)


@login_required
def education_list(request: HttpRequest) -> HttpResponse:
    """The topics, and for a patient their own exercises (drawing, dose, steps)."""
    patient = own_patient(request.user)
    exercises: list[Any] = []
    if patient is not None:
        program, items = audit.read_program(request, patient)
        after = patient_pages.after_discharge(patient, program, "learn")
        mine = patient_pages.cards(items, "learn", patient.clinic) if after is None else []
        exercises = after.maintenance if after else mine
    context = {"topics": knowledge.load().education, "exercises": exercises}
    return render(request, "clinic/education_list.html", context)


@login_required
def education_topic(request: HttpRequest, topic_id: str) -> HttpResponse:
    kb = knowledge.load()
    topic = next((t for t in kb.education if t.id == topic_id), None)
    if topic is None:
        raise Http404("No such topic")
    refs = [kb.reference(key) for key in topic.refs]
    return render(request, "clinic/education_topic.html", {"topic": topic, "refs": refs})


def _act_now(request: HttpRequest) -> dict[str, object]:
    return {
        "action": WARNING_SIGN_ACTION,
        "alerted": patient_pages.therapist_alerted(request.user),
        "signs": [label for _, label in WARNING_SIGNS],
    }


def act_now(request: HttpRequest) -> HttpResponse:
    """What to do now: public, so nobody is ever kept from it by a login. It says the
    therapist was alerted only when an alert was raised for this patient and is open."""
    return render(request, "clinic/act_now.html", _act_now(request))

"""Patient pages: today's program, the one-screen check-in, progress, education."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from sciatica_pt import knowledge
from sciatica_pt.clinic import audit, charts
from sciatica_pt.clinic.checkin import WARNING_SIGN_ACTION, LegSymptoms, Trend
from sciatica_pt.clinic.models import Program
from sciatica_pt.clinic.permissions import require_patient_self
from sciatica_pt.clinic.services import checkins, programs
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.clinic.views.common import today
from sciatica_pt.clinic.views.detail import leg_pain_chart, outcome_charts, pain_points

YES_NO = {"yes": True, "no": False}


def _instructions(item_id: str) -> Any:
    """A knowledge-base item's instructions, or None for an item no longer in it."""
    try:
        return knowledge.load().item(item_id).instructions
    except KeyError:
        return None


@login_required
def my_program(request: HttpRequest) -> HttpResponse:
    patient = require_patient_self(request.user)
    program, items = audit.read_program(request, patient)
    shown = [{"row": row, "instructions": _instructions(row.item_id)} for row in items]
    ready = program is not None and programs.ready_for_patient(program)
    context = {
        "patient": patient,
        "program": program,
        "items": shown,
        "today": today(),
        "ready": ready,
        "changes": latest_changes(program),
    }
    return render(request, "clinic/my_program.html", context)


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
    try:
        return knowledge.load().item(item_id).name
    except KeyError:
        return item_id


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


def checkin_data(request: HttpRequest) -> dict[str, object]:
    """The check-in form as a document; unreadable answers stay as given, to be rejected."""
    post = request.POST

    def number(name: str) -> object:
        raw = post.get(name, "")
        return int(raw) if raw.isdigit() else (raw or None)

    def yes_no(name: str) -> object:
        raw = post.get(name)
        return YES_NO.get(raw, raw) if raw else None

    return {
        "day": post.get("day") or today().isoformat(),
        "items_done": post.getlist("items_done"),
        "back_pain_nrs": number("back_pain_nrs"),
        "leg_pain_nrs": number("leg_pain_nrs"),
        "pain_during": post.get("pain_during") or during_trend(number),
        "next_morning": post.get("next_morning") or None,
        "leg_symptoms": post.get("leg_symptoms") or None,
        "pain_before_nrs": number("pain_before_nrs"),
        "pain_during_nrs": number("pain_during_nrs"),
        "pain_next_morning_nrs": number("pain_next_morning_nrs"),
        "new_numbness": yes_no("new_numbness"),
        "new_weakness": yes_no("new_weakness"),
        "both_legs": yes_no("both_legs"),
        "saddle_numbness": yes_no("saddle_numbness"),
        "bladder_bowel_change": yes_no("bladder_bowel_change"),
        "sexual_change": yes_no("sexual_change"),
        "flare": post.get("flare") == "yes",
        "notes": post.get("notes", ""),
    }


@login_required
def checkin(request: HttpRequest) -> HttpResponse:
    patient = require_patient_self(request.user)
    program = programs.current_program(patient)
    items = list(program.items.live().filter(kind="exercise")) if program else []
    context = {
        "items": items,
        "trends": list(Trend),
        "pain_scales": pain_scales(request.POST),
        "scale": [str(n) for n in range(11)],
        "legs": list(LegSymptoms),
        "problems": [],
        "values": request.POST,
        "today": today(),
    }
    if request.method == "POST":
        try:
            row, _raised = checkins.log(request, request.user, checkin_data(request), today())
        except InvalidInput as exc:
            context["problems"] = exc.problems
            return render(request, "clinic/checkin.html", context, status=400)
        if row.warning_sign:
            return render(request, "clinic/act_now.html", {"action": WARNING_SIGN_ACTION})
        return redirect("checkin_done", checkin_id=row.pk)
    return render(request, "clinic/checkin.html", context)


@login_required
def checkin_done(request: HttpRequest, checkin_id: int) -> HttpResponse:
    patient = require_patient_self(request.user)
    row = get_object_or_404(patient.checkins, pk=checkin_id)
    audit.read(request, "checkin", row.pk, patient.pk)
    action = WARNING_SIGN_ACTION if row.warning_sign else None
    return render(request, "clinic/checkin_done.html", {"checkin": row, "action": action})


@login_required
def my_progress(request: HttpRequest) -> HttpResponse:
    patient = require_patient_self(request.user)
    audit.read(request, "progress", patient.pk, patient.pk)
    context = {
        "leg_chart": leg_pain_chart(patient, "Leg pain"),
        "back_chart": charts.line_chart("Back pain", pain_points(patient, "back_pain_nrs"), 0, 10),
        "charts": outcome_charts(patient),
        "checkins": patient.checkins.order_by("-day", "-pk")[:14],
    }
    return render(request, "clinic/my_progress.html", context)


@login_required
def education_list(request: HttpRequest) -> HttpResponse:
    return render(request, "clinic/education_list.html", {"topics": knowledge.load().education})


@login_required
def education_topic(request: HttpRequest, topic_id: str) -> HttpResponse:
    kb = knowledge.load()
    topic = next((t for t in kb.education if t.id == topic_id), None)
    if topic is None:
        raise Http404("No such topic")
    refs = [kb.reference(key) for key in topic.refs]
    return render(request, "clinic/education_topic.html", {"topic": topic, "refs": refs})


def act_now(request: HttpRequest) -> HttpResponse:
    """What to do now: public, so nobody is ever kept from it by a login."""
    return render(request, "clinic/act_now.html", {"action": WARNING_SIGN_ACTION})

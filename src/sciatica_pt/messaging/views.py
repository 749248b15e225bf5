"""Pages: the patient's own thread (phone first), the therapist's thread of one patient, and
the clinic's inbox. Thin: parse, authorize, call one service, render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sciatica_pt import knowledge
from sciatica_pt.clinic import audit
from sciatica_pt.clinic.permissions import require_patient_access, require_patient_self
from sciatica_pt.clinic.services import patient_pages
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.clinic.views.common import requested_page, staff_only, today
from sciatica_pt.messaging import services
from sciatica_pt.messaging.models import TEXT_MAX, Message

INBOX_PAGE = 50


@dataclass(frozen=True)
class Shown:
    """A message as a page shows it: who wrote it in words, and its attachments as the
    patient sees them (the exercise's card, the topic's title and summary)."""

    message: Message
    who: str
    mine: bool
    card: patient_pages.Card | None
    topic: Any


def _shown(message: Message, for_patient: bool) -> Shown:
    mine = message.from_patient == for_patient
    who = services.author_name(message, for_patient)
    card = None
    if message.exercise:
        card = patient_pages.card(message.exercise, "", None, f"msg{message.pk}")
    topic = next((t for t in knowledge.load().education if t.id == message.topic), None)
    return Shown(message, who, mine, card, topic)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The patient's thread. A message with a warning sign goes to the act-now page, which
    says the therapist was alerted only when an alert is open for them."""
    patient = require_patient_self(request.user)
    problems: list[str] = []
    if request.method == "POST":
        try:
            sent = services.send_from_patient(
                request, request.user, request.POST.get("text", ""), today()
            )
        except InvalidInput as exc:
            problems = exc.problems
        else:
            flash.success(request, "Your message was sent.")
            if sent.message.warning_signs:
                return redirect("act_now")
            return redirect("messaging:mine")
    shown = [_shown(m, True) for m in services.thread(request, patient)]
    services.mark_read(request, request.user, patient)
    context = {
        "shown": shown,
        "problems": problems,
        "text": request.POST.get("text", ""),
        "text_max": TEXT_MAX,
        "discharged": patient.discharged_on,
    }
    return render(request, "messaging/mine.html", context, status=400 if problems else 200)


@staff_only
def thread(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = require_patient_access(request.user, patient_id)
    problems: list[str] = []
    post = request.POST
    if request.method == "POST":
        try:
            services.send_from_clinic(
                request,
                request.user,
                patient,
                post.get("text", ""),
                post.get("exercise", ""),
                post.get("topic", ""),
            )
        except InvalidInput as exc:
            problems = exc.problems
        else:
            flash.success(request, "Message sent.")
            return redirect("messaging:thread", patient_id=patient.pk)
    shown = [_shown(m, False) for m in services.thread(request, patient)]
    services.mark_read(request, request.user, patient)
    kb = knowledge.load()
    context = {
        "patient": patient,
        "shown": shown,
        "problems": problems,
        "values": post,
        "text_max": TEXT_MAX,
        "exercises": sorted(
            ((i.id, i.name) for i in kb.items if str(i.kind) == "exercise"), key=lambda p: p[1]
        ),
        "topics": [(t.id, t.title) for t in kb.education],
    }
    return render(request, "messaging/thread.html", context, status=400 if problems else 200)


@staff_only
def inbox(request: HttpRequest) -> HttpResponse:
    rows = services.inbox(request.user)
    try:
        page = requested_page(request, Paginator(rows, INBOX_PAGE))
    except InvalidInput as exc:
        return render(request, "messaging/inbox.html", {"problems": exc.problems}, status=400)
    audit.read(request, "message_inbox", page.number, None)
    return render(request, "messaging/inbox.html", {"page": page, "rows": page.object_list})

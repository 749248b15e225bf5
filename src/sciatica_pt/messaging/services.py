"""Messages between a patient and their clinic: one thread per patient.

Who may read and write a thread is `clinic.permissions`' rule, unchanged: the patient their
own, any clinician of the patient's clinic (`require_patient_access`), nobody else (404).
Every read and write is audited. A patient's message is screened for warning signs by the
core (`core.followup.message_screen`); one found raises the check-in's critical alert (one
per event, `followup.raise_alerts`), which the notify app mails to the therapist at once.

The other side is told there is a new message (in the app and by e-mail, never its content)
once per unread run: a second message before the first was read tells no one again.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from sciatica_pt import knowledge
from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import Alert, Patient
from sciatica_pt.clinic.permissions import membership_of, require_clinician, require_patient_self
from sciatica_pt.clinic.services import followup
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.core.followup import message_screen
from sciatica_pt.messaging.models import TEXT_MAX, Message
from sciatica_pt.notify import mail, notifications
from sciatica_pt.notify.signals import therapists_to_tell

log = logging.getLogger("sciatica_pt.messaging")

SHOWN = 100  # the newest messages of a thread on one page


@dataclass(frozen=True)
class Sent:
    message: Message
    alerts: list[Alert]  # the critical alerts this message raised (none when one was open)


def clean_text(raw: object) -> str:
    if not isinstance(raw, str):
        raise InvalidInput(["text: a message is text"])
    text = raw.strip()
    if not text:
        raise InvalidInput(["text: write a message first"])
    if len(text) > TEXT_MAX:
        raise InvalidInput([f"text: at most {TEXT_MAX} characters (this one has {len(text)})"])
    return text


def clean_attachment(exercise: object, topic: object) -> tuple[str, str]:
    """The knowledge-base exercise and education topic a therapist attaches ("" for none);
    anything else is refused, naming the field."""
    kb = knowledge.load()
    problems = []
    exercise = exercise or ""
    topic = topic or ""
    exercises = {i.id for i in kb.items if str(i.kind) == "exercise"}
    if not isinstance(exercise, str) or (exercise and exercise not in exercises):
        problems.append(f"exercise: {str(exercise)[:100]!r} is not an exercise of the library")
    if not isinstance(topic, str) or (topic and topic not in {t.id for t in kb.education}):
        problems.append(f"topic: {str(topic)[:100]!r} is not an education topic")
    if problems:
        raise InvalidInput(problems)
    return str(exercise), str(topic)


# --- reading ---------------------------------------------------------------------------------


def author_name(message: Message, for_patient: bool) -> str:
    """Who wrote it, in words for the reader: "You", the patient's name, or the clinician's
    (the patient reads it as their clinic's)."""
    if message.from_patient:
        return "You" if for_patient else message.patient.display_name
    user = message.author
    name = (user.get_full_name() or user.get_username()) if user else "a clinician"
    return f"Your clinic ({name})" if for_patient else name


def thread(request: HttpRequest, patient: Patient) -> list[Message]:
    """The newest `SHOWN` messages of the patient's thread, oldest first; audited."""
    newest = patient.messages.select_related("author").order_by("-created_at", "-pk")[:SHOWN]
    audit.read(request, "messages", patient.pk, patient.pk)
    return list(reversed(newest))


def unread(patient: Patient, for_patient: bool) -> int:
    """Messages the reader has not opened: the clinic's for the patient, the patient's for
    the clinic."""
    return patient.messages.filter(from_patient=not for_patient, read_at__isnull=True).count()


@transaction.atomic
def mark_read(request: HttpRequest | None, user: Any, patient: Patient) -> int:
    """Mark the other side's messages of this thread read; how many changed (audited when
    any did). The caller has checked that `user` may see the patient."""
    by_patient = membership_of(user) is None
    changed = patient.messages.filter(from_patient=not by_patient, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if changed:
        audit.write(request, user, "messages_read", patient.pk, patient.pk)
    # The notifications that pointed here are read too: the badge must not outlive them.
    notifications.of(user).filter(
        kind="message", link=_thread_path(patient, for_patient=by_patient), read_at__isnull=True
    ).update(read_at=timezone.now())
    return changed


def _thread_path(patient: Patient, for_patient: bool) -> str:
    if for_patient:
        return reverse("messaging:mine")
    return reverse("messaging:thread", args=[patient.pk])


def inbox(user: Any) -> QuerySet[Patient]:
    """The clinic's patients who have written, with their unread count and last message
    time: unread threads first, then the most recent."""
    staff = require_clinician(user)
    unread_q = Q(messages__from_patient=True, messages__read_at__isnull=True)
    return (
        Patient.objects.filter(clinic_id=staff.clinic_id, messages__isnull=False)
        .annotate(unread=Count("messages", filter=unread_q), last=Max("messages__created_at"))
        .order_by("-unread", "-last", "pk")
    )


def clinic_unread(user: Any) -> int:
    """Unread patient messages across the staff member's clinic (0 for anyone else)."""
    staff = membership_of(user)
    if staff is None:
        return 0
    return Message.objects.filter(
        patient__clinic_id=staff.clinic_id, from_patient=True, read_at__isnull=True
    ).count()


# --- writing ---------------------------------------------------------------------------------


@transaction.atomic
def send_from_patient(request: HttpRequest | None, user: Any, raw: object, today: dt.date) -> Sent:
    """The patient's message, screened for warning signs: one found raises the critical
    alert now (the same rule and event as a check-in's). A discharged patient may still
    write: the thread stays open, and a warning sign is alerted after discharge too."""
    patient = require_patient_self(user)
    text = clean_text(raw)
    screening = message_screen.screen(text)
    message = Message.objects.create(
        patient=patient,
        author=user,
        from_patient=True,
        text=text,
        warning_signs=list(screening.signs),
    )
    raised = _alert(patient, message_screen.message_alert(screening, today))
    audit.write(request, user, "message", message.pk, patient.pk)
    _tell_the_other_side(request, message)
    return Sent(message, raised)


def _alert(patient: Patient, found: Any) -> list[Alert]:
    """Raise the message's alert once per event. The program's row lock first, as a check-in
    takes it: a message and a check-in (or two messages) told at once see each other's alert."""
    if found is None:
        return []
    followup.lock_current(patient)
    return followup.raise_alerts(patient, (found,))


@transaction.atomic
def send_from_clinic(
    request: HttpRequest | None,
    user: Any,
    patient: Patient,
    raw: object,
    exercise: object = "",
    topic: object = "",
) -> Message:
    """A clinician's message to the patient, with an optional exercise or topic. The caller
    has checked that `user` may see the patient."""
    require_clinician(user)
    text = clean_text(raw)
    exercise, topic = clean_attachment(exercise, topic)
    message = Message.objects.create(
        patient=patient, author=user, from_patient=False, text=text, exercise=exercise, topic=topic
    )
    audit.write(request, user, "message", message.pk, patient.pk)
    _tell_the_other_side(request, message)
    return message


def _tell_the_other_side(request: HttpRequest | None, message: Message) -> None:
    """A notification and a mail that there is a new message, no content, once per unread
    run: an earlier message from the same side still unread means they were told."""
    earlier = Message.objects.filter(
        patient_id=message.patient_id,
        from_patient=message.from_patient,
        read_at__isnull=True,
        pk__lt=message.pk,
    )
    if earlier.exists():
        return
    patient = message.patient
    if message.from_patient:
        recipients = therapists_to_tell(patient)
        path = _thread_path(patient, for_patient=False)
        text = f"{patient.display_name} sent you a message."
    else:
        account = patient.user
        recipients = [account] if account is not None and account.is_active else []
        path = _thread_path(patient, for_patient=True)
        text = "Your physiotherapy clinic sent you a message."
    for user in recipients:
        notifications.add(user, "message", text, path)
    link = mail.absolute(path, request)
    addresses = [u.email for u in recipients if u.email]
    context = {"to_patient": not message.from_patient, "name": patient.display_name, "link": link}
    transaction.on_commit(lambda: _mail(addresses, context))


def _mail(addresses: list[str], context: dict[str, Any]) -> None:
    for address in addresses:
        try:
            mail.send(address, "message", context)
        except OSError:  # SMTP down: the message and its notification stand; logged
            log.exception("message notice not sent")

"""E-mails about visits: a confirmation with an `.ics` invitation to the patient and the
therapist when a visit is booked, moved or cancelled, and a reminder to the patient the day
before.

The outbox: booking writes one `VisitMail` row per recipient in its own transaction, so a
booking that fails leaves no mail and a booking that commits always has its mail; the mail
is sent after the commit (`transaction.on_commit`). A send that fails (SMTP down) never
touches the booking: the row stays pending and the scheduled job (`run`, django-q2, every
minute) tries again with a growing pause. The same job queues and sends the day-before
reminders. Any number of workers may run it at once: a row is sent only by the worker whose
conditional update took its lease, and a reminder row is unique per visit and sequence.

No clinical detail in any mail: who, when, where, and a link to the visit page (behind the
login). Never the video room: its name is the room's only secret (docs/visits.md).
"""

from __future__ import annotations

import datetime as dt
import logging
from email.mime.text import MIMEText
from email.utils import parseaddr
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from sciatica_pt.notify.mail import absolute
from sciatica_pt.notify.reminders import is_quiet
from sciatica_pt.visits import invitation
from sciatica_pt.visits.models import (
    MailKind,
    MailState,
    MailTo,
    PatientZone,
    Visit,
    VisitMail,
    VisitSettings,
    VisitStatus,
)
from sciatica_pt.visits.services import booking  # booking calls `queue`: module imports only
from sciatica_pt.visits.services.roster import settings_of

log = logging.getLogger("sciatica_pt.visits")

JOB = "sciatica_pt.visits.services.mails.run"
REMINDER_AT = dt.time(18, 0)  # the day before the visit, in the patient's zone
REMINDER_HORIZON = dt.timedelta(days=2)  # covers "the day before, 18:00" in any zone
LEASE = dt.timedelta(minutes=10)  # how long a worker holds a row while it sends it
MOST_PER_RUN = 200
RELATED = (
    "visit__clinic",
    "visit__patient__user",
    "visit__therapist__user",
    "visit__therapist__profile",
    "visit__visit_type",
)


# --- queueing (inside the transaction that changed the visit) ----------------------------------


def queue(visit: Visit, kind: MailKind, now: dt.datetime) -> None:
    """Mail the patient and the therapist about this change once the transaction commits.
    Call inside the transaction: if it rolls back, neither the rows nor the mail exist."""
    rows = [
        VisitMail(visit=visit, to=to, kind=kind, sequence=visit.sequence, next_try_at=now)
        for to in (MailTo.PATIENT, MailTo.THERAPIST)
        if recipient(visit, to) is not None
    ]
    ids = [row.pk for row in VisitMail.objects.bulk_create(rows)]
    if ids:
        # robust: whatever goes wrong in sending, the committed booking's answer stands.
        transaction.on_commit(lambda: send_now(ids), robust=True)


def send_now(ids: list[int]) -> None:
    now = timezone.now()
    for mail_id in ids:
        deliver(mail_id, now)


# --- sending one mail, once ----------------------------------------------------------------


def recipient(visit: Visit, to: str) -> invitation.Person | None:
    """Who the mail goes to, or None when they have no active login with an address."""
    if to == MailTo.PATIENT:
        user: Any = visit.patient.user
        name = visit.patient.display_name
    else:
        user = visit.therapist.user
        name = therapist_name(visit)
    if user is None or not user.is_active or not user.email:
        return None
    return invitation.Person(name, user.email)


def therapist_name(visit: Visit) -> str:
    profile = getattr(visit.therapist, "profile", None)
    return (
        profile.display_name
        if profile
        else visit.therapist.user.get_full_name() or "your therapist"
    )


def deliver(mail_id: int, now: dt.datetime) -> bool:
    """Send one pending mail unless another worker is sending it; True when this call sent it.
    The lease (a conditional update of `next_try_at`) is taken before sending, so no database
    lock is held while the SMTP server answers."""
    leased = VisitMail.objects.filter(
        pk=mail_id, state=MailState.PENDING, next_try_at__lte=now
    ).update(next_try_at=now + LEASE)
    if not leased:
        return False
    row = VisitMail.objects.select_related(*RELATED).get(pk=mail_id)
    to = recipient(row.visit, row.to)
    if to is None or out_of_date(row, now):
        _finish(row, MailState.SKIPPED, now)
        return False
    try:
        _send(row, to, now)
    except OSError as error:  # SMTP down or refusing: try again later; the visit stands
        VisitMail.objects.filter(pk=mail_id).update(
            tries=F("tries") + 1, next_try_at=now + backoff(row.tries + 1)
        )
        # The error's name only: an SMTP refusal's text quotes the address.
        log.warning("visit mail %s not sent (%s); retried later", mail_id, type(error).__name__)
        return False
    _finish(row, MailState.SENT, now)
    log.info("visit mail sent: %s", row.kind)
    return True


def backoff(tries: int) -> dt.timedelta:
    """1, 2, 4 ... minutes between tries, at most an hour."""
    return dt.timedelta(minutes=min(2 ** (tries - 1), 60))


def out_of_date(row: VisitMail, now: dt.datetime) -> bool:
    """A later change of the visit has its own mail (which says everything); a reminder is
    only for a booked visit not yet started; nothing about a visit that is over."""
    visit = row.visit
    if row.sequence != visit.sequence:
        return True
    if row.kind == MailKind.REMINDER:
        return visit.status != VisitStatus.BOOKED or now >= visit.start
    return now >= visit.end


def _finish(row: VisitMail, state: MailState, now: dt.datetime) -> None:
    VisitMail.objects.filter(pk=row.pk).update(state=state, done_at=now)


def _zone_for(row: VisitMail) -> ZoneInfo:
    """The patient reads times in their own zone; the therapist in the clinic's."""
    if row.to == MailTo.PATIENT:
        return booking.patient_zone(row.visit.patient)
    return settings_of(row.visit.clinic_id).zone


def where(visit: Visit, clinic_settings: VisitSettings) -> str:
    if visit.online:
        minutes = int(booking.JOIN_BEFORE / dt.timedelta(minutes=1))
        return (
            "Online. The link to the video visit appears on the visit page "
            f"{minutes} minutes before the start."
        )
    return clinic_settings.address or visit.clinic.name


def _send(row: VisitMail, to: invitation.Person, now: dt.datetime) -> None:
    visit = row.visit
    clinic_settings = settings_of(visit.clinic_id)
    context = {
        "kind": row.kind,
        "for_patient": row.to == MailTo.PATIENT,
        "clinic": visit.clinic.name,
        "visit_type": visit.visit_type.name,
        "therapist": therapist_name(visit),
        "patient": visit.patient.display_name,
        "when": booking.shown(visit.start, _zone_for(row)),
        "minutes": visit.minutes,
        "where": where(visit, clinic_settings),
        "link": absolute(reverse("visits:visit", args=[visit.pk])),
        "book_link": absolute(reverse("visits:my_roster")),
    }
    subject, _, body = render_to_string("visits/mail/visit.txt", context).partition("\n")
    message = EmailMessage(subject.strip(), body.lstrip("\n"), to=[to.email])
    if row.kind != MailKind.REMINDER:
        message.attach(_ics_part(row, to, context, now))
    message.send()


def _ics_part(
    row: VisitMail, to: invitation.Person, context: dict[str, Any], now: dt.datetime
) -> MIMEText:
    visit = row.visit
    summary = (
        f"{context['visit_type']} with {context['therapist']} ({context['clinic']})"
        if context["for_patient"]
        else f"{context['visit_type']}: {context['patient']}"
    )
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    event = invitation.Invitation(
        uid=uid(visit),
        sequence=visit.sequence,
        cancelled=row.kind == MailKind.CANCELLED,
        start=visit.start,
        end=visit.end,
        summary=summary,
        location=context["where"],
        description=f"See, move or cancel this visit: {context['link']}",
        organizer=invitation.Person(visit.clinic.name, sender),
        attendee=to,
    )
    method = event.method
    part = MIMEText(invitation.ics(event, now).decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return part


def uid(visit: Visit) -> str:
    """The same for every invitation of the visit; unique across installations by the
    sender's domain (RFC 5545 3.8.4.7)."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"visit-{visit.pk}@{domain}"


# --- the day-before reminder and the retries: the scheduled job --------------------------------


def reminder_due_at(start: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """REMINDER_AT on the day before the visit's date, both in the patient's zone."""
    day_before = start.astimezone(zone).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day_before, REMINDER_AT, tzinfo=zone)


def _patient_zones(visits: list[Visit]) -> dict[int, ZoneInfo]:
    patients = {v.patient_id for v in visits}
    own = PatientZone.objects.filter(patient_id__in=patients).values_list("patient_id", "time_zone")
    clinics = {v.clinic_id: settings_of(v.clinic_id).zone for v in visits}
    zones = {v.patient_id: clinics[v.clinic_id] for v in visits}
    zones.update({patient_id: ZoneInfo(name) for patient_id, name in own})
    return zones


def due_reminders(now: dt.datetime) -> list[Visit]:
    """Booked visits whose reminder time has come in the patient's zone (outside quiet hours
    there), not booked or moved after that time (the confirmation is fresh), whose patient
    can get mail and who were not reminded of this visit at this time yet."""
    reminded = VisitMail.objects.filter(
        visit=OuterRef("pk"), kind=MailKind.REMINDER, sequence=OuterRef("sequence")
    )
    candidates = list(
        Visit.objects.filter(
            status=VisitStatus.BOOKED,
            start__gt=now,
            start__lte=now + REMINDER_HORIZON,
            patient__user__is_active=True,
        )
        .exclude(patient__user__email="")
        .exclude(Exists(reminded))
        .order_by("start", "pk")
    )
    zones = _patient_zones(candidates)
    found = []
    for visit in candidates:
        zone = zones[visit.patient_id]
        due = reminder_due_at(visit.start, zone)
        fresh = visit.changed_at is not None and visit.changed_at >= due
        if due <= now and not fresh and not is_quiet(now.astimezone(zone).time()):
            found.append(visit)
    return found


def send_reminders(now: dt.datetime) -> int:
    sent = 0
    for visit in due_reminders(now):
        try:
            with transaction.atomic():
                row = VisitMail.objects.create(
                    visit=visit,
                    to=MailTo.PATIENT,
                    kind=MailKind.REMINDER,
                    sequence=visit.sequence,
                    next_try_at=now,
                )
        except IntegrityError:  # another worker has this reminder
            continue
        sent += deliver(row.pk, now)
    return sent


def retry_pending(now: dt.datetime) -> int:
    ids = VisitMail.objects.filter(state=MailState.PENDING, next_try_at__lte=now).values_list(
        "pk", flat=True
    )
    return sum(deliver(mail_id, now) for mail_id in list(ids[:MOST_PER_RUN]))


def run(now: dt.datetime | None = None) -> int:
    """The scheduled job: the day-before reminders due now, then the mails to try again.
    The number of mails this run sent."""
    now = now or timezone.now()
    return send_reminders(now) + retry_pending(now)


def ensure_schedule() -> None:
    """Every minute on whichever worker takes it (one schedule row)."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name="sciatica-pt visit mails",
        defaults={"func": JOB, "schedule_type": Schedule.MINUTES, "minutes": 1, "repeats": -1},
    )

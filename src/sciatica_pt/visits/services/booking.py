"""Booking, rescheduling and cancelling visits.

No double booking, ever, and the database is what guarantees it: a visit holds one row per
grid cell it covers, and (therapist, cell start) is unique (models.HeldCell). Two requests
for one slot both pass the free-slot check; only one insert of the same cell can commit, the
other gets an IntegrityError, turned into `SlotTaken` (HTTP 409). This works the same on
SQLite and PostgreSQL with stock Django; no lock or exclusion constraint is needed because
overlapping visits always share a cell.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import Patient
from sciatica_pt.clinic.permissions import membership_of, own_patient, require_patient_access
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.visits import slots
from sciatica_pt.visits.models import (
    HeldCell,
    MailKind,
    PatientZone,
    TherapistProfile,
    Visit,
    VisitStatus,
    VisitType,
)
from sciatica_pt.visits.services import mails  # mails uses this module: module imports only
from sciatica_pt.visits.services.roster import check_zone, settings_of

DAYS_AHEAD = 28
DAYS_SHOWN = 3  # days of free times on one page
JOIN_BEFORE = dt.timedelta(minutes=15)


class SlotTaken(Exception):
    """Someone booked this time first; nothing was booked."""

    def __init__(self) -> None:
        super().__init__("That time was just booked by someone else; choose another time.")


def visits_visible_to(user: Any) -> QuerySet[Visit]:
    if (membership := membership_of(user)) is not None:
        return Visit.objects.filter(clinic_id=membership.clinic_id)
    if (patient := own_patient(user)) is not None:
        return Visit.objects.filter(patient=patient)
    return Visit.objects.none()


def require_visit(user: Any, visit_id: int) -> Visit:
    """The visit, or 404: another clinic's visit, or another patient's, is as none."""
    related = ("patient", "therapist__user", "therapist__profile", "visit_type")
    found = visits_visible_to(user).select_related(*related).filter(pk=visit_id).first()
    if found is None:
        raise Http404("No such visit")
    return found


def _is_staff(user: Any) -> bool:
    return membership_of(user) is not None


def earliest(user: Any, clinic_id: int, now: dt.datetime) -> dt.datetime:
    """Staff may book from now on; a patient only outside the clinic's notice window."""
    if _is_staff(user):
        return now
    return now + dt.timedelta(hours=settings_of(clinic_id).notice_hours)


def _zone(clinic_id: int) -> ZoneInfo:
    return settings_of(clinic_id).zone


def _hours(profile: TherapistProfile) -> tuple[list[slots.Hours], list[slots.DayChange]]:
    hours = [slots.Hours(h.weekday, h.start, h.end) for h in profile.hours.all()]
    changes = [slots.DayChange(c.day, c.start, c.end) for c in profile.changes.all()]
    return hours, changes


def free(
    profile: TherapistProfile, visit_type: VisitType, first_day: dt.date, not_before: dt.datetime
) -> list[dt.datetime]:
    """The therapist's free starts for this visit type over the next DAYS_AHEAD days."""
    clinic_id = profile.membership.clinic_id
    zone = _zone(clinic_id)
    days = [first_day + dt.timedelta(days=i) for i in range(DAYS_AHEAD)]
    span_start = dt.datetime.combine(first_day, dt.time(), tzinfo=zone) - dt.timedelta(days=1)
    busy = Visit.objects.filter(
        therapist=profile.membership_id,
        status=VisitStatus.BOOKED,
        start__gte=span_start,
        start__lt=span_start + dt.timedelta(days=DAYS_AHEAD + 2),
    ).values_list("start", "end")
    hours, changes = _hours(profile)
    return slots.free_slots(hours, changes, list(busy), zone, days, visit_type.minutes, not_before)


def by_day(
    free: list[dt.datetime], zone: ZoneInfo, most: int = DAYS_SHOWN
) -> list[tuple[dt.date, list[dt.datetime]]]:
    """Free starts grouped by the clinic's date, the first `most` days that have any."""
    days: dict[dt.date, list[dt.datetime]] = {}
    for start in free:
        local = start.astimezone(zone)
        if local.date() not in days and len(days) == most:
            break
        days.setdefault(local.date(), []).append(local)
    return list(days.items())


def slot_label(start: dt.datetime, patient_zone_: ZoneInfo) -> str:
    """A free start as its clinic wall time, and the patient's when their zone differs."""
    label = f"{start:%H:%M}"
    if patient_zone_.key != getattr(start.tzinfo, "key", None):
        label += f" ({start.astimezone(patient_zone_):%a %H:%M} {patient_zone_.key})"
    return label


def _offered(
    profile: TherapistProfile, visit_type: VisitType, start: dt.datetime, not_before: dt.datetime
) -> bool:
    """Whether `start` is one of the therapist's working slots (booked or not: who holds it
    is the database's to decide)."""
    zone = _zone(profile.membership.clinic_id)
    day = start.astimezone(zone).date()
    hours, changes = _hours(profile)
    found = slots.free_slots(hours, changes, [], zone, [day], visit_type.minutes, not_before)
    return start in found


def _check(
    user: Any,
    patient: Patient,
    profile: TherapistProfile,
    visit_type: VisitType,
    start: dt.datetime,
    now: dt.datetime,
) -> None:
    if (
        profile.membership.clinic_id != patient.clinic_id
        or visit_type.clinic_id != patient.clinic_id
    ):
        raise Http404("No such therapist")
    if not profile.sees(visit_type.online):
        raise InvalidInput(
            [f"visit_type: {profile.display_name} does not see {visit_type.name} visits"]
        )
    if start.tzinfo is None:
        raise InvalidInput(["start: a time with its UTC offset"])
    not_before = earliest(user, patient.clinic_id, now)
    if start < not_before:
        hours = settings_of(patient.clinic_id).notice_hours
        raise InvalidInput([f"start: visits are booked at least {hours} hours ahead"])
    if not slots.on_grid(start) or not _offered(profile, visit_type, start, not_before):
        raise InvalidInput(["start: not one of this therapist's visit times"])


def _hold(visit: Visit) -> None:
    """Take the visit's cells; raises SlotTaken when any is held by another visit."""
    cells = [
        HeldCell(therapist_id=visit.therapist_id, start=cell, visit=visit)
        for cell in slots.cells(visit.start, visit.minutes)
    ]
    try:
        with transaction.atomic():
            HeldCell.objects.bulk_create(cells)
    except IntegrityError:
        raise SlotTaken() from None


def book(
    request: HttpRequest | None,
    user: Any,
    patient: Patient,
    profile: TherapistProfile,
    visit_type: VisitType,
    start: dt.datetime,
    now: dt.datetime,
) -> Visit:
    """Book a visit for `patient` (themselves, or by the clinic's staff)."""
    patient = require_patient_access(user, patient.pk)
    _check(user, patient, profile, visit_type, start, now)
    start = start.astimezone(dt.UTC)
    with transaction.atomic():
        visit = Visit.objects.create(
            clinic_id=patient.clinic_id,
            therapist_id=profile.membership_id,
            patient=patient,
            visit_type=visit_type,
            start=start,
            end=start + dt.timedelta(minutes=visit_type.minutes),
            online=visit_type.online,
            room=secrets.token_urlsafe(24) if visit_type.online else "",
            booked_by=user,
            changed_at=now,
        )
        _hold(visit)
        audit.write(request, user, "visit", visit.pk, patient.pk)
        mails.queue(visit, MailKind.BOOKED, now)
    return visit


def _may_change(user: Any, visit: Visit, now: dt.datetime) -> None:
    if visit.status != VisitStatus.BOOKED:
        raise InvalidInput(["visit: this visit was cancelled"])
    if visit.start < earliest(user, visit.clinic_id, now):
        hours = settings_of(visit.clinic_id).notice_hours
        raise InvalidInput(
            [f"visit: visits change at least {hours} hours ahead; please call the clinic"]
        )


def reschedule(
    request: HttpRequest | None, user: Any, visit: Visit, start: dt.datetime, now: dt.datetime
) -> Visit:
    """Move the visit to `start` with the same therapist and type; the old time is given up
    only if the new one is taken, all in one transaction."""
    _may_change(user, visit, now)
    profile = visit.therapist.profile
    _check(user, visit.patient, profile, visit.visit_type, start, now)
    with transaction.atomic():
        HeldCell.objects.filter(visit=visit).delete()
        visit.start = start.astimezone(dt.UTC)
        visit.end = visit.start + dt.timedelta(minutes=visit.visit_type.minutes)
        visit.sequence, visit.changed_at = visit.sequence + 1, now
        visit.save(update_fields=["start", "end", "sequence", "changed_at"])
        _hold(visit)
        audit.write(request, user, "visit", visit.pk, visit.patient_id)
        mails.queue(visit, MailKind.CHANGED, now)
    return visit


@transaction.atomic
def cancel(request: HttpRequest | None, user: Any, visit: Visit, now: dt.datetime) -> Visit:
    _may_change(user, visit, now)
    HeldCell.objects.filter(visit=visit).delete()
    visit.status = VisitStatus.CANCELLED
    visit.sequence, visit.changed_at = visit.sequence + 1, now
    visit.save(update_fields=["status", "sequence", "changed_at"])
    audit.write(request, user, "visit", visit.pk, visit.patient_id)
    mails.queue(visit, MailKind.CANCELLED, now)
    return visit


def join_url(visit: Visit, now: dt.datetime) -> str | None:
    """The video room's address, from JOIN_BEFORE the start until the end; None otherwise.
    The video runs between the browsers and the clinic's Jitsi Meet, never through this app."""
    base = settings_of(visit.clinic_id).jitsi_url
    if not (visit.online and visit.room and base) or visit.status != VisitStatus.BOOKED:
        return None
    if not visit.start - JOIN_BEFORE <= now < visit.end:
        return None
    return f"{base.rstrip('/')}/{visit.room}"


def patient_zone(patient: Patient) -> ZoneInfo:
    found = PatientZone.objects.filter(patient=patient).first()
    return ZoneInfo(found.time_zone) if found else _zone(patient.clinic_id)


def set_patient_zone(request: HttpRequest | None, user: Any, patient: Patient, raw: str) -> None:
    patient = require_patient_access(user, patient.pk)
    PatientZone.objects.update_or_create(patient=patient, defaults={"time_zone": check_zone(raw)})
    audit.write(request, user, "patient_time_zone", patient.pk, patient.pk)


def shown(moment: dt.datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%a %d %b %Y, %H:%M} ({zone.key})"


def times(visit: Visit, patient_zone_: ZoneInfo) -> dict[str, str]:
    """The visit's start in the clinic's zone and, when it differs, the patient's."""
    clinic_zone = _zone(visit.clinic_id)
    found = {"clinic": shown(visit.start, clinic_zone)}
    if patient_zone_.key != clinic_zone.key:
        found["patient"] = shown(visit.start, patient_zone_)
    return found

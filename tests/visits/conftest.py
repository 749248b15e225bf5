"""The clinic's named cast (tests/clinic/conftest.py), plus visits: Clinic A in Copenhagen's
time zone, tess and theo with profiles and hours every day 09:00-17:00, and Clinic B's oscar
with a profile of his own."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from sciatica_pt.visits.models import TherapistProfile, Visit, VisitKind, VisitType, WeeklyHours
from sciatica_pt.visits.services import booking, roster
from tests.clinic.conftest import World, assessment_doc, checkin_doc, world  # noqa: F401

ZONE = "Europe/Copenhagen"


def working_day(days_ahead: int = 3) -> dt.date:
    return timezone.now().astimezone(ZoneInfo(ZONE)).date() + dt.timedelta(days=days_ahead)


def TODAY_IN_CLINIC() -> dt.date:
    return timezone.now().astimezone(ZoneInfo(ZONE)).date()


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(ZONE))


def give_profile(user: Any, name: str) -> TherapistProfile:
    profile = roster.profile_of(user.membership)
    profile.display_name = name
    profile.save()
    WeeklyHours.objects.bulk_create(
        WeeklyHours(profile=profile, weekday=d, start=dt.time(9), end=dt.time(17)) for d in range(7)
    )
    return profile


@pytest.fixture
def visits_world(world: World) -> World:  # noqa: F811
    settings = roster.settings_of(world.clinic.pk)
    settings.time_zone = ZONE
    settings.jitsi_url = "https://meet.clinic-a.example"
    settings.save()
    other = roster.settings_of(world.other_therapist.membership.clinic_id)
    other.time_zone = ZONE
    other.save()
    world.tess_profile = give_profile(world.therapist, "Tess Therapist")  # type: ignore[attr-defined]
    world.theo_profile = give_profile(world.therapist2, "Theo Therapist")  # type: ignore[attr-defined]
    world.oscar_profile = give_profile(world.other_therapist, "Oscar Other")  # type: ignore[attr-defined]
    return world


def visit_type(w: World, kind: VisitKind = VisitKind.FOLLOW_UP) -> VisitType:
    roster.visit_types(w.clinic.pk)
    return VisitType.objects.get(clinic=w.clinic, kind=kind)


def book_visit(w: World, hour: int = 10) -> Visit:
    """Patient A's follow-up with tess, booked by tess, in three days."""
    return booking.book(
        None,
        w.therapist,
        w.patient_a,
        w.tess_profile,
        visit_type(w),
        at(working_day(), hour),
        timezone.now(),
    )


def today_visit(w: World) -> Visit:
    """Patient A's follow-up with tess at the next quarter hour, tess working all day today;
    skips the test in the clinic's last hour before midnight (the visit would be tomorrow's)."""
    now = timezone.now()
    if now.astimezone(ZoneInfo(ZONE)).time() > dt.time(23, 0):
        pytest.skip("too close to midnight in the clinic for a visit today")
    start = now.replace(second=0, microsecond=0) + dt.timedelta(minutes=15 - now.minute % 15)
    w.tess_profile.changes.create(day=TODAY_IN_CLINIC(), start=dt.time(0), end=dt.time(23, 59))
    return booking.book(None, w.therapist, w.patient_a, w.tess_profile, visit_type(w), start, now)

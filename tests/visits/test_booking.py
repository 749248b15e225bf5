"""Booking, moving and cancelling visits; the notice window; times in UTC and in each zone;
the video room."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from sciatica_pt.clinic.models import AuditEvent
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.visits.models import HeldCell, Visit, VisitKind, VisitStatus
from sciatica_pt.visits.services import booking
from sciatica_pt.visits.services.booking import SlotTaken
from tests.visits.conftest import at, visit_type, working_day

pytestmark = pytest.mark.django_db


def _book(w, who, start, kind=VisitKind.FOLLOW_UP, profile=None, now=None):
    user = getattr(w, who)
    return booking.book(
        None,
        user,
        w.patient_a,
        profile or w.tess_profile,
        visit_type(w, kind),
        start,
        now or timezone.now(),
    )


def test_a_patient_books_a_free_time_and_it_is_stored_in_utc(visits_world):
    w, day = visits_world, working_day()
    visit = _book(w, "patient_a_user", at(day, 10))
    stored = Visit.objects.get(pk=visit.pk)
    assert stored.start == at(day, 10)
    assert stored.start.utcoffset() == dt.timedelta(0)
    assert stored.end - stored.start == dt.timedelta(minutes=30)
    assert HeldCell.objects.filter(visit=visit).count() == 2


def test_a_booked_time_is_no_longer_offered_and_cannot_be_booked_again(visits_world):
    w, day = visits_world, working_day()
    _book(w, "patient_a_user", at(day, 10))
    free = booking.free(w.tess_profile, visit_type(w), day, timezone.now())
    assert at(day, 10) not in free and at(day, 9, 45) not in free and at(day, 10, 30) in free
    with pytest.raises(SlotTaken):
        booking.book(
            None,
            w.patient_b_user,
            w.patient_b,
            w.tess_profile,
            visit_type(w),
            at(day, 10, 15),
            timezone.now(),
        )


def test_another_therapist_is_free_at_the_same_time(visits_world):
    w, day = visits_world, working_day()
    _book(w, "patient_a_user", at(day, 10))
    other = booking.book(
        None,
        w.patient_b_user,
        w.patient_b,
        w.theo_profile,
        visit_type(w),
        at(day, 10),
        timezone.now(),
    )
    assert other.status == VisitStatus.BOOKED


def test_a_patient_cannot_book_inside_the_notice_window_but_staff_can(visits_world):
    w = visits_world
    tomorrow_morning = at(working_day(1), 9)
    now = tomorrow_morning - dt.timedelta(hours=5)
    with pytest.raises(InvalidInput, match="24 hours ahead"):
        _book(w, "patient_a_user", tomorrow_morning, now=now)
    assert _book(w, "therapist", tomorrow_morning, now=now).booked_by == w.therapist


def test_a_time_outside_the_hours_or_off_the_grid_is_refused_naming_the_field(visits_world):
    w, day = visits_world, working_day()
    for start in (at(day, 8), at(day, 16, 45), at(day, 10, 10)):
        with pytest.raises(InvalidInput, match="start: not one of this therapist's visit times"):
            _book(w, "patient_a_user", start)


def test_a_holiday_closes_the_day(visits_world):
    w, day = visits_world, working_day()
    w.tess_profile.changes.create(day=day, note="Holiday")
    with pytest.raises(InvalidInput, match="start"):
        _book(w, "patient_a_user", at(day, 10))


def test_a_therapist_who_sees_patients_only_in_the_clinic_has_no_online_visits(visits_world):
    w = visits_world
    w.tess_profile.mode = "clinic"
    w.tess_profile.save()
    with pytest.raises(InvalidInput, match="visit_type"):
        _book(w, "patient_a_user", at(working_day(), 10), VisitKind.ONLINE_FOLLOW_UP)


def test_a_patient_moves_a_visit_and_the_old_time_is_free_again(visits_world):
    w, day = visits_world, working_day()
    visit = _book(w, "patient_a_user", at(day, 10))
    booking.reschedule(None, w.patient_a_user, visit, at(day, 14), timezone.now())
    assert Visit.objects.get(pk=visit.pk).start == at(day, 14)
    assert at(day, 10) in booking.free(w.tess_profile, visit_type(w), day, timezone.now())


def test_moving_onto_a_taken_time_keeps_the_old_time(visits_world):
    w, day = visits_world, working_day()
    visit = _book(w, "patient_a_user", at(day, 10))
    booking.book(
        None,
        w.patient_b_user,
        w.patient_b,
        w.tess_profile,
        visit_type(w),
        at(day, 14),
        timezone.now(),
    )
    with pytest.raises(SlotTaken):
        booking.reschedule(None, w.patient_a_user, visit, at(day, 14), timezone.now())
    assert Visit.objects.get(pk=visit.pk).start == at(day, 10)
    assert HeldCell.objects.filter(visit=visit, start=at(day, 10)).exists()


def test_a_cancelled_visit_frees_its_time_and_cannot_be_cancelled_twice(visits_world):
    w, day = visits_world, working_day()
    visit = _book(w, "patient_a_user", at(day, 10))
    booking.cancel(None, w.patient_a_user, visit, timezone.now())
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.CANCELLED
    assert not HeldCell.objects.filter(visit=visit).exists()
    with pytest.raises(InvalidInput, match="cancelled"):
        booking.cancel(None, w.patient_a_user, visit, timezone.now())
    assert _book(w, "patient_a_user", at(day, 10)).status == VisitStatus.BOOKED


def test_a_patient_cannot_cancel_inside_the_notice_window(visits_world):
    w, day = visits_world, working_day()
    visit = _book(w, "patient_a_user", at(day, 10))
    with pytest.raises(InvalidInput, match="call the clinic"):
        booking.cancel(None, w.patient_a_user, visit, at(day, 8))
    assert booking.cancel(None, w.therapist, visit, at(day, 8)).status == VisitStatus.CANCELLED


def test_bookings_and_changes_are_audited(visits_world):
    w, day = visits_world, working_day()
    visit = _book(w, "patient_a_user", at(day, 10))
    booking.cancel(None, w.patient_a_user, visit, timezone.now())
    rows = AuditEvent.objects.filter(object_type="visit", object_id=str(visit.pk))
    assert rows.count() == 2 and {r.patient_id for r in rows} == {w.patient_a.pk}


def test_times_show_in_the_clinics_zone_and_the_patients_own(visits_world):
    w, day = visits_world, working_day()
    visit = _book(w, "patient_a_user", at(day, 10))
    booking.set_patient_zone(None, w.patient_a_user, w.patient_a, "America/New_York")
    shown = booking.times(visit, booking.patient_zone(w.patient_a))
    assert "10:00 (Europe/Copenhagen)" in shown["clinic"]
    assert "04:00 (America/New_York)" in shown["patient"]


def test_an_unknown_time_zone_is_refused_naming_the_field(visits_world):
    w = visits_world
    with pytest.raises(InvalidInput, match="time_zone"):
        booking.set_patient_zone(None, w.patient_a_user, w.patient_a, "Mars/Olympus")


def test_a_weekly_nine_oclock_visit_is_bookable_at_nine_local_on_both_sides_of_the_change(
    visits_world,
):
    w = visits_world
    cph = ZoneInfo("Europe/Copenhagen")
    long_ago = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    for day in (dt.date(2026, 3, 28), dt.date(2026, 3, 30)):
        start = dt.datetime.combine(day, dt.time(9), tzinfo=cph)
        visit = booking.book(
            None, w.therapist, w.patient_a, w.tess_profile, visit_type(w), start, long_ago
        )
        assert Visit.objects.get(pk=visit.pk).start.astimezone(cph).time() == dt.time(9)


def test_an_online_visit_gets_an_unguessable_room_shown_only_from_shortly_before(visits_world):
    w, day = visits_world, working_day()
    first = _book(w, "patient_a_user", at(day, 10), VisitKind.ONLINE_FOLLOW_UP)
    second = _book(w, "patient_a_user", at(day, 11), VisitKind.ONLINE_FOLLOW_UP)
    assert len(first.room) >= 32 and first.room != second.room
    assert booking.join_url(first, at(day, 9, 44)) is None
    assert booking.join_url(first, at(day, 9, 45)) == f"https://meet.clinic-a.example/{first.room}"
    assert booking.join_url(first, at(day, 10, 30)) is None
    in_clinic = _book(w, "patient_a_user", at(day, 13))
    assert in_clinic.room == "" and booking.join_url(in_clinic, at(day, 13)) is None


def test_the_api_books_and_a_taken_time_is_a_409(visits_world):
    w, day = visits_world, working_day()
    body = {
        "therapist": w.tess_profile.pk,
        "visit_type": visit_type(w).pk,
        "start": at(day, 10).isoformat(),
    }
    first = w.client("patient_a_user").post("/api/visits/", json.dumps(body), "application/json")
    assert first.status_code == 201, first.content
    again = w.client("patient_b_user").post("/api/visits/", json.dumps(body), "application/json")
    assert again.status_code == 409 and "booked by someone else" in again.json()["detail"]


def test_the_booking_page_shows_free_times_in_the_patients_zone_too(visits_world):
    w = visits_world
    booking.set_patient_zone(None, w.patient_a_user, w.patient_a, "America/New_York")
    url = f"/visits/clinics/{w.clinic.pk}/therapists/{w.tess_profile.pk}/"
    page = w.client("patient_a_user").get(url).content.decode()
    assert "09:00 (" in page and " 03:00 America/New_York)" in page
    plain = w.client("patient_b_user").get(url).content.decode()
    assert "America/New_York" not in plain and " 09:00</label>" in plain


def test_no_time_inside_the_spring_forward_gap_is_offered_or_bookable(visits_world):
    w = visits_world
    cph = ZoneInfo("Europe/Copenhagen")
    gap_day = dt.date(2026, 3, 29)  # clocks jump from 02:00 to 03:00
    w.tess_profile.changes.create(day=gap_day, start=dt.time(1), end=dt.time(4))
    long_ago = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    offered = booking.free(w.tess_profile, visit_type(w), gap_day, long_ago)
    walls = [s.strftime("%H:%M") for s in offered if s.astimezone(cph).date() == gap_day]
    assert walls == ["01:00", "01:15", "03:00", "03:15", "03:30"]
    # 01:30 would end at 03:00 on the clock after 30 minutes: not a whole visit in the hours
    with pytest.raises(InvalidInput, match="start"):
        booking.book(
            None,
            w.therapist,
            w.patient_a,
            w.tess_profile,
            visit_type(w),
            dt.datetime(2026, 3, 29, 1, 30, tzinfo=cph),
            long_ago,
        )


def test_staff_book_for_a_patient_on_the_patients_page_and_a_taken_time_is_a_409(visits_world):
    w, day = visits_world, working_day()
    url = f"/visits/patients/{w.patient_a.pk}/book/?therapist={w.theo_profile.pk}"
    page = w.client("therapist").get(url).content.decode()
    assert "Book a visit for Zelda Quixote-Umber" in page and "Theo Therapist" in page
    form = {
        "profile": w.theo_profile.pk,
        "visit_type": visit_type(w).pk,
        "start": at(day, 10).isoformat(),
    }
    done = w.client("therapist").post(url, form)
    assert done.status_code == 302
    visit = Visit.objects.get(patient=w.patient_a)
    assert (visit.therapist, visit.booked_by) == (w.therapist2.membership, w.therapist)
    again = w.client("admin").post(f"/visits/patients/{w.patient_b.pk}/book/", form)
    assert again.status_code == 409 and b"booked by someone else" in again.content

"""Time zones and daylight saving, end to end (the pure slot tests are in test_slots.py): the
patient's own zone when the two zones change their clocks on different dates, the repeated
autumn hour through the booking service, and one instant written with any offset being one
slot (no double booking by writing the time another way)."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from sciatica_pt.visits.models import Visit
from sciatica_pt.visits.services import booking
from tests.visits.conftest import at, visit_type, working_day

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
LONG_AGO = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _book(w, start):
    return booking.book(
        None, w.therapist, w.patient_a, w.tess_profile, visit_type(w), start, LONG_AGO
    )


@pytest.mark.parametrize(
    ("day", "new_york"),
    [
        (dt.date(2026, 3, 2), "04:00"),  # both on standard time: 6 hours apart
        (dt.date(2026, 3, 16), "05:00"),  # New York changed on 8 March, Copenhagen not yet
        (dt.date(2026, 3, 30), "04:00"),  # both on summer time
        (dt.date(2026, 10, 26), "05:00"),  # Copenhagen back on 25 October, New York on 1 November
    ],
)
def test_the_patients_zone_follows_each_zones_own_daylight_saving_dates(
    visits_world, day, new_york
):
    w = visits_world
    booking.set_patient_zone(None, w.patient_a_user, w.patient_a, "America/New_York")
    visit = _book(w, dt.datetime.combine(day, dt.time(10), tzinfo=CPH))
    shown = booking.times(Visit.objects.get(pk=visit.pk), booking.patient_zone(w.patient_a))
    assert "10:00 (Europe/Copenhagen)" in shown["clinic"]
    assert f"{new_york} (America/New_York)" in shown["patient"]


def test_the_repeated_autumn_hour_is_offered_once_and_books_once(visits_world):
    w = visits_world
    night = dt.date(2026, 10, 25)  # Copenhagen: 03:00 summer time becomes 02:00 again
    w.tess_profile.changes.create(day=night, start=dt.time(1), end=dt.time(4))
    offered = [
        s
        for s in booking.free(w.tess_profile, visit_type(w), night, LONG_AGO)
        if s.astimezone(CPH).date() == night
    ]
    walls = [s.astimezone(CPH).strftime("%H:%M") for s in offered]
    assert len(walls) == len(set(walls)), walls  # no wall time twice
    assert walls[0] == "01:00" and walls[-1] == "03:30"
    # 02:30 and 02:45 (first time round) would end in the second 02:xx: across the change
    assert "02:30" not in walls and "02:15" in walls
    two_fifteen = next(s for s in offered if s.astimezone(CPH).strftime("%H:%M") == "02:15")
    _book(w, two_fifteen)
    again = booking.free(w.tess_profile, visit_type(w), night, LONG_AGO)
    assert two_fifteen not in again
    assert "02:15" not in [
        s.astimezone(CPH).strftime("%H:%M") for s in again if s.astimezone(CPH).date() == night
    ]


def test_one_instant_written_with_another_offset_is_the_same_slot(visits_world):
    w, day = visits_world, working_day()
    body = {"therapist": w.tess_profile.pk, "visit_type": visit_type(w).pk}
    copenhagen = at(day, 10)
    tokyo = copenhagen.astimezone(ZoneInfo("Asia/Tokyo"))
    first = w.client("patient_a_user").post(
        "/api/visits/", json.dumps({**body, "start": tokyo.isoformat()}), "application/json"
    )
    assert first.status_code == 201, first.content
    assert dt.datetime.fromisoformat(first.json()["start"]) == copenhagen
    utc = copenhagen.astimezone(dt.UTC).isoformat()
    again = w.client("patient_b_user").post(
        "/api/visits/", json.dumps({**body, "start": utc}), "application/json"
    )
    assert again.status_code == 409
    assert Visit.objects.filter(therapist=w.therapist.membership).count() == 1


def test_a_time_without_its_offset_is_refused_naming_the_field(visits_world):
    w, day = visits_world, working_day()
    body = {
        "therapist": w.tess_profile.pk,
        "visit_type": visit_type(w).pk,
        "start": at(day, 10).replace(tzinfo=None).isoformat(),
    }
    answer = w.client("patient_a_user").post("/api/visits/", json.dumps(body), "application/json")
    assert answer.status_code in (400, 422) and "start" in answer.content.decode()
    assert not Visit.objects.exists()

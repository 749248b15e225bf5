"""Issue 22's "What to build", item by item, where tests/visits/ did not already check it at
the service or page level: moving within the notice window, moving by a quarter hour onto
part of the visit's own time, a cancelled visit staying cancelled, a patient booking only for
themselves, the video link on the visit page for both sides from shortly before the start, an
API client (bearer token) browsing its clinic's roster."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from sciatica_pt.clinic.api.auth import issue_token
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.visits.models import HeldCell, Visit, VisitKind, VisitStatus
from sciatica_pt.visits.services import booking
from tests.visits.conftest import TODAY_IN_CLINIC, at, visit_type, working_day

pytestmark = pytest.mark.django_db


def _book(w, who, start, kind=VisitKind.FOLLOW_UP, now=None):
    return booking.book(
        None, getattr(w, who), w.patient_a, w.tess_profile, visit_type(w, kind), start,
        now or timezone.now(),
    )  # fmt: skip


def test_a_patient_cannot_move_a_visit_inside_the_notice_window_but_staff_can(visits_world):
    w, day = visits_world, working_day()
    visit = _book(w, "patient_a_user", at(day, 10))
    with pytest.raises(InvalidInput, match="call the clinic"):
        booking.reschedule(None, w.patient_a_user, visit, at(day, 14), at(day, 8))
    assert Visit.objects.get(pk=visit.pk).start == at(day, 10)
    booking.reschedule(None, w.therapist, visit, at(day, 14), at(day, 8))
    assert Visit.objects.get(pk=visit.pk).start == at(day, 14)


def test_a_patient_cannot_move_a_visit_to_a_time_inside_the_notice_window(visits_world):
    w, day = visits_world, working_day()
    visit = _book(w, "patient_a_user", at(day, 16))
    with pytest.raises(InvalidInput, match="start: visits are booked at least 24 hours"):
        booking.reschedule(
            None, w.patient_a_user, visit, at(day, 10), at(day - dt.timedelta(1), 12)
        )
    assert Visit.objects.get(pk=visit.pk).start == at(day, 16)


def test_a_visit_moves_by_a_quarter_hour_onto_part_of_its_own_time(visits_world):
    w, day = visits_world, working_day()
    visit = _book(w, "patient_a_user", at(day, 10))
    booking.reschedule(None, w.patient_a_user, visit, at(day, 10, 15), timezone.now())
    moved = Visit.objects.get(pk=visit.pk)
    assert (moved.start, moved.end) == (at(day, 10, 15), at(day, 10, 45))
    held = sorted(HeldCell.objects.filter(visit=visit).values_list("start", flat=True))
    assert held == [at(day, 10, 15), at(day, 10, 30)]


def test_a_cancelled_visit_cannot_be_moved(visits_world):
    w, day = visits_world, working_day()
    visit = booking.cancel(None, w.therapist, _book(w, "therapist", at(day, 10)), timezone.now())
    with pytest.raises(InvalidInput, match="cancelled"):
        booking.reschedule(None, w.therapist, visit, at(day, 14), timezone.now())
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.CANCELLED
    assert not HeldCell.objects.filter(visit=visit).exists()


def test_a_patient_books_only_for_themselves(visits_world):
    w, day = visits_world, working_day()
    body = {
        "therapist": w.tess_profile.pk,
        "visit_type": visit_type(w).pk,
        "start": at(day, 10).isoformat(),
        "patient": w.patient_b.pk,
    }
    answer = w.client("patient_a_user").post("/api/visits/", json.dumps(body), "application/json")
    assert answer.status_code == 404
    assert not Visit.objects.exists()
    staff = w.client("therapist").post("/api/visits/", json.dumps(body), "application/json")
    assert staff.status_code == 201 and Visit.objects.get().patient == w.patient_b


def test_the_video_link_shows_on_the_visit_page_to_both_sides_from_shortly_before(visits_world):
    w = visits_world
    now = timezone.now()
    w.tess_profile.changes.create(day=TODAY_IN_CLINIC(), start=dt.time(0), end=dt.time(23, 45))
    soon = now.replace(second=0, microsecond=0) + dt.timedelta(minutes=15 - now.minute % 15)
    if soon.astimezone(at(TODAY_IN_CLINIC(), 0).tzinfo).time() >= dt.time(23, 15):
        pytest.skip("too close to midnight in the clinic for a visit today")
    online = _book(w, "therapist", soon, VisitKind.ONLINE_FOLLOW_UP, now)
    later = _book(w, "therapist", soon + dt.timedelta(hours=1), VisitKind.ONLINE_FOLLOW_UP, now)
    link = f'href="https://meet.clinic-a.example/{online.room}"'
    for who in ("patient_a_user", "therapist"):
        page = w.client(who).get(f"/visits/{online.pk}/").content.decode()
        assert link in page and "Join the video visit" in page
        not_yet = w.client(who).get(f"/visits/{later.pk}/").content.decode()
        assert later.room not in not_yet and "The link to join appears here" in not_yet
    assert (
        online.room not in w.client("patient_b_user").get(f"/visits/{online.pk}/").content.decode()
    )


def test_an_api_client_with_a_token_browses_its_own_clinics_roster_and_slots(visits_world):
    w = visits_world
    base = f"/api/visits/clinics/{w.clinic.pk}"
    urls = [
        f"{base}/therapists",
        f"{base}/visit-types",
        f"{base}/therapists/{w.tess_profile.pk}/slots?visit_type={visit_type(w).pk}",
    ]
    for who, expected in (("patient_a_user", 200), ("therapist", 200), ("other_therapist", 404)):
        token = issue_token(getattr(w, who), "app")
        for url in urls:
            answer = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
            assert answer.status_code == expected, (who, url, answer.content)
    names = Client().get(urls[0], HTTP_AUTHORIZATION=f"Bearer {token}")
    assert b"Tess" not in names.content
    assert Client().get(urls[0]).status_code == 404  # a visitor: the roster is not public

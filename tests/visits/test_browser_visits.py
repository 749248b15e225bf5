"""The visits journeys in Debian's chromium: a patient books, moves and cancels a visit; a
therapist opens the day and writes a visit note. Screenshots go to test-artifacts/."""

from __future__ import annotations

import os

import pytest

from sciatica_pt.visits.models import Visit, VisitNote, VisitStatus
from tests.clinic.test_browser_journeys import PHONE, _login, _shot
from tests.visits.conftest import today_visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_a_patient_books_moves_and_cancels_a_visit(visits_world, live_server, page):
    w = visits_world
    page.set_viewport_size(PHONE)
    _login(page, live_server.url, "pat-a")
    page.wait_for_url("**/me/")
    page.get_by_role("link", name="Visits", exact=True).click()
    page.get_by_role("link", name="Book a visit with one of our therapists").click()
    page.get_by_role("link", name="Tess Therapist").click()
    page.get_by_label("Kind of visit").select_option(label="Follow-up (30 minutes)")
    page.get_by_role("button", name="Show times").click()
    page.locator("input[name=start]").first.check()
    _shot(page, "visits-01-patient-books")
    page.get_by_role("button", name="Book this time").click()
    page.get_by_text("Visit booked.").wait_for()
    visit = Visit.objects.get(patient=w.patient_a)
    first_start = visit.start
    page.locator("input[name=start]").nth(3).check()
    page.get_by_role("button", name="Move to this time").click()
    page.get_by_text("Visit moved.").wait_for()
    visit.refresh_from_db()
    assert visit.start != first_start and visit.status == VisitStatus.BOOKED
    _shot(page, "visits-02-patient-moved")
    page.get_by_role("button", name="Cancel this visit").click()
    page.get_by_text("Visit cancelled.").wait_for()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED


def test_a_therapist_opens_the_day_and_writes_a_visit_note(visits_world, live_server, page):
    w = visits_world
    visit = today_visit(w)
    _login(page, live_server.url, "tess")
    page.wait_for_url("**/patients/")
    page.get_by_role("link", name="My day").click()
    card = page.get_by_role("region", name=w.patient_a.display_name)
    card.wait_for()
    # the day shows what the visit needs: the patient's alerts, last check-ins and program
    assert card.get_by_role("heading", name="Open alerts").is_visible()
    assert "leg pain 4" in card.inner_text()  # the fixture's check-in
    program = w.patient_a.programs.get(is_current=True)
    first_item = program.items.live().first().name
    assert card.get_by_text(first_item, exact=True).is_visible()
    assert (
        program.status
        not in card.get_by_role("heading", name="Program")
        .locator("xpath=following-sibling::p[1]")
        .inner_text()
        .split()
    )  # the status in words, never its code
    _shot(page, "visits-03-therapist-day")
    card.get_by_role("link", name="Visit note").click()
    page.get_by_label("Subjective").fill("Leg pain easing since last week.")
    page.get_by_label("Plan").fill("Continue the home program.")
    page.get_by_label("Lumbar joint mobilization", exact=False).first.check()
    page.get_by_role("button", name="Save note").click()
    page.get_by_text("Note saved.").wait_for()
    _shot(page, "visits-04-visit-note")
    note = VisitNote.objects.get(visit=visit)
    assert note.subjective == "Leg pain easing since last week."
    assert [t["id"] for t in note.techniques] == ["lumbar-joint-mobilization"]
    # back to the day: the next visit's note is one click away again
    page.get_by_role("link", name="My day").click()
    page.get_by_role("region", name=w.patient_a.display_name).wait_for()

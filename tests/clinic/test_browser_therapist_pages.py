"""The therapist's journeys of issue 20 in chromium, with screenshots in test-artifacts/: a
critical alert and a check-in note on the patient's page, a contraindicated item refused
without a reason, and a confirmed discharge with its summary."""

from __future__ import annotations

import os

import pytest

from sciatica_pt.clinic.services import assessments, checkins, programs
from tests.clinic.conftest import TODAY, assessment_doc, checkin_doc
from tests.clinic.test_browser_journeys import _login, _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_the_alert_names_the_sign_and_the_note_reaches_the_therapist(world, live_server, page):
    note = "Numb around the seat since this morning <b>not bold</b>"
    checkins.log(None, world.patient_a_user, checkin_doc(saddle_numbness=True, notes=note), TODAY)
    _login(page, live_server.url, "tess")
    page.wait_for_url("**/patients/")
    page.goto(live_server.url + f"/patients/{world.patient_a.pk}/")
    alert = page.get_by_role("alert").filter(has_text="Warning sign reported")
    assert alert.get_by_text("numbness in the saddle area").is_visible()
    assert alert.get_by_text("Contact the patient now and refer them").is_visible()
    assert page.get_by_role("cell", name=note).is_visible()  # the markup shown as text
    _shot(page, "words-01-critical-alert-and-note")


def test_a_contraindicated_item_needs_a_reason(world, live_server, page):
    doc = assessment_doc()
    doc["exam"]["repeated_movements"]["flexion_in_standing"] = "peripheralizes"
    assessments.record(None, world.therapist, world.patient_a, doc, TODAY)
    _login(page, live_server.url, "tess")
    page.wait_for_url("**/patients/")
    found = f"/patients/{world.patient_a.pk}/program/?q=Flexion+in+standing"
    page.goto(live_server.url + found)
    page.get_by_role("button", name="Add Flexion in standing").click()
    refused = page.get_by_text("reason: a reason is required")
    assert refused.is_visible() and "contraindicated" in refused.inner_text()
    _shot(page, "words-02-contraindicated-refused")
    program = programs.current_program(world.patient_a)
    assert not program.items.filter(item_id="flexion-in-standing").exists()
    page.goto(live_server.url + found)
    page.locator("#reason-flexion-in-standing").fill("Centralised under supervision today")
    page.get_by_role("button", name="Add Flexion in standing").click()
    assert page.get_by_text("Centralised under supervision today").first.is_visible()
    _shot(page, "words-03-contraindicated-with-reason")


def test_the_therapist_confirms_a_discharge_and_gets_the_summary(world, live_server, page):
    _login(page, live_server.url, "tess")
    page.wait_for_url("**/patients/")
    page.goto(live_server.url + f"/patients/{world.patient_a.pk}/")
    page.get_by_role("link", name="Discharge this patient").click()
    page.get_by_role("heading", name="Outcomes against the baseline").wait_for()
    assert page.get_by_role("heading", name="Flare-up plan").is_visible()
    assert page.get_by_role("heading", name="Maintenance program").is_visible()
    _shot(page, "words-04-discharge-summary")
    page.get_by_role("button", name="Discharge this patient").click()  # not ticked: stays
    world.patient_a.refresh_from_db()
    assert world.patient_a.discharged_on is None
    page.get_by_label("I have reviewed this summary").check()
    page.get_by_role("button", name="Discharge this patient").click()
    page.get_by_text("Patient discharged.").wait_for()
    assert page.get_by_role("link", name="Download the discharge letter (PDF)").is_visible()
    _shot(page, "words-05-discharged")
    world.patient_a.refresh_from_db()
    assert world.patient_a.discharged_on is not None

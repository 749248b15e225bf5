"""The therapist's and the patient's main journeys in Debian's chromium (playwright).

Screenshots go to test-artifacts/ (phone-sized for the patient)."""

from __future__ import annotations

import os
import pathlib

import pytest

from sciatica_pt.clinic.models import Alert, Assessment, CheckIn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's loop + the live server
ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def answer(page, question: str, choice: str) -> None:
    """Tap one answer of a check-in question (a group named by its question)."""
    page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


def fill_typical_day(page, warning_signs: bool = True) -> None:
    """The check-in's answers on a typical day: no warning sign, pain the same."""
    if warning_signs:
        page.get_by_role("radio", name="None of these").check()
    answer(page, "Back pain now", "2")
    answer(page, "Leg pain now", "3")
    answer(page, "Where your leg symptoms reach", "Less far down the leg")
    answer(page, "This morning, compared with before", "Better")
    answer(page, "Pain during your exercises", "The same")
    answer(page, "Did you do your exercises?", "All of them")


def _login(page, base, username):
    page.goto(base + "/login/")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()


def test_the_therapist_assesses_a_new_patient_and_edits_the_plan(world, live_server, page):
    base = live_server.url
    _login(page, base, "tess")
    page.wait_for_url("**/patients/")
    assert page.get_by_role("link", name=world.patient_a.display_name).is_visible()
    _shot(page, "therapist-01-patient-list")
    page.get_by_role("link", name="New patient").first.click()
    page.get_by_label("Name", exact=True).fill("Nadia New")
    page.get_by_role("button", name="Create and assess").click()
    page.get_by_label("Age *", exact=True).fill("41")
    page.get_by_label("Duration weeks *").fill("4")
    page.get_by_label("Back pain (0-10) *").fill("3")
    page.get_by_label("Leg pain (0-10) *").fill("6")
    for flag in ("Saddle anesthesia", "Bladder bowel change", "Sexual dysfunction"):
        page.get_by_role("group", name=flag, exact=True).get_by_label("No", exact=True).check()
    page.get_by_label("Repeated extension in lying").select_option("centralizes")
    _shot(page, "therapist-02-assessment-form")
    page.get_by_role("button", name="Assess and create the plan").click()
    page.wait_for_url("**/assessments/**")
    assert page.get_by_role("heading", name="Classification").is_visible()
    assert page.get_by_text("not a diagnosis").first.is_visible()
    _shot(page, "therapist-03-result")
    assert Assessment.objects.filter(patient__display_name="Nadia New").exists()
    page.get_by_role("link", name="Edit the program").click()
    page.get_by_role("button", name="Add to program").wait_for()
    _shot(page, "therapist-04-program")
    page.set_viewport_size(PHONE)
    page.goto(base + f"/patients/{world.patient_a.pk}/")
    _shot(page, "therapist-05-patient-phone")


def test_the_patient_logs_a_session_on_a_phone_and_sees_progress(world, live_server, page):
    page.set_viewport_size(PHONE)
    base = live_server.url
    _login(page, base, "pat-a")
    page.wait_for_url("**/me/")
    _shot(page, "patient-01-today")
    page.get_by_role("link", name="Log today's session").click()
    fill_typical_day(page)
    _shot(page, "patient-02-checkin")
    before = CheckIn.objects.count()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Saved. Well done.").wait_for()
    assert CheckIn.objects.count() == before + 1
    page.get_by_role("link", name="See your progress").click()
    assert page.locator("svg.chart").first.is_visible()
    _shot(page, "patient-03-progress")


def test_a_warning_sign_answer_shows_what_to_do_now(world, live_server, page):
    page.set_viewport_size(PHONE)
    _login(page, live_server.url, "pat-a")
    page.wait_for_url("**/me/")
    page.goto(live_server.url + "/me/checkin/")
    page.get_by_role("radio", name="Yes, one or more").check()
    page.locator(".yn", has_text="Numbness around").get_by_label("Yes", exact=True).check()
    for question in (
        "A new problem passing",
        "A new change in sexual",
        "New or worse numbness",
        "New weakness",
        "now in both legs",
    ):
        page.locator(".yn", has_text=question).get_by_label("No", exact=True).check()
    fill_typical_day(page, warning_signs=False)
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("alert").filter(has_text="emergency department").is_visible()
    assert page.get_by_text("Your therapist has been alerted").is_visible()
    _shot(page, "patient-04-act-now")
    assert Alert.objects.filter(patient=world.patient_a, severity="critical").exists()


def test_the_admin_sees_who_has_seen_a_patients_record(world, live_server, page):
    base = live_server.url
    world.client("therapist").get(f"/patients/{world.patient_a.pk}/")
    _login(page, base, "ada")
    page.wait_for_url("**/patients/")
    page.goto(base + f"/patients/{world.patient_a.pk}/")
    page.get_by_role("link", name="Who has seen or changed this record").click()
    page.wait_for_url(f"**/audit/?patient={world.patient_a.pk}")
    assert page.get_by_label("Patient number").input_value() == str(world.patient_a.pk)
    table = page.get_by_role("table")
    assert table.get_by_role("cell", name="tess", exact=True).first.is_visible()
    assert table.get_by_role("cell", name="theo", exact=True).count() == 0
    _shot(page, "admin-01-patient-trail")
    page.get_by_label("Patient number").fill("not-a-number")
    page.get_by_label("Patient number").press("Enter")  # the keyboard submits the filter
    assert page.get_by_role("alert").get_by_text("is not a patient number").is_visible()
    _shot(page, "admin-02-bad-filter")
    page.get_by_role("link", name="Staff").click()
    page.get_by_role("button", name="Stop access for theo").click()
    assert page.get_by_text("Access stopped for theo.").is_visible()
    assert page.get_by_role("button", name="Restore access for theo").is_visible()
    _shot(page, "admin-03-staff-access")

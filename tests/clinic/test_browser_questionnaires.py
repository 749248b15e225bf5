"""Questionnaires in Debian's chromium (issue 21): on a phone, the patient finds the due
questionnaires on Today, names and rates their PSFS activities and rates their pain with
tap-sized answers; the therapist then sees the new scores on the patient's charts. The
patient's progress charts explain the band in plain words; the therapist's cite the rule
(issue 20). Screenshots go to test-artifacts/."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest

from sciatica_pt.clinic.services import questionnaires
from tests.clinic.conftest import TODAY
from tests.clinic.test_browser_journeys import PHONE, _login, _shot, answer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's loop + the live server
TWO_WEEKS_ON = TODAY + dt.timedelta(days=14)


def schedule_usual(world) -> None:
    """Patient A's questionnaires on the clinic's usual schedule (pain and PSFS due)."""
    cadences = [c.model_dump(mode="json") for c in questionnaires.CLINIC_DEFAULTS]
    questionnaires.save_schedule(None, world.therapist, world.patient_a, cadences, False, TODAY)


@pytest.fixture
def two_weeks_on(monkeypatch):
    """The clinic's today two weeks after the program's start (the live server's thread reads
    the same modules)."""
    for module in ("common", "questionnaires", "patient", "staff"):
        monkeypatch.setattr(f"sciatica_pt.clinic.views.{module}.today", lambda: TWO_WEEKS_ON)
    monkeypatch.setattr("sciatica_pt.notify.views.today", lambda: TWO_WEEKS_ON)


def test_the_patient_answers_psfs_and_pain_on_a_phone_and_the_therapist_sees_the_scores(
    world, live_server, page, two_weeks_on
):
    schedule_usual(world)
    base = live_server.url
    page.set_viewport_size(PHONE)
    _login(page, base, "pat-a")
    page.wait_for_url("**/me/")
    page.get_by_role("link", name="Answer the questions").click()
    _shot(page, "questionnaire-01-due")
    page.get_by_role("link", name=re.compile("Answer now for everyday activities")).click()
    page.get_by_label("What is it?").first.fill("Sitting in the car")
    answer(page, "Activity 1", "4")
    page.locator("#activity-1").fill("Tying my shoes")
    answer(page, "Activity 2", "7")
    chip = page.get_by_role("group", name="Activity 1").locator("label.chip").first.bounding_box()
    assert chip["height"] >= 44 and chip["width"] >= 44  # a thumb's tap
    _shot(page, "questionnaire-02-psfs")
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url("**/me/questionnaires/")
    assert page.get_by_text("your answers are saved").is_visible()
    page.get_by_role("link", name=re.compile("Answer now for your pain today")).click()
    answer(page, "How strong is the pain in your leg", "3")
    answer(page, "How strong is the pain in your back", "2")
    _shot(page, "questionnaire-03-pain")
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url("**/me/questionnaires/")
    assert page.get_by_text("Nothing to fill in today").is_visible()

    # Their own progress page: the band in plain words, no reference keys.
    page.goto(base + "/me/progress/")
    keys = " ".join(page.locator(".band-key").all_inner_texts())
    assert "The dashed line is your score at the start" in keys
    assert "Ostelo" not in page.inner_text("main") and "Stratford" not in page.inner_text("main")
    _shot(page, "questionnaire-04-patient-progress")

    page.get_by_role("button", name="Log out").click()
    page.set_viewport_size({"width": 1280, "height": 900})
    _login(page, base, "tess")
    page.wait_for_url("**/patients/")
    page.goto(base + f"/patients/{world.patient_a.pk}/")
    charts = page.locator("#outcomes-h + p + .charts")
    psfs = charts.locator("figure", has_text="PSFS activities").locator("svg.chart").first
    label = psfs.get_attribute("aria-label")
    assert "Sitting in the car from 4" in label and "Tying my shoes from 7" in label
    mean = charts.locator("figure", has_text="PSFS mean").locator("svg.chart").first
    assert f"5.5 on {TWO_WEEKS_ON}" in mean.get_attribute("aria-label")
    leg = charts.locator("figure", has_text="Leg pain (0-10)").locator("svg.chart").first
    assert f"to 3 on {TWO_WEEKS_ON}" in leg.get_attribute("aria-label")
    assert "Ostelo-2008" in " ".join(charts.locator(".band-key").all_inner_texts())
    _shot(page, "questionnaire-05-therapist-charts")
    page.get_by_role("link", name="Schedule, enter and see questionnaires").click()
    answered = page.locator("section[aria-labelledby=history-h] tbody tr")
    assert answered.count() == 2 and "The patient, in the app" in answered.first.inner_text()
    _shot(page, "questionnaire-06-therapist-schedule")

"""The check-in's pain scales on a phone (Debian's chromium): big tap targets, a few taps,
and the engine's answer on the patient's page. Screenshots go to test-artifacts/."""

from __future__ import annotations

import os
import pathlib

import pytest

from sciatica_pt.clinic.models import CheckIn
from tests.clinic.test_browser_journeys import answer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's loop + the live server
ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
TAP = 44  # CSS pixels: the smallest comfortable touch target (WCAG 2.5.5)


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_the_patient_taps_pain_3_before_and_7_during_and_sees_the_exercise_regressed(
    world, live_server, page
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/login/")
    page.get_by_label("Username", exact=True).fill("pat-a")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/me/")
    page.goto(live_server.url + "/me/checkin/")
    page.get_by_text("Pain numbers and a note (optional)").click()  # unfold the numbers
    before = page.get_by_role("radiogroup", name="Pain just before today's exercises")
    during = page.get_by_role("radiogroup", name="Worst pain during today's exercises")
    options = before.locator("label").all()
    assert [o.inner_text().strip() for o in options] == ["Skip", *map(str, range(11))]
    assert before.get_by_label("Skip").is_checked()  # not asked until the patient taps
    for option in options:
        assert option.is_visible()
        box = option.bounding_box()
        assert box is not None and box["x"] >= 0 and box["width"] >= TAP and box["height"] >= TAP
    page.get_by_role("radio", name="None of these").check()
    answer(page, "Back pain now", "3")
    answer(page, "Leg pain now", "4")
    before.get_by_text("3", exact=True).click()
    during.get_by_text("7", exact=True).click()
    answer(page, "This morning, compared with before", "The same")
    answer(page, "Where your leg symptoms reach", "The same")
    answer(page, "Did you do your exercises?", "All of them")
    _shot(page, "patient-05-checkin-pain-scales")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Saved. Well done.").wait_for()
    row = CheckIn.objects.filter(patient=world.patient_a).latest("pk")
    assert (row.data["pain_before_nrs"], row.data["pain_during_nrs"]) == (3, 7)
    assert row.data["pain_during"] == "worse" and row.data["pain_next_morning_nrs"] is None
    page.goto(live_server.url + "/me/")
    changes = page.get_by_role("region", name="What changed after your last check-in")
    assert "rose 4 points" in changes.inner_text()
    _shot(page, "patient-06-program-after-regression")

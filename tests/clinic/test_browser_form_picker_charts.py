"""The therapist's new pages in Debian's chromium (issue 20): the assessment form one section
at a time on a phone (and every section without the script), the picker's search and filters,
and the charts with the MIC band and the PSFS activities. Screenshots in test-artifacts/."""

from __future__ import annotations

import os

import pytest

from sciatica_pt.clinic.models import ProgramItem, PsfsActivityScore
from sciatica_pt.clinic.services import assessments
from tests.clinic.conftest import TODAY, assessment_doc
from tests.clinic.test_browser_journeys import PHONE, _login, _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _visible_sections(page) -> list[str]:
    return [s.get_attribute("id") for s in page.locator("[data-section]").all() if s.is_visible()]


def test_the_assessment_form_shows_one_section_at_a_time_on_a_phone(world, live_server, page):
    page.set_viewport_size(PHONE)
    _login(page, live_server.url, "tess")
    page.goto(live_server.url + f"/patients/{world.patient_a.pk}/assess/")
    assert _visible_sections(page) == ["section-red_flags"]
    _shot(page, "form-01-phone-warning-signs")
    for flag in ("Numbness in the saddle area", "Bladder or bowel change"):
        page.get_by_role("group", name=flag, exact=True).get_by_label("No", exact=True).check()
    page.locator("#section-red_flags").get_by_role("button", name="Next section").click()
    assert _visible_sections(page) == ["section-patient"]
    page.get_by_label("Age *", exact=True).fill("41")
    page.locator("#section-patient").get_by_role("button", name="Next section").click()
    page.get_by_label("Weeks of symptoms *").fill("4")
    page.locator("#section-history").get_by_role("button", name="Next section").click()
    page.get_by_label("Back pain (0 to 10) *").fill("3")
    page.get_by_label("Leg pain (0 to 10) *").fill("16")  # out of range: refused by name
    _shot(page, "form-02-phone-symptoms")
    page.get_by_role("button", name="Assess and create the plan").click()
    page.wait_for_selector("#problems")
    # The section with the error opens first, the error beside its field.
    assert _visible_sections(page) == ["section-symptoms"]
    assert page.locator("#f-symptoms-leg_pain_nrs-err").is_visible()
    _shot(page, "form-03-phone-error-beside-field")


def test_without_the_script_every_section_shows(world, live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    _login(page, live_server.url, "tess")
    page.goto(live_server.url + f"/patients/{world.patient_a.pk}/assess/")
    assert len(_visible_sections(page)) == 10
    context.close()


def test_the_picker_finds_by_alias_and_position_and_adds(world, live_server, page):
    _login(page, live_server.url, "tess")
    page.goto(live_server.url + f"/patients/{world.patient_a.pk}/program/")
    page.get_by_label("Search by name").fill("superman")
    page.get_by_role("button", name="Find").click()
    page.wait_for_url("**q=superman**")
    cards = page.locator("li.pick")
    assert cards.count() >= 1 and cards.first.locator("svg").count() == 1
    _shot(page, "picker-01-search-alias")
    page.get_by_label("Search by name").fill("")
    page.get_by_label("Position", exact=True).select_option(label="Lying face down")
    page.get_by_role("button", name="Find").click()
    page.wait_for_url("**position=prone**")
    _shot(page, "picker-02-filter-position")
    first = page.locator("li.pick").first
    item_id = first.get_attribute("id").removeprefix("pick-")
    first.get_by_label("Reason", exact=False).fill("Tolerates lying face down well")
    first.get_by_role("button", name="Add").click()
    page.wait_for_url("**/program/")
    assert ProgramItem.objects.filter(program__patient=world.patient_a, item_id=item_id).exists()


def test_the_charts_show_the_band_and_each_psfs_activity(world, live_server, page):
    doc = assessment_doc()
    doc["outcomes"] = {
        "psfs": [
            {"activity": "Sitting through a film", "score": 3},
            {"activity": "Walking the dog", "score": 5},
            {"activity": "Gardening", "score": 2},
        ],
        "odi_percent": 44,
    }
    assessments.record(None, world.therapist, world.patient_a, doc, TODAY)
    _login(page, live_server.url, "tess")
    page.goto(live_server.url + f"/patients/{world.patient_a.pk}/")
    for index, score in enumerate(("6", "7", "4")):
        page.locator(f"#psfs-{index}").fill(score)
    page.get_by_role("button", name="Record activity scores").click()
    page.wait_for_url(f"**/patients/{world.patient_a.pk}/")
    assert PsfsActivityScore.objects.filter(patient=world.patient_a).count() == 3
    assert page.locator("rect.mic-band").count() >= 2
    assert page.get_by_text("Walking the dog: now 7").is_visible()
    page.locator("#outcomes-h").scroll_into_view_if_needed()
    page.locator("section[aria-labelledby=outcomes-h]").screenshot(
        path=str(_artifact("charts-01-band-and-psfs-activities.png"))
    )


def _artifact(name: str):
    from tests.clinic.test_browser_journeys import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name

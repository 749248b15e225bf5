"""Every main page checked by axe-core (WCAG 2.0 to 2.2, A and AA rules) in Debian's chromium;
the patient's pages at a phone's size, as patients use them."""

from __future__ import annotations

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.clinic.clinic_exercise_fixtures import held_exercise
from tests.clinic.test_browser_journeys import PHONE, _login, walk
from tests.clinic.test_browser_questionnaires import schedule_usual

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WCAG = {"runOnly": {"type": "tag", "values": RULES}}
AXE = Axe()


def _violations(page) -> list[str]:
    results = AXE.run(page, options=WCAG).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
    ]


def _pages(world) -> dict[str, list[str]]:
    a = world.patient_a
    assessment = a.assessments.first()
    schedule_usual(world)  # questionnaires due: their lists and forms are shown
    own = held_exercise(world)  # a clinic's own exercise with a photo, on patient A's Today
    return {
        "tess": [
            "/patients/",
            "/patients/new/",
            f"/patients/{a.pk}/",
            f"/patients/{a.pk}/assess/",
            f"/patients/{a.pk}/assessments/{assessment.pk}/",
            f"/patients/{a.pk}/program/",
            f"/patients/{a.pk}/discharge/",
            f"/patients/{a.pk}/program/?q=press&position=prone",
            f"/patients/{a.pk}/contact/",
            f"/patients/{a.pk}/questionnaires/",
            "/education/",
            "/account/password/",
            "/messages/inbox/",
            f"/messages/patients/{a.pk}/",
            "/exercises/",
            "/exercises/new/",
            f"/exercises/{own.pk}/",
            f"/patients/{a.pk}/program/?grade=clinic_own",
        ],
        "ada": ["/audit/", "/staff/", "/staff/tokens/", "/exercises/"],
        "pat-a": [
            "/me/",
            "/me/checkin/",
            f"/me/checkin/{a.checkins.first().pk}/",
            "/me/progress/",
            "/me/questionnaires/",
            "/me/questionnaires/psfs/",
            "/notifications/",
            "/me/reminders/",
            "/education/",
            "/education/staying-active/",
            "/act-now/",
            "/messages/",
        ],
    }


@pytest.mark.parametrize("who", ["anonymous", "tess", "ada", "pat-a"])
def test_main_pages_have_no_wcag_violations(world, live_server, page, who):
    assert walk(page, live_server.url, who, _pages(world), _violations) == {}


def test_the_patients_pages_after_discharge_and_an_alert_have_no_wcag_violations(
    world, live_server, page
):
    """The maintenance program, the maintenance log, the check-in with every warning question
    open, and act-now after an alert, at a phone's size."""
    from sciatica_pt.clinic.services import checkins, patients
    from tests.clinic.conftest import TODAY, checkin_doc

    page.set_viewport_size(PHONE)
    _login(page, live_server.url, "pat-a")
    page.wait_for_load_state()
    page.goto(live_server.url + "/me/checkin/")
    page.get_by_role("radio", name="Yes, one or more").check()
    found = {"checkin-open": _violations(page)}
    checkins.log(None, world.patient_a_user, checkin_doc(both_legs=True), TODAY)
    patients.discharge(None, world.therapist, world.patient_a, TODAY)
    for url in ("/me/", "/me/checkin/", "/education/", "/act-now/"):
        page.goto(live_server.url + url)
        found[url] = _violations(page)
    assert {url: v for url, v in found.items() if v} == {}


def test_the_check_finds_a_violation_when_there_is_one(world, live_server, page):
    """The scan really runs under the pages' Content-Security-Policy: an unlabelled input
    added to a clean page is reported."""
    page.goto(live_server.url + "/login/")
    assert _violations(page) == []
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    assert any(v.startswith("label (critical)") for v in _violations(page))

"""Messages in Debian's chromium (playwright): the patient writes on a phone, the therapist
replies with an exercise attached, the patient reads it with its drawing and steps; a warning
sign in a message leads to the act-now page; the filled threads pass axe and show no raw code.
"""

from __future__ import annotations

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from sciatica_pt.clinic.models import Alert
from sciatica_pt.messaging import services
from tests.clinic.conftest import TODAY
from tests.clinic.test_accessibility import WCAG
from tests.clinic.test_browser_journeys import PHONE, _login, _shot
from tests.clinic.test_browser_raw_codes import _codes_on
from tests.messaging.conftest import EXERCISE, TOPIC

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _logout(page):
    page.get_by_role("button", name="Log out").click()


def test_a_patient_writes_the_therapist_replies_with_an_exercise_and_the_patient_reads_it(
    world, live_server, page
):
    base = live_server.url
    page.set_viewport_size(PHONE)
    _login(page, base, "pat-a")
    page.get_by_role("link", name="Messages").click()
    page.get_by_label("Your message").fill("Is there an exercise for the morning stiffness?")
    page.get_by_role("button", name="Send").click()
    assert page.get_by_text("Your message was sent.").is_visible()
    assert page.get_by_text("Is there an exercise for the morning stiffness?").is_visible()
    _logout(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    _login(page, base, "tess")
    assert page.get_by_role("link", name="1 unread message from patients").is_visible()
    page.goto(f"{base}/patients/{world.patient_a.pk}/")
    page.get_by_role("link", name="Messages (1 unread)").click()
    assert page.get_by_text("Is there an exercise for the morning stiffness?").is_visible()
    page.get_by_label("Message to the patient").fill("Yes: try this each morning.")
    page.get_by_label("Attach an exercise").select_option(
        label="Posterior pelvic tilt in crook lying"
    )
    page.get_by_role("button", name="Send").click()
    assert page.get_by_text("Message sent.").is_visible()
    _logout(page)

    page.set_viewport_size(PHONE)
    _login(page, base, "pat-a")
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Messages 1 unread").is_visible()
    nav.get_by_role("link", name="Messages 1 unread").click()
    reply = page.locator(".thread li.theirs")
    assert "Yes: try this each morning." in reply.inner_text()
    assert reply.get_by_role("heading", name="Posterior pelvic tilt in crook lying").is_visible()
    assert reply.locator(".drawing svg").count() == 1
    reply.get_by_text("How to do it").click()
    assert reply.locator("details.steps ol li").first.is_visible()
    _shot(page, "messages-patient-reads-reply")
    assert (
        page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    )  # no sideways scroll


def test_a_warning_sign_in_a_message_shows_the_act_now_page_saying_the_therapist_was_alerted(
    world, live_server, page
):
    page.set_viewport_size(PHONE)
    _login(page, live_server.url, "pat-a")
    page.goto(live_server.url + "/messages/")
    page.get_by_label("Your message").fill("Since this morning I wet myself and my foot slaps.")
    page.get_by_role("button", name="Send").click()
    assert page.url.endswith("/act-now/")
    assert page.get_by_role("heading", name="Get urgent medical help now").is_visible()
    assert page.get_by_text("Your therapist has been alerted.").is_visible()
    assert Alert.objects.filter(patient=world.patient_a, severity="critical").count() == 1


def _filled(world):
    a, b = world.patient_a, world.patient_b
    services.send_from_patient(None, world.patient_a_user, "Quick question", TODAY)
    services.send_from_clinic(None, world.therapist, a, "Try this", EXERCISE, TOPIC)
    services.send_from_patient(None, world.patient_b_user, "I wet myself", TODAY)
    return {
        "tess": ["/messages/inbox/", f"/messages/patients/{a.pk}/", f"/messages/patients/{b.pk}/"],
        "pat-a": ["/messages/"],
        "pat-b": ["/messages/"],
    }


@pytest.mark.parametrize("who", ["tess", "pat-a", "pat-b"])
def test_filled_threads_show_no_raw_code_and_pass_axe(world, live_server, page, who):
    pages = _filled(world)
    if who.startswith("pat"):
        page.set_viewport_size(PHONE)
    _login(page, live_server.url, who)
    found = {}
    for url in pages[who]:
        assert page.goto(live_server.url + url).status == 200
        violations = Axe().run(page, options=WCAG).response["violations"]
        problems = sorted(_codes_on(page)) + [v["id"] for v in violations]
        if problems:
            found[url] = problems
    assert found == {}

"""The invited patient's first visit in Debian's chromium: the therapist invites by e-mail,
the mail arrives at a real SMTP server on loopback, the patient opens its link on a phone,
chooses a password, logs a first session, chooses a reminder time, and the reminder mail
comes at that time."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from sciatica_pt.clinic.models import CheckIn, Patient
from sciatica_pt.clinic.services import assessments
from sciatica_pt.notify import reminders
from tests.clinic.conftest import TODAY, assessment_doc
from tests.clinic.smtp_server import body, running_inbox
from tests.clinic.test_browser_journeys import fill_typical_day
from tests.clinic.test_mail import at, link_in, path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's loop + the live server
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def smtp_inbox(settings):
    yield from running_inbox(settings)


def test_invitation_mail_password_first_checkin_and_reminder(
    world, live_server, page, browser, smtp_inbox
):
    patient = Patient.objects.create(
        clinic=world.clinic, therapist=world.therapist.membership, display_name="Ines Invited"
    )
    assessments.record(None, world.therapist, patient, assessment_doc(), TODAY)
    base = live_server.url
    page.goto(base + "/login/")
    page.get_by_label("Username", exact=True).fill("tess")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/patients/")
    page.goto(base + f"/patients/{patient.pk}/")
    page.get_by_label("Patient's e-mail").fill("ines@example.org")
    page.get_by_role("button", name="Invite by e-mail").click()
    page.get_by_text("Invitation sent").wait_for()

    [mail] = smtp_inbox.to("ines@example.org")
    phone = browser.new_context(viewport=PHONE).new_page()
    phone.goto(base + path_of(link_in(mail)))
    phone.get_by_role("heading", name="Choose your password").wait_for()
    phone.get_by_label("New password", exact=True).fill("my-own-long-password-3")
    phone.get_by_label("New password again").fill("my-own-long-password-3")
    phone.get_by_role("button", name="Save password").click()
    phone.wait_for_url("**/me/")

    phone.get_by_role("link", name="Log today's session").click()
    fill_typical_day(phone)
    phone.get_by_role("button", name="Save").click()
    phone.get_by_role("heading", name="Saved. Well done.").wait_for()
    assert CheckIn.objects.filter(patient=patient).count() == 1

    phone.get_by_role("link", name="Reminders").click()
    phone.get_by_label("Remind me once a day at").fill("07:30")  # in the quiet hours: refused
    phone.get_by_role("button", name="Save").click()
    phone.get_by_text("reminder_time: 07:30 is in the quiet hours").wait_for()
    phone.get_by_label("Remind me once a day at").fill("19:15")
    phone.get_by_role("button", name="Save").click()
    phone.get_by_text("Reminder time saved").wait_for()

    tomorrow = TODAY + dt.timedelta(days=1)
    assert reminders.send_due_reminders(at(19, 14, tomorrow)) == 0
    assert reminders.send_due_reminders(at(19, 15, tomorrow)) == 1
    reminder = smtp_inbox.to("ines@example.org")[-1]
    assert "home exercises" in body(reminder)
    phone.goto(base + "/notifications/")
    assert phone.get_by_role("link", name="Time for your home exercises").is_visible()
    phone.locator("li.unread").get_by_role("button", name="Mark read").click()
    phone.locator("li.read").get_by_role("link", name="Time for your home exercises").wait_for()
    assert phone.locator("li.unread").count() == 0

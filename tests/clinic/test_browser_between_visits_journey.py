"""Between visits, end to end in Debian's chromium (issue 21's journey): the therapist invites
a new patient by e-mail on the page, the invitation arrives at a real SMTP server on loopback,
the patient opens its link on a phone and sets a password, logs a first session, answers the
questionnaire the therapist scheduled, writes a message; the therapist sees the unread count
and replies with an exercise attached, the patient reads it; the patient picks a reminder time
and the reminder mail comes at that time (the reminder job run for a given "now", never a
sleep). What users see is asserted: words on the pages and in the mails, which never carry a
clinical detail. Screenshots go to test-artifacts/."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest

from sciatica_pt.clinic.models import Patient
from sciatica_pt.clinic.services import assessments
from sciatica_pt.notify import reminders
from tests.clinic.conftest import TODAY, assessment_doc
from tests.clinic.smtp_server import body, running_inbox
from tests.clinic.test_browser_journeys import PHONE, _login, _shot, answer, fill_typical_day
from tests.clinic.test_mail import at, link_in, path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's loop + the live server
DESK = {"width": 1280, "height": 900}
PATIENT_MAIL = "ines@example.org"
THERAPIST_MAIL = "tess@clinic-a.example.org"
QUESTION = "My leg is stiff in the morning, what can I do?"
REPLY = "Try this one slowly before you get up."
EXERCISE = "Posterior pelvic tilt in crook lying"
ACTIVITY = "Walking the dog"
# Words the journey typed or showed that are clinical: none may be in any mail.
CLINICAL = (QUESTION, REPLY, EXERCISE, ACTIVITY, "pain", "leg", "classification", "PSFS")


@pytest.fixture
def smtp_inbox(settings):
    yield from running_inbox(settings)


@pytest.fixture
def clinic_today(monkeypatch):
    """The clinic's today is the program's first day, on every page the journey opens (the
    live server's thread reads the same modules)."""
    for module in (
        "sciatica_pt.clinic.views.patient",
        "sciatica_pt.clinic.views.staff",
        "sciatica_pt.clinic.views.questionnaires",
        "sciatica_pt.messaging.views",
        "sciatica_pt.notify.views",
    ):
        monkeypatch.setattr(f"{module}.today", lambda: TODAY)


def no_clinical_detail(mail) -> None:
    text = f"{mail['Subject']}\n{body(mail)}".lower()
    assert [w for w in CLINICAL if w.lower() in text] == []


def test_from_the_invitation_to_the_reminder_at_the_chosen_time(
    world, live_server, page, browser, smtp_inbox, clinic_today
):
    base = live_server.url
    world.therapist.email = THERAPIST_MAIL
    world.therapist.save()
    ines = Patient.objects.create(
        clinic=world.clinic, therapist=world.therapist.membership, display_name="Ines Invited"
    )
    assessments.record(None, world.therapist, ines, assessment_doc(), TODAY)

    # The therapist invites her and schedules her questionnaires (the clinic's usual ones).
    page.set_viewport_size(DESK)
    _login(page, base, "tess")
    page.wait_for_url("**/patients/")
    page.goto(f"{base}/patients/{ines.pk}/")
    page.get_by_label("Patient's e-mail").fill(PATIENT_MAIL)
    page.get_by_role("button", name="Invite by e-mail").click()
    page.get_by_text("Invitation sent").wait_for()
    _shot(page, "between-visits-01-therapist-invites")
    page.get_by_role("link", name="Schedule, enter and see questionnaires").click()
    page.get_by_text("Nothing is scheduled yet").wait_for()
    page.get_by_role("button", name="Save the schedule").click()
    page.get_by_text("Questionnaire schedule saved").wait_for()
    assert page.get_by_text("Nothing is scheduled yet").count() == 0
    due = page.locator("section[aria-labelledby=due-h]").inner_text()
    assert "Patient-Specific Functional Scale" in due
    _shot(page, "between-visits-02-therapist-schedules")

    [invitation] = smtp_inbox.to(PATIENT_MAIL)
    assert "Clinic A" in invitation["Subject"]
    assert f"Your username is: {PATIENT_MAIL}" in body(invitation)
    no_clinical_detail(invitation)

    # On her phone: the invitation's link, her own password, straight to Today.
    phone = browser.new_context(viewport=PHONE).new_page()
    phone.goto(base + path_of(link_in(invitation)))
    phone.get_by_role("heading", name="Choose your password").wait_for()
    phone.get_by_label("New password", exact=True).fill("ines-own-long-password-5")
    phone.get_by_label("New password again").fill("ines-own-long-password-5")
    _shot(phone, "between-visits-03-patient-sets-password")
    phone.get_by_role("button", name="Save password").click()
    phone.wait_for_url("**/me/")
    _shot(phone, "between-visits-04-patient-today")

    # Her first session.
    phone.get_by_role("link", name="Log today's session").click()
    fill_typical_day(phone)
    phone.get_by_role("button", name="Save").click()
    phone.get_by_role("heading", name="Saved. Well done.").wait_for()
    _shot(phone, "between-visits-05-first-checkin-saved")

    # The questionnaire her therapist scheduled: her everyday activities.
    phone.goto(base + "/me/")
    phone.get_by_role("link", name="Answer the questions").click()
    phone.get_by_role("link", name=re.compile("Answer now for everyday activities")).click()
    phone.get_by_label("What is it?").first.fill(ACTIVITY)
    answer(phone, "Activity 1", "5")
    _shot(phone, "between-visits-06-questionnaire")
    phone.get_by_role("button", name="Save my answers").click()
    phone.wait_for_url("**/me/questionnaires/")
    phone.get_by_text("your answers are saved").wait_for()
    assert phone.get_by_text("Nothing to fill in today").is_visible()

    # She writes to her therapist.
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Messages").click()
    phone.get_by_label("Your message").fill(QUESTION)
    phone.get_by_role("button", name="Send").click()
    phone.get_by_text("Your message was sent.").wait_for()
    _shot(phone, "between-visits-07-patient-writes")
    [notice] = smtp_inbox.to(THERAPIST_MAIL)
    assert "Ines Invited has sent a new message" in body(notice)
    no_clinical_detail(notice)

    # The therapist sees the unread count and replies with an exercise.
    page.goto(f"{base}/patients/")
    page.get_by_role("link", name="1 unread message from patients").wait_for()
    page.goto(f"{base}/patients/{ines.pk}/")
    page.get_by_role("link", name="Messages (1 unread)").click()
    page.get_by_text(QUESTION).wait_for()
    page.get_by_label("Message to the patient").fill(REPLY)
    page.get_by_label("Attach an exercise").select_option(label=EXERCISE)
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Message sent.").wait_for()
    _shot(page, "between-visits-08-therapist-replies")
    [reply_notice] = [m for m in smtp_inbox.to(PATIENT_MAIL) if m is not invitation]
    assert "Your physiotherapy clinic has sent you a new message" in body(reply_notice)
    no_clinical_detail(reply_notice)

    # She reads the reply, with the exercise's drawing.
    phone.goto(base + "/me/")
    nav = phone.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Messages 1 unread").click()
    reply = phone.locator(".thread li.theirs")
    assert REPLY in reply.inner_text()
    assert reply.get_by_role("heading", name=EXERCISE).is_visible()
    assert reply.locator(".drawing svg").count() == 1
    _shot(phone, "between-visits-09-patient-reads-reply")

    # She chooses her reminder time; the mail comes at that time the next day, not before.
    phone.get_by_role("link", name="Reminders").click()
    phone.get_by_label("Remind me once a day at").fill("19:15")
    phone.get_by_role("button", name="Save").click()
    phone.get_by_text("Reminder time saved").wait_for()
    _shot(phone, "between-visits-10-reminder-time")
    phone.goto(base + "/me/")  # one time: Today shows it too (the calendar alarm's)
    assert phone.get_by_label("Remind me once a day at").input_value() == "19:15"
    tomorrow = TODAY + dt.timedelta(days=1)
    mails_before = len(smtp_inbox.to(PATIENT_MAIL))
    assert reminders.send_due_reminders(at(19, 14, tomorrow)) == 0
    assert len(smtp_inbox.to(PATIENT_MAIL)) == mails_before
    assert reminders.send_due_reminders(at(19, 15, tomorrow)) == 1
    reminder = smtp_inbox.to(PATIENT_MAIL)[-1]
    assert "Time for your home exercises" in body(reminder)
    assert "To stop these reminders with one click" in body(reminder)
    no_clinical_detail(reminder)

    # The reminder's link opens her program.
    phone.goto(base + path_of(link_in(reminder)))
    phone.wait_for_url("**/me/")
    assert phone.get_by_role("link", name="Log today's session").is_visible()
    _shot(phone, "between-visits-11-reminder-opens-today")

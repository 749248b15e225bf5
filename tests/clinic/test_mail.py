"""Between visits (issue 21): invitations, password reset, the critical-alert mail,
reminders and notifications, with mail going over SMTP to a real server on loopback."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from sciatica_pt.clinic.models import Patient
from sciatica_pt.clinic.services import checkins
from sciatica_pt.notify import reminders
from sciatica_pt.notify.models import Notification, ReminderSettings, SentReminder
from tests.clinic.conftest import TODAY, checkin_doc
from tests.clinic.smtp_server import body, running_inbox

LINK = re.compile(r"https?://\S+")


@pytest.fixture
def smtp_inbox(settings):
    yield from running_inbox(settings)


def link_in(message) -> str:
    return LINK.findall(body(message))[0]


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def new_patient(world, name="Nina New") -> Patient:
    return Patient.objects.create(
        clinic=world.clinic, therapist=world.therapist.membership, display_name=name
    )


# --- invitations ------------------------------------------------------------------------


def accept(client, url: str, password: str = "a-long-new-password-7"):
    first = client.get(path_of(url))  # Django moves the token into the session
    assert first.status_code == 302
    return client.post(
        first.url, {"new_password1": password, "new_password2": password}, follow=False
    )


def test_an_invited_patient_sets_their_own_password_once(
    world, smtp_inbox, client, django_capture_on_commit_callbacks
):
    patient = new_patient(world)
    staff = world.client("therapist")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"/patients/{patient.pk}/invite/", {"email": " Nina@Example.org "})
    assert response.status_code == 302
    [mail] = smtp_inbox.to("nina@example.org")
    assert "Clinic A" in mail["Subject"]
    assert "nina@example.org" in body(mail)  # the username: the address
    url = link_in(mail)

    done = accept(client, url)
    assert done.status_code == 302 and done.url == "/"  # logged in, on to the portal
    assert client.get("/").url == "/me/"
    patient.refresh_from_db()
    assert patient.user.check_password("a-long-new-password-7")

    again = world.client("anonymous").get(path_of(url), follow=True)
    assert b"already been used or has expired" in again.content


def test_an_expired_invitation_link_does_not_work(
    world, smtp_inbox, settings, client, django_capture_on_commit_callbacks
):
    patient = new_patient(world)
    with django_capture_on_commit_callbacks(execute=True):
        world.client("therapist").post(f"/patients/{patient.pk}/invite/", {"email": "e@x.org"})
    settings.PASSWORD_RESET_TIMEOUT = -1  # every token is now older than the limit
    page = client.get(path_of(link_in(smtp_inbox.to("e@x.org")[0])), follow=True)
    assert b"already been used or has expired" in page.content
    patient.refresh_from_db()
    assert not patient.user.has_usable_password()


@pytest.mark.parametrize(
    ("email", "problem"),
    [
        ("not-an-address", "email: 'not-an-address' is not an e-mail address"),
        ("", "email: '' is not an e-mail address"),
    ],
)
def test_a_bad_address_is_refused_naming_the_field(world, smtp_inbox, email, problem):
    patient = new_patient(world)
    page = world.client("therapist").post(
        f"/patients/{patient.pk}/invite/", {"email": email}, follow=True
    )
    assert problem in page.content.decode().replace("&#x27;", "'")
    patient.refresh_from_db()
    assert patient.user is None and not smtp_inbox.messages


def test_an_address_of_another_login_is_refused(world, smtp_inbox):
    world.therapist.email = "tess@example.org"
    world.therapist.save()
    patient = new_patient(world)
    page = world.client("therapist").post(
        f"/patients/{patient.pk}/invite/", {"email": "TESS@example.org"}, follow=True
    )
    assert b"already belongs to another login" in page.content
    assert not smtp_inbox.messages


def test_a_patient_with_a_password_is_not_invited_again(world, smtp_inbox):
    page = world.client("therapist").post(
        f"/patients/{world.patient_a.pk}/invite/", {"email": "a@example.org"}, follow=True
    )
    assert b"already has a login" in page.content
    assert not smtp_inbox.messages


def test_the_admin_invites_staff_who_set_their_password(
    world, smtp_inbox, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world.client("admin").post("/staff/invite/", {"email": "new@clinic.org", "name": "Nell T"})
    [mail] = smtp_inbox.to("new@clinic.org")
    assert accept(client, link_in(mail)).status_code == 302
    assert client.get("/").url == "/patients/"  # a therapist of clinic A
    user = get_user_model().objects.get(username="new@clinic.org")
    assert user.membership.clinic == world.clinic and user.first_name == "Nell"


# --- password reset ---------------------------------------------------------------------


def test_password_reset_gives_the_same_answer_whether_or_not_the_address_exists(
    world, smtp_inbox, client
):
    world.patient_a_user.email = "zelda@example.org"
    world.patient_a_user.save()
    known = client.post("/account/reset/", {"email": "zelda@example.org"})
    unknown = client.post("/account/reset/", {"email": "nobody@example.org"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert client.get(known.url).content == client.get(unknown.url).content
    assert len(smtp_inbox.messages) == 1  # only the real login got a mail

    url = link_in(smtp_inbox.to("zelda@example.org")[0])
    assert url.startswith("http://testserver/account/reset/")
    first = client.get(path_of(url))
    done = client.post(
        first.url, {"new_password1": "fresh-long-pass-9", "new_password2": "fresh-long-pass-9"}
    )
    assert done.url == "/account/reset/done/"
    world.patient_a_user.refresh_from_db()
    assert world.patient_a_user.check_password("fresh-long-pass-9")
    assert b"already been used" in client.get(path_of(url), follow=True).content


# --- the critical alert ----------------------------------------------------------------


def test_a_warning_sign_mails_the_therapist_at_once_without_clinical_detail(
    world, smtp_inbox, django_capture_on_commit_callbacks
):
    world.therapist.email = "tess@example.org"
    world.therapist.save()
    with django_capture_on_commit_callbacks(execute=True):
        checkins.log(None, world.patient_a_user, checkin_doc(saddle_numbness=True), TODAY)
    [mail] = smtp_inbox.to("tess@example.org")
    text = (mail["Subject"] + body(mail)).lower()
    assert "zelda quixote-umber" in text
    assert path_of(link_in(mail)) == f"/patients/{world.patient_a.pk}/"
    for clinical in ("saddle", "numb", "bladder", "bowel", "cauda", "emergency", "sexual"):
        assert clinical not in text
    note = Notification.objects.get(user=world.therapist, kind="alert")
    assert note.link == f"/patients/{world.patient_a.pk}/"
    assert not Notification.objects.filter(user=world.therapist2).exists()  # not his patient


def test_a_lesser_alert_sends_no_mail(world, smtp_inbox, django_capture_on_commit_callbacks):
    world.therapist.email = "tess@example.org"
    world.therapist.save()
    with django_capture_on_commit_callbacks(execute=True):
        _, raised = checkins.log(
            None, world.patient_a_user, checkin_doc(leg_symptoms="peripheralized"), TODAY
        )
    assert raised and all(a.severity != "critical" for a in raised)
    assert not smtp_inbox.messages


# --- reminders ---------------------------------------------------------------------------


def at(hour: int, minute: int = 0, day: dt.date = TODAY) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def reminded(world):
    user = world.patient_b_user
    user.email = "bruno@example.org"
    user.save()
    reminders.choose(None, user, True, "09:30")
    return world.patient_b


def test_a_reminder_comes_at_the_chosen_time_once_a_day(world, smtp_inbox, reminded):
    assert reminders.send_due_reminders(at(9, 29)) == 0
    assert reminders.send_due_reminders(at(9, 30)) == 1
    assert reminders.send_due_reminders(at(12, 0)) == 0  # once a day
    [mail] = smtp_inbox.to("bruno@example.org")
    assert "home exercises" in body(mail)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert reminders.send_due_reminders(at(9, 30, TODAY + dt.timedelta(days=1))) == 1
    assert (
        Notification.objects.filter(user=world.patient_b_user, kind="reminder.program").count() == 2
    )


def test_no_reminder_in_quiet_hours_and_no_quiet_time_can_be_chosen(
    world, smtp_inbox, reminded, settings
):
    settings.SCIATICA_PT_QUIET_HOURS = "09:00-10:00"
    assert reminders.send_due_reminders(at(9, 45)) == 0
    settings.SCIATICA_PT_QUIET_HOURS = "21:00-08:00"
    for late in ("22:15", "03:00"):
        page = world.client("patient_b_user").post(
            "/me/reminders/", {"enabled": "on", "reminder_time": late}, follow=True
        )
        assert f"reminder_time: {late} is in the quiet hours" in page.content.decode()
    assert Patient.objects.get(pk=reminded.pk).reminder_time == dt.time(9, 30)
    assert not smtp_inbox.messages


def test_no_reminder_after_todays_session_or_without_a_choice(world, smtp_inbox, reminded):
    Patient.objects.filter(pk=reminded.pk).update(last_checkin_on=TODAY)
    assert reminders.send_due_reminders(at(18)) == 0
    # patient A chose nothing: never reminded
    world.patient_a_user.email = "zelda@example.org"
    world.patient_a_user.save()
    assert reminders.send_due_reminders(at(18, day=TODAY + dt.timedelta(days=1))) == 1
    assert not smtp_inbox.to("zelda@example.org")


def test_one_click_unsubscribe_needs_no_login_and_a_forged_link_does_nothing(
    world, smtp_inbox, reminded
):
    reminders.send_due_reminders(at(10))
    stop = path_of(re.search(r"<(\S+)>", smtp_inbox.messages[0]["List-Unsubscribe"]).group(1))
    anonymous = world.client("anonymous")
    assert anonymous.get(stop).status_code == 200  # a scanner's GET changes nothing
    assert ReminderSettings.objects.get(patient=reminded).enabled
    forged = stop.replace("/stop/", "/stop/x")
    assert anonymous.post(forged).status_code == 404
    assert anonymous.post(stop).status_code == 200  # the mail client's one-click POST
    assert not ReminderSettings.objects.get(patient=reminded).enabled
    assert reminders.send_due_reminders(at(10, day=TODAY + dt.timedelta(days=1))) == 0


def test_the_questionnaire_hook_sends_its_own_reminder(world, smtp_inbox, reminded, monkeypatch):
    monkeypatch.setattr(reminders, "questionnaire_sources", [lambda patient, day: ["ODI"]])
    assert reminders.send_due_reminders(at(10)) == 2
    kinds = set(SentReminder.objects.filter(patient=reminded).values_list("kind", flat=True))
    assert kinds == {"program", "questionnaire"}


def test_a_failed_send_is_retried_on_the_next_run(world, reminded, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens: refused
    settings.EMAIL_TIMEOUT = 2
    assert reminders.send_due_reminders(at(10)) == 0
    assert not SentReminder.objects.exists()


# --- notifications -----------------------------------------------------------------------


def test_notifications_are_ones_own_and_are_marked_read(world, reminded):
    reminders.send_due_reminders(at(10))
    mine = Notification.objects.get(user=world.patient_b_user)
    other = world.client("patient_a_user")
    assert b"home exercises" not in other.get("/notifications/").content
    other.post("/notifications/read/", {"id": mine.pk})
    mine.refresh_from_db()
    assert mine.read_at is None
    client = world.client("patient_b_user")
    page = client.get("/notifications/").content.decode()
    assert "home exercises" in page
    assert '<span class="badge">1<span class="visually-hidden"> new' in page  # in the nav
    client.post("/notifications/read/", {"id": mine.pk})
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert 'class="badge"' not in client.get("/notifications/").content.decode()
    api = client.get("/api/notifications").json()
    assert [n["read"] for n in api] == [True]


def test_the_reset_link_uses_the_configured_base_url(world, smtp_inbox, client, settings):
    settings.SCIATICA_PT_APP_BASE_URL = "https://pt.example.org/"
    world.patient_a_user.email = "zelda@example.org"
    world.patient_a_user.save()
    client.post("/account/reset/", {"email": "zelda@example.org"})  # Host: testserver
    assert link_in(smtp_inbox.messages[0]).startswith("https://pt.example.org/account/reset/")

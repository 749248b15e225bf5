"""One daily reminder time per patient, chosen on Today or under Reminders (one service, one
check), followed by both the reminder e-mail (over SMTP to a real server on loopback) and the
calendar file's alarm; and the migration that made the two times one."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from icalendar import Calendar

from sciatica_pt.clinic.models import Patient
from sciatica_pt.notify import reminders
from sciatica_pt.notify.models import Notification, ReminderSettings
from tests.clinic.conftest import TODAY
from tests.clinic.smtp_server import body, running_inbox

TOMORROW = TODAY + dt.timedelta(days=1)
TODAY_FORM = ("/me/", "/me/reminder/")  # the page that shows the field, where it posts
REMINDERS_FORM = ("/me/reminders/", "/me/reminders/")
FORMS = pytest.mark.parametrize("form", [TODAY_FORM, REMINDERS_FORM], ids=["today", "reminders"])


@pytest.fixture
def smtp_inbox(settings):
    yield from running_inbox(settings)


@pytest.fixture
def bruno(world):
    """Patient B, with an address and reminder e-mails on at 19:00."""
    world.patient_b_user.email = "bruno@example.org"
    world.patient_b_user.save()
    reminders.choose(None, world.patient_b_user, True, "19:00")
    return world.client("patient_b_user")


def at(hour: int, minute: int, day: dt.date = TOMORROW) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def save(client, form, raw: str):
    data = {"reminder_time": raw}
    if form == REMINDERS_FORM:
        data["enabled"] = "on"
    return client.post(form[1], data, follow=True)


def shown(client, page: str) -> str:
    html = client.get(page).content.decode()
    return re.search(r'id="reminder_time"[^>]*value="([^"]*)"', html).group(1)


def alarm_time(world, client) -> dt.time:
    response = client.get(f"/patients/{world.patient_b.pk}/program.ics")
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    (alarmed,) = [e for e in events if e.walk("VALARM")]
    return alarmed.decoded("DTSTART").time()


@FORMS
def test_one_time_set_on_either_page_shows_on_both_and_drives_mail_and_calendar(
    world, smtp_inbox, bruno, form
):
    assert shown(bruno, "/me/") == shown(bruno, "/me/reminders/") == "19:00"
    page = save(bruno, form, "09:45").content.decode()
    assert "Your daily reminder is at 09:45" in page
    assert shown(bruno, "/me/") == shown(bruno, "/me/reminders/") == "09:45"
    assert alarm_time(world, bruno) == dt.time(9, 45)

    assert reminders.send_due_reminders(at(9, 44)) == 0
    assert not smtp_inbox.to("bruno@example.org")
    assert reminders.send_due_reminders(at(9, 45)) == 1
    [mail] = smtp_inbox.to("bruno@example.org")
    assert "Time for your home exercises" in body(mail)
    assert ReminderSettings.objects.get(patient=world.patient_b).enabled  # Today kept it on


def test_today_does_not_turn_e_mails_on_and_the_api_shows_the_same_time(world, smtp_inbox, bruno):
    bruno.post("/me/reminders/", {"reminder_time": "19:00"})  # the box unticked: e-mails off
    save(bruno, TODAY_FORM, "10:15")
    assert bruno.get("/api/me/reminders").json() == {"enabled": False, "at": "10:15"}
    assert reminders.send_due_reminders(at(10, 30)) == 0
    assert alarm_time(world, bruno) == dt.time(10, 15)


def test_without_a_choice_the_mail_and_the_alarm_come_at_18(world, smtp_inbox, bruno):
    Patient.objects.filter(pk=world.patient_b.pk).update(reminder_time=None)
    assert shown(bruno, "/me/") == shown(bruno, "/me/reminders/") == "18:00"
    assert alarm_time(world, bruno) == dt.time(18, 0)
    assert reminders.send_due_reminders(at(17, 59)) == 0
    assert reminders.send_due_reminders(at(18, 0)) == 1


@FORMS
@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("", "is not a time of day such as 18:00"),
        ("25:00", "is not a time of day such as 18:00"),
        ("noon", "is not a time of day such as 18:00"),
        ("07:45:00.5", "is not a time of day such as 18:00"),
        ("09:30+02:00", "is not a time of day such as 18:00"),
        ("07:30", "07:30 is in the quiet hours (21:00 to 08:00)"),
        ("21:00", "21:00 is in the quiet hours (21:00 to 08:00)"),
    ],
)
def test_a_bad_time_is_refused_on_both_pages_naming_the_field(world, bruno, form, raw, why):
    page = save(bruno, form, raw).content.decode()
    assert "reminder_time: " in page and why in page
    if "quiet" in why:
        assert "choose a time from 08:00 to 20:59" in page
    assert Patient.objects.get(pk=world.patient_b.pk).reminder_time == dt.time(19, 0)
    assert ReminderSettings.objects.get(patient=world.patient_b).enabled


def test_the_api_refuses_a_quiet_time_naming_its_own_field(world, bruno):
    response = bruno.post(
        "/api/me/reminders", {"enabled": True, "at": "23:30"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "at: 23:30 is in the quiet hours" in response.content.decode()
    assert Patient.objects.get(pk=world.patient_b.pk).reminder_time == dt.time(19, 0)


def test_the_quiet_hours_come_from_the_setting(world, bruno, settings):
    settings.SCIATICA_PT_QUIET_HOURS = "12:00-13:00"  # not past midnight
    page = save(bruno, TODAY_FORM, "12:30").content.decode()
    assert "choose a time from 13:00 to 11:59" in page
    save(bruno, TODAY_FORM, "07:30")
    assert Patient.objects.get(pk=world.patient_b.pk).reminder_time == dt.time(7, 30)


# --- the migration -----------------------------------------------------------------------------

BEFORE = [("notify", "0001_initial")]
AFTER = [("notify", "0002_one_reminder_time")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def texts(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("text", flat=True))


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_time_that_sends_mail_and_says_what_it_replaced(world):
    carla_user = get_user_model().objects.create_user("carla", password="a-long-test-password")
    carla = Patient.objects.create(clinic=world.clinic, user=carla_user, display_name="C")
    try:
        old = migrate(BEFORE).get_model("notify", "ReminderSettings")
        times = {world.patient_a.pk: "07:30", world.patient_b.pk: "07:15", carla.pk: "12:00"}
        for pk, time in times.items():
            Patient.objects.filter(pk=pk).update(reminder_time=dt.time.fromisoformat(time))
        old.objects.create(patient_id=world.patient_a.pk, enabled=True, at=dt.time(9, 30))
        old.objects.create(patient_id=world.patient_b.pk, enabled=False, at=dt.time(10, 0))

        migrate(AFTER)
        kept = dict(Patient.objects.values_list("pk", "reminder_time"))
        # A's e-mails were on: the e-mail's time wins, and she is told her alarm's old time.
        assert kept[world.patient_a.pk] == dt.time(9, 30)
        [told] = texts(world.patient_a_user)
        assert "09:30" in told and "calendar alarm was at 07:30" in told
        # B's e-mails were off: the calendar time he chose stays, even in the quiet hours,
        # and he is told both what was replaced and that no e-mail comes at that time.
        assert kept[world.patient_b.pk] == dt.time(7, 15)
        replaced, quiet = sorted(texts(world.patient_b_user))
        assert "e-mail reminder (turned off) was at 10:00" in quiet + replaced
        assert any("07:15, in the quiet hours" in t for t in (replaced, quiet))
        # C chose only on Today: nothing changes, nothing to say.
        assert kept[carla.pk] == dt.time(12, 0) and texts(carla_user) == []

        back = migrate(BEFORE).get_model("notify", "ReminderSettings")
        assert dict(back.objects.values_list("patient_id", "at")) == {
            world.patient_a.pk: dt.time(9, 30),
            world.patient_b.pk: dt.time(7, 15),
        }
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

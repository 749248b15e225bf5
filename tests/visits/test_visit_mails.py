"""Visit e-mails over SMTP to a real server on loopback: the `.ics` invitation on booking,
moving and cancelling (METHOD, UID, SEQUENCE, UTC times around a daylight-saving change), no
mail for a refused booking, a failed send retried by the job without losing the booking, the
day-before reminder in the patient's zone, and no clinical detail or video room in any mail."""

from __future__ import annotations

import datetime as dt
import json
from email.message import EmailMessage
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.visits.models import (
    MailState,
    Visit,
    VisitKind,
    VisitMail,
    VisitNote,
    VisitStatus,
)
from sciatica_pt.visits.services import booking, mails, roster
from sciatica_pt.visits.services.booking import SlotTaken
from tests.clinic.smtp_server import body, free_port, running_inbox
from tests.visits.conftest import ZONE, at, visit_type, working_day

pytestmark = pytest.mark.django_db
CPH = ZoneInfo(ZONE)
NEW_YORK = ZoneInfo("America/New_York")
PATIENT, THERAPIST = "zelda@example.org", "tess@clinic-a.example"
ADDRESS = "Nørregade 1, 1165 Copenhagen"


@pytest.fixture
def smtp_inbox(settings):
    yield from running_inbox(settings)


@pytest.fixture
def mailable(visits_world, settings):
    """Zelda (patient A) and tess have addresses; the clinic has a street address."""
    w = visits_world
    settings.DEFAULT_FROM_EMAIL = "Clinic A <visits@clinic-a.example>"
    for user, address in ((w.patient_a_user, PATIENT), (w.therapist, THERAPIST)):
        user.email = address
        user.save()
    roster.update_settings(
        None, w.admin, ZONE, "24", False, "https://meet.clinic-a.example", ADDRESS
    )
    return w


def event_of(message: EmailMessage) -> tuple[Calendar, object, object]:
    """The attached invitation, parsed; and its MIME part."""
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(part.get_content())
    [event] = calendar.walk("VEVENT")
    return calendar, event, part


def book(w, start, now=None, kind=VisitKind.FOLLOW_UP, who="therapist") -> Visit:
    return booking.book(
        None,
        getattr(w, who),
        w.patient_a,
        w.tess_profile,
        visit_type(w, kind),
        start,
        now or timezone.now(),
    )


def next_spring_forward(after: dt.date) -> dt.date:
    """The next last Sunday of March (Europe's clocks go forward) at least a week ahead."""
    for year in (after.year, after.year + 1):
        day = dt.date(year, 3, 31)
        day -= dt.timedelta(days=(day.weekday() + 1) % 7)
        if day > after + dt.timedelta(days=7):
            return day
    raise AssertionError("unreachable")


def test_a_booking_mails_the_patient_and_the_therapist_an_invitation(
    mailable, smtp_inbox, django_capture_on_commit_callbacks
):
    w, day = mailable, working_day()
    booking.set_patient_zone(None, w.patient_a_user, w.patient_a, "America/New_York")
    request = {
        "therapist": w.tess_profile.pk,
        "visit_type": visit_type(w).pk,
        "start": at(day, 10).isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        made = w.client("patient_a_user").post(
            "/api/visits/", json.dumps(request), "application/json"
        )
    assert made.status_code == 201, made.content
    visit = Visit.objects.get(pk=made.json()["id"])

    [to_patient] = smtp_inbox.to(PATIENT)
    [to_therapist] = smtp_inbox.to(THERAPIST)
    assert len(smtp_inbox.messages) == 2
    new_york = visit.start.astimezone(NEW_YORK)
    assert f"{new_york:%H:%M} (America/New_York)" in body(to_patient)
    assert f"{new_york:%H:%M} (America/New_York)" in to_patient["Subject"]
    assert "Your follow-up visit with Tess Therapist is booked" in body(to_patient)
    assert f"/visits/{visit.pk}/" in body(to_patient)
    assert "10:00 (Europe/Copenhagen)" in body(to_therapist)
    assert "Zelda Quixote-Umber" in body(to_therapist)

    calendar, event, part = event_of(to_patient)
    assert part.get_param("method") == "REQUEST"
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"visit-{visit.pk}@clinic-a.example"
    assert event["SEQUENCE"] == 0 and str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTART") == at(day, 10)
    assert event.decoded("DTEND") == at(day, 10, 30)
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(0)  # written in UTC
    assert str(event["LOCATION"]) == ADDRESS
    assert str(event["ORGANIZER"]) == "mailto:visits@clinic-a.example"
    assert str(event["ATTENDEE"]) == f"mailto:{PATIENT}"
    assert parseaddr(to_patient["From"])[1] == "visits@clinic-a.example"
    _, theirs, _ = event_of(to_therapist)
    assert str(theirs["UID"]) == str(event["UID"]) and str(theirs["ATTENDEE"]) == (
        f"mailto:{THERAPIST}"
    )
    assert VisitMail.objects.filter(visit=visit, state=MailState.SENT).count() == 2


def test_moving_across_a_clock_change_and_cancelling_keep_the_uid_and_raise_the_sequence(
    mailable, smtp_inbox, django_capture_on_commit_callbacks
):
    w = mailable
    change = next_spring_forward(timezone.now().astimezone(CPH).date())
    before, after = change - dt.timedelta(days=2), change + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        visit = book(w, at(before, 10))
    with django_capture_on_commit_callbacks(execute=True):
        booking.reschedule(None, w.patient_a_user, visit, at(after, 10), timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        booking.cancel(None, w.therapist, visit, timezone.now())  # staff cancel

    booked, moved, cancelled = smtp_inbox.to(PATIENT)
    events = [event_of(m) for m in (booked, moved, cancelled)]
    assert [str(c["METHOD"]) for c, _, _ in events] == ["REQUEST", "REQUEST", "CANCEL"]
    assert [p.get_param("method") for _, _, p in events] == ["REQUEST", "REQUEST", "CANCEL"]
    assert len({str(e["UID"]) for _, e, _ in events}) == 1
    assert [e["SEQUENCE"] for _, e, _ in events] == [0, 1, 2]
    assert str(events[2][1]["STATUS"]) == "CANCELLED"
    # 10:00 in Copenhagen on both sides of the change: 09:00 UTC in winter, 08:00 UTC in summer.
    first, second = events[0][1].decoded("DTSTART"), events[1][1].decoded("DTSTART")
    assert (first.astimezone(dt.UTC).hour, second.astimezone(dt.UTC).hour) == (9, 8)
    assert first.astimezone(CPH).hour == second.astimezone(CPH).hour == 10
    assert "10:00 (Europe/Copenhagen)" in body(moved) and "moved" in moved["Subject"]
    assert "is cancelled" in body(cancelled) and "removes the visit" in body(cancelled)
    assert len(smtp_inbox.to(THERAPIST)) == 3


def test_no_mail_for_a_refused_booking(mailable, smtp_inbox, django_capture_on_commit_callbacks):
    w, day = mailable, working_day()
    with django_capture_on_commit_callbacks(execute=True):
        first = book(w, at(day, 10))
    assert len(smtp_inbox.messages) == 2
    w.patient_b_user.email = "bruno@example.org"
    w.patient_b_user.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(SlotTaken):  # the time is taken: nothing booked, nothing sent
            booking.book(
                None,
                w.therapist,
                w.patient_b,
                w.tess_profile,
                visit_type(w),
                at(day, 10, 15),
                timezone.now(),
            )
        with pytest.raises(InvalidInput):  # inside the notice window for a patient
            book(w, timezone.now() + dt.timedelta(hours=2), who="patient_a_user")
        with pytest.raises(SlotTaken):  # a move onto a taken time keeps the old time
            other = book(w, at(day, 12))
            booking.reschedule(None, w.therapist, other, at(day, 10), timezone.now())
    assert len(callbacks) == 1  # only the booking at 12:00
    assert smtp_inbox.to("bruno@example.org") == []
    assert len(smtp_inbox.messages) == 4
    assert VisitMail.objects.filter(visit=first).count() == 2
    assert not VisitMail.objects.exclude(visit__in=[first, other]).exists()


def test_a_failed_send_keeps_the_booking_and_the_job_sends_it_later_once(
    mailable, smtp_inbox, settings, django_capture_on_commit_callbacks
):
    w, day = mailable, working_day()
    working_port, settings.EMAIL_PORT = settings.EMAIL_PORT, free_port()  # nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        made = w.client("therapist").post(
            f"/visits/patients/{w.patient_a.pk}/book/",
            {
                "profile": w.tess_profile.pk,
                "visit_type": visit_type(w).pk,
                "start": at(day, 10).isoformat(),
            },
        )
    assert made.status_code == 302  # booked, although no mail could be sent
    visit = Visit.objects.get(patient=w.patient_a, status=VisitStatus.BOOKED)
    pending = VisitMail.objects.filter(visit=visit, state=MailState.PENDING)
    assert pending.count() == 2 and {m.tries for m in pending} == {1}
    assert smtp_inbox.messages == []

    settings.EMAIL_PORT = working_port  # the mail server is back
    now = timezone.now()
    assert mails.run(now) == 0  # not before the pause
    assert mails.run(now + dt.timedelta(minutes=2)) == 2
    assert mails.run(now + dt.timedelta(minutes=30)) == 0  # sent once
    assert {str(m["To"]) for m in smtp_inbox.messages} == {PATIENT, THERAPIST}
    assert str(event_of(smtp_inbox.to(PATIENT)[0])[0]["METHOD"]) == "REQUEST"


def test_an_out_of_date_mail_is_not_sent_after_the_visit_moved(mailable, smtp_inbox, settings):
    w, day = mailable, working_day()
    working_port, settings.EMAIL_PORT = settings.EMAIL_PORT, free_port()
    visit = book(w, at(day, 10))  # no on_commit run: the mails wait as if the send failed
    booking.reschedule(None, w.therapist, visit, at(day, 14), timezone.now())
    settings.EMAIL_PORT = working_port
    assert mails.run(timezone.now()) == 2  # only the move's two; the booking's are out of date
    [mail] = smtp_inbox.to(PATIENT)
    assert event_of(mail)[1]["SEQUENCE"] == 1 and "14:00" in body(mail)
    assert VisitMail.objects.filter(state=MailState.SKIPPED).count() == 2


def reminders_to(inbox, address: str) -> list[EmailMessage]:
    return [m for m in inbox.to(address) if "reminder" in m["Subject"]]


def settle() -> None:
    """Send the confirmations the test's bookings left waiting (a test transaction never
    commits, so they were not sent on commit), so the job's count below is the reminders'."""
    mails.run(timezone.now())


def test_the_day_before_reminder_comes_once_at_six_in_the_evening_in_the_patients_zone(
    mailable, smtp_inbox
):
    w, day = mailable, working_day(4)
    booking.set_patient_zone(None, w.patient_a_user, w.patient_a, "America/New_York")
    visit = book(w, at(day, 10))
    settle()
    local_day = visit.start.astimezone(NEW_YORK).date()
    due = dt.datetime.combine(local_day - dt.timedelta(days=1), dt.time(18), tzinfo=NEW_YORK)
    assert mails.run(due - dt.timedelta(minutes=1)) == 0
    assert mails.run(due) == 1
    assert mails.run(due + dt.timedelta(hours=1)) == 0
    [reminder] = reminders_to(smtp_inbox, PATIENT)
    new_york = visit.start.astimezone(NEW_YORK)
    assert f"{new_york:%H:%M} (America/New_York)" in body(reminder)
    assert ADDRESS in body(reminder) and f"/visits/{visit.pk}/" in body(reminder)
    assert reminder["List-Unsubscribe"] is None  # service mail: see docs/visits.md
    assert reminders_to(smtp_inbox, THERAPIST) == []


def test_no_reminder_for_a_cancelled_visit_and_one_for_the_new_time_of_a_moved_one(
    mailable, smtp_inbox
):
    w, day = mailable, working_day(4)
    cancelled = book(w, at(day, 9))
    moved = book(w, at(day, 10))
    booking.cancel(None, w.patient_a_user, cancelled, timezone.now())
    later = day + dt.timedelta(days=2)
    booking.reschedule(None, w.patient_a_user, moved, at(later, 10), timezone.now())
    settle()
    evening_before = at(day - dt.timedelta(days=1), 18, 30)
    assert mails.run(evening_before) == 0
    assert reminders_to(smtp_inbox, PATIENT) == []
    assert mails.run(at(later - dt.timedelta(days=1), 18, 30)) == 1
    [reminder] = reminders_to(smtp_inbox, PATIENT)
    assert f"{at(later, 10):%a %d %b %Y}, 10:00" in body(reminder)


def test_a_reminder_sent_before_a_move_is_sent_again_for_the_new_time(mailable, smtp_inbox):
    w, day = mailable, working_day(4)
    visit = book(w, at(day, 10))
    settle()
    assert mails.run(at(day - dt.timedelta(days=1), 18)) == 1
    booking.reschedule(None, w.therapist, visit, at(day + dt.timedelta(days=1), 10), timezone.now())
    settle()
    assert mails.run(at(day, 18)) == 1
    assert len(reminders_to(smtp_inbox, PATIENT)) == 2


def test_reminders_wait_for_the_end_of_the_quiet_hours_and_skip_fresh_bookings(
    mailable, smtp_inbox, settings
):
    w, day = mailable, working_day(4)
    settings.SCIATICA_PT_QUIET_HOURS = "17:00-09:00"
    visit = book(w, at(day, 10))
    settle()
    assert mails.run(at(day - dt.timedelta(days=1), 18)) == 0  # quiet in Copenhagen
    assert mails.run(at(day, 8, 59)) == 0
    assert mails.run(at(day, 9)) == 1  # the first minute after, before the visit
    assert mails.run(at(day, 9, 30)) == 0
    # Booked (by staff) after the evening before: the confirmation is the reminder.
    settings.SCIATICA_PT_QUIET_HOURS = "21:00-08:00"
    late = book(w, at(day, 15), now=at(day - dt.timedelta(days=1), 19))
    assert mails.run(at(day - dt.timedelta(days=1), 19)) == 2  # its confirmations only
    assert mails.run(at(day, 9)) == 0
    assert not VisitMail.objects.filter(visit=late, kind="reminder").exists()
    assert visit.pk != late.pk


def test_mails_hold_no_clinical_detail_and_never_the_video_room(
    mailable, smtp_inbox, django_capture_on_commit_callbacks
):
    w, day = mailable, working_day(4)
    with django_capture_on_commit_callbacks(execute=True):
        visit = book(w, at(day, 10), kind=VisitKind.ONLINE_FOLLOW_UP)
    VisitNote.objects.create(
        visit=visit, patient=w.patient_a, subjective="Tingling-in-left-calf", plan="Nerve-glides"
    )
    assert mails.run(at(day - dt.timedelta(days=1), 18)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        booking.reschedule(None, w.therapist, visit, at(day, 11), timezone.now())
    visit.refresh_from_db()
    assert len(smtp_inbox.messages) == 5 and visit.room
    secrets_and_clinical = [visit.room, "Tingling-in-left-calf", "Nerve-glides", "meet.clinic-a"]
    secrets_and_clinical += [a.message for a in w.patient_a.alerts.all()]
    assert len(secrets_and_clinical) > 4  # patient A has alerts on record
    for message in smtp_inbox.messages:
        text = message.get_body(("plain",)).get_content() + "".join(
            p.get_content() for p in message.iter_attachments()
        )
        for word in secrets_and_clinical:
            assert word not in text
        assert "appears on the visit page 15 minutes before the start" in text


def test_the_admin_sets_the_clinic_address_the_invitations_give(visits_world):
    w = visits_world
    form = {"time_zone": ZONE, "notice_hours": "24", "address": "  Nørregade 1,\n Copenhagen "}
    done = w.client("admin").post("/visits/settings/", form)
    assert done.status_code == 302
    assert roster.settings_of(w.clinic.pk).address == "Nørregade 1, Copenhagen"
    too_long = w.client("admin").post("/visits/settings/", {**form, "address": "x" * 301})
    assert b"address: at most 300 characters" in too_long.content
    assert roster.settings_of(w.clinic.pk).address == "Nørregade 1, Copenhagen"
    assert w.client("therapist").post("/visits/settings/", form).status_code in (403, 404)

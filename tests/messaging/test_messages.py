"""Messages between a patient and their clinic: one thread per patient, sent and read from
the pages and the API, refused for bad input with the field named, audited, and the other
side told (in the app and by a mail with no content, over SMTP to a real loopback server)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from sciatica_pt.clinic.models import AuditEvent, Patient
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.messaging import services
from sciatica_pt.messaging.models import TEXT_MAX, Message
from sciatica_pt.notify.models import Notification
from tests.clinic.conftest import TODAY
from tests.clinic.smtp_server import body, running_inbox
from tests.messaging.conftest import EXERCISE, TOPIC

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_inbox(settings):
    yield from running_inbox(settings)


@pytest.fixture
def with_addresses(world):
    for user, address in (
        (world.therapist, "tess@clinic-a.example"),
        (world.patient_a_user, "zelda@example.org"),
    ):
        user.email = address
        user.save()
    return world


def audit_rows(**filters):
    return list(AuditEvent.objects.filter(**filters).values_list("action", "object_type"))


# --- the patient's page ---------------------------------------------------------------------


def test_a_patient_writes_and_sees_their_message_in_their_thread(world):
    client = world.client("patient_a_user")
    sent = client.post("/messages/", {"text": "The bridge felt easy today."})
    assert sent.status_code == 302 and sent.url == "/messages/"
    page = client.get("/messages/")
    assert b"The bridge felt easy today." in page.content
    [row] = Message.objects.filter(patient=world.patient_a)
    assert row.from_patient and row.author == world.patient_a_user and row.warning_signs == []


def test_an_empty_or_too_long_message_is_refused_naming_the_field_and_nothing_is_saved(world):
    client = world.client("patient_a_user")
    empty = client.post("/messages/", {"text": "   "})
    assert empty.status_code == 400 and b"text: write a message first" in empty.content
    long_text = "a" * (TEXT_MAX + 1)
    too_long = client.post("/messages/", {"text": long_text})
    assert too_long.status_code == 400
    assert f"text: at most {TEXT_MAX} characters".encode() in too_long.content
    assert long_text.encode() in too_long.content  # what they wrote is kept on the form
    assert not Message.objects.exists()


def test_a_message_of_exactly_the_limit_is_accepted(world):
    response = world.client("patient_a_user").post("/messages/", {"text": "b" * TEXT_MAX})
    assert response.status_code == 302
    assert len(Message.objects.get().text) == TEXT_MAX


def test_html_in_a_message_is_shown_as_text(world):
    client = world.client("patient_a_user")
    client.post("/messages/", {"text": "<script>alert(1)</script> hello"})
    page = world.client("therapist").get(f"/messages/patients/{world.patient_a.pk}/")
    assert b"<script>alert(1)</script>" not in page.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; hello" in page.content


def test_a_patient_sees_only_their_own_thread(world):
    services.send_from_clinic(None, world.therapist2, world.patient_b, "For Bruno only")
    services.send_from_clinic(None, world.therapist, world.patient_a, "For Zelda only")
    page = world.client("patient_a_user").get("/messages/")
    assert b"For Zelda only" in page.content and b"For Bruno only" not in page.content
    api = world.client("patient_a_user").get("/api/messages/me").json()
    assert [m["text"] for m in api["messages"]] == ["For Zelda only"]


# --- the therapist's page ----------------------------------------------------------------------


def test_the_therapist_replies_with_an_exercise_and_the_patient_sees_its_words_and_drawing(world):
    world.client("patient_a_user").post("/messages/", {"text": "Which exercise for the morning?"})
    staff = world.client("therapist")
    url = f"/messages/patients/{world.patient_a.pk}/"
    reply = staff.post(url, {"text": "Try this one.", "exercise": EXERCISE, "topic": TOPIC})
    assert reply.status_code == 302
    page = world.client("patient_a_user").get("/messages/").content.decode()
    assert "Try this one." in page
    assert (
        "Posterior pelvic tilt in crook lying" in page and "<svg" in page and "How to do it" in page
    )
    assert "Staying active" in page and "/education/staying-active/" in page
    assert EXERCISE not in re.sub(r"<[^>]+>", "", page)  # the id only inside markup, never shown


def test_an_unknown_exercise_or_topic_is_refused_naming_the_field(world):
    staff = world.client("therapist")
    url = f"/messages/patients/{world.patient_a.pk}/"
    response = staff.post(url, {"text": "Hi", "exercise": "no-such", "topic": "nor-this"})
    assert response.status_code == 400
    assert b"exercise: &#x27;no-such&#x27; is not an exercise" in response.content
    assert b"topic: &#x27;nor-this&#x27; is not an education topic" in response.content
    care_step = staff.post(url, {"text": "Hi", "exercise": "flare-up-plan"})
    assert care_step.status_code == 400  # a care step is not an exercise one can attach
    assert not Message.objects.exists()


def test_any_clinician_of_the_clinic_can_read_and_answer_the_thread(world):
    world.client("patient_a_user").post("/messages/", {"text": "Hello"})
    theo = world.client("therapist2")  # not Zelda's therapist, same clinic
    assert b"Hello" in theo.get(f"/messages/patients/{world.patient_a.pk}/").content
    assert theo.post(f"/messages/patients/{world.patient_a.pk}/", {"text": "Hi"}).status_code == 302


def test_another_clinic_sees_nothing(world):
    world.client("patient_a_user").post("/messages/", {"text": "Private"})
    oscar = world.client("other_therapist")
    url = f"/messages/patients/{world.patient_a.pk}/"
    assert oscar.get(url).status_code == 404
    assert oscar.post(url, {"text": "Sneaky"}).status_code == 404
    assert oscar.get(f"/api/messages/patients/{world.patient_a.pk}").status_code == 404
    assert b"Zelda" not in oscar.get("/messages/inbox/").content
    assert oscar.get("/api/messages/inbox").json() == []
    assert Message.objects.count() == 1


# --- unread and read -------------------------------------------------------------------------


def test_unread_counts_show_where_the_therapist_looks_and_opening_the_thread_reads_them(world):
    patient = world.client("patient_a_user")
    patient.post("/messages/", {"text": "One"})
    patient.post("/messages/", {"text": "Two"})
    staff = world.client("therapist")
    assert b"2 unread messages from patients" in staff.get("/patients/").content
    detail = staff.get(f"/patients/{world.patient_a.pk}/").content
    assert b"Messages (2 unread)" in detail
    assert b"2 new" in staff.get("/messages/inbox/").content
    assert staff.get(f"/messages/patients/{world.patient_a.pk}/").status_code == 200
    assert b"unread message" not in staff.get("/patients/").content
    assert not Message.objects.filter(read_at__isnull=True).exists()


def test_the_api_reads_without_marking_and_marks_only_when_asked(world):
    world.client("patient_a_user").post("/messages/", {"text": "One"})
    staff = world.client("therapist")
    url = f"/api/messages/patients/{world.patient_a.pk}"
    assert staff.get(url).json()["unread"] == 1
    assert staff.get(url).json()["unread"] == 1
    assert staff.post(url + "/read").json() == {"marked": 1}
    assert staff.post(url + "/read").json() == {"marked": 0}
    assert staff.get(url).json()["messages"][0]["read"] is True


def test_a_patient_marking_read_never_marks_their_own_messages(world):
    services.send_from_clinic(None, world.therapist, world.patient_a, "From the clinic")
    client = world.client("patient_a_user")
    client.post("/messages/", {"text": "From me"})
    assert client.post("/api/messages/me/read").json() == {"marked": 1}
    mine = Message.objects.get(from_patient=True)
    assert mine.read_at is None  # the clinic has not read it


# --- audit ----------------------------------------------------------------------------------


def test_every_read_and_write_is_audited_with_the_patient(world):
    pid = world.patient_a.pk
    world.client("patient_a_user").post("/messages/", {"text": "Hello"})
    world.client("therapist").get(f"/messages/patients/{pid}/")
    world.client("therapist").post(f"/messages/patients/{pid}/", {"text": "Hi"})
    world.client("patient_a_user").get("/api/messages/me")
    world.client("therapist").get("/messages/inbox/")
    rows = audit_rows(patient_id=pid, object_type__startswith="message")
    assert rows.count(("write", "message")) == 2
    assert rows.count(("read", "messages")) == 2
    assert ("write", "messages_read") in rows
    assert audit_rows(object_type="message_inbox") == [("read", "message_inbox")]


def test_a_refused_request_writes_no_message_and_no_write_audit(world):
    world.client("other_therapist").post(f"/messages/patients/{world.patient_a.pk}/", {"text": "x"})
    assert not Message.objects.exists()
    assert not AuditEvent.objects.filter(action="write", object_type="message").exists()


# --- discharge -------------------------------------------------------------------------------


def test_a_discharged_patient_may_still_write_and_the_therapist_sees_it(world):
    Patient.objects.filter(pk=world.patient_a.pk).update(discharged_on=TODAY)
    client = world.client("patient_a_user")
    assert b"You can still write to your clinic" in client.get("/messages/").content
    assert client.post("/messages/", {"text": "Still doing my exercises"}).status_code == 302
    page = world.client("therapist").get(f"/messages/patients/{world.patient_a.pk}/")
    assert b"Still doing my exercises" in page.content and b"Discharged on" in page.content


# --- telling the other side ------------------------------------------------------------------


def test_the_therapist_is_mailed_that_there_is_a_message_without_its_content(
    with_addresses, smtp_inbox, django_capture_on_commit_callbacks
):
    w = with_addresses
    with django_capture_on_commit_callbacks(execute=True):
        w.client("patient_a_user").post("/messages/", {"text": "My secret knee question"})
    [mail] = smtp_inbox.to("tess@clinic-a.example")
    text = body(mail)
    assert "new message" in mail["Subject"]
    assert "secret" not in text and "knee" not in text and "secret" not in mail["Subject"]
    assert f"/messages/patients/{w.patient_a.pk}/" in text
    assert Notification.objects.filter(user=w.therapist, kind="message").count() == 1


def test_the_patient_is_mailed_that_the_clinic_wrote_without_its_content(
    with_addresses, smtp_inbox, django_capture_on_commit_callbacks
):
    w = with_addresses
    with django_capture_on_commit_callbacks(execute=True):
        w.client("therapist").post(
            f"/messages/patients/{w.patient_a.pk}/", {"text": "Your scan result is in"}
        )
    [mail] = smtp_inbox.to("zelda@example.org")
    assert "scan" not in body(mail) and "/messages/" in body(mail)
    assert Notification.objects.filter(user=w.patient_a_user, kind="message").count() == 1


def test_a_burst_of_messages_tells_the_other_side_once_until_they_read(
    with_addresses, smtp_inbox, django_capture_on_commit_callbacks
):
    w = with_addresses
    client = w.client("patient_a_user")
    with django_capture_on_commit_callbacks(execute=True):
        for text in ("One", "Two", "Three"):
            client.post("/messages/", {"text": text})
    assert len(smtp_inbox.to("tess@clinic-a.example")) == 1
    w.client("therapist").get(f"/messages/patients/{w.patient_a.pk}/")  # read
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/messages/", {"text": "Four"})
    assert len(smtp_inbox.to("tess@clinic-a.example")) == 2
    told = Notification.objects.filter(user=w.therapist, kind="message")
    assert told.count() == 2 and told.filter(read_at__isnull=True).count() == 1


def test_opening_the_thread_reads_its_notifications_too(world):
    services.send_from_clinic(None, world.therapist, world.patient_a, "Hello")
    client = world.client("patient_a_user")
    assert b'Notifications <span class="badge">1' in client.get("/me/").content
    client.get("/messages/")
    assert b'Notifications <span class="badge">' not in client.get("/me/").content


def test_a_mail_server_that_is_down_loses_no_message(
    with_addresses, settings, django_capture_on_commit_callbacks
):
    from tests.clinic.smtp_server import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        sent = with_addresses.client("patient_a_user").post("/messages/", {"text": "Hello"})
    assert sent.status_code == 302 and Message.objects.count() == 1


def test_a_patient_without_a_login_is_never_told_and_nothing_breaks(world):
    nina = Patient.objects.create(clinic=world.clinic, display_name="Nina No-Login")
    message = services.send_from_clinic(None, world.therapist, nina, "Welcome")
    assert message.pk and not Notification.objects.filter(kind="message").exists()


def test_the_service_refuses_a_non_text_message():
    with pytest.raises(InvalidInput, match="text: a message is text"):
        services.clean_text(None)


def test_a_staff_member_is_not_a_patient_on_the_patients_page(world):
    assert world.client("therapist").get("/messages/").status_code == 403
    assert get_user_model().objects.filter(username="tess").exists()

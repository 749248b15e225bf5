"""A patient's message with a warning sign, end to end: the act-now page (saying the
therapist was alerted only when an alert really stands), the critical alert on the
therapist's patient page, and the critical-alert mail over SMTP; and no alarm for a denied,
past or hypothetical mention."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sciatica_pt.clinic.models import Alert, AlertStatus, Severity
from sciatica_pt.clinic.services import alerts, checkins
from sciatica_pt.messaging.models import Message
from tests.clinic.conftest import checkin_doc
from tests.clinic.smtp_server import body, running_inbox

pytestmark = pytest.mark.django_db
ALERTED = b"Your therapist has been alerted"
NOT_ALERTED = b"this page does not alert them"
STOP = "followup.warning-signs.stop"


@pytest.fixture
def smtp_inbox(settings):
    yield from running_inbox(settings)


@pytest.fixture
def tess_has_mail(world):
    world.therapist.email = "tess@clinic-a.example"
    world.therapist.save()
    return world


def critical(patient):
    return Alert.objects.filter(patient=patient, rule=STOP, severity=Severity.CRITICAL)


def test_a_warning_sign_in_a_message_alerts_the_therapist_and_shows_the_act_now_page(
    tess_has_mail, smtp_inbox, django_capture_on_commit_callbacks
):
    w = tess_has_mail
    client = w.client("patient_a_user")
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/messages/", {"text": "I can't feel the toilet paper when I wipe."})
    assert sent.status_code == 302 and sent.url == "/act-now/"
    act_now = client.get(sent.url)
    assert ALERTED in act_now.content and b"Get urgent medical help now" in act_now.content
    assert b"Your message was sent." in act_now.content

    [alert] = critical(w.patient_a)
    assert alert.status == AlertStatus.OPEN and "saddle area" in alert.message
    page = w.client("therapist").get(f"/patients/{w.patient_a.pk}/")
    assert b"Warning sign in the patient&#x27;s message" in page.content
    thread = w.client("therapist").get(f"/messages/patients/{w.patient_a.pk}/")
    assert b"Screened: possible warning sign: Numbness in the saddle area" in thread.content

    subjects = [m["Subject"] for m in smtp_inbox.to("tess@clinic-a.example")]
    assert "Sciatica PT: a patient needs your attention now" in subjects  # the critical mail
    assert "Sciatica PT: a new message from a patient" in subjects
    for mail in smtp_inbox.to("tess@clinic-a.example"):
        assert "toilet" not in body(mail)


@pytest.mark.parametrize(
    "text",
    [
        "I have no numbness in my saddle area.",
        "Bladder fine.",
        "The foot drop I had years ago is long gone.",
        "If I wet myself I will go to A&E.",
        "My mum has a fever.",
    ],
)
def test_a_denied_past_hypothetical_or_someone_elses_sign_raises_no_alarm(world, text):
    sent = world.client("patient_a_user").post("/messages/", {"text": text})
    assert sent.status_code == 302 and sent.url == "/messages/"
    assert not critical(world.patient_a).exists()
    assert Message.objects.get().warning_signs == []


def test_one_event_is_one_alert_however_often_it_is_told(world):
    client = world.client("patient_a_user")
    client.post("/messages/", {"text": "I wet myself this morning."})
    client.post("/messages/", {"text": "And now my foot slaps when I walk."})
    today = timezone.localdate()
    doc = checkin_doc(day=today.isoformat(), saddle_numbness=True)
    checkins.log(None, world.patient_a_user, doc, today)  # the check-in of the same day
    assert critical(world.patient_a).count() == 1
    assert ALERTED in client.get("/act-now/").content


def test_after_the_alert_is_acknowledged_the_page_never_claims_a_new_alert(world):
    client = world.client("patient_a_user")
    client.post("/messages/", {"text": "I wet myself this morning."})
    [alert] = critical(world.patient_a)
    alerts.acknowledge(None, world.therapist, world.patient_a, alert.pk)
    again = client.post("/messages/", {"text": "I wet myself again."}, follow=True)
    # The same event (the same day) was handled: no second alert, and the page says so.
    assert critical(world.patient_a).count() == 1
    assert NOT_ALERTED in again.content and ALERTED not in again.content


def test_the_api_answers_a_warning_sign_with_what_to_do_now(world):
    client = world.client("patient_a_user")
    answer = client.post(
        "/api/messages/me", {"text": "Both my legs have gone numb"}, content_type="application/json"
    )
    assert answer.status_code == 201
    data = answer.json()
    assert data["act_now"].startswith("Go to the nearest emergency department")
    assert data["therapist_alerted"] is True
    assert data["message"]["warning_signs"] == ["red_flags.new_bilateral_symptoms"]
    calm = client.post("/api/messages/me", {"text": "All good"}, content_type="application/json")
    assert calm.json()["act_now"] is None


def test_a_discharged_patients_warning_sign_is_still_alerted(world):
    world.patient_a.discharged_on = timezone.localdate()
    world.patient_a.save()
    world.client("patient_a_user").post("/messages/", {"text": "I've lost control of my bladder."})
    assert critical(world.patient_a).count() == 1


def test_a_clinicians_message_is_never_screened(world):
    url = f"/messages/patients/{world.patient_a.pk}/"
    world.client("therapist").post(url, {"text": "Tell me if you wet yourself or feel numb."})
    world.client("therapist").post(url, {"text": "You wet yourself, you said."})
    assert not critical(world.patient_a).exists()

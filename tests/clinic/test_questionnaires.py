"""Questionnaires in the clinic (issue 21): the therapist's schedule, what is due on the
patient's Today page, the patient's own answers (pain, PSFS), staff entry of the STarT Back and
the ODI by item number, the scores on the same path as staff-entered ones (the review and the
charts), bad answers refused by name, other patients and clinics refused, every read and write
audited, and the reminder mail naming the due questionnaires (a real SMTP server on loopback)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sciatica_pt.clinic.models import (
    AuditEvent,
    OutcomeScore,
    Program,
    PsfsActivityScore,
    QuestionnaireResponse,
    QuestionnaireSchedule,
)
from sciatica_pt.clinic.services import checkins, questionnaires
from sciatica_pt.core.outcomes.questionnaires import ODI_SECTIONS, Instrument
from sciatica_pt.notify import reminders
from sciatica_pt.notify.models import SentReminder
from tests.clinic.conftest import TODAY, checkin_doc
from tests.clinic.smtp_server import body, running_inbox

LATER = TODAY + dt.timedelta(days=14)  # the first 2-weekly occasion


def schedule_form(**chosen: dict[str, str]) -> dict[str, str]:
    form: dict[str, str] = {"action": "save"}
    for instrument, fields in chosen.items():
        form[f"{instrument}-asked"] = "yes"
        form.update({f"{instrument}-{k}": v for k, v in fields.items()})
    return form


EVERY_TWO_WEEKS = {"intake": "yes", "weeks": "2", "discharge": "yes"}
USUAL = schedule_form(pain_nrs=EVERY_TWO_WEEKS, psfs=EVERY_TWO_WEEKS, odi={"intake": "yes"})


@pytest.fixture
def clock(monkeypatch):
    """The clinic's today, moved by the test (the views' one clock)."""
    state = {"today": TODAY}
    monkeypatch.setattr("sciatica_pt.clinic.views.common.today", lambda: state["today"])
    for module in ("questionnaires", "patient", "staff"):
        monkeypatch.setattr(f"sciatica_pt.clinic.views.{module}.today", lambda: state["today"])
    monkeypatch.setattr("sciatica_pt.notify.views.today", lambda: state["today"])
    return state


@pytest.fixture
def scheduled(world, clock):
    response = world.client("therapist").post(
        f"/patients/{world.patient_a.pk}/questionnaires/schedule/", USUAL
    )
    assert response.status_code == 302
    return world.patient_a


def writes(object_type: str) -> int:
    return AuditEvent.objects.filter(object_type=object_type, action="write").count()


# --- the schedule -------------------------------------------------------------------------


def test_the_therapist_page_offers_the_clinic_defaults_until_a_schedule_is_saved(world, clock):
    page = world.client("therapist").get(f"/patients/{world.patient_a.pk}/questionnaires/")
    text = page.content.decode()
    assert page.status_code == 200 and "the clinic's usual schedule" in text
    assert 'name="pain_nrs-weeks" ' in text and 'value="2"' in text
    assert not questionnaires.due(world.patient_a, TODAY)  # nothing asked until saved


def test_a_saved_schedule_is_audited_and_makes_the_intake_questionnaires_due(scheduled):
    row = QuestionnaireSchedule.objects.get(patient=scheduled)
    assert [c["instrument"] for c in row.cadences] == ["pain_nrs", "psfs", "odi"]
    assert writes("questionnaire_schedule") == 1
    due = {d.instrument: d for d in questionnaires.due(scheduled, TODAY)}
    # The assessment gave leg and back pain on the program's first day: the intake pain is
    # met; it named no PSFS activities and no ODI, so those are due.
    assert set(due) == {Instrument.PSFS, Instrument.ODI}
    assert due[Instrument.ODI].entry == "staff"


@pytest.mark.parametrize(
    ("form", "problem"),
    [
        (schedule_form(psfs={"weeks": "0"}), "every_weeks"),
        (schedule_form(psfs={"weeks": "99"}), "every_weeks"),
        (schedule_form(psfs={}), "psfs is never asked"),
        (schedule_form(psfs={"weeks": "two"}), "every_weeks"),
    ],
)
def test_a_bad_schedule_is_refused_naming_the_field(world, clock, form, problem):
    page = world.client("therapist").post(
        f"/patients/{world.patient_a.pk}/questionnaires/schedule/", form
    )
    assert page.status_code == 400 and problem in page.content.decode()
    assert not QuestionnaireSchedule.objects.exists() and writes("questionnaire_schedule") == 0


def test_a_post_that_is_not_the_schedule_form_changes_nothing(world, clock):
    page = world.client("therapist").post(
        f"/patients/{world.patient_a.pk}/questionnaires/schedule/", {"psfs-asked": "yes"}
    )
    assert page.status_code == 400 and "action: send the schedule form" in page.content.decode()
    assert not QuestionnaireSchedule.objects.exists()


def test_other_clinics_and_patients_cannot_schedule_or_enter(world, clock):
    url = f"/patients/{world.patient_a.pk}/questionnaires/"
    for who in ("other_therapist", "patient_a_user", "patient_b_user"):
        client = world.client(who)
        assert client.get(url).status_code in (403, 404)
        assert client.post(url + "schedule/", USUAL).status_code in (403, 404)
        assert client.post(url + "odi/", {"pain_intensity": "1"}).status_code in (403, 404)
    assert not QuestionnaireSchedule.objects.exists()
    assert not QuestionnaireResponse.objects.exists()


def test_opening_the_discharge_questionnaires_ends_the_periodic_ones(scheduled, world, clock):
    clock["today"] = LATER
    form = {**USUAL, "open_discharge": "yes"}
    world.client("therapist").post(f"/patients/{scheduled.pk}/questionnaires/schedule/", form)
    assert QuestionnaireSchedule.objects.get(patient=scheduled).discharge_from == LATER
    due = {d.instrument: d.occasion for d in questionnaires.due(scheduled, LATER)}
    assert due == {Instrument.PAIN_NRS: "discharge", Instrument.PSFS: "discharge"}  # not the ODI


# --- the patient answers ------------------------------------------------------------------


def test_the_patient_sees_what_is_due_on_today_and_in_notifications(scheduled, world):
    client = world.client("patient_a_user")
    today = client.get("/me/").content.decode()
    assert "Questions from your therapist" in today and "/me/questionnaires/" in today
    listing = client.get("/me/questionnaires/").content.decode()
    assert "Everyday activities" in listing and "/me/questionnaires/psfs/" in listing
    assert "Oswestry" not in listing  # staff enter it
    notes = client.get("/notifications/").content.decode()
    assert "Patient-Specific Functional Scale" in notes
    other = world.client("patient_b_user")
    assert "Questions from your therapist" not in other.get("/me/").content.decode()
    assert AuditEvent.objects.filter(object_type="questionnaires", action="read").exists()


def test_the_patient_names_and_rates_activities_scored_by_the_core(scheduled, world, clock):
    client = world.client("patient_a_user")
    form = {"activity-0": "Sitting in the car", "score-0": "4"}
    form |= {"activity-1": "Tying my shoes", "score-1": "7"}
    assert client.post("/me/questionnaires/psfs/", form).status_code == 302
    [score] = OutcomeScore.objects.filter(patient=scheduled, measure="psfs_mean")
    assert (score.value, score.recorded_on) == (5.5, TODAY)
    assert PsfsActivityScore.objects.filter(patient=scheduled).count() == 2
    assert writes("questionnaire_response") == 1 and writes("outcome") >= 1
    assert Instrument.PSFS not in {d.instrument for d in questionnaires.due(scheduled, TODAY)}
    # Two weeks on, the same activities are asked again, named for the patient.
    clock["today"] = LATER
    page = client.get("/me/questionnaires/psfs/").content.decode()
    assert "Sitting in the car: how well" in page and 'name="activity-0"' not in page
    client.post("/me/questionnaires/psfs/", {"score-0": "6", "score-1": "8"})
    newest = OutcomeScore.objects.filter(measure="psfs_mean").latest("recorded_on")
    assert (newest.value, newest.recorded_on) == (7.0, LATER)


def test_the_assessments_activities_are_rated_and_a_stale_form_naming_others_is_refused(
    world, clock
):
    from sciatica_pt.clinic.services import assessments
    from tests.clinic.conftest import assessment_doc

    doc = assessment_doc()
    doc["outcomes"] = {"psfs": [{"activity": "Gardening", "score": 3}]}
    assessments.record(None, world.therapist, world.patient_a, doc, TODAY)
    form = schedule_form(psfs=EVERY_TWO_WEEKS)
    world.client("therapist").post(f"/patients/{world.patient_a.pk}/questionnaires/schedule/", form)
    clock["today"] = LATER
    client = world.client("patient_a_user")
    assert "Gardening: how well" in client.get("/me/questionnaires/psfs/").content.decode()
    stale = client.post("/me/questionnaires/psfs/", {"activity-0": "Cycling", "score-0": "5"})
    assert stale.status_code == 400 and "rate the activities named at the start: Gardening" in (
        stale.content.decode()
    )
    assert client.post("/me/questionnaires/psfs/", {"score-0": "6"}).status_code == 302
    assert OutcomeScore.objects.get(measure="psfs_mean", recorded_on=LATER).value == 6.0


def test_pain_answers_reach_the_review_and_the_charts_like_staff_scores(scheduled, world, clock):
    clock["today"] = LATER
    client = world.client("patient_a_user")
    page = client.get("/me/questionnaires/pain_nrs/").content.decode()
    assert "How strong is the pain in your leg right now?" in page
    assert (
        client.post("/me/questionnaires/pain_nrs/", {"leg_pain": "2", "back_pain": "1"}).status_code
        == 302
    )
    got = OutcomeScore.objects.filter(patient=scheduled, recorded_on=LATER)
    assert {(s.measure, s.value) for s in got} == {("leg_pain_nrs", 2.0), ("back_pain_nrs", 1.0)}
    program = Program.objects.get(patient=scheduled, is_current=True)
    assert program.last_review["today"] == LATER.isoformat()  # reviewed with the new scores
    chart = world.client("therapist").get(f"/patients/{scheduled.pk}/").content.decode()
    assert f"to 2 on {LATER}" in chart  # the leg pain chart's new point


@pytest.mark.parametrize(
    ("form", "problem"),
    [
        ({"back_pain": "3"}, "Leg pain: please choose a number"),
        ({"leg_pain": "11", "back_pain": "3"}, "Leg pain: 11 is above 10"),
        ({"leg_pain": "-1", "back_pain": "3"}, "Leg pain:"),
    ],
)
def test_bad_pain_answers_are_refused_naming_the_question(scheduled, world, clock, form, problem):
    clock["today"] = LATER
    page = world.client("patient_a_user").post("/me/questionnaires/pain_nrs/", form)
    assert page.status_code == 400 and problem in page.content.decode()
    assert not QuestionnaireResponse.objects.exists()
    assert not OutcomeScore.objects.filter(recorded_on=LATER).exists()


def test_a_psfs_activity_without_its_number_is_refused_naming_its_line(scheduled, world):
    form = {"activity-0": "Walking the dog", "score-0": "5", "activity-2": "Gardening"}
    page = world.client("patient_a_user").post("/me/questionnaires/psfs/", form)
    assert page.status_code == 400
    assert "Activity 3, its number: please fill it in" in page.content.decode()
    assert 'value="Gardening"' in page.content.decode()  # what was typed stays
    assert not PsfsActivityScore.objects.exists()


def test_a_psfs_number_without_its_activity_is_refused_in_plain_words(scheduled, world):
    form = {"score-0": "5", "activity-1": "Gardening", "score-1": "3"}
    page = world.client("patient_a_user").post("/me/questionnaires/psfs/", form)
    assert page.status_code == 400
    assert "Activity 1, the activity: please fill it in" in page.content.decode()
    assert "String should" not in page.content.decode()
    assert not PsfsActivityScore.objects.exists()


def test_a_questionnaire_not_due_or_entered_by_staff_is_not_answered_by_the_patient(
    scheduled, world
):
    client = world.client("patient_a_user")
    for instrument in ("pain_nrs", "odi", "start_back", "nonsense"):  # pain: met at intake
        response = client.post(f"/me/questionnaires/{instrument}/", {"leg_pain": "3"})
        assert response.status_code == 302 and response.url == "/me/questionnaires/"
    assert not QuestionnaireResponse.objects.exists()
    assert world.client("therapist").get("/me/questionnaires/").status_code == 403


# --- staff entry --------------------------------------------------------------------------


def odi_form(**sections: str) -> dict[str, str]:
    form = dict.fromkeys(ODI_SECTIONS, "2")
    form.update(sections)
    return form


def test_staff_enter_the_odi_by_section_and_one_blank_is_scored_over_the_rest(scheduled, world):
    client = world.client("therapist")
    url = f"/patients/{scheduled.pk}/questionnaires/odi/"
    assert client.post(url, odi_form(sex_life="")).status_code == 302
    [score] = OutcomeScore.objects.filter(patient=scheduled, measure="odi_percent")
    assert score.value == 40.0  # 18 over 9 sections x 5
    stored = QuestionnaireResponse.objects.get()
    assert stored.answers["sections"]["sex_life"] is None and not stored.by_patient
    assert Instrument.ODI not in {d.instrument for d in questionnaires.due(scheduled, TODAY)}


@pytest.mark.parametrize(
    ("form", "problem"),
    [
        (odi_form(lifting="6"), "odi.sections.lifting: 6 is above 5"),
        (odi_form(sex_life="", travelling=""), "2 sections unanswered (sex_life, travelling)"),
        (odi_form(walking="x"), "odi.sections.walking"),
        ({**odi_form(), "answered_on": "2999-01-01"}, "answered_on: 2999-01-01 is after today"),
    ],
)
def test_bad_odi_entries_are_refused_naming_the_section(scheduled, world, form, problem):
    page = world.client("therapist").post(f"/patients/{scheduled.pk}/questionnaires/odi/", form)
    assert page.status_code == 400 and problem in page.content.decode()
    assert 'name="pain_intensity" inputmode="numeric" size="2" value="2"' in page.content.decode()
    assert not OutcomeScore.objects.filter(measure="odi_percent").exists()


def test_staff_enter_the_start_back_by_item_number(scheduled, world):
    form = {f"item_{n}": "agree" for n in range(1, 9)} | {"item_9": "very_much"}
    form["item_2"] = "disagree"
    url = f"/patients/{scheduled.pk}/questionnaires/start_back/"
    assert world.client("therapist").post(url, form).status_code == 302
    assert OutcomeScore.objects.get(measure="start_back_total").value == 8.0
    missing = world.client("therapist").post(url, {"item_1": "agree"})
    assert (
        missing.status_code == 400 and "start_back.item_9: is required" in missing.content.decode()
    )
    assert (
        world.client("therapist")
        .post(f"/patients/{scheduled.pk}/questionnaires/pain_nrs/", {})
        .status_code
        == 404
    )  # the patient answers it, in the app


# --- reminders, on a real SMTP server ------------------------------------------------------


@pytest.fixture
def smtp_inbox(settings):
    yield from running_inbox(settings)


def at(hour: int, day: dt.date = TODAY) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def test_the_reminder_mail_names_the_due_questionnaires_even_after_todays_session(
    scheduled, world, smtp_inbox
):
    user = world.patient_a_user
    user.email = "zelda@example.org"
    user.save()
    reminders.choose(None, user, True, "09:30")
    checkins.log(None, user, checkin_doc(), TODAY)  # today's session is done
    assert reminders.send_due_reminders(at(10)) == 1  # only the questionnaires' reminder
    [mail] = smtp_inbox.to("zelda@example.org")
    assert "Patient-Specific Functional Scale" in body(mail)
    assert "Oswestry" not in body(mail)  # staff enter it
    assert "/me/questionnaires/" in body(mail)
    assert reminders.send_due_reminders(at(11)) == 0  # once a day
    world.client("patient_a_user").post(
        "/me/questionnaires/psfs/", {"activity-0": "Sitting", "score-0": "5"}
    )
    reminders.send_due_reminders(at(10, TODAY + dt.timedelta(days=1)))  # the program's only
    assert [body(m) for m in smtp_inbox.to("zelda@example.org")][1].count("questionnaire") == 0
    assert not SentReminder.objects.filter(kind="questionnaire", day=TODAY + dt.timedelta(days=1))


# --- the patient's charts carry plain words --------------------------------------------------


def test_the_patients_charts_explain_the_band_in_plain_words_the_therapists_cite(world):
    patient_page = world.client("patient_a_user").get("/me/progress/").content.decode()
    assert "The dashed line is your score at the start" in patient_page
    for jargon in ("Ostelo", "minimal important change", "Baseline", "MIC"):
        assert jargon not in patient_page
    therapist_page = world.client("therapist").get(f"/patients/{world.patient_a.pk}/")
    text = therapist_page.content.decode()
    assert "minimal important change" in text and "Ostelo-2008" in text
    assert "The dashed line is your score" not in text

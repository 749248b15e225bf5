"""The patient's pages (issue 20, "The patient (on a phone)"): drawings and plain words, the
short check-in whose warning questions are still answered every time, a truthful act-now page,
the maintenance program after discharge with its maintenance log, and one daily reminder."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from icalendar import Calendar

from sciatica_pt import knowledge
from sciatica_pt.clinic.models import Alert, AlertStatus, CheckIn, Patient
from sciatica_pt.clinic.services import alerts, checkins, patients, programs
from sciatica_pt.clinic.views.patient import WARNING_SIGNS
from sciatica_pt.core.followup.flare import flare_plan
from tests.clinic.conftest import TODAY, checkin_doc

SIGNS = [name for name, _ in WARNING_SIGNS]


def _short_form(**changes):
    """A typical day as the phone page sends it: one answer for the warning list."""
    data = {
        "warning_signs": "none",
        "back_pain_nrs": "3",
        "leg_pain_nrs": "4",
        "leg_symptoms": "same",
        "next_morning": "same",
        "pain_during": "same",
        "done": "all",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _ids(html: str) -> Counter[str]:
    return Counter(re.findall(r'\sid="([^"]+)"', html))


# --- pictures and plain words ---------------------------------------------------------------


@pytest.mark.parametrize("url", ["/me/", "/me/checkin/", "/education/"])
def test_each_exercise_shows_its_moving_drawing_dose_in_words_and_steps(world, url):
    html = world.client("patient_a_user").get(url).content.decode()
    _, items = programs.current_items(world.patient_a)
    exercise = next(i for i in items if i.kind == "exercise")
    kb_item = knowledge.load().item(exercise.item_id)
    assert "<svg" in html and "<animate" in html  # the animated variant
    assert re.search(rf'<title id="[a-z]+-{exercise.item_id}-title">', html)
    assert kb_item.instructions.steps[0].replace("'", "&#x27;") in html
    assert re.search(r"<strong>\d+ times|<strong>Hold|<strong>\d+ sets|<strong>Once", html)
    assert "per_day" not in html and "hold_seconds" not in html


@pytest.mark.parametrize("url", ["/me/", "/me/checkin/", "/education/"])
def test_every_id_on_the_patients_pages_is_unique(world, url):
    html = world.client("patient_a_user").get(url).content.decode()
    assert [i for i, n in _ids(html).items() if n > 1] == []


def test_staff_see_the_library_without_a_patients_exercises(world):
    html = world.client("therapist").get("/education/").content.decode()
    assert "Your exercises" not in html and "<svg" not in html


# --- the short check-in ----------------------------------------------------------------------


def test_nothing_is_answered_for_the_patient_before_they_tap(world):
    html = world.client("patient_a_user").get("/me/checkin/").content.decode()
    answers = re.findall(r'<input type="radio" name="([a-z_-]+)" value="([^"]*)"[^>]*checked', html)
    # Only "Skip" (not asked) is chosen at first, for the optional pain numbers.
    assert {value for _, value in answers} == {""}
    assert 'name="items_done"' in html and not re.search(r'name="items_done"[^>]*checked', html)


def test_none_of_these_answers_every_warning_question_no_in_one_tap(world):
    response = world.client("patient_a_user").post("/me/checkin/", _short_form())
    assert response.status_code == 302
    row = CheckIn.objects.latest("pk")
    assert all(row.data[name] is False for name in SIGNS)
    assert not row.warning_sign


def test_a_yes_to_any_sign_counts_even_with_none_of_these_chosen(world):
    form = _short_form(saddle_numbness="yes")
    response = world.client("patient_a_user").post("/me/checkin/", form)
    assert response.status_code == 400  # the other five still need an answer
    assert CheckIn.objects.filter(warning_sign=True).count() == 0
    assert b"bladder_bowel_change" in response.content


def test_yes_opens_each_question_and_a_yes_there_is_an_emergency(world):
    form = _short_form(
        warning_signs="some", **{**dict.fromkeys(SIGNS, "no"), "new_weakness": "yes"}
    )
    response = world.client("patient_a_user").post("/me/checkin/", form)
    assert response.status_code == 200
    assert b"emergency department" in response.content
    assert CheckIn.objects.latest("pk").data["new_weakness"] is True
    assert Alert.objects.filter(patient=world.patient_a, severity="critical").exists()


@pytest.mark.parametrize(
    ("form", "named"),
    [
        (_short_form(warning_signs=None), SIGNS),  # the list not answered: each named
        (_short_form(warning_signs="some"), SIGNS),  # yes, but which not said
        (_short_form(warning_signs="some", saddle_numbness="yes"), SIGNS[1:]),
        (_short_form(warning_signs="some", **dict.fromkeys(SIGNS, "no")), ["warning_signs"]),
        (_short_form(warning_signs="maybe"), ["warning_signs"]),
    ],
)
def test_blank_or_contradicting_warning_answers_are_refused_by_name(world, form, named):
    before = CheckIn.objects.count()
    response = world.client("patient_a_user").post("/me/checkin/", form)
    assert response.status_code == 400
    for name in named:
        assert name.encode() in response.content
    assert CheckIn.objects.count() == before


def test_all_of_them_logs_every_exercise_and_one_tap_each_says_how_it_went(world):
    _, items = programs.current_items(world.patient_a)
    exercises = [i.item_id for i in items if i.kind == "exercise"]
    form = _short_form(**{f"feel_{exercises[0]}": "hurt"})
    assert world.client("patient_a_user").post("/me/checkin/", form).status_code == 302
    row = CheckIn.objects.latest("pk")
    assert row.data["items_done"] == exercises
    assert row.data["item_feeling"] == {exercises[0]: "hurt"}


def test_some_logs_only_the_ticked_exercises_and_none_logs_none(world):
    _, items = programs.current_items(world.patient_a)
    first = next(i.item_id for i in items if i.kind == "exercise")
    client = world.client("patient_a_user")
    client.post("/me/checkin/", _short_form(done="some", items_done=first))
    assert CheckIn.objects.latest("pk").data["items_done"] == [first]
    client.post("/me/checkin/", _short_form(done="none"))
    assert CheckIn.objects.latest("pk").data["items_done"] == []


def test_a_feeling_for_an_exercise_not_done_is_refused(world):
    with pytest.raises(checkins.InvalidInput, match=r"item_feeling: .* not in items_done"):
        doc = checkin_doc(item_feeling={"prone-press-up": "easy"})
        checkins.log(None, world.patient_a_user, doc, TODAY)


def test_the_api_check_in_keeps_its_contract(world):
    client = world.client("patient_a_user")
    response = client.post("/api/me/checkins", checkin_doc(), content_type="application/json")
    assert response.status_code == 201
    assert set(response.json()) == {"checkin", "alerts", "act_now"}
    blank = checkin_doc()
    del blank["sexual_change"]
    refused = client.post("/api/me/checkins", blank, content_type="application/json")
    assert refused.status_code == 422 and "sexual_change" in refused.content.decode()


# --- the act-now page ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "patient_a_user", "therapist"])
def test_act_now_does_not_claim_an_alert_nobody_raised(world, who):
    html = world.client(who).get("/act-now/").content.decode()
    assert "has been alerted" not in html
    assert "emergency department" in html and "does not alert them" in html


def test_act_now_says_the_therapist_was_alerted_only_while_the_alert_is_open(world):
    client = world.client("patient_a_user")
    checkins.log(None, world.patient_a_user, checkin_doc(both_legs=True), TODAY)
    assert "Your therapist has been alerted" in client.get("/act-now/").content.decode()
    assert (
        "has been alerted" not in world.client("patient_b_user").get("/act-now/").content.decode()
    )
    Alert.objects.filter(patient=world.patient_a).update(status=AlertStatus.ACKNOWLEDGED)
    assert "has been alerted" not in client.get("/act-now/").content.decode()


def test_a_lesser_alert_is_not_an_emergency_alert(world):
    alerts.raise_alert(world.patient_a, "rule-x", "warning", "Pain up.", "", [])
    assert (
        "has been alerted" not in world.client("patient_a_user").get("/act-now/").content.decode()
    )


# --- after discharge ----------------------------------------------------------------------------


def _discharge(world) -> None:
    patients.discharge(None, world.therapist, world.patient_a, TODAY)


def test_a_discharged_patient_sees_the_maintenance_program_and_the_flare_up_plan(world):
    _discharge(world)
    html = world.client("patient_a_user").get("/me/").content.decode()
    assert "Not started yet" not in html
    assert "Your maintenance program" in html and "Your flare-up plan" in html
    lines, _ = flare_plan(knowledge.load())
    assert lines[0].replace("'", "&#x27;") in html
    assert "a week" in html  # the maintenance dose: a few times a week
    assert "<svg" in html


def test_a_check_in_after_discharge_goes_to_the_maintenance_log(world):
    _discharge(world)
    program = programs.current_program(world.patient_a)
    version, state = program.version, program.followup_state
    client = world.client("patient_a_user")
    page = client.get("/me/checkin/").content.decode()
    assert "maintenance log" in page
    response = client.post("/me/checkin/", _short_form(leg_symptoms="peripheralized"))
    assert response.status_code == 302
    done = client.get(response["Location"]).content.decode()
    assert "Saved in your maintenance log" in done and "Well done" not in done
    program.refresh_from_db()
    assert (program.version, program.followup_state, program.status) == (
        version,
        state,
        "discharged",
    )  # the maintenance program is not changed by the follow-up rules
    therapist = world.client("therapist").get(f"/patients/{world.patient_a.pk}/").content.decode()
    row = CheckIn.objects.latest("pk")
    assert row.day.isoformat() in therapist or str(row.day) in therapist


def test_a_warning_sign_after_discharge_is_still_an_emergency_alert(world):
    _discharge(world)
    doc = checkin_doc(day=(TODAY + dt.timedelta(days=1)).isoformat(), saddle_numbness=True)
    row, raised = checkins.log(None, world.patient_a_user, doc, TODAY + dt.timedelta(days=1))
    assert row.warning_sign
    assert [a.severity for a in raised] == ["critical"]


# --- one reminder a day -------------------------------------------------------------------------


def _alarms(world) -> list:
    response = world.client("patient_a_user").get(f"/patients/{world.patient_a.pk}/program.ics")
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    return [e for e in events if e.walk("VALARM")]


def test_the_calendar_rings_once_a_day_at_the_time_the_patient_chose(world):
    (default,) = _alarms(world)
    assert default.decoded("DTSTART").time() == dt.time(18, 0)
    client = world.client("patient_a_user")
    response = client.post("/me/reminder/", {"reminder_time": "08:45"})
    assert response.status_code == 302
    assert "08:45" in client.get("/me/").content.decode()
    (chosen,) = _alarms(world)
    assert chosen.decoded("DTSTART").time() == dt.time(8, 45)
    assert chosen["RRULE"]["FREQ"] == ["DAILY"]


@pytest.mark.parametrize("raw", ["", "25:00", "7", "noon", "07:45:00.5", "07:45", "23:00"])
def test_a_time_that_is_not_a_time_of_day_is_refused_by_name(world, raw):
    client = world.client("patient_a_user")
    response = client.post("/me/reminder/", {"reminder_time": raw}, follow=True)
    assert "reminder_time:" in response.content.decode()
    assert Patient.objects.get(pk=world.patient_a.pk).reminder_time is None


def test_staff_cannot_set_a_patients_reminder(world):
    response = world.client("therapist").post("/me/reminder/", {"reminder_time": "07:00"})
    assert response.status_code == 403

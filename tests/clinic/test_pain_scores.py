"""The check-in's pain numbers (before, during, next morning) reach the follow-up engine's
traffic-light rule: a rise of more than 2 points, or pain not back to its baseline by the
next morning, regresses the exercise (clinical-notes §6.4)."""

from __future__ import annotations

import datetime as dt

import pytest

from sciatica_pt.clinic.checkin import CheckInDoc
from sciatica_pt.clinic.services import checkins, followup, programs
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.core.followup.models import NextMorning
from tests.clinic.conftest import TODAY, checkin_doc

LATER = TODAY + dt.timedelta(days=1)
YES_NO = ("saddle_numbness", "bladder_bowel_change", "sexual_change", "both_legs", "new_weakness")


def form(exercise: str, **answers: str) -> dict[str, object]:
    data: dict[str, object] = dict.fromkeys(YES_NO, "no")
    data |= {"new_numbness": "no", "day": LATER.isoformat(), "items_done": [exercise]}
    data |= {"back_pain_nrs": "3", "leg_pain_nrs": "3", "next_morning": "same"}
    data |= {"leg_symptoms": "same", "pain_before_nrs": "", "pain_during_nrs": ""}
    data |= {"pain_next_morning_nrs": "", "pain_during": ""}
    data.update(answers)
    return data


@pytest.fixture
def exercise(world):
    program = programs.current_program(world.patient_a)
    return program.items.live().filter(kind="exercise").first()


def log_form(world, data, monkeypatch):
    monkeypatch.setattr("sciatica_pt.clinic.views.patient.today", lambda: LATER)
    return world.client("patient_a_user").post("/me/checkin/", data)


def test_pain_3_before_and_7_during_regresses_the_exercise_for_patient_and_therapist(
    world, exercise, monkeypatch
):
    before = exercise.dosage
    response = log_form(
        world, form(exercise.item_id, pain_before_nrs="3", pain_during_nrs="7"), monkeypatch
    )
    assert response.status_code == 302
    review = programs.current_program(world.patient_a).last_review
    decision = next(d for d in review["decisions"] if d["rule"] == "pain.traffic-light")
    assert decision["item_id"] == exercise.item_id and "rose 4 points" in decision["why"]
    # regressed: an easier dose or exercise, or stopped when there is nothing easier
    assert decision["action"] in ("regress_dose", "regress_item", "stop_item")
    exercise.refresh_from_db()
    assert exercise.status != "active" or exercise.dosage != before
    # A step down the exercise's own ladder (here the first rung of the directional exercise)
    # is shown to the therapist on the patient's page; an alert is for a regression that
    # leaves the planned ladder (core.followup.progression, tested in tests/core/followup).
    assert decision["action"] == "regress_item"
    assert not world.patient_a.alerts.filter(rule__contains="traffic-light").exists()
    therapist_page = world.client("therapist").get(f"/patients/{world.patient_a.pk}/")
    assert "rose 4 points" in therapist_page.content.decode()
    my_program = world.client("patient_a_user").get("/me/").content.decode()
    assert "rose 4 points" in my_program and f"<strong>{exercise.name}</strong>:" in my_program


def test_a_rise_of_two_points_is_acceptable_and_changes_nothing(world, exercise, monkeypatch):
    log_form(world, form(exercise.item_id, pain_before_nrs="3", pain_during_nrs="5"), monkeypatch)
    review = programs.current_program(world.patient_a).last_review
    assert all(d["rule"] != "pain.traffic-light" for d in review["decisions"])


def test_pain_this_morning_above_the_last_sessions_baseline_regresses_the_exercise(
    world, exercise, monkeypatch
):
    first = checkin_doc(items_done=[exercise.item_id], pain_before_nrs=2, pain_during_nrs=3)
    checkins.log(None, world.patient_a_user, first, TODAY)
    response = log_form(
        world, form(exercise.item_id, pain_next_morning_nrs="5", pain_during="same"), monkeypatch
    )
    assert response.status_code == 302
    review = programs.current_program(world.patient_a).last_review
    decision = next(d for d in review["decisions"] if d["rule"] == "pain.traffic-light")
    assert "not settled" in decision["why"]


def test_the_numbers_are_kept_and_the_trend_is_read_off_them(world, exercise, monkeypatch):
    log_form(world, form(exercise.item_id, pain_before_nrs="2", pain_during_nrs="4"), monkeypatch)
    row = world.patient_a.checkins.order_by("-pk").first()
    assert (row.data["pain_before_nrs"], row.data["pain_during_nrs"]) == (2, 4)
    assert row.data["pain_during"] == "worse"
    assert (row.core["pain_before"], row.core["pain_during"]) == (2, 4)


def test_skipped_numbers_are_not_asked_never_zero(world, exercise, monkeypatch):
    log_form(world, form(exercise.item_id, pain_during="same"), monkeypatch)
    row = world.patient_a.checkins.order_by("-pk").first()
    assert row.data["pain_before_nrs"] is None and row.core["pain_during"] is None


def test_without_numbers_the_trend_answer_is_still_required(world, exercise, monkeypatch):
    response = log_form(world, form(exercise.item_id), monkeypatch)
    assert response.status_code == 400
    assert "pain_during" in response.content.decode()


@pytest.mark.parametrize("value", [11, -1, "7", 3.5])
def test_a_pain_number_outside_0_to_10_or_not_a_whole_number_is_refused(world, value):
    with pytest.raises(InvalidInput, match="pain_during_nrs"):
        checkins.log(None, world.patient_a_user, checkin_doc(pain_during_nrs=value), TODAY)


@pytest.mark.parametrize(
    ("morning", "answer", "expected"),
    [
        (None, "same", NextMorning.SAME),
        (5, "same", NextMorning.WORSE),
        (3, "same", NextMorning.SAME),
        (1, "better", NextMorning.BETTER),
        (1, "same", NextMorning.SAME),  # lower numbers never overrule the patient's answer
        (1, "worse", NextMorning.WORSE),  # the more cautious reading wins
    ],
)
def test_the_next_morning_is_the_worse_of_the_answer_and_the_numbers(morning, answer, expected):
    doc = CheckInDoc.model_validate(checkin_doc(next_morning=answer, pain_next_morning_nrs=morning))
    assert followup.core_checkin(doc, set(), last_before=3).next_morning == expected


def test_without_a_baseline_the_morning_number_leaves_the_answer(world):
    doc = CheckInDoc.model_validate(checkin_doc(pain_next_morning_nrs=9))
    assert followup.core_checkin(doc, set(), last_before=None).next_morning == NextMorning.SAME


def test_the_form_offers_skip_and_0_to_10_for_each_pain_question(world):
    html = world.client("patient_a_user").get("/me/checkin/").content.decode()
    for name in ("pain_before_nrs", "pain_during_nrs", "pain_next_morning_nrs"):
        assert f'name="{name}" value="" checked' in html
        assert f'name="{name}" value="10"' in html

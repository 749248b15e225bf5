"""Logging a session and check-in: warning signs act at once, bad input changes nothing."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from sciatica_pt.clinic.models import Alert, CheckIn, Patient, Program
from sciatica_pt.clinic.services import checkins, programs
from sciatica_pt.clinic.services.errors import InvalidInput
from tests.clinic.conftest import TODAY, checkin_doc


def _form(**changes):
    data = {
        "back_pain_nrs": "3",
        "leg_pain_nrs": "4",
        "pain_during": "same",
        "next_morning": "same",
        "leg_symptoms": "same",
        "new_numbness": "no",
        "new_weakness": "no",
        "both_legs": "no",
        "saddle_numbness": "no",
        "bladder_bowel_change": "no",
        "sexual_change": "no",
    }
    data.update(changes)
    return data


def test_a_warning_sign_shows_what_to_do_now_and_alerts_the_therapist_once(world):
    client = world.client("patient_a_user")
    response = client.post("/me/checkin/", _form(bladder_bowel_change="yes"))
    assert response.status_code == 200
    assert b"emergency department now" in response.content
    alert = Alert.objects.filter(patient=world.patient_a, severity="critical").get()
    assert alert.rule == "followup.warning-signs.stop"
    assert alert.severity == "critical" and alert.status == "open"
    assert programs.current_program(world.patient_a).status == "stopped"
    therapist_page = world.client("therapist").get(f"/patients/{world.patient_a.pk}/")
    assert b"Warning sign reported" in therapist_page.content


def test_an_unanswered_warning_question_is_refused_not_read_as_no(world):
    client = world.client("patient_a_user")
    before = CheckIn.objects.count()
    form = _form()
    del form["saddle_numbness"]
    response = client.post("/me/checkin/", form)
    assert response.status_code == 400
    assert b"saddle_numbness" in response.content
    assert CheckIn.objects.count() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"leg_pain_nrs": 14}, "leg_pain_nrs"),
        ({"pain_during": "meh"}, "pain_during"),
        ({"day": "2026-13-01"}, "day"),
        ({"saddle_numbness": "yes"}, "saddle_numbness"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_check_in_input_is_rejected_by_field_path(world, change, field):
    with pytest.raises(InvalidInput) as exc:
        checkins.log(None, world.patient_a_user, checkin_doc(**change), TODAY)
    assert any(p.startswith(field) for p in exc.value.problems)


def test_the_api_answers_a_warning_sign_with_the_action_now(world):
    client = world.client("patient_a_user")
    response = client.post(
        "/api/me/checkins", checkin_doc(saddle_numbness=True), content_type="application/json"
    )
    assert response.status_code == 201
    assert "emergency department" in response.json()["act_now"]
    assert response.json()["alerts"][0]["severity"] == "critical"


def test_peripheralization_with_no_exercise_to_blame_raises_one_alert(world):
    import datetime as dt

    later = TODAY + dt.timedelta(days=1)
    doc = checkin_doc(day=later.isoformat(), leg_symptoms="peripheralized")
    _, raised = checkins.log(None, world.patient_a_user, doc, later)
    assert [a.rule for a in raised] == ["followup.pain.peripheralization"]


def test_new_numbness_raises_one_alert_not_two(world):
    import datetime as dt

    later = TODAY + dt.timedelta(days=1)
    doc = checkin_doc(day=later.isoformat(), new_numbness=True)
    _, raised = checkins.log(None, world.patient_a_user, doc, later)
    assert [a.rule for a in raised] == ["followup.pain.new-neuro"]
    assert Alert.objects.filter(patient=world.patient_a, rule__contains="neuro").count() == 1


def test_a_warning_sign_without_any_program_still_raises_the_critical_alert(world):
    from sciatica_pt.clinic.models import Program

    Program.objects.filter(patient=world.patient_a).delete()
    # With no program, a check-in may carry any day from the day the patient was added.
    Patient.objects.filter(pk=world.patient_a.pk).update(
        created_at=dt.datetime.combine(TODAY, dt.time(8), tzinfo=dt.UTC)
    )
    user = type(world.patient_a_user).objects.get(pk=world.patient_a_user.pk)
    row, raised = checkins.log(None, user, checkin_doc(both_legs=True), TODAY)
    assert row.warning_sign
    assert [(a.rule, a.severity) for a in raised] == [("followup.warning-signs.stop", "critical")]


def test_the_one_screen_form_has_a_label_for_every_input(world):
    from html.parser import HTMLParser

    class Inputs(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.labelled_for, self.unlabelled, self.names = 0, set(), [], set()

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "label":
                self.depth += 1
                self.labelled_for.add(a.get("for"))
            elif tag in ("input", "textarea", "select") and a.get("type") != "hidden":
                self.names.add(a.get("name"))
                if not self.depth:
                    self.unlabelled.append(a.get("id"))

        def handle_endtag(self, tag):
            if tag == "label":
                self.depth -= 1

    parser = Inputs()
    parser.feed(world.client("patient_a_user").get("/me/checkin/").content.decode())
    assert [i for i in parser.unlabelled if i not in parser.labelled_for] == []
    for name in ("back_pain_nrs", "leg_pain_nrs", "pain_during", "next_morning", "leg_symptoms"):
        assert name in parser.names


@pytest.mark.django_db(transaction=True)
def test_concurrent_check_ins_are_all_stored(world):
    errors: list[BaseException] = []

    def sphinx_done() -> int:
        review = programs.current_program(world.patient_a).last_review
        return next(i["done"] for i in review["adherence"]["items"] if i["item_id"] == "cat-cow")

    def send(n: int) -> None:
        try:
            doc = checkin_doc(items_done=["cat-cow"], notes=f"thread {n}")
            checkins.log(None, world.patient_a_user, doc, TODAY)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    before = CheckIn.objects.filter(patient=world.patient_a).count()
    done_before = sphinx_done()
    threads = [threading.Thread(target=send, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert CheckIn.objects.filter(patient=world.patient_a).count() == before + 6
    assert Patient.objects.get(pk=world.patient_a.pk).last_checkin_on is not None
    # Each review saw every check-in stored before it: the last one counts all six sessions.
    assert sphinx_done() == done_before + 6


@pytest.mark.parametrize(
    "sign",
    ["saddle_numbness", "bladder_bowel_change", "sexual_change", "new_weakness", "both_legs"],
)
def test_every_warning_sign_stops_the_program_with_a_critical_alert(world, sign):
    row, raised = checkins.log(None, world.patient_a_user, checkin_doc(**{sign: True}), TODAY)
    assert row.warning_sign
    assert raised[0].severity == "critical" and "emergency department" in raised[0].action_now
    assert programs.current_program(world.patient_a).status == "stopped"


def test_the_newest_check_in_day_moves_forward_only(world):
    import datetime as dt

    def newest():
        return Patient.objects.get(pk=world.patient_a.pk).last_checkin_on

    Patient.objects.filter(pk=world.patient_a.pk).update(last_checkin_on=None)
    earlier = TODAY - dt.timedelta(days=3)
    Program.objects.filter(patient=world.patient_a).update(started_on=earlier)
    checkins.log(None, world.patient_a_user, checkin_doc(day=earlier.isoformat()), TODAY)
    assert newest() == earlier  # none before: set
    checkins.log(None, world.patient_a_user, checkin_doc(), TODAY)
    assert newest() == TODAY  # later: moves forward
    checkins.log(None, world.patient_a_user, checkin_doc(day=earlier.isoformat()), TODAY)
    checkins.log(None, world.patient_a_user, checkin_doc(), TODAY)
    assert newest() == TODAY  # a late log and a second log of the day leave it


def test_a_warning_sign_on_another_day_is_a_new_emergency_even_while_the_first_is_open(world):
    import datetime as dt

    first, later = TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=2)
    for day in (first, later):
        doc = checkin_doc(day=day.isoformat(), saddle_numbness=True)
        checkins.log(None, world.patient_a_user, doc, day)
    stops = Alert.objects.filter(patient=world.patient_a, rule="followup.warning-signs.stop")
    assert sorted(a.event.split("@")[1] for a in stops) == [first.isoformat(), later.isoformat()]
    assert all(a.status == "open" for a in stops)


def test_stored_check_ins_from_before_keep_only_the_counts_the_patient_gave(world):
    """Migration 0017: older rows stored a count of 1 for every item done; the engine would
    read it as "1 of N a day", a partial day that never progresses. Counts the patient gave
    (the check-in document's item_sessions) stay; the others become "as prescribed"."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "sciatica_pt.clinic.migrations.0017_checkin_sessions_as_given"
    )
    program = Program.objects.get(patient=world.patient_b, is_current=True)
    first, second = program.items.filter(kind="exercise")[:2]
    doc = checkin_doc(
        items_done=[first.item_id, second.item_id], item_sessions={second.item_id: 2}
    )
    checkins.log(None, world.patient_b_user, doc, TODAY)
    row = CheckIn.objects.get(patient=world.patient_b)
    for item in row.core["items"]:  # as rows were stored before
        item["sessions"] = item["sessions"] or 1
    row.save()

    migration.sessions_as_given(apps, None)

    row.refresh_from_db()
    sessions = {item["item_id"]: item["sessions"] for item in row.core["items"]}
    assert sessions == {first.item_id: None, second.item_id: 2}
    assert row.data["items_done"] == [first.item_id, second.item_id]  # the patient's own words

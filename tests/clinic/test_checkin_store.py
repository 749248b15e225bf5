"""The check-in's plain-SQL path: a fixed number of statements, the newest check-ins read in
index order, and the review given exactly the check-ins the ORM would have given it."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sciatica_pt.clinic.models import Alert, CheckIn
from sciatica_pt.clinic.services import checkins, followup, programs
from tests.clinic.conftest import TODAY, checkin_doc


def _statements_of_one_check_in(world, day: dt.date) -> int:
    with CaptureQueriesContext(connection) as queries:
        checkins.log(None, world.patient_a_user, checkin_doc(day=day.isoformat()), day)
    return len(queries)


def _old_check_ins(world, count: int) -> None:
    program = programs.current_program(world.patient_a)
    core = CheckIn.objects.filter(patient=world.patient_a).exclude(core=None).first().core
    CheckIn.objects.bulk_create(
        CheckIn(patient=world.patient_a, program=program, day=TODAY, data={}, core=core)
        for _ in range(count)
    )


def test_a_check_in_costs_the_same_few_statements_whatever_the_history(world):
    first = _statements_of_one_check_in(world, TODAY + dt.timedelta(days=1))
    _old_check_ins(world, 150)
    later = _statements_of_one_check_in(world, TODAY + dt.timedelta(days=2))
    assert later == first
    # Savepoint and release (the test's transaction), program lock, past, insert, the closing
    # writes (one round trip on PostgreSQL, three statements on SQLite).
    assert first <= 8


def test_the_review_gets_the_newest_check_ins_of_the_program_newest_first():
    day = dt.date(2026, 11, 10)
    past = [(day - dt.timedelta(days=n), 100 - n, f'"{n}"') for n in range(70)]
    new = (day - dt.timedelta(days=3), 500, '"new"')  # logged late, stored last
    history = followup.history_with(past, new, start=day - dt.timedelta(days=65))
    assert len(history) == followup.HISTORY
    assert history[:5] == ['"0"', '"1"', '"2"', '"new"', '"3"']
    assert '"66"' not in history  # before the program's start


def test_check_ins_of_one_patient_are_read_through_one_index_in_newest_order(db):
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, CheckIn._meta.db_table)
    by_patient = {
        name: c["columns"]
        for name, c in indexes.items()
        if c["index"] and not c["primary_key"] and c["columns"][:1] == ["patient_id"]
    }
    assert list(by_patient) == ["clinic_checkin_newest"]
    assert by_patient["clinic_checkin_newest"] == ["patient_id", "day", "id"]


def test_an_unreadable_engine_state_still_stores_the_check_in_and_acts_on_a_warning(world, caplog):
    program = programs.current_program(world.patient_a)
    program.followup_state = {"not": "a program"}
    program.save(update_fields=["followup_state"])
    before = CheckIn.objects.filter(patient=world.patient_a).count()
    with caplog.at_level(logging.WARNING, logger="sciatica_pt.followup"):
        row, raised = checkins.log(
            None, world.patient_a_user, checkin_doc(saddle_numbness=True, notes="private"), TODAY
        )
    assert CheckIn.objects.filter(patient=world.patient_a).count() == before + 1
    assert row.warning_sign and raised[0].rule == "checkin.warning_sign"
    assert Alert.objects.filter(patient=world.patient_a, rule="checkin.warning_sign").exists()
    assert programs.current_program(world.patient_a).status == "stopped"
    assert "InvalidInput" in caplog.text and "private" not in caplog.text


def test_the_engine_state_written_as_text_reads_back_as_json(world):
    day = TODAY + dt.timedelta(days=1)
    checkins.log(None, world.patient_a_user, checkin_doc(day=day.isoformat()), day)
    program = programs.current_program(world.patient_a)
    assert program.followup_state["reviewed_through"] == day.isoformat()
    assert program.last_review["today"] == day.isoformat()
    stored = CheckIn.objects.filter(patient=world.patient_a, day=day).get()
    assert stored.data["day"] == day.isoformat() and stored.core["date"] == day.isoformat()

"""The check-in's plain-SQL path: a fixed number of statements, the newest check-ins read in
index order, and the review given exactly the check-ins the ORM would have given it."""

from __future__ import annotations

import datetime as dt
import json
import logging

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sciatica_pt.clinic import checkin_store as store
from sciatica_pt.clinic import prepared
from sciatica_pt.clinic.models import Alert, CheckIn
from sciatica_pt.clinic.services import checkins, followup, programs
from sciatica_pt.core.followup.start import parse_checkins_json
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
    # PostgreSQL: savepoint and release (the test's transaction), the program lock and the
    # past (prepared, so one statement each; one round trip for both when preparing is off),
    # the insert, the closing writes (one round trip). SQLite: the program and the past read
    # before the transaction for the review done ahead, then savepoint and release, lock,
    # past, insert, and the three closing writes one by one. Both: first, the program's start
    # (no check-in is dated before it).
    if store.writers_wait_for_each_other():
        assert first == 11
    else:
        assert first == (7 if prepared.enabled("default") else 6)


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


def test_the_read_of_the_past_follows_the_index_and_sorts_nothing(world):
    # A sort here would grow with the patient's history on every check-in. An alias named
    # like the column once made SQLite sort by the alias instead of reading the index.
    params = store._recent_params(world.patient_a, TODAY, TODAY)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {store._recent_query()}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "TEMP B-TREE" not in plan
            assert plan.count("USING INDEX clinic_checkin_newest") == 2
        else:
            # On a test's tiny tables the planner may well prefer a scan and a sort; the
            # question is whether the index alone can give this order, so sorting and the
            # scans that lose the order are priced out.
            for scan in ("seqscan", "bitmapscan", "sort"):
                cursor.execute(f"SET LOCAL enable_{scan} = off")
            cursor.execute(f"EXPLAIN {store._recent_query()}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "Sort" not in plan
            assert plan.count("clinic_checkin_newest") == 2


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


def _reviews_run(monkeypatch) -> list[dt.date]:
    """Each run of the engine's review, by its day; and the review done ahead of the
    transaction on every database (on PostgreSQL it is otherwise skipped)."""
    runs: list[dt.date] = []
    real = followup.review

    def counted(program, checkins_, outcomes, kb, today):
        runs.append(today)
        return real(program, checkins_, outcomes, kb, today)

    monkeypatch.setattr(followup, "review", counted)
    monkeypatch.setattr(store, "writers_wait_for_each_other", lambda: True)
    return runs


def _sphinx_done(world) -> int:
    review = programs.current_program(world.patient_a).last_review
    return next(i["done"] for i in review["adherence"]["items"] if i["item_id"] == "sphinx-pose")


def test_a_review_done_ahead_is_kept_when_the_transaction_reads_the_same_inputs(world, monkeypatch):
    runs = _reviews_run(monkeypatch)
    before = _sphinx_done(world)
    checkins.log(None, world.patient_a_user, checkin_doc(items_done=["sphinx-pose"]), TODAY)
    assert runs == [TODAY]  # once, before the transaction; not again inside it
    assert _sphinx_done(world) == before + 1


def _in_between(monkeypatch, happen) -> None:
    """Run `happen(patient, today)` once, after the review ahead and before the transaction."""
    real = checkins._review_ahead

    def ahead_then_happen(patient, doc, today):
        done = real(patient, doc, today)
        monkeypatch.setattr(checkins, "_review_ahead", real)  # a nested check-in runs as usual
        happen(patient, today)
        return done

    monkeypatch.setattr(checkins, "_review_ahead", ahead_then_happen)


def test_a_check_in_stored_between_the_review_ahead_and_the_transaction_is_reviewed(
    world, monkeypatch
):
    runs = _reviews_run(monkeypatch)
    other = checkin_doc(items_done=["sphinx-pose"], notes="from another device")
    _in_between(
        monkeypatch, lambda _, today: checkins.log(None, world.patient_a_user, other, today)
    )
    before = _sphinx_done(world)
    checkins.log(None, world.patient_a_user, checkin_doc(items_done=["sphinx-pose"]), TODAY)
    # The review done ahead missed the other check-in, so the transaction ran it again
    # (ahead; the other's, kept; again): the stored review counts both sessions.
    assert runs == [TODAY, TODAY, TODAY]
    assert _sphinx_done(world) == before + 2


def test_a_program_edited_between_the_review_ahead_and_the_transaction_is_reviewed(
    world, monkeypatch
):
    runs = _reviews_run(monkeypatch)

    def remove_the_sphinx(patient, _):
        followup.edit_state(programs.current_program(patient), "sphinx-pose", "remove")

    _in_between(monkeypatch, remove_the_sphinx)
    checkins.log(None, world.patient_a_user, checkin_doc(items_done=["sphinx-pose"]), TODAY)
    assert runs == [TODAY, TODAY]
    review = programs.current_program(world.patient_a).last_review
    assert "sphinx-pose" not in {i["item_id"] for i in review["adherence"]["items"]}


def test_a_stored_check_in_is_parsed_once_per_text_and_comes_back_the_same(world):
    text = CheckIn.objects.filter(patient=world.patient_a).exclude(core=None).first().core
    as_text = json.dumps(text)
    followup.checkin_of.cache_clear()
    first = followup.checkin_of(as_text)
    assert followup.checkin_of(as_text) is first
    assert followup.checkin_of.cache_info().hits == 1
    assert first == parse_checkins_json(f"[{as_text}]")[0]


def test_an_unreadable_stored_check_in_skips_the_review_and_is_not_kept(world):
    program = programs.current_program(world.patient_a)
    state = followup.engine_state(store.Locked(program, json.dumps(program.followup_state)))
    followup.checkin_of.cache_clear()
    done = followup.reviewed(program.pk, state, ("", ('{"not": "a check-in"}',), TODAY))
    assert done.result is None
    assert followup.checkin_of.cache_info().currsize == 0


def test_the_engines_program_is_parsed_once_per_text_and_a_bad_one_is_not_kept(world, caplog):
    program = programs.current_program(world.patient_a)
    as_text = json.dumps(program.followup_state)
    followup.program_of.cache_clear()
    first = followup.engine_state(store.Locked(program, as_text))
    assert followup.engine_state(store.Locked(program, as_text)) is first
    assert followup.program_of.cache_info().hits == 1
    assert first.model_dump(mode="json") == program.followup_state
    with caplog.at_level(logging.WARNING, logger="sciatica_pt"):
        assert followup.engine_state(store.Locked(program, '{"not": "a program"}')) is None
    assert followup.program_of.cache_info().currsize == 1
    assert f"review skipped for program {program.pk}" in caplog.text

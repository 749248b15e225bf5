"""Traffic-light pain monitoring and peripheralization (clinical-notes §6.4)."""

from sciatica_pt.core.followup.models import (
    Action,
    Direction,
    ItemStatus,
    LegSymptoms,
    NextMorning,
    Severity,
)
from sciatica_pt.core.followup.review import review
from sciatica_pt.core.knowledge import Dosage

from .builders import day, done, good_day, item, kb, program


def test_a_rise_of_two_points_that_settles_is_acceptable():
    checkin = good_day(1, pain_before=3, pain_during=5, next_morning=NextMorning.SAME)
    result = review(program(), [checkin], [], kb(), day(2))
    assert not result.decisions


def test_a_rise_of_more_than_two_points_regresses_the_item():
    raised = program(items=(item("ext-mid", dosage=Dosage(hold_seconds=120, reps=1, per_day=2)),))
    checkin = good_day(1, "ext-mid", pain_before=3, pain_during=6)
    result = review(raised, [checkin], [], kb(), day(2))
    assert result.decisions[0].action is Action.REGRESS_DOSE
    assert "rose 3 points" in result.decisions[0].why
    assert result.program.items[0].dosage.hold_seconds == 60
    assert result.program.items[0].status is ItemStatus.REGRESSED


def test_pain_not_settled_by_the_next_morning_regresses_the_item():
    raised = program(items=(item("ext-mid", dosage=Dosage(hold_seconds=120, reps=1, per_day=2)),))
    checkin = good_day(1, "ext-mid", next_morning=NextMorning.WORSE)
    result = review(raised, [checkin], [], kb(), day(2))
    assert result.decisions[0].action is Action.REGRESS_DOSE
    assert "next morning" in result.decisions[0].why


def test_at_its_starting_dose_an_item_moves_to_its_easier_exercise():
    checkin = good_day(1, "ext-mid", pain_during=8)
    result = review(program("ext-mid"), [checkin], [], kb(), day(2))
    assert result.decisions[0].action is Action.REGRESS_ITEM
    assert [i.item_id for i in result.program.items] == ["ext-easy"]


def test_with_nowhere_easier_to_go_the_item_stays_and_the_therapist_is_told():
    # issue 17 item 8: a regression reduces, it never removes (only peripheralization does)
    checkin = good_day(1, "ext-easy", pain_during=8)
    result = review(program("ext-easy"), [checkin], [], kb(), day(2))
    assert result.program.items[0].status is not ItemStatus.STOPPED
    assert any(a.severity is Severity.WARNING for a in result.alerts)


def test_a_stepped_up_exercise_that_peripheralizes_goes_back_to_its_gentlest_rung():
    # ext-mid came by a step up on day 1: the ladder below it was walked (issue 17 item 8)
    checkin = good_day(
        2,
        "ext-mid",
        "core-brace",
        items=(*done("ext-mid", leg_symptoms=LegSymptoms.PERIPHERALIZED), *done("core-brace")),
        leg_symptoms=LegSymptoms.PERIPHERALIZED,
    )
    both = program(items=(item("ext-mid", since=day(1)), item("ext-hard"), item("core-brace")))
    result = review(both, [checkin], [], kb(), day(2))
    by_id = {i.item_id: i for i in result.program.items}
    assert "ext-mid" not in by_id  # replaced by the bottom of its ladder (issue 17 item 8)
    assert by_id["ext-easy"].status is ItemStatus.REGRESSED
    assert by_id["ext-hard"].status is ItemStatus.STOPPED  # same direction, not even done
    assert by_id["core-brace"].status is ItemStatus.ACTIVE
    assert [b.direction for b in result.program.banned_directions] == [Direction.EXTENSION]
    assert result.program.banned_directions[0].kept == "ext-easy"
    assert any(d.action is Action.BAN_DIRECTION for d in result.decisions)
    assert [a.rule for a in result.alerts if "peripheral" in a.rule] == ["pain.peripheralization"]


def test_an_exercise_the_program_started_with_stops_when_it_peripheralizes():
    # nothing below it is known to centralise: stop, and a clinician re-tests (clinical-notes 3.2)
    checkin = good_day(1, items=done("ext-mid", leg_symptoms=LegSymptoms.PERIPHERALIZED))
    result = review(program("ext-mid", "core-brace"), [checkin], [], kb(), day(1))
    assert result.program.item("ext-mid").status is ItemStatus.STOPPED
    assert result.program.item("ext-easy") is None
    assert result.program.banned_directions[0].kept is None


def test_unattributed_peripheralization_blames_the_directional_exercise_done_that_day():
    checkin = good_day(1, "ext-easy", "core-brace", leg_symptoms=LegSymptoms.PERIPHERALIZED)
    result = review(program("ext-easy", "core-brace"), [checkin], [], kb(), day(2))
    by_id = {i.item_id: i for i in result.program.items}
    assert by_id["ext-easy"].status is ItemStatus.STOPPED
    assert by_id["core-brace"].status is ItemStatus.ACTIVE


def test_a_banned_direction_is_never_progressed_into():
    banned = review(
        program("ext-easy", "core-brace"),
        [good_day(1, "ext-easy", leg_symptoms=LegSymptoms.PERIPHERALIZED)],
        [],
        kb(),
        day(2),
    ).program
    days = [good_day(n, "core-brace") for n in range(3, 10)]
    result = review(banned, days, [], kb(), day(10))
    assert all(
        i.status is ItemStatus.STOPPED for i in result.program.items if i.direction == "extension"
    )


def test_new_numbness_regresses_the_session_and_asks_for_re_triage():
    raised = program(items=(item("ext-mid", dosage=Dosage(hold_seconds=120, reps=1, per_day=2)),))
    result = review(raised, [good_day(1, "ext-mid", new_numbness=True)], [], kb(), day(2))
    assert result.program.items[0].dosage.hold_seconds == 60
    assert any(a.rule == "pain.new-neuro" and "re-triage" in a.action_now for a in result.alerts)
    assert result.decisions[0].action is Action.RETRIAGE


def test_when_every_exercise_has_stopped_the_therapist_is_told_to_set_a_new_program():
    checkin = good_day(1, "ext-easy", leg_symptoms=LegSymptoms.PERIPHERALIZED)
    result = review(program("ext-easy", "ext-hard"), [checkin], [], kb(), day(2))
    assert any(a.rule == "program.no-exercise-left" for a in result.alerts)


def test_a_log_for_an_item_replaced_earlier_in_the_same_review_counts_for_its_successor():
    # day 1 regresses ext-mid to ext-easy; on day 2 the patient, still on the old sheet, logs
    # ext-mid and it peripheralizes: ext-easy (what ext-mid became) stops, extension is banned
    days = [
        good_day(1, items=(*done("ext-mid", pain_during=8), *done("core-brace"))),
        good_day(2, "ext-mid", "core-brace", leg_symptoms=LegSymptoms.PERIPHERALIZED),
    ]
    result = review(program("ext-mid", "core-brace"), days, [], kb(), day(3))
    by_id = {i.item_id: i for i in result.program.items}
    assert by_id["ext-easy"].status is ItemStatus.STOPPED
    assert by_id["core-brace"].status is ItemStatus.ACTIVE
    assert [b.direction for b in result.program.banned_directions] == [Direction.EXTENSION]


def test_pain_of_six_during_exercise_regresses_even_with_a_rise_of_two():
    # traffic light red (clinical-notes 6.4): stop or regress
    raised = program(items=(item("ext-mid", dosage=Dosage(hold_seconds=120, reps=1, per_day=2)),))
    checkin = good_day(1, "ext-mid", pain_before=4, pain_during=6)
    result = review(raised, [checkin], [], kb(), day(2))
    assert result.decisions[0].action is Action.REGRESS_DOSE
    assert "6/10" in result.decisions[0].why

"""A warning sign at any check-in stops the whole program at once (issue 4)."""

from sciatica_pt.core.followup.models import ItemStatus, ProgramStatus, Severity
from sciatica_pt.core.followup.review import review

from .builders import clear, day, good_day, kb, program


def week_with(sign: str, on: int = 3):
    signs = clear().model_copy(update={sign: True})
    return [good_day(n) if n != on else good_day(n, warning_signs=signs) for n in range(1, 7)]


def test_a_red_flag_in_an_otherwise_good_week_stops_the_program():
    result = review(program(), week_with("saddle_numbness"), [], kb(), day(7))
    assert result.program.status is ProgramStatus.STOPPED
    assert all(i.status is ItemStatus.STOPPED for i in result.program.items)
    critical = [a for a in result.alerts if a.severity is Severity.CRITICAL]
    assert critical and "emergency department now" in critical[0].action_now
    assert {"GIRFT-CES", "NICE-NG59"} <= set(critical[0].refs)


def test_good_days_after_the_red_flag_do_not_progress_anything():
    result = review(program(), week_with("bladder_change", on=1), [], kb(), day(7))
    assert not [d for d in result.decisions if d.action.startswith("progress")]
    assert result.program.items[0].dosage == kb().item("ext-easy").dosage


def test_each_cauda_equina_feature_alone_stops_the_program():
    for sign in ("saddle_numbness", "bladder_change", "bowel_change", "sexual_change", "both_legs"):
        result = review(program(), week_with(sign), [], kb(), day(7))
        assert result.program.status is ProgramStatus.STOPPED, sign


def test_new_or_spreading_weakness_stops_the_program():
    result = review(program(), week_with("new_or_spreading_weakness"), [], kb(), day(7))
    assert result.program.status is ProgramStatus.STOPPED
    assert result.decisions[0].rule == "warning-signs.stop"
    assert result.decisions[0].why and result.decisions[0].refs


def test_an_unanswered_warning_sign_is_asked_again_not_taken_as_no():
    signs = clear().model_copy(update={"bowel_change": None})
    result = review(program(), [good_day(1, warning_signs=signs)], [], kb(), day(2))
    assert result.program.status is ProgramStatus.ACTIVE
    asked = [a for a in result.alerts if a.rule == "warning-signs.unanswered"]
    assert asked and "bowel" in asked[0].message


def test_a_stopped_program_stays_stopped_and_says_so():
    stopped = program(status=ProgramStatus.STOPPED, stopped_reason="Saddle numbness.")
    result = review(stopped, [good_day(1), good_day(2), good_day(3), good_day(4)], [], kb(), day(5))
    assert result.program.status is ProgramStatus.STOPPED
    assert any(a.severity is Severity.CRITICAL for a in result.alerts)
    assert not result.decisions


def test_a_red_flag_logged_late_for_a_day_already_reviewed_still_stops_the_program():
    reviewed = review(program(), [good_day(1), good_day(3)], [], kb(), day(4)).program
    late = good_day(2, warning_signs=clear().model_copy(update={"saddle_numbness": True}))
    result = review(reviewed, [good_day(1), late, good_day(3)], [], kb(), day(5))
    assert result.program.status is ProgramStatus.STOPPED


def test_a_red_flag_a_clinician_has_cleared_does_not_stop_the_restarted_program():
    flagged = good_day(2, warning_signs=clear().model_copy(update={"saddle_numbness": True}))
    stopped = review(program(), [good_day(1), flagged], [], kb(), day(3)).program
    restarted = program(reviewed_through=stopped.reviewed_through, cleared_on=day(3))
    result = review(restarted, [good_day(1), flagged, good_day(4)], [], kb(), day(5))
    assert result.program.status is ProgramStatus.ACTIVE


def test_the_critical_alert_names_the_sign_and_the_clinicians_action_not_the_patients():
    result = review(program(), week_with("bladder_change"), [], kb(), day(7))
    (critical,) = [a for a in result.alerts if a.severity is Severity.CRITICAL]
    assert "a change in bladder control or feeling" in critical.message
    assert critical.action_now.startswith("Contact the patient now and refer them")
    assert "go to the emergency department" not in critical.action_now.lower()
    assert "tell them" not in critical.action_now.lower()


# A warning sign the patient writes in the check-in's notes, with every box ticked "no"
# (clinical-notes §2.1: patients often do not volunteer it; §2.7: the safer reading wins).
def test_a_warning_sign_written_only_in_the_checkin_notes_stops_the_program():
    days = [good_day(n) for n in range(1, 4)]
    days.append(good_day(4, notes="Since yesterday my pee is slow to start and I have to strain."))
    result = review(program(), days, [], kb(), day(5))
    assert result.program.status is ProgramStatus.STOPPED
    critical = [a for a in result.alerts if a.severity is Severity.CRITICAL]
    assert critical and "slow to start" in critical[0].message
    assert not [d for d in result.decisions if d.action.startswith("progress")]


def test_notes_that_deny_or_only_mention_a_warning_sign_stop_nothing():
    for text in (
        "No numbness in the saddle area, bladder and bowels normal.",
        "I know to go to A&E if I get numb in the saddle area or can't pass urine.",
        "My husband had trouble passing urine after his operation.",
    ):
        days = [good_day(n) for n in range(1, 4)] + [good_day(4, notes=text)]
        result = review(program(), days, [], kb(), day(5))
        assert result.program.status is ProgramStatus.ACTIVE, text
        assert not [a for a in result.alerts if a.severity is Severity.CRITICAL], text


def test_a_foot_drag_seen_by_the_family_and_written_in_the_notes_stops_the_program():
    # clinical-notes 2.2 (new or progressing weakness); the wife reports it, about the patient
    text = "My wife says I have been dragging my right foot since Sunday."
    days = [good_day(n) for n in range(1, 4)] + [good_day(4, notes=text)]
    result = review(program(), days, [], kb(), day(5))
    assert result.program.status is ProgramStatus.STOPPED
    critical = [a for a in result.alerts if a.severity is Severity.CRITICAL]
    assert critical and "weakness" in critical[0].message
    assert set(critical[0].refs) >= {"NICE-NG59"}

"""The immediate check-in rules: one definition, shared by the web app's check-in and the
review, and one alert per clinical event."""

from sciatica_pt.core.followup.checkin_rules import immediate_alerts, next_morning
from sciatica_pt.core.followup.models import LegSymptoms, NextMorning, Severity
from sciatica_pt.core.followup.review import review

from .builders import clear, day, good_day, kb, program


def rules(alerts):
    return [a.rule for a in alerts]


def test_a_calm_check_in_raises_nothing():
    assert immediate_alerts(good_day(1)) == ()


def test_a_warning_sign_raises_one_critical_alert_and_no_question():
    sign = good_day(1, warning_signs=clear().model_copy(update={"saddle_numbness": True}))
    found = immediate_alerts(sign)
    assert rules(found) == ["warning-signs.stop"] and found[0].severity is Severity.CRITICAL


def test_a_blank_warning_question_asks_for_it_now():
    blank = good_day(1, warning_signs=clear().model_copy(update={"bladder_change": None}))
    assert rules(immediate_alerts(blank)) == ["warning-signs.unanswered"]


def test_each_event_of_a_bad_day_raises_its_own_alert_most_urgent_first():
    bad = good_day(
        1,
        new_numbness=True,
        leg_symptoms=LegSymptoms.PERIPHERALIZED,
        flare=True,
        next_morning=NextMorning.WORSE,
    )
    assert rules(immediate_alerts(bad)) == [
        "pain.new-neuro",
        "pain.peripheralization",
        "flare.start",
        "pain.not-settled",
    ]


def test_the_review_raises_one_alert_per_event_with_the_immediate_rules_ids():
    for changes in (
        {"new_numbness": True},
        {"leg_symptoms": LegSymptoms.PERIPHERALIZED},
        {"flare": True},
        {"warning_signs": clear().model_copy(update={"both_legs": True})},
    ):
        checkin = good_day(1, **changes)
        immediate = immediate_alerts(checkin)
        reviewed = review(program(), [checkin], [], kb(), day(1)).alerts
        for event in immediate:
            assert [a for a in reviewed if a.rule == event.rule] == [event], changes


def test_pain_this_morning_above_the_pain_before_the_last_session_is_a_worse_morning():
    assert next_morning(NextMorning.BETTER, 5, 3) is NextMorning.WORSE
    assert next_morning(NextMorning.WORSE, 2, 3) is NextMorning.WORSE  # the cautious reading
    assert next_morning(NextMorning.SAME, 2, 3) is NextMorning.SAME
    assert next_morning(None, 3, 3) is NextMorning.SAME
    assert next_morning(NextMorning.BETTER, None, 3) is NextMorning.BETTER
    assert next_morning(None, 4, None) is None

"""A worsening trend holds progression and alerts the therapist (issue 17 item 5), and a day
that changed the program for symptoms steps nothing up (issue 17 item 7)."""

from sciatica_pt.core.followup.models import Action, Goal, ItemStatus, LegSymptoms, Measure
from sciatica_pt.core.followup.review import review
from sciatica_pt.core.followup.trend import creeping

from .builders import day, done, good_day, kb, program, score


def creeping_days():
    """Three weeks of tolerated sessions (pain up 1 during, same next morning) while the leg
    pain creeps up a point a week."""
    return [good_day(n, "ext-easy", "core-brace", leg_pain=3 + n // 7) for n in range(1, 22)]


def raised(result):
    return [d for d in result.decisions if d.action in (Action.PROGRESS_DOSE, Action.PROGRESS_ITEM)]


def test_pain_creeping_up_week_on_week_holds_every_step_up_and_alerts_the_therapist():
    result = review(program("ext-easy", "core-brace"), creeping_days(), [], kb(), day(21))
    assert not raised(result)
    alert = next(a for a in result.alerts if a.rule == "trend.worsening")
    assert "leg pain crept up" in alert.message


def test_an_outcome_worse_by_its_mic_holds_progression_even_when_each_session_is_tolerated():
    steady = [good_day(n, "ext-easy", "core-brace") for n in range(1, 22)]
    odi = [score(0, Measure.ODI, 30), score(20, Measure.ODI, 42)]
    result = review(program("ext-easy", "core-brace"), steady, odi, kb(), day(21))
    assert not raised(result)
    assert any(a.rule == "trend.worsening" and "odi" in a.message for a in result.alerts)
    assert any(d.rule == "outcomes.worse" for d in result.decisions)


def test_steady_pain_is_no_trend_and_progression_goes_on():
    steady = [good_day(n, "ext-easy", "core-brace") for n in range(1, 22)]
    result = review(program("ext-easy", "core-brace"), steady, [], kb(), day(21))
    assert raised(result)
    assert not any(a.rule == "trend.worsening" for a in result.alerts)


def test_a_fraction_of_a_point_of_noise_is_not_a_trend():
    days = [good_day(n, leg_pain=4 + (1 if n in (15, 20) else 0)) for n in range(1, 22)]
    assert creeping(days, day(21)) == []


def test_a_week_without_a_check_in_is_no_trend():
    days = [d for d in creeping_days() if not 8 <= (d.date - day(0)).days <= 14]
    assert creeping(days, day(21)) == []


def test_a_peripheralization_day_steps_nothing_up():
    # three tolerated sessions of every item, then one exercise peripheralizes: it stops
    # (right), and the others wait for the next review (clinical-notes §6.5)
    days = [good_day(n, "ext-easy", "core-brace", "flex-sit") for n in (1, 2, 3)]
    spread = good_day(
        4,
        items=(
            *done("ext-easy", leg_symptoms=LegSymptoms.PERIPHERALIZED),
            *done("core-brace", "flex-sit"),
        ),
    )
    result = review(
        program("ext-easy", "core-brace", "flex-sit"), [*days, spread], [], kb(), day(4)
    )
    assert result.program.item("ext-easy").status is ItemStatus.STOPPED
    assert not raised(result)
    assert result.program.item("core-brace").dosage == program("core-brace").items[0].dosage


def test_a_patient_getting_worse_is_not_ready_for_discharge_even_with_goals_met():
    goals_met = [
        score(0, Measure.PSFS, 3),
        score(0, Measure.LEG_PAIN_NRS, 8),
        score(20, Measure.PSFS, 8),
        score(20, Measure.LEG_PAIN_NRS, 4),
    ]
    goals = (Goal(activity="sitting an hour", target=7),)
    result = review(
        program("ext-easy", "core-brace", goals=goals), creeping_days(), goals_met, kb(), day(21)
    )
    assert result.discharge is None
    assert any(a.rule == "trend.worsening" for a in result.alerts)

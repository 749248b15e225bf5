"""Discharge readiness: goals met, stable, independent -> maintenance program + flare-up plan."""

from sciatica_pt.core.followup.models import Action, Goal, Measure
from sciatica_pt.core.followup.review import review
from sciatica_pt.core.outcomes.goals import judge_goals
from sciatica_pt.core.outcomes.mic import summarize

from .builders import GOALS, day, good_day, item, kb, program, score

IMPROVED = [
    score(0, Measure.PSFS, 3),
    score(0, Measure.LEG_PAIN_NRS, 7),
    score(40, Measure.PSFS, 7.5),
    score(40, Measure.LEG_PAIN_NRS, 2),
]


def steady(first=28, last=42):
    # 3 sessions a day logged (ext-mid is prescribed twice a day), every day calm
    return [good_day(n, "ext-mid", "core-brace") for n in range(first, last)]


def ready(**changes):
    return review(
        program("ext-mid", "core-brace", goals=GOALS, **changes), steady(), IMPROVED, kb(), day(42)
    )


def test_a_patient_ready_for_discharge_gets_a_maintenance_program_and_a_flare_up_plan():
    result = ready()
    assert any(d.action is Action.DISCHARGE for d in result.decisions)
    plan = result.discharge
    assert plan is not None and plan.flare_up_plan
    for kept in plan.maintenance.items:
        assert kept.dosage.per_day is None and kept.dosage.per_week <= 3
        current = result.program.item(kept.item_id)
        assert kept.dosage.hold_seconds == current.dosage.hold_seconds  # same session dose


def test_the_maintenance_program_keeps_at_most_four_exercises():
    many = review(
        program("ext-mid", "core-brace", "flex-sit", "ext-easy", "ext-hard", goals=GOALS),
        [
            good_day(n, "ext-mid", "core-brace", "flex-sit", "ext-easy", "ext-hard")
            for n in range(28, 42)
        ],
        IMPROVED,
        kb(),
        day(42),
    )
    assert many.discharge is not None and len(many.discharge.maintenance.items) == 4
    # the test knowledge base has no care steps: only the exercises are kept


def test_a_recent_flare_means_not_yet_stable():
    days = steady()
    days[3] = days[3].model_copy(update={"flare": True})
    result = review(program("ext-mid", "core-brace", goals=GOALS), days, IMPROVED, kb(), day(42))
    assert result.discharge is None


def test_low_adherence_means_not_yet_independent():
    days = steady(first=36)
    result = review(program("ext-mid", "core-brace", goals=GOALS), days, IMPROVED, kb(), day(42))
    assert result.discharge is None


def test_goals_not_met_means_no_discharge():
    flat = [*IMPROVED[:3], score(40, Measure.PSFS, 4)]
    result = review(program("ext-mid", "core-brace", goals=GOALS), steady(), flat, kb(), day(42))
    assert result.discharge is None


def test_the_maintenance_program_adds_the_knowledge_bases_self_management_care_steps():
    from sciatica_pt import knowledge
    from sciatica_pt.core.followup.discharge import maintenance

    real = knowledge.load()
    kept = maintenance(program(items=(item("prone-lying", real),)), day(42), real)
    assert [i.item_id for i in kept.items] == [
        "prone-lying",
        "discharge-self-management",
        "flare-up-plan",
    ]


# --- issue 17 item 4: discharge needs the patient's goals met, not one score past its MIC ---

PAIN_ONLY = [
    score(0, Measure.LEG_PAIN_NRS, 7),
    score(0, Measure.PSFS, 3),
    score(0, Measure.ODI, 32),
    score(18, Measure.LEG_PAIN_NRS, 4),  # more than 30% better
    score(18, Measure.PSFS, 4),  # the goal is 7.7
    score(18, Measure.ODI, 30),
]


def test_leg_pain_thirty_percent_better_is_not_discharge_when_function_is_far_from_the_goal():
    goals = (Goal(activity="sitting an hour", target=7.7),)
    days = [good_day(n, "ext-mid", "core-brace") for n in range(4, 18)]
    result = review(program("ext-mid", "core-brace", goals=goals), days, PAIN_ONLY, kb(), day(18))
    assert result.discharge is None
    assert not any(d.action is Action.DISCHARGE for d in result.decisions)


def test_a_patient_not_yet_ready_keeps_progressing():
    goals = (Goal(activity="sitting an hour", target=7.7),)
    days = [good_day(n, "ext-mid", "core-brace") for n in range(4, 18)]
    result = review(program("ext-mid", "core-brace", goals=goals), days, PAIN_ONLY, kb(), day(18))
    assert any(d.action is Action.PROGRESS_DOSE for d in result.decisions)


def test_pain_alone_never_says_the_goals_are_met():
    pain = [score(0, Measure.LEG_PAIN_NRS, 8), score(30, Measure.LEG_PAIN_NRS, 1)]
    judged = judge_goals(summarize(pain, day(30)))
    assert not judged.met and "function" in judged.why


def test_goals_are_met_when_function_reaches_the_target_and_pain_is_thirty_percent_better():
    judged = judge_goals(summarize(IMPROVED, day(42)), GOALS)
    assert judged.met and "target 7" in judged.why


def test_a_measure_worse_by_its_mic_means_goals_not_met():
    worse = [*IMPROVED, score(0, Measure.ODI, 20), score(40, Measure.ODI, 34)]
    judged = judge_goals(summarize(worse, day(42)), GOALS)
    assert not judged.met and "odi" in judged.why


def test_the_planner_and_the_review_share_one_goals_rule():
    from sciatica_pt.core.outcomes import goals
    from sciatica_pt.core.outcomes import reassessment as at_reassessment

    assert at_reassessment.judged_goals_met is goals.goals_met


def test_a_psfs_better_by_its_mic_meets_the_goal_short_of_the_target_as_the_notes_read():
    # clinical-notes 6.7: PSFS at or near the target, or at least 2 points better
    better = [
        score(0, Measure.PSFS, 3),
        score(0, Measure.ODI, 40),
        score(30, Measure.PSFS, 6),
        score(30, Measure.ODI, 24),
    ]
    judged = judge_goals(summarize(better, day(30)), (Goal(activity="running", target=9),))
    assert judged.met and "PSFS 3 -> 6" in judged.why


def test_a_psfs_short_of_the_target_and_of_its_mic_says_both():
    short = [*PAIN_ONLY]
    judged = judge_goals(summarize(short, day(18)), (Goal(activity="sitting", target=7.7),))
    assert not judged.met and "target 7.7" in judged.why


def test_a_red_day_in_the_last_two_weeks_means_not_yet_stable():
    days = steady()
    days[5] = days[5].model_copy(update={"pain_before": 4, "pain_during": 6})
    result = review(program("ext-mid", "core-brace", goals=GOALS), days, IMPROVED, kb(), day(42))
    assert result.discharge is None


def test_warning_questions_left_blank_at_the_last_checkin_mean_not_yet_ready():
    # clinical-notes 2.7 (not asked is never no) and 6.7 (no progressive neurological signs):
    # an unanswered screen cannot show that; the patient is asked first (found by the clinical
    # suite, fu2-goals-met-blank-warning-today)
    days = steady()
    blank = days[-1].warning_signs.model_copy(update={"bladder_change": None})
    days[-1] = days[-1].model_copy(update={"warning_signs": blank})
    result = review(program("ext-mid", "core-brace", goals=GOALS), days, IMPROVED, kb(), day(42))
    assert result.discharge is None
    assert any(a.rule == "warning-signs.unanswered" for a in result.alerts)


def test_a_blank_answered_again_since_does_not_hold_discharge_back():
    days = steady()
    blank = days[-5].warning_signs.model_copy(update={"bladder_change": None})
    days[-5] = days[-5].model_copy(update={"warning_signs": blank})
    result = review(program("ext-mid", "core-brace", goals=GOALS), days, IMPROVED, kb(), day(42))
    assert result.discharge is not None

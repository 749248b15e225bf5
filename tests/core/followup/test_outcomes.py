"""Outcomes against their minimal important change; review at 6 weeks, referral at 12."""

from pathlib import Path

import yaml

from sciatica_pt.core.followup.models import Action, Change, Measure
from sciatica_pt.core.followup.outcomes import summarize
from sciatica_pt.core.followup.review import review
from sciatica_pt.core.result import StartBackRisk

from .builders import GOALS, day, good_day, kb, program, risk, score

EXAMPLES = Path(__file__).parents[3] / "examples"


def verdict(measure, before, after):
    return summarize([score(0, measure, before), score(10, measure, after)], day(10))[0].verdict


def test_pain_improves_by_two_points_or_thirty_percent():
    assert verdict(Measure.LEG_PAIN_NRS, 7, 5) is Change.IMPROVED
    assert verdict(Measure.LEG_PAIN_NRS, 3, 2) is Change.IMPROVED  # 33%
    assert verdict(Measure.LEG_PAIN_NRS, 7, 6) is Change.NO_MEANINGFUL_CHANGE
    assert verdict(Measure.BACK_PAIN_NRS, 4, 6) is Change.WORSE


def test_odi_improves_by_ten_points_or_thirty_percent():
    assert verdict(Measure.ODI, 42, 32) is Change.IMPROVED
    assert verdict(Measure.ODI, 20, 14) is Change.IMPROVED
    assert verdict(Measure.ODI, 42, 35) is Change.NO_MEANINGFUL_CHANGE


def test_psfs_improves_by_two_points_on_average():
    assert verdict(Measure.PSFS, 3, 5) is Change.IMPROVED
    assert verdict(Measure.PSFS, 3, 4.5) is Change.NO_MEANINGFUL_CHANGE


def test_start_back_changes_by_risk_group():
    found = summarize([risk(0, StartBackRisk.HIGH), risk(20, StartBackRisk.MEDIUM)], day(30))
    assert found[0].verdict is Change.IMPROVED and found[0].refs == ("Keele-STarTBack",)


def test_a_single_score_is_not_compared():
    assert summarize([score(0, Measure.ODI, 40)], day(30)) == ()


def flat(weeks):
    entries = [score(0, Measure.LEG_PAIN_NRS, 7), score(weeks * 7 - 1, Measure.LEG_PAIN_NRS, 6.5)]
    checkins = [good_day(weeks * 7 - 1)]
    return review(program(), checkins, entries, kb(), day(weeks * 7))


def test_no_meaningful_change_at_six_weeks_prompts_a_review():
    result = flat(6)
    assert [d.action for d in result.decisions if d.rule.startswith("outcomes")] == [Action.REVIEW]


def test_a_patient_not_improving_at_twelve_weeks_is_referred():
    result = flat(12)
    refer = [d for d in result.decisions if d.action is Action.REFER]
    assert refer and "NICE-NG59" in refer[0].refs
    assert any(a.rule == "outcomes.refer-12-weeks" for a in result.alerts)


def test_an_improving_patient_at_twelve_weeks_is_not_referred():
    entries = [score(0, Measure.LEG_PAIN_NRS, 7), score(80, Measure.LEG_PAIN_NRS, 3)]
    result = review(program(), [good_day(83)], entries, kb(), day(84))
    assert not [d for d in result.decisions if d.rule.startswith("outcomes")]


def test_missing_scores_at_six_weeks_ask_for_them():
    result = review(program(), [good_day(41)], [], kb(), day(42))
    assert any(d.rule == "outcomes.missing" for d in result.decisions)


def test_a_score_worse_by_its_mic_prompts_a_review_even_early():
    entries = [score(0, Measure.ODI, 30), score(14, Measure.ODI, 42)]
    result = review(program(), [good_day(14)], entries, kb(), day(15))
    worse = [d for d in result.decisions if d.rule == "outcomes.worse"]
    assert worse and worse[0].id.endswith("/odi") and worse[0].action is Action.REVIEW


def test_an_assessments_own_scores_are_the_programs_baseline():
    # issue 18: the assessment's pain, ODI, PSFS and STarT Back group reach the review
    from sciatica_pt.core.intake.assessment import parse_assessment
    from sciatica_pt.core.outcomes.from_assessment import assessment_scores

    data = yaml.safe_load((EXAMPLES / "disc-extension-preference.yaml").read_text())
    data["outcomes"] = {"odi_percent": 44, "psfs": [{"activity": "sitting", "score": 3}]}
    data["psychosocial"] |= {"start_back_total": 5, "start_back_distress": 4}
    found = {e.measure: e for e in assessment_scores(parse_assessment(data), day(0))}
    assert found[Measure.ODI].score == 44 and found[Measure.PSFS].score == 3
    assert found[Measure.LEG_PAIN_NRS].score == data["symptoms"]["leg_pain_nrs"]
    assert found[Measure.START_BACK].group == "high"
    assert {e.date for e in found.values()} == {day(0)}


def test_a_start_back_group_that_is_not_certain_is_left_out():
    from sciatica_pt.core.intake.assessment import parse_assessment
    from sciatica_pt.core.outcomes.from_assessment import assessment_scores

    data = yaml.safe_load((EXAMPLES / "disc-extension-preference.yaml").read_text())
    data["psychosocial"] = {
        k: v for k, v in data["psychosocial"].items() if k != "start_back_distress"
    } | {"start_back_total": 6}
    measures = {e.measure for e in assessment_scores(parse_assessment(data), day(0))}
    assert Measure.START_BACK not in measures


def test_the_six_week_clock_counts_time_in_care_not_days_between_scores():
    # issue 18: one definition; the clinic counted 42 days between two scores
    from sciatica_pt.core.outcomes.not_improving import Prompt, not_improving

    flat = summarize(
        [score(0, Measure.LEG_PAIN_NRS, 6), score(40, Measure.LEG_PAIN_NRS, 6)], day(42)
    )
    assert not_improving(flat, day(0), day(41)) is None  # under six weeks in care
    assert not_improving(flat, day(0), day(42)).prompt is Prompt.REVIEW
    assert not_improving(flat, day(0), day(84)).prompt is Prompt.REFER
    assert not_improving((), day(0), day(42)).prompt is Prompt.SCORES_MISSING
    better = summarize(
        [score(0, Measure.LEG_PAIN_NRS, 6), score(40, Measure.LEG_PAIN_NRS, 3)], day(42)
    )
    assert not_improving(better, day(0), day(84)) is None


def test_every_measure_has_one_mic_with_its_source():
    from sciatica_pt.core.outcomes.mic import MIC, change

    assert {m.value for m in MIC} == {"back_pain_nrs", "leg_pain_nrs", "odi", "psfs"}
    assert all(mic.refs for mic in MIC.values())
    assert change(Measure.ODI, 20, 14) is Change.IMPROVED  # 30% of 20 is 6 points
    assert change(Measure.ODI, 60, 52) is Change.NO_MEANINGFUL_CHANGE  # 8 < 10 points
    assert change(Measure.PSFS, 3, 5) is Change.IMPROVED
    assert change(Measure.LEG_PAIN_NRS, 2, 3) is Change.WORSE  # 1 point is 50% of 2


# A plateau despite care (clinical-notes 6.7: about 2-4 weeks without further change, goals not
# met: discharge or refer on), found by the clinical suite (fu2-plateau-12-weeks-after-early-gain).
def test_an_early_gain_then_eight_weeks_without_change_is_a_plateau_to_review():
    entries = [
        score(0, Measure.LEG_PAIN_NRS, 7),
        score(0, Measure.PSFS, 3),
        score(28, Measure.LEG_PAIN_NRS, 5),
        score(28, Measure.PSFS, 3.5),
        score(81, Measure.LEG_PAIN_NRS, 5),
        score(81, Measure.PSFS, 3.8),
    ]
    result = review(program(goals=GOALS), [good_day(83)], entries, kb(), day(84))
    plateau = [d for d in result.decisions if d.rule == "outcomes.plateau"]
    assert plateau and plateau[0].action is Action.REVIEW
    assert any(a.rule == "outcomes.plateau" and a.severity == "warning" for a in result.alerts)


def test_still_improving_over_the_last_four_weeks_is_no_plateau():
    entries = [
        score(0, Measure.LEG_PAIN_NRS, 7),
        score(28, Measure.LEG_PAIN_NRS, 5),
        score(56, Measure.LEG_PAIN_NRS, 5),
        score(81, Measure.LEG_PAIN_NRS, 3),
    ]
    result = review(program(goals=GOALS), [good_day(83)], entries, kb(), day(84))
    assert not [d for d in result.decisions if d.rule.startswith("outcomes")]


def test_a_plateau_before_six_weeks_in_care_is_not_yet_one():
    entries = [
        score(0, Measure.LEG_PAIN_NRS, 7),
        score(7, Measure.LEG_PAIN_NRS, 4),
        score(37, Measure.LEG_PAIN_NRS, 4),
    ]
    result = review(program(goals=GOALS), [good_day(38)], entries, kb(), day(39))
    assert not [d for d in result.decisions if d.rule == "outcomes.plateau"]

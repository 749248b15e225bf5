"""Questionnaire answers: scores within their published bounds, the ODI's rule for unanswered
sections, STarT Back's groups, and bad answers refused with the item named."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.followup.models import Change, Measure
from sciatica_pt.core.followup.outcomes import summarize
from sciatica_pt.core.outcomes.questionnaires import (
    INSTRUMENTS,
    MODELS,
    ODI_MAX_UNANSWERED,
    ODI_SECTIONS,
    PATIENT_WORDING,
    Entry,
    Instrument,
    parse_answers,
    score,
)
from sciatica_pt.core.result import StartBackRisk

DAY = date(2026, 3, 2)
section_score = st.integers(min_value=0, max_value=5)
nrs = st.integers(min_value=0, max_value=10)
BOTHER = ["not_at_all", "slightly", "moderately", "very_much", "extremely"]


def scored(instrument: str, data: dict):
    return score(parse_answers(instrument, data), DAY)


def refusal(instrument: str, data: object) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        parse_answers(instrument, data)
    return caught.value.problems


def odi(**sections):
    return {"sections": {s: sections.get(s, 2) for s in ODI_SECTIONS}}


def psfs(*scores: int):
    return {"activities": [{"activity": f"activity {i}", "score": s} for i, s in enumerate(scores)]}


# --- pain ---------------------------------------------------------------------------------


@given(nrs, nrs)
def test_pain_is_scored_as_given_leg_and_back_apart(leg, back):
    result = scored("pain_nrs", {"leg_pain": leg, "back_pain": back})
    by = {e.measure: e.score for e in result.entries}
    assert by == {Measure.LEG_PAIN_NRS: leg, Measure.BACK_PAIN_NRS: back}
    assert all(e.date == DAY for e in result.entries)


def test_pain_needs_both_ratings_and_names_the_missing_one():
    assert refusal("pain_nrs", {"leg_pain": 4}) == ["pain_nrs.back_pain: is required"]


# --- PSFS ---------------------------------------------------------------------------------


@given(st.lists(nrs, min_size=1, max_size=5))
def test_psfs_is_the_mean_of_the_patients_activities_within_0_to_10(scores):
    (entry,) = scored("psfs", psfs(*scores)).entries
    assert entry.measure is Measure.PSFS
    assert min(scores) - 0.01 <= entry.score <= max(scores) + 0.01
    assert entry.score == pytest.approx(sum(scores) / len(scores), abs=0.005)


def test_psfs_meaning_names_each_activity_and_its_source():
    data = {"activities": [{"activity": "sitting through a film", "score": 3}]}
    (line,) = scored("psfs", data).meaning
    assert "sitting through a film 3" in line and "[Stratford-1995]" in line


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({"activities": []}, "psfs.activities: "),
        (psfs(1, 2, 3, 4, 5, 6), "psfs.activities: "),
        ({"activities": [{"score": 4}]}, "psfs.activities[0].activity: is required"),
        ({"activities": [{"activity": " ", "score": 4}]}, "psfs.activities[0].activity: is empty"),
        (psfs(4, 11), "psfs.activities[1].score: 11 is above 10"),
        (psfs(4, 5, -1), "psfs.activities[2].score: -1 is below 0"),
        ({"activities": [{"activity": "x", "score": "7"}]}, "psfs.activities[0].score: '7'"),
        ({"activities": [{"activity": "x", "score": 6.5}]}, "psfs.activities[0].score: 6.5"),
        ({}, "psfs.activities: is required"),
    ],
)
def test_bad_psfs_answers_are_refused_naming_the_item(data, named):
    assert any(line.startswith(named) for line in refusal("psfs", data))


def test_an_activity_name_too_long_is_refused_saying_how_long_it_may_be():
    [line] = refusal("psfs", {"activities": [{"activity": "x" * 201, "score": 4}]})
    assert line.startswith("psfs.activities[0].activity: 'xxx")
    assert line.endswith("(201 characters) is longer than 200 characters")


def test_the_same_activity_twice_is_refused():
    data = {
        "activities": [{"activity": "Walking", "score": 3}, {"activity": "walking ", "score": 5}]
    }
    assert any("'walking' is named twice" in p.lower() for p in refusal("psfs", data))


# --- STarT Back ---------------------------------------------------------------------------


def published_group(items: list[bool], bother: str) -> StartBackRisk:
    """The Keele rule as clinical-notes §3.3 states it, written out again as the oracle."""
    positive = [*items, bother in ("very_much", "extremely")]
    total, distress = sum(positive), sum(positive[4:])
    if total <= 3:
        return StartBackRisk.LOW
    return StartBackRisk.HIGH if distress >= 4 else StartBackRisk.MEDIUM


@given(st.lists(st.booleans(), min_size=8, max_size=8), st.sampled_from(BOTHER))
def test_start_back_total_subscale_and_group_follow_the_published_rule(items, bother):
    data = {f"item_{i}": v for i, v in enumerate(items, 1)} | {"item_9": bother}
    (entry,) = scored("start_back", data).entries
    assert entry.measure is Measure.START_BACK
    assert 0 <= entry.score <= 9
    assert entry.score == sum(items) + (bother in ("very_much", "extremely"))
    assert entry.group is published_group(items, bother)


def test_four_distress_agreements_are_high_risk_and_three_in_all_are_low():
    # Items 5-8 agreed, item 9 only "moderately": total 4, distress 4 (items 5-9) is high.
    data = {f"item_{i}": i >= 5 for i in range(1, 9)} | {"item_9": "moderately"}
    result = scored("start_back", data)
    assert result.entries[0].group is StartBackRisk.HIGH
    assert "distress subscore 4" in result.meaning[0] and "[Keele-STarTBack]" in result.meaning[0]
    data["item_8"] = False
    assert scored("start_back", data).entries[0].group is StartBackRisk.LOW


def test_start_back_refuses_a_missing_item_and_a_yes_for_agree():
    data = {f"item_{i}": True for i in range(1, 8)} | {"item_9": "very much", "item_1": "yes"}
    problems = refusal("start_back", data)
    assert "start_back.item_8: is required" in problems
    assert "start_back.item_1: 'yes' is not true, false or null" in problems
    assert any(p.startswith("start_back.item_9: 'very much' is not one of") for p in problems)


# --- ODI ----------------------------------------------------------------------------------


@given(st.lists(section_score, min_size=10, max_size=10))
def test_a_complete_odi_is_twice_the_sum_within_0_to_100(values):
    (entry,) = scored("odi", {"sections": dict(zip(ODI_SECTIONS, values, strict=True))}).entries
    assert entry.measure is Measure.ODI
    assert 0 <= entry.score <= 100
    assert entry.score == pytest.approx(2 * sum(values))


@given(st.lists(section_score, min_size=10, max_size=10), st.sampled_from(ODI_SECTIONS))
def test_one_unanswered_section_is_scored_over_the_answered_ones(values, blank):
    sections = dict(zip(ODI_SECTIONS, values, strict=True)) | {blank: None}
    answered = [v for s, v in sections.items() if v is not None]
    result = scored("odi", {"sections": sections})
    assert result.entries[0].score == pytest.approx(100 * sum(answered) / 45, abs=0.05)
    assert f"9 of 10 sections ({blank} unanswered)" in result.meaning[0]


@given(st.sets(st.sampled_from(ODI_SECTIONS), min_size=ODI_MAX_UNANSWERED + 1))
def test_more_unanswered_sections_than_the_rule_allows_are_refused_naming_them(blanks):
    (problem,) = refusal("odi", odi(**{s: None for s in blanks}))
    assert problem.startswith(f"odi.sections: {len(blanks)} sections unanswered")
    assert all(s in problem for s in blanks)


@given(
    st.lists(section_score, min_size=10, max_size=10),
    st.sampled_from(ODI_SECTIONS),
    st.integers(min_value=1, max_value=5),
)
def test_a_worse_answer_never_lowers_the_odi(values, section, more):
    before = dict(zip(ODI_SECTIONS, values, strict=True))
    after = before | {section: min(5, before[section] + more)}
    low = scored("odi", {"sections": before}).entries[0].score
    assert scored("odi", {"sections": after}).entries[0].score >= low


@given(st.sampled_from(ODI_SECTIONS), st.integers().filter(lambda v: not 0 <= v <= 5))
def test_an_out_of_range_section_is_refused_naming_the_section(section, value):
    (problem,) = refusal("odi", odi(**{section: value}))
    assert problem.startswith(f"odi.sections.{section}: {value} is ")


def test_a_section_left_out_is_not_taken_for_unanswered():
    data = odi()
    del data["sections"]["sleeping"]
    assert refusal("odi", data) == ["odi.sections.sleeping: is required"]


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (10, "minimal"),  # 20%
        (11, "moderate"),  # 22%
        (20, "moderate"),
        (21, "severe"),
        (30, "severe"),
        (31, "crippled"),
        (40, "crippled"),  # 80%
        (41, "bed-bound"),
        (50, "bed-bound"),
    ],
)
def test_the_odi_meaning_uses_the_published_bands_edges_included(total, band):
    values = [min(5, max(0, total - 5 * i)) for i in range(10)]  # ten sections summing to total
    result = scored("odi", {"sections": dict(zip(ODI_SECTIONS, values, strict=True))})
    assert result.meaning[0].startswith(f"ODI {2 * total}%: ")
    assert band in result.meaning[0]


# --- every instrument ---------------------------------------------------------------------


def test_an_unknown_instrument_or_answers_that_are_not_a_mapping_are_refused():
    assert refusal("sbi", {}) == ["instrument: 'sbi' is not one of pain_nrs, psfs, start_back, odi"]
    assert refusal("odi", [1, 2, 3]) == ["odi: the answers are not a mapping of items"]


@pytest.mark.parametrize("instrument", list(Instrument))
def test_an_unknown_item_is_refused_by_every_instrument(instrument):
    assert f"{instrument}.comment: is not a known field" in refusal(instrument, {"comment": "x"})


def test_only_instruments_whose_wording_may_ship_are_answered_by_the_patient():
    # docs/questionnaires.md: the STarT Back and the ODI are copyrighted; staff enter them.
    by = {i: info.entry for i, info in INSTRUMENTS.items()}
    assert by == {
        Instrument.PAIN_NRS: Entry.PATIENT,
        Instrument.PSFS: Entry.PATIENT,
        Instrument.START_BACK: Entry.STAFF,
        Instrument.ODI: Entry.STAFF,
    }


def test_two_unanswered_sections_are_too_many_and_one_is_not():
    # The rule of docs/questionnaires.md ("ODI: unanswered sections"), stated as numbers.
    assert scored("odi", odi(sex_life=None)).entries[0].score == pytest.approx(40.0)
    (problem,) = refusal("odi", odi(sex_life=None, sleeping=None))
    assert "2 sections unanswered (sleeping, sex_life)" in problem


def test_the_patient_reads_the_projects_own_words_for_each_item_and_nothing_for_staff_items():
    for instrument, info in INSTRUMENTS.items():
        wording = PATIENT_WORDING.get(instrument, {})
        if info.entry is Entry.PATIENT:
            assert set(wording) == set(MODELS[instrument].model_fields)
        else:
            assert wording == {}


@given(
    st.lists(nrs, min_size=1, max_size=5),
    st.data(),
    st.one_of(st.integers(max_value=-1), st.integers(min_value=11), st.text(max_size=3)),
)
def test_a_bad_psfs_score_is_refused_naming_that_activity(scores, data, bad):
    i = data.draw(st.integers(min_value=0, max_value=len(scores) - 1))
    answers = psfs(*scores)
    answers["activities"][i]["score"] = bad
    (problem,) = refusal("psfs", answers)
    assert problem.startswith(f"psfs.activities[{i}].score: ")


@given(st.sets(st.integers(min_value=1, max_value=9), min_size=1))
def test_every_missing_start_back_item_is_named(missing):
    answers = {f"item_{i}": True for i in range(1, 9)} | {"item_9": "slightly"}
    for i in missing:
        del answers[f"item_{i}"]
    assert refusal("start_back", answers) == sorted(
        f"start_back.item_{i}: is required" for i in missing
    )


def test_the_scores_feed_the_reviews_outcome_summary_with_its_minimal_important_change():
    later = date(2026, 4, 27)
    first = [
        *scored("psfs", psfs(3, 4, 2)).entries,
        *scored("odi", odi()).entries,  # 40%
        *scored("pain_nrs", {"leg_pain": 7, "back_pain": 3}).entries,
    ]
    last = [
        *score(parse_answers("psfs", psfs(6, 6, 5)), later).entries,  # 3.0 -> 5.67
        *score(parse_answers("odi", odi(lifting=1, sitting=1)), later).entries,  # 36%
        *score(parse_answers("pain_nrs", {"leg_pain": 7, "back_pain": 0}), later).entries,
    ]
    verdicts = {s.measure: s.verdict for s in summarize([*first, *last], later)}
    assert verdicts == {
        Measure.PSFS: Change.IMPROVED,
        Measure.ODI: Change.NO_MEANINGFUL_CHANGE,  # 4 points: under 10 points or 30%
        Measure.LEG_PAIN_NRS: Change.NO_MEANINGFUL_CHANGE,
        Measure.BACK_PAIN_NRS: Change.IMPROVED,
    }

"""Which questionnaires are due: at intake, every N weeks, at discharge, across the weeks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.followup.models import Measure, OutcomeEntry
from sciatica_pt.core.outcomes.questionnaire_schedule import (
    Cadence,
    Occasion,
    QuestionnaireSchedule,
    due,
    parse_schedule,
)
from sciatica_pt.core.outcomes.questionnaires import Entry, Instrument

START = date(2026, 1, 5)
PSFS, ODI, PAIN = Instrument.PSFS, Instrument.ODI, Instrument.PAIN_NRS


def plan(*cadences: Cadence, discharge_from: date | None = None) -> QuestionnaireSchedule:
    return QuestionnaireSchedule(start=START, cadences=cadences, discharge_from=discharge_from)


def answer(day: date, *measures: Measure) -> list[OutcomeEntry]:
    return [OutcomeEntry(date=day, measure=m, score=4.0) for m in measures]


def day(n: int) -> date:
    return START + timedelta(days=n)


def test_intake_is_due_from_the_start_until_answered():
    schedule = plan(Cadence(instrument=PSFS))
    assert due(schedule, [], day(-1)) == ()
    (item,) = due(schedule, [], day(0))
    assert (item.instrument, item.occasion, item.since, item.entry) == (
        PSFS,
        Occasion.INTAKE,
        START,
        Entry.PATIENT,
    )
    assert due(schedule, answer(day(1), Measure.PSFS), day(3)) == ()


def test_the_assessments_own_score_before_the_start_meets_the_intake():
    schedule = plan(Cadence(instrument=ODI, every_weeks=4))
    assert due(schedule, answer(day(-2), Measure.ODI), day(5)) == ()


def test_staff_entered_instruments_are_due_for_staff():
    (item,) = due(plan(Cadence(instrument=ODI)), [], START)
    assert item.entry is Entry.STAFF


def test_the_pain_questionnaire_needs_leg_and_back_pain_the_same_day():
    schedule = plan(Cadence(instrument=PAIN))
    assert due(schedule, answer(day(0), Measure.LEG_PAIN_NRS), day(1))[0].instrument is PAIN
    both = answer(day(0), Measure.LEG_PAIN_NRS, Measure.BACK_PAIN_NRS)
    assert due(schedule, both, day(1)) == ()


@given(st.integers(min_value=1, max_value=8), st.integers(min_value=0, max_value=200))
def test_every_n_weeks_the_latest_occasion_is_due_and_missed_ones_do_not_pile_up(weeks, n):
    schedule = plan(Cadence(instrument=PSFS, at_intake=False, every_weeks=weeks))
    found = due(schedule, [], day(n))
    k = n // (7 * weeks)
    if k == 0:
        assert found == ()
    else:
        (item,) = found
        assert (item.occasion, item.since) == (Occasion.PERIODIC, day(7 * weeks * k))


@given(
    st.integers(min_value=1, max_value=6),
    st.integers(min_value=10, max_value=150),
    st.integers(min_value=0, max_value=6),
)
def test_a_patient_answering_when_due_answers_once_per_occasion(weeks, horizon, delay):
    """Across the weeks: the patient answers `delay` days after it falls due (or on the same
    day); each occasion is answered once, and nothing is due the day after an answer."""
    schedule = plan(Cadence(instrument=PSFS, every_weeks=weeks))
    answered: list[OutcomeEntry] = []
    waiting_since: date | None = None
    for n in range(horizon + 1):
        today = day(n)
        found = due(schedule, answered, today)
        if not found:
            waiting_since = None
            continue
        waiting_since = waiting_since or today
        if (today - waiting_since).days >= delay:
            answered += answer(today, Measure.PSFS)
            assert due(schedule, answered, today) == ()
            waiting_since = None
    occasions = 1 + horizon // (7 * weeks)
    assert len(answered) <= occasions
    # every occasion whose wait ran out before the horizon was answered
    assert len(answered) >= sum(1 for k in range(occasions) if 7 * weeks * k + delay <= horizon)


@given(st.integers(min_value=0, max_value=120), st.integers(min_value=0, max_value=120))
def test_nothing_is_due_before_the_start(before, weeks_seen):
    schedule = plan(Cadence(instrument=PSFS, every_weeks=1 + weeks_seen % 8, at_discharge=True))
    assert due(schedule, [], START - timedelta(days=1 + before)) == ()


def test_at_discharge_only_the_discharge_instruments_are_due_until_answered():
    schedule = plan(
        Cadence(instrument=PSFS, every_weeks=2, at_discharge=True),
        Cadence(instrument=PAIN, every_weeks=1),
        discharge_from=day(40),
    )
    assert {d.instrument for d in due(schedule, [], day(39))} == {PSFS, PAIN}
    (item,) = due(schedule, [], day(41))
    assert (item.instrument, item.occasion, item.since) == (PSFS, Occasion.DISCHARGE, day(40))
    # a periodic answer from before the discharge opened does not count for it
    assert due(schedule, answer(day(39), Measure.PSFS), day(41))[0].instrument is PSFS
    assert due(schedule, answer(day(41), Measure.PSFS), day(50)) == ()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"cadences": [{"instrument": "psfs"}, {"instrument": "psfs", "every_weeks": 2}]},
            "scheduled twice: psfs",
        ),
        ({"cadences": [{"instrument": "odi", "at_intake": False}]}, "odi is never asked"),
        ({"cadences": [{"instrument": "odi", "every_weeks": 0}]}, "every_weeks"),
        ({"discharge_from": date(2026, 1, 1)}, "is before start"),
    ],
)
def test_a_schedule_that_cannot_work_is_refused_naming_why(kwargs, message):
    with pytest.raises(InvalidInput) as caught:
        parse_schedule({"start": START, **kwargs})
    assert any(message in p for p in caught.value.problems)


def test_a_schedule_from_plain_data_is_the_same_as_one_built_in_code():
    data = {"start": "2026-01-05", "cadences": [{"instrument": "odi", "every_weeks": 4}]}
    assert parse_schedule(data) == plan(Cadence(instrument=ODI, every_weeks=4))

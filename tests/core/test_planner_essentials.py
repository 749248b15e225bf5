"""Items the clinical notes call for, and one they forbid (issue 17, the plan, item 2): a lateral
shift correction, activity modification for sitting intolerance, a walking program when
walking eases, balance training for older adults and fallers, and no end-range flexion
(knees to chest) with osteoporosis."""

import pytest

from sciatica_pt import knowledge
from sciatica_pt.core.engine import assess
from sciatica_pt.core.vocabulary import ItemClass, Kind
from tests.core.cases import case

KB = knowledge.load()
END_RANGE_FLEXION = {
    "flexion-in-lying",
    "single-knee-to-chest",
    "flexion-in-sitting",
    "flexion-in-standing",
    "childs-pose",
}


def exercises(result):
    return [i for i in result.plan.items if i.kind is Kind.EXERCISE]


def classes(result):
    return {i.item_class for i in result.plan.items}


def left_out(result):
    return {x.id: x.reason for x in result.plan.excluded}


# --- A lateral shift whose correction centralises (clinical-notes §3.2, §6.2) ---


def shift(**changes):
    base = {
        "exam.lateral_shift": "left",
        "exam.repeated_movements": {
            "side_glide_correction": "centralizes",
            "extension_in_lying": "centralizes",
        },
        "history.duration_weeks": 20,
    }
    return case(**{**base, **changes})


@pytest.mark.parametrize("minutes", [None, 5, 20])
def test_a_lateral_shift_is_corrected_first_with_the_tested_side_glide(minutes):
    result = assess(shift(**{"context.minutes_per_day": minutes}), KB)
    first = exercises(result)[0]
    assert first.item_class is ItemClass.LATERAL_SHIFT_CORRECTION
    assert first.id == "side-glide-in-standing"


def test_a_highly_irritable_shift_is_corrected_against_the_wall():
    result = assess(shift(**{"exam.irritability": "high"}), KB)
    assert exercises(result)[0].id == "side-glide-at-wall"

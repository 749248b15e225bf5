"""Plain assessments for core tests: a calm baseline case, changed one field at a time."""

from __future__ import annotations

import copy
from typing import Any

from sciatica_pt.core.intake.assessment import Assessment, RedFlags, parse_assessment

RED_FLAGS = tuple(RedFlags.model_fields)

# A 34-year-old with three weeks of one-sided sciatica after lifting; every red flag asked
# and absent, so any finding in a test comes from the one change the test makes.
BASELINE: dict[str, Any] = {
    "version": 1,
    "patient": {"age": 34, "sex": "male"},
    "history": {"duration_weeks": 3, "onset": "lifting", "visits_completed": 0},
    "symptoms": {
        "back_pain_nrs": 4,
        "leg_pain_nrs": 6,
        "side": "right",
        "pain_below_knee": True,
        "bilateral_symptoms": False,
        "night_pain": False,
        "aggravated_by": ["sitting", "bending_forward"],
        "eased_by": ["lying_prone"],
    },
    "red_flags": {name: False for name in RED_FLAGS},
    "precautions": {"osteoporosis": False, "vascular_claudication_signs": False},
    "exam": {"slr_positive": True, "motor_grade_min": 5, "reflexes_reduced": False},
}


def data(**sections: dict[str, Any] | Any) -> dict[str, Any]:
    """The baseline with each given section updated key by key (None replaces a section)."""
    result = copy.deepcopy(BASELINE)
    for name, value in sections.items():
        if isinstance(value, dict) and isinstance(result.get(name), dict):
            result[name].update(value)
        else:
            result[name] = value
    return result


def assessment(**sections: dict[str, Any] | Any) -> Assessment:
    return parse_assessment(data(**sections))


def with_flags(**flags: bool | None) -> Assessment:
    return assessment(red_flags=flags)

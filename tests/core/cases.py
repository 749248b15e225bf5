"""Assessments for planner tests, built as plain data: a well-screened baseline patient with
every red flag and precaution answered "no", changed only where a test says so."""

from __future__ import annotations

import copy
from typing import Any

from sciatica_pt.core.intake.assessment import Assessment, RedFlags, parse_assessment

RED_FLAG_NAMES = tuple(RedFlags.model_fields)
PRECAUTION_NAMES = (
    "osteoporosis",
    "anticoagulants",
    "pacemaker",
    "open_wound",
    "insensate_skin",
    "peripheral_neuropathy",
    "vascular_claudication_signs",
)

BASELINE: dict[str, Any] = {
    "version": 1,
    "patient": {"age": 40, "sex": "male", "pregnant": False},
    "history": {"duration_weeks": 4, "onset": "gradual", "work_status": "working"},
    "symptoms": {
        "back_pain_nrs": 4,
        "leg_pain_nrs": 5,
        "side": "right",
        "pain_below_knee": True,
        "bilateral_symptoms": False,
        "numbness": False,
        "tingling": True,
        "weakness": False,
        "night_pain": False,
    },
    "red_flags": dict.fromkeys(RED_FLAG_NAMES, False),
    "precautions": dict.fromkeys(PRECAUTION_NAMES, False),
    "exam": {
        "repeated_movements": {"extension_in_lying": "centralizes"},
        "lateral_shift": "none",
        "slr_positive": True,
        "motor_grade_min": 5,
        "reflexes_reduced": False,
        "irritability": "moderate",
    },
    "psychosocial": {"start_back_total": 2, "start_back_distress": 0, "fear_avoidance_high": False},
    "context": {
        "equipment": [],
        "pool_access": False,
        "minutes_per_day": 30,
        "dry_needling_permitted": False,
    },
}


def data(**changes: Any) -> dict[str, Any]:
    """The baseline with dotted-path changes: data(**{"patient.age": 70})."""
    result = copy.deepcopy(BASELINE)
    for path, value in changes.items():
        *parents, leaf = path.split(".")
        node = result
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return result


def case(**changes: Any) -> Assessment:
    return parse_assessment(data(**changes))

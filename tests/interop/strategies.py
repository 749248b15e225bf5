"""Hypothesis strategies for valid assessment files (spec/assessment-v1.md)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hypothesis import strategies as st

from sciatica_pt.core.intake.assessment import (
    KNOWN_FACTORS,
    Movement,
    Myotome,
    Onset,
    Precautions,
    RedFlags,
    Response,
    Sex,
    ShiftSide,
    Side,
    WorkStatus,
)
from sciatica_pt.core.vocabulary import Equipment, Irritability

flags = st.none() | st.booleans()
words = st.text(min_size=1, max_size=40).filter(lambda w: w.strip() != "")
factors = st.lists(st.sampled_from(sorted(KNOWN_FACTORS)) | words, max_size=4)


def ints(low: int, high: int) -> st.SearchStrategy[int | None]:
    return st.none() | st.integers(low, high)


def enum(kind: type[StrEnum]) -> st.SearchStrategy[str | None]:
    return st.none() | st.sampled_from([m.value for m in kind])


def section(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A mapping where every field may also be left out (absent = default)."""
    return st.fixed_dictionaries({}, optional=fields)


@st.composite
def patients(draw: st.DrawFn) -> dict[str, Any]:
    found = {"age": draw(st.integers(16, 110)), "sex": draw(enum(Sex))}
    pregnant = draw(flags)
    found["pregnant"] = pregnant
    if pregnant is True:
        found["gestation_weeks"] = draw(ints(1, 42))
    return found


@st.composite
def psychosocial(draw: st.DrawFn) -> dict[str, Any]:
    total = draw(ints(0, 9))
    distress = draw(ints(0, min(5, total if total is not None else 5)))
    return {
        "start_back_total": total,
        "start_back_distress": distress,
        "fear_avoidance_high": draw(flags),
    }


SURGERY = {"procedure": words, "weeks_ago": st.integers(0, 5200), "surgeon_clearance": flags}
surgery = st.none() | st.fixed_dictionaries(
    {"procedure": SURGERY["procedure"], "weeks_ago": SURGERY["weeks_ago"]},
    optional={"surgeon_clearance": flags},
)
HISTORY = {
    "duration_weeks": st.integers(0, 5200),
    "onset": enum(Onset),
    "prior_spinal_surgery": surgery,
    "work_status": enum(WorkStatus),
    "medications": st.lists(words, max_size=3),
    "comorbidities": st.lists(words, max_size=3),
    "visits_completed": st.integers(0, 1000),
    "falls_past_year": flags,
}
histories = st.fixed_dictionaries(
    {"duration_weeks": HISTORY["duration_weeks"]},
    optional={k: v for k, v in HISTORY.items() if k != "duration_weeks"},
)
SYMPTOMS = {
    "back_pain_nrs": st.integers(0, 10),
    "leg_pain_nrs": st.integers(0, 10),
    "side": enum(Side),
    **{
        f: flags
        for f in (
            "pain_below_knee",
            "bilateral_symptoms",
            "numbness",
            "tingling",
            "weakness",
            "night_pain",
        )
    },
    "morning_stiffness_minutes": ints(0, 1440),
    "aggravated_by": factors,
    "eased_by": factors,
}
REQUIRED_SYMPTOMS = ("back_pain_nrs", "leg_pain_nrs")
symptoms = st.fixed_dictionaries(
    {k: SYMPTOMS[k] for k in REQUIRED_SYMPTOMS},
    optional={k: v for k, v in SYMPTOMS.items() if k not in REQUIRED_SYMPTOMS},
)
# Every red flag and precaution is a three-state flag; read the names from the models so a
# field added later is covered too.
RED_FLAGS = sorted(RedFlags.model_fields)
PRECAUTIONS = sorted(Precautions.model_fields)
EXAM = dict(
    repeated_movements=st.dictionaries(
        st.sampled_from([m.value for m in Movement]), st.sampled_from([r.value for r in Response])
    ),
    lateral_shift=enum(ShiftSide),
    slr_positive=flags,
    slr_angle_deg=ints(0, 90),
    slump_positive=flags,
    crossed_slr_positive=flags,
    motor_grade_min=ints(0, 5),
    motor_deficit_myotome=enum(Myotome),
    reflexes_reduced=flags,
    irritability=enum(Irritability),
    lumbar_flexion_deg=ints(0, 120),
    lumbar_extension_deg=ints(0, 60),
    fingertip_floor_cm=ints(-40, 120),
    hip_internal_rotation_left_deg=ints(0, 90),
    hip_internal_rotation_right_deg=ints(0, 90),
    hip_external_rotation_left_deg=ints(0, 90),
    hip_external_rotation_right_deg=ints(0, 90),
)
exams = section(**EXAM)
BASELINE = dict(
    leg_pain_nrs=ints(0, 10),
    back_pain_nrs=ints(0, 10),
    odi_percent=ints(0, 100),
    psfs_mean=st.none() | st.floats(0, 10, allow_nan=False),
)
baselines = st.none() | section(**BASELINE)
OUTCOMES = dict(
    psfs=st.lists(
        st.fixed_dictionaries({"activity": words, "score": st.integers(0, 10)}), max_size=5
    ),
    odi_percent=ints(0, 100),
    baseline=baselines,
)
outcomes = section(**OUTCOMES)
CONTEXT = dict(
    equipment=st.lists(st.sampled_from([e.value for e in Equipment]), max_size=4),
    pool_access=flags,
    minutes_per_day=ints(5, 120),
    dry_needling_permitted=flags,
    patient_requests=st.lists(words, max_size=3),
)
contexts = section(**CONTEXT)


def optional_section(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | inner  # a section given as null means nothing recorded


assessment_files = st.fixed_dictionaries(
    {"version": st.just(1), "patient": patients(), "history": histories, "symptoms": symptoms},
    optional={
        "notes": st.none() | st.text(max_size=200),
        "red_flags": optional_section(section(**{f: flags for f in RED_FLAGS})),
        "precautions": optional_section(section(**{f: flags for f in PRECAUTIONS})),
        "exam": optional_section(exams),
        "psychosocial": optional_section(psychosocial()),
        "outcomes": optional_section(outcomes),
        "context": optional_section(contexts),
    },
)


# What the strategies generate, per model: a test compares it with the models, so a field
# added to the assessment later cannot escape the round-trip property unnoticed.
PATIENT_FIELDS = {"age", "sex", "pregnant", "gestation_weeks"}  # patients() above
PSYCHOSOCIAL_FIELDS = {"start_back_total", "start_back_distress", "fear_avoidance_high"}
PSFS_FIELDS = {"activity", "score"}
TOP_FIELDS = {"version", "patient", "history", "symptoms", "notes", "red_flags", "precautions"} | {
    "exam",
    "psychosocial",
    "outcomes",
    "context",
}

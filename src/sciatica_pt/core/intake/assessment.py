"""The assessment file, version 1 (`spec/assessment-v1.md`), as validated types.

Booleans have three states: true, false and None ("not asked yet"), and None is never read as
"no". Input is never repaired: strict booleans and integers refuse "yes", "3" or 3.5, and
unknown keys are errors at every level.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationError,
    model_validator,
)

from sciatica_pt.core.errors import InvalidInput, problems_of
from sciatica_pt.core.vocabulary import Equipment, Irritability

Flag = StrictBool | None  # true | false | null (= not asked)
Word = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]


Nrs = Annotated[StrictInt, Field(ge=0, le=10)]  # 0-10 pain rating, also a PSFS item
Weeks = Annotated[StrictInt, Field(ge=0, le=5200)]
Age = Annotated[StrictInt, Field(ge=16, le=110)]  # younger patients are out of scope
Gestation = Annotated[StrictInt, Field(ge=1, le=42)]
Visits = Annotated[StrictInt, Field(ge=0, le=1000)]
DayMinutes = Annotated[StrictInt, Field(ge=0, le=1440)]
Degrees = Annotated[StrictInt, Field(ge=0, le=90)]
MotorGrade = Annotated[StrictInt, Field(ge=0, le=5)]  # MRC scale
StartBackTotal = Annotated[StrictInt, Field(ge=0, le=9)]
StartBackDistress = Annotated[StrictInt, Field(ge=0, le=5)]
Percent = Annotated[StrictInt, Field(ge=0, le=100)]
ProgramMinutes = Annotated[StrictInt, Field(ge=5, le=120)]
# Range of motion (added in v1, docs/assessment-v1-additions.md), measured in whole degrees or
# centimetres. Fingertip-to-floor is negative when the fingertips pass the level of the feet
# (the patient stands on a step).
LumbarFlexion = Annotated[StrictInt, Field(ge=0, le=120)]
LumbarExtension = Annotated[StrictInt, Field(ge=0, le=60)]
FingertipFloor = Annotated[StrictInt, Field(ge=-40, le=120)]
HipRotation = Annotated[StrictInt, Field(ge=0, le=90)]


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class Onset(StrEnum):
    GRADUAL = "gradual"
    SUDDEN = "sudden"
    LIFTING = "lifting"
    TRAUMA = "trauma"
    POST_SURGERY = "post_surgery"
    UNKNOWN = "unknown"


class WorkStatus(StrEnum):
    WORKING = "working"
    MODIFIED_DUTIES = "modified_duties"
    OFF_WORK = "off_work"
    NOT_WORKING = "not_working"
    RETIRED = "retired"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    NONE = "none"


class Response(StrEnum):
    """What a repeated movement did to the symptoms."""

    CENTRALIZES = "centralizes"
    PERIPHERALIZES = "peripheralizes"
    NO_EFFECT = "no_effect"
    INCREASES_BACK_PAIN = "increases_back_pain"
    NOT_TESTED = "not_tested"


class Movement(StrEnum):
    EXTENSION_IN_LYING = "extension_in_lying"
    EXTENSION_IN_STANDING = "extension_in_standing"
    FLEXION_IN_STANDING = "flexion_in_standing"
    FLEXION_IN_LYING = "flexion_in_lying"
    FLEXION_IN_SITTING = "flexion_in_sitting"
    SIDE_GLIDE_CORRECTION = "side_glide_correction"


class ShiftSide(StrEnum):
    NONE = "none"
    LEFT = "left"
    RIGHT = "right"


class Myotome(StrEnum):
    L3 = "L3"
    L4 = "L4"
    L5 = "L5"
    S1 = "S1"


# Known words for aggravating and easing factors; other words are kept as given (spec).
KNOWN_FACTORS = frozenset(
    {
        "sitting",
        "standing",
        "walking",
        "bending_forward",
        "extension",
        "lifting",
        "coughing_sneezing",
        "lying_prone",
        "lying_supine",
        "rest",
        "flexion",
    }
)


class Patient(Spec):
    age: Age
    sex: Sex | None = None
    pregnant: Flag = None
    gestation_weeks: Gestation | None = None

    @model_validator(mode="after")
    def _gestation_needs_pregnancy(self) -> Patient:
        if self.gestation_weeks is not None and self.pregnant is not True:
            raise ValueError("gestation_weeks is given but pregnant is not true")
        return self


class PriorSurgery(Spec):
    procedure: Word
    weeks_ago: Weeks
    surgeon_clearance: Flag = None


class History(Spec):
    duration_weeks: Weeks
    onset: Onset | None = None
    prior_spinal_surgery: PriorSurgery | None = None
    work_status: WorkStatus | None = None
    medications: tuple[Word, ...] = ()
    comorbidities: tuple[Word, ...] = ()
    visits_completed: Visits = 0
    # Added in v1 as an optional field (docs/assessment-v1-additions.md): at least one fall in
    # the past 12 months; null = not asked.
    falls_past_year: Flag = None


class Symptoms(Spec):
    back_pain_nrs: Nrs
    leg_pain_nrs: Nrs
    side: Side | None = None
    pain_below_knee: Flag = None
    bilateral_symptoms: Flag = None
    numbness: Flag = None
    tingling: Flag = None
    weakness: Flag = None
    night_pain: Flag = None
    morning_stiffness_minutes: DayMinutes | None = None
    aggravated_by: tuple[Word, ...] = ()
    eased_by: tuple[Word, ...] = ()


class RedFlags(Spec):
    saddle_anesthesia: Flag = None
    bladder_bowel_change: Flag = None
    sexual_dysfunction: Flag = None
    new_bilateral_symptoms: Flag = None
    progressive_weakness: Flag = None
    cancer_history: Flag = None
    metastatic_cancer: Flag = None
    unexplained_weight_loss: Flag = None
    fever: Flag = None
    iv_drug_use: Flag = None
    immunosuppressed: Flag = None
    significant_trauma: Flag = None
    corticosteroid_use: Flag = None


class Precautions(Spec):
    osteoporosis: Flag = None
    anticoagulants: Flag = None
    pacemaker: Flag = None
    open_wound: Flag = None
    insensate_skin: Flag = None
    peripheral_neuropathy: Flag = None
    vascular_claudication_signs: Flag = None


class Exam(Spec):
    repeated_movements: dict[Movement, Response] = Field(default_factory=dict)
    lateral_shift: ShiftSide | None = None
    slr_positive: Flag = None
    slr_angle_deg: Degrees | None = None
    slump_positive: Flag = None
    crossed_slr_positive: Flag = None
    motor_grade_min: MotorGrade | None = None
    motor_deficit_myotome: Myotome | None = None
    reflexes_reduced: Flag = None
    irritability: Irritability | None = None
    # Added in v1 as optional fields (docs/assessment-v1-additions.md): range of motion, recorded
    # for the clinician and the record; no rule reads them (clinical-notes gives none).
    lumbar_flexion_deg: LumbarFlexion | None = None
    lumbar_extension_deg: LumbarExtension | None = None
    fingertip_floor_cm: FingertipFloor | None = None
    hip_internal_rotation_left_deg: HipRotation | None = None
    hip_internal_rotation_right_deg: HipRotation | None = None
    hip_external_rotation_left_deg: HipRotation | None = None
    hip_external_rotation_right_deg: HipRotation | None = None


class Psychosocial(Spec):
    start_back_total: StartBackTotal | None = None
    start_back_distress: MotorGrade | None = None
    fear_avoidance_high: Flag = None

    @model_validator(mode="after")
    def _subscale_within_total(self) -> Psychosocial:
        total, distress = self.start_back_total, self.start_back_distress
        if total is not None and distress is not None and distress > total:
            raise ValueError(
                f"start_back_distress {distress} is above start_back_total {total}: "
                "the distress items are part of the total"
            )
        return self


class PsfsActivity(Spec):
    activity: Word
    score: Nrs


class Baseline(Spec):
    leg_pain_nrs: Nrs | None = None
    back_pain_nrs: Nrs | None = None
    odi_percent: Percent | None = None
    psfs_mean: Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)] | None = None


class Outcomes(Spec):
    psfs: tuple[PsfsActivity, ...] = ()
    odi_percent: Percent | None = None
    baseline: Baseline | None = None


class Context(Spec):
    equipment: tuple[Equipment, ...] = ()
    pool_access: Flag = None
    minutes_per_day: ProgramMinutes | None = None
    dry_needling_permitted: Flag = None
    patient_requests: tuple[Word, ...] = ()


class Assessment(Spec):
    version: Literal[1]
    notes: Annotated[str, StringConstraints(max_length=20000)] | None = None
    patient: Patient
    history: History
    symptoms: Symptoms
    red_flags: RedFlags = Field(default_factory=RedFlags)
    precautions: Precautions = Field(default_factory=Precautions)
    exam: Exam = Field(default_factory=Exam)
    psychosocial: Psychosocial = Field(default_factory=Psychosocial)
    outcomes: Outcomes = Field(default_factory=Outcomes)
    context: Context = Field(default_factory=Context)


# A section given as `null` means "nothing recorded", the same as leaving it out.
_OPTIONAL_SECTIONS = ("red_flags", "precautions", "exam", "psychosocial", "outcomes", "context")


def parse_assessment(data: object) -> Assessment:
    """Validate already-parsed data; raise InvalidInput with one line per problem."""
    if not isinstance(data, dict):
        raise InvalidInput(["(top level): the assessment must be a mapping of fields"])
    cleaned = {k: v for k, v in data.items() if not (k in _OPTIONAL_SECTIONS and v is None)}
    try:
        return Assessment.model_validate(cleaned)
    except ValidationError as exc:
        raise InvalidInput(problems_of(exc)) from None

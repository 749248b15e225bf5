"""The controlled vocabulary shared by the knowledge base, the engine and the adapters.

Values come from `spec/assessment-v1.md`; renaming one is a breaking change of the contract.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    REFERRAL = "referral"
    ADVICE = "advice"
    EXERCISE = "exercise"
    MANUAL_THERAPY = "manual_therapy"
    MODALITY = "modality"
    NEEDLING = "needling"


class ItemClass(StrEnum):
    # referral
    EMERGENCY_REFERRAL = "emergency_referral"
    URGENT_MEDICAL_REFERRAL = "urgent_medical_referral"
    ROUTINE_MEDICAL_REFERRAL = "routine_medical_referral"
    IMAGING_REFERRAL = "imaging_referral"
    # advice
    EDUCATION_STAY_ACTIVE = "education_stay_active"
    RED_FLAG_SAFETY_NET = "red_flag_safety_net"
    PAIN_NEUROSCIENCE_EDUCATION = "pain_neuroscience_education"
    GRADED_ACTIVITY_OR_EXPOSURE = "graded_activity_or_exposure"
    ACTIVITY_MODIFICATION = "activity_modification"
    POSTURE_ERGONOMICS_EDUCATION = "posture_ergonomics_education"
    LIFTING_MECHANICS_EDUCATION = "lifting_mechanics_education"
    SLEEP_POSITION_EDUCATION = "sleep_position_education"
    PREGNANCY_ADVICE = "pregnancy_advice"
    FLARE_UP_PLAN = "flare_up_plan"
    RETURN_TO_WORK_PLAN = "return_to_work_plan"
    DISCHARGE_WITH_SELF_MANAGEMENT = "discharge_with_self_management"
    MEDICATION_REVIEW_REFERRAL = "medication_review_referral"
    BED_REST = "bed_rest"
    LUMBAR_SUPPORT_BELT = "lumbar_support_belt"
    # exercise
    EXTENSION_DIRECTIONAL_EXERCISE = "extension_directional_exercise"
    FLEXION_DIRECTIONAL_EXERCISE = "flexion_directional_exercise"
    LATERAL_SHIFT_CORRECTION = "lateral_shift_correction"
    NERVE_GLIDE_SLIDER = "nerve_glide_slider"
    NERVE_GLIDE_TENSIONER = "nerve_glide_tensioner"
    ISOMETRIC_CORE = "isometric_core"
    CORE_STABILIZATION = "core_stabilization"
    BACK_EXTENSOR_STRENGTHENING = "back_extensor_strengthening"
    GLUTE_STRENGTHENING = "glute_strengthening"
    FUNCTIONAL_STRENGTHENING = "functional_strengthening"
    HIP_MOBILITY = "hip_mobility"
    HAMSTRING_STRETCH = "hamstring_stretch"
    PIRIFORMIS_STRETCH = "piriformis_stretch"
    LUMBAR_MOBILITY = "lumbar_mobility"
    BALANCE_TRAINING = "balance_training"
    GAIT_TRAINING = "gait_training"
    FUNCTIONAL_RETRAINING = "functional_retraining"
    ASSISTED_RANGE_OF_MOTION = "assisted_range_of_motion"
    YOGA = "yoga"
    FOAM_ROLLER_SELF_MOBILIZATION = "foam_roller_self_mobilization"
    WALKING_PROGRAM = "walking_program"
    STATIONARY_CYCLING = "stationary_cycling"
    ELLIPTICAL_TRAINING = "elliptical_training"
    AQUATIC_EXERCISE = "aquatic_exercise"
    LOADED_FLEXION_EXERCISE = "loaded_flexion_exercise"
    # manual therapy
    SPINAL_MANIPULATION = "spinal_manipulation"
    SPINAL_MOBILIZATION = "spinal_mobilization"
    SOFT_TISSUE_MOBILIZATION = "soft_tissue_mobilization"
    MYOFASCIAL_RELEASE = "myofascial_release"
    TRIGGER_POINT_RELEASE = "trigger_point_release"
    MUSCLE_ENERGY_TECHNIQUE = "muscle_energy_technique"
    # modality
    SUPERFICIAL_HEAT = "superficial_heat"
    CRYOTHERAPY = "cryotherapy"
    TENS = "tens"
    THERAPEUTIC_ULTRASOUND = "therapeutic_ultrasound"
    LOW_LEVEL_LASER = "low_level_laser"
    DIATHERMY = "diathermy"
    LUMBAR_TRACTION = "lumbar_traction"
    # needling
    DRY_NEEDLING = "dry_needling"


CLASSES_BY_KIND: dict[Kind, frozenset[ItemClass]] = {
    Kind.REFERRAL: frozenset(
        {
            ItemClass.EMERGENCY_REFERRAL,
            ItemClass.URGENT_MEDICAL_REFERRAL,
            ItemClass.ROUTINE_MEDICAL_REFERRAL,
            ItemClass.IMAGING_REFERRAL,
        }
    ),
    Kind.ADVICE: frozenset(
        {
            ItemClass.EDUCATION_STAY_ACTIVE,
            ItemClass.RED_FLAG_SAFETY_NET,
            ItemClass.PAIN_NEUROSCIENCE_EDUCATION,
            ItemClass.GRADED_ACTIVITY_OR_EXPOSURE,
            ItemClass.ACTIVITY_MODIFICATION,
            ItemClass.POSTURE_ERGONOMICS_EDUCATION,
            ItemClass.LIFTING_MECHANICS_EDUCATION,
            ItemClass.SLEEP_POSITION_EDUCATION,
            ItemClass.PREGNANCY_ADVICE,
            ItemClass.FLARE_UP_PLAN,
            ItemClass.RETURN_TO_WORK_PLAN,
            ItemClass.DISCHARGE_WITH_SELF_MANAGEMENT,
            ItemClass.MEDICATION_REVIEW_REFERRAL,
            ItemClass.BED_REST,
            ItemClass.LUMBAR_SUPPORT_BELT,
        }
    ),
    Kind.MANUAL_THERAPY: frozenset(
        {
            ItemClass.SPINAL_MANIPULATION,
            ItemClass.SPINAL_MOBILIZATION,
            ItemClass.SOFT_TISSUE_MOBILIZATION,
            ItemClass.MYOFASCIAL_RELEASE,
            ItemClass.TRIGGER_POINT_RELEASE,
            ItemClass.MUSCLE_ENERGY_TECHNIQUE,
        }
    ),
    Kind.MODALITY: frozenset(
        {
            ItemClass.SUPERFICIAL_HEAT,
            ItemClass.CRYOTHERAPY,
            ItemClass.TENS,
            ItemClass.THERAPEUTIC_ULTRASOUND,
            ItemClass.LOW_LEVEL_LASER,
            ItemClass.DIATHERMY,
            ItemClass.LUMBAR_TRACTION,
        }
    ),
    Kind.NEEDLING: frozenset({ItemClass.DRY_NEEDLING}),
}
CLASSES_BY_KIND[Kind.EXERCISE] = frozenset(ItemClass) - frozenset().union(*CLASSES_BY_KIND.values())


def kind_of(item_class: ItemClass) -> Kind:
    """The one kind a class belongs to (the spec's table is a partition)."""
    for kind, classes in CLASSES_BY_KIND.items():
        if item_class in classes:
            return kind
    raise ValueError(f"class {item_class} has no kind")  # unreachable: the table is total


# Umbrella terms of the spec, used when judging plans.
AEROBIC_CLASSES = frozenset(
    {
        ItemClass.WALKING_PROGRAM,
        ItemClass.STATIONARY_CYCLING,
        ItemClass.ELLIPTICAL_TRAINING,
        ItemClass.AQUATIC_EXERCISE,
    }
)
PROGRESSIVE_STRENGTHENING_CLASSES = frozenset(
    {
        ItemClass.CORE_STABILIZATION,
        ItemClass.BACK_EXTENSOR_STRENGTHENING,
        ItemClass.GLUTE_STRENGTHENING,
        ItemClass.FUNCTIONAL_STRENGTHENING,
    }
)
HIP_GLUTEAL_CLASSES = frozenset(
    {ItemClass.GLUTE_STRENGTHENING, ItemClass.PIRIFORMIS_STRETCH, ItemClass.HIP_MOBILITY}
)
PSYCHOLOGICALLY_INFORMED_CLASSES = frozenset(
    {ItemClass.PAIN_NEUROSCIENCE_EDUCATION, ItemClass.GRADED_ACTIVITY_OR_EXPOSURE}
)


class Direction(StrEnum):
    EXTENSION = "extension"
    FLEXION = "flexion"
    LATERAL = "lateral"
    NEUTRAL = "neutral"


class Setting(StrEnum):
    HOME = "home"
    CLINIC = "clinic"
    POOL = "pool"


class DeliveredBy(StrEnum):
    PATIENT = "patient"
    THERAPIST = "therapist"
    CERTIFIED_THERAPIST = "certified_therapist"


class Target(StrEnum):
    """What an item works on. The first five are the seeds' key areas."""

    CORE = "core"
    GLUTES = "glutes"
    HIP_MOBILITY = "hip_mobility"
    NEURAL_MOBILITY = "neural_mobility"
    BACK_EXTENSORS = "back_extensors"
    HAMSTRINGS = "hamstrings"
    PIRIFORMIS = "piriformis"
    HIP_ADDUCTORS = "hip_adductors"
    LUMBAR_MOBILITY = "lumbar_mobility"
    DIRECTIONAL_PREFERENCE = "directional_preference"
    AEROBIC_CAPACITY = "aerobic_capacity"
    BALANCE = "balance"
    FUNCTION = "function"
    GAIT = "gait"
    PAIN_RELIEF = "pain_relief"
    SOFT_TISSUE = "soft_tissue"
    JOINT_MOBILITY = "joint_mobility"
    KNOWLEDGE = "knowledge"
    SAFETY = "safety"


KEY_AREAS = (
    Target.CORE,
    Target.GLUTES,
    Target.HIP_MOBILITY,
    Target.NEURAL_MOBILITY,
    Target.BACK_EXTENSORS,
)


class Stage(StrEnum):
    ACUTE = "acute"
    SUBACUTE = "subacute"
    CHRONIC = "chronic"


class Irritability(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


IRRITABILITY_ORDER = {Irritability.LOW: 0, Irritability.MODERATE: 1, Irritability.HIGH: 2}


class Equipment(StrEnum):
    RESISTANCE_BAND = "resistance_band"
    EXERCISE_BALL = "exercise_ball"
    FOAM_ROLLER = "foam_roller"
    SMALL_BALL = "small_ball"  # a soft ball or rolled towel squeezed between the knees
    CHAIR = "chair"
    STEP = "step"
    MAT = "mat"
    PILLOW = "pillow"
    TOWEL = "towel"
    STRAP = "strap"
    WALL = "wall"
    DUMBBELLS = "dumbbells"
    STATIONARY_BIKE = "stationary_bike"
    ELLIPTICAL_TRAINER = "elliptical_trainer"
    TREADMILL = "treadmill"
    POOL = "pool"
    TRACTION_TABLE = "traction_table"
    TENS_UNIT = "tens_unit"
    ULTRASOUND_UNIT = "ultrasound_unit"
    LASER_UNIT = "laser_unit"
    DIATHERMY_UNIT = "diathermy_unit"
    HOT_PACK = "hot_pack"
    COLD_PACK = "cold_pack"
    NEEDLES = "needles"
    TREATMENT_TABLE = "treatment_table"


# Equipment any home has, or that the clinic provides: never asked of the patient.
ALWAYS_AVAILABLE_EQUIPMENT = frozenset(
    {Equipment.CHAIR, Equipment.WALL, Equipment.PILLOW, Equipment.TOWEL, Equipment.MAT}
)


class EvidenceGrade(StrEnum):
    RECOMMENDED = "recommended"
    OPTIONAL = "optional"
    NOT_RECOMMENDED = "not_recommended"
    CLINIC_OWN = "clinic_own"  # a clinic's own exercise: no guideline grades it (issue 20)


class RuleSeverity(StrEnum):
    CONTRAINDICATION = "contraindication"  # never in a plan while the fact holds
    PRECAUTION = "precaution"  # allowed, with the precaution shown to the clinician


class Fact(StrEnum):
    """Facts the engine derives from an assessment; safety rules in the knowledge base are
    written against these names, so the data never needs to know the file's layout."""

    PACEMAKER = "pacemaker"
    PREGNANT = "pregnant"
    PREGNANT_FIRST_TRIMESTER = "pregnant_first_trimester"
    ANTICOAGULANTS = "anticoagulants"
    OSTEOPOROSIS = "osteoporosis"
    OPEN_WOUND = "open_wound"
    INSENSATE_SKIN = "insensate_skin"
    PERIPHERAL_NEUROPATHY = "peripheral_neuropathy"
    VASCULAR_CLAUDICATION_SIGNS = "vascular_claudication_signs"
    DRY_NEEDLING_NOT_PERMITTED = "dry_needling_not_permitted"
    EXTENSION_PERIPHERALIZES = "extension_peripheralizes"
    FLEXION_PERIPHERALIZES = "flexion_peripheralizes"
    LATERAL_PERIPHERALIZES = "lateral_peripheralizes"
    STENOSIS = "stenosis"
    RADICULOPATHY = "radiculopathy"
    HIGH_IRRITABILITY = "high_irritability"
    ACUTE_STAGE = "acute_stage"
    RECENT_SPINAL_SURGERY = "recent_spinal_surgery"  # within 12 weeks
    SURGERY_NOT_CLEARED = "surgery_not_cleared"
    SERIOUS_PATHOLOGY_SUSPECTED = "serious_pathology_suspected"  # any red-flag finding
    PROGRESSIVE_NEURO_DEFICIT = "progressive_neuro_deficit"
    MOTOR_DEFICIT = "motor_deficit"
    CANCER_HISTORY = "cancer_history"
    FEVER_OR_INFECTION_RISK = "fever_or_infection_risk"
    IMMUNOSUPPRESSED = "immunosuppressed"
    CORTICOSTEROID_USE = "corticosteroid_use"
    BLADDER_BOWEL_CHANGE = "bladder_bowel_change"
    DIABETES = "diabetes"
    OLDER_ADULT = "older_adult"  # 65 and over
    NO_POOL_ACCESS = "no_pool_access"
    FEAR_AVOIDANCE_HIGH = "fear_avoidance_high"

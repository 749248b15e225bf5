"""Every exercise the seed articles name is in the knowledge base, under a name people use."""

import pytest

from sciatica_pt import knowledge
from sciatica_pt.core.knowledge import Item, KnowledgeBase
from sciatica_pt.core.vocabulary import KEY_AREAS, Kind, Target

# What the seeds call it -> a phrase a clinician or patient would search for, and the items that
# cover it with their class. The phrase must appear in the name, an alias or the id of at least
# one of those items, so a search by the seed's word finds them.
SEED_EXERCISES: dict[str, tuple[str, dict[str, str]]] = {
    "pelvic tilts": ("pelvic tilt", {"pelvic-tilt": "isometric_core"}),
    "bridges": (
        "bridge",
        {"glute-bridge": "glute_strengthening", "single-leg-bridge": "glute_strengthening"},
    ),
    "leg lifts": ("leg lifts", {"supine-alternating-leg-lift": "core_stabilization"}),
    "squats": (
        "squat",
        {
            "bodyweight-squat": "functional_strengthening",
            "wall-squat": "functional_strengthening",
            "sit-to-stand": "functional_strengthening",
        },
    ),
    "lunges": (
        "lunge",
        {"forward-lunge": "functional_strengthening", "split-squat": "functional_strengthening"},
    ),
    "hamstring stretches": (
        "hamstring stretch",
        {
            "supine-hamstring-stretch-with-strap": "hamstring_stretch",
            "seated-hamstring-stretch": "hamstring_stretch",
        },
    ),
    "piriformis stretches": (
        "piriformis stretch",
        {
            "supine-figure-four-piriformis-stretch": "piriformis_stretch",
            "seated-piriformis-stretch": "piriformis_stretch",
            "knee-to-opposite-shoulder-stretch": "piriformis_stretch",
        },
    ),
    "lumbar stretches": (
        "lumbar stretch",
        {"single-knee-to-chest": "lumbar_mobility", "lower-trunk-rotation": "lumbar_mobility"},
    ),
    "prone lying": ("prone lying", {"prone-lying": "extension_directional_exercise"}),
    "prone on elbows": ("prone on elbows", {"prone-on-elbows": "extension_directional_exercise"}),
    "prone press-up": (
        "press-up",
        {
            "prone-press-up": "extension_directional_exercise",
            "prone-press-up-with-exhale-sag": "extension_directional_exercise",
        },
    ),
    "standing extension": (
        "standing extension",
        {"standing-extension": "extension_directional_exercise"},
    ),
    "flexion in lying": ("flexion in lying", {"flexion-in-lying": "flexion_directional_exercise"}),
    "flexion in sitting": (
        "flexion in sitting",
        {"flexion-in-sitting": "flexion_directional_exercise"},
    ),
    "side glide": (
        "side glide",
        {
            "side-glide-in-standing": "lateral_shift_correction",
            "side-glide-at-wall": "lateral_shift_correction",
        },
    ),
    "nerve sliders, supine and seated": (
        "nerve glide",
        {
            "supine-sciatic-nerve-slider": "nerve_glide_slider",
            "seated-sciatic-nerve-slider": "nerve_glide_slider",
        },
    ),
    "nerve tensioners, supine and seated": (
        "tension",
        {
            "supine-sciatic-nerve-tensioner": "nerve_glide_tensioner",
            "seated-sciatic-nerve-tensioner": "nerve_glide_tensioner",
        },
    ),
    "isometrics": (
        "isometric",
        {
            "abdominal-bracing": "isometric_core",
            "pelvic-tilt": "isometric_core",
            "ball-squeeze-between-knees": "isometric_core",
            "glute-sets": "glute_strengthening",
        },
    ),
    "squeezing a ball between the knees": (
        "squeezing a ball between the knees",
        {"ball-squeeze-between-knees": "isometric_core"},
    ),
    "isotonic back strengthening": (
        "isotonic back strengthening",
        {
            "prone-back-extension": "back_extensor_strengthening",
            "prone-alternate-arm-leg-lift": "back_extensor_strengthening",
            "ball-back-extension": "back_extensor_strengthening",
        },
    ),
    "isotonic abdominal strengthening": (
        "abdominal",
        {"modified-curl-up": "core_stabilization", "sit-up": "loaded_flexion_exercise"},
    ),
    "hip mobility": (
        "hip",
        {
            "supine-hip-rotation": "hip_mobility",
            "ninety-ninety-hip-switch": "hip_mobility",
            "half-kneeling-hip-flexor-stretch": "hip_mobility",
            "quadruped-rock-back": "hip_mobility",
        },
    ),
    "active-assisted range of motion": (
        "active-assisted range of motion",
        {
            "assisted-heel-slides": "assisted_range_of_motion",
            "strap-assisted-hip-flexion": "assisted_range_of_motion",
        },
    ),
    "yoga-based movements": (
        "yoga",
        {"cat-cow": "yoga", "childs-pose": "yoga", "sphinx-pose": "yoga"},
    ),
    "foam-roller self-mobilization": (
        "foam roll",
        {
            "foam-roller-gluteal-release": "foam_roller_self_mobilization",
            "foam-roller-thoracic-extension": "foam_roller_self_mobilization",
            "massage-ball-gluteal-release": "foam_roller_self_mobilization",
        },
    ),
    "walking": ("walking", {"walking-program": "walking_program"}),
    "cycling": ("cycling", {"stationary-cycling": "stationary_cycling"}),
    "elliptical": ("elliptical", {"elliptical-training": "elliptical_training"}),
    "swimming": ("swimming", {"swimming": "aquatic_exercise"}),
    "water aerobics": ("water aerobics", {"water-aerobics": "aquatic_exercise"}),
    "hydrotherapy (pool)": (
        "hydrotherapy",
        {"aquatic-therapy-session": "aquatic_exercise", "pool-walking": "aquatic_exercise"},
    ),
    "gait training": ("gait training", {"gait-training": "gait_training"}),
    "functional retraining": (
        "functional retraining",
        {
            "hip-hinge-lifting-practice": "functional_retraining",
            "log-roll-bed-transfer": "functional_retraining",
            "sitting-tolerance-breaks": "functional_retraining",
        },
    ),
}

# The seeds' strengthening progressions, as (start, goal) pairs that must be joined by
# progresses_to links, so the engine can walk from the first to the last.
SEED_PROGRESSIONS = [
    ("pelvic-tilt", "front-plank"),  # core
    ("abdominal-bracing", "side-plank-from-knees"),  # core
    ("glute-sets", "single-leg-bridge"),  # glutes
    ("glute-sets", "banded-lateral-walk"),  # glutes
    ("prone-alternate-arm-leg-lift", "ball-back-extension"),  # back extensors
    ("sit-to-stand", "forward-lunge"),  # squats to lunges
    ("prone-lying", "standing-extension"),  # McKenzie extension
    ("supine-sciatic-nerve-slider", "seated-sciatic-nerve-tensioner"),  # neural
    ("assisted-heel-slides", "ninety-ninety-hip-switch"),  # hip mobility
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return knowledge.load()


def _words(item: Item) -> list[str]:
    return [n.casefold() for n in (item.name, *item.aliases, item.id.replace("-", " "))]


@pytest.mark.parametrize("seed_term", sorted(SEED_EXERCISES))
def test_each_exercise_the_seeds_name_is_covered_by_items_of_the_right_class(kb, seed_term):
    _, covering = SEED_EXERCISES[seed_term]
    for item_id, item_class in covering.items():
        item = kb.item(item_id)
        assert item.kind is Kind.EXERCISE
        assert item.item_class == item_class, item_id


@pytest.mark.parametrize("seed_term", sorted(SEED_EXERCISES))
def test_each_seed_exercise_is_found_by_the_word_people_use(kb, seed_term):
    phrase, covering = SEED_EXERCISES[seed_term]
    assert any(
        phrase.casefold() in word for item_id in covering for word in _words(kb.item(item_id))
    )


def _reachable(kb: KnowledgeBase, start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for harder in kb.item(todo.pop()).progresses_to:
            if harder not in seen:
                seen.add(harder)
                todo.append(harder)
    return seen


@pytest.mark.parametrize(("start", "goal"), SEED_PROGRESSIONS)
def test_the_seed_progressions_lead_from_the_easiest_to_the_hardest_step(kb, start, goal):
    assert goal in _reachable(kb, start)


@pytest.mark.parametrize("area", KEY_AREAS)
def test_each_key_area_of_the_seeds_has_at_least_three_exercises(kb, area):
    assert len([i for i in kb.items_of(Kind.EXERCISE) if area in i.targets]) >= 3


def test_the_ball_squeeze_targets_the_adductors_not_the_abductors(kb):
    """One seed calls the knee squeeze an abductor exercise; squeezing the knees together is
    adduction, so the item targets the adductors and never says otherwise."""
    item = kb.item("ball-squeeze-between-knees")
    assert Target.HIP_ADDUCTORS in item.targets
    text = " ".join([item.name, *item.aliases, item.instructions.summary, *item.instructions.steps])
    assert "abductor" not in text.casefold()
    assert "adductor" in text.casefold()

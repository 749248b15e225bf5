"""The exercise half of the knowledge base: every agreed id, dosed, laddered and fenced by rules."""

from itertools import pairwise

import pytest

from sciatica_pt import knowledge
from sciatica_pt.core.knowledge import Item, KnowledgeBase
from sciatica_pt.core.vocabulary import (
    IRRITABILITY_ORDER,
    KEY_AREAS,
    DeliveredBy,
    Direction,
    Equipment,
    EvidenceGrade,
    Irritability,
    ItemClass,
    Kind,
    RuleSeverity,
    Setting,
    Stage,
)

# The agreed exercise ids (briefs/ids.md): id -> (class, direction, setting). Other parts of the
# system reference these ids, so a rename or a reclassification must fail here.
AGREED: dict[str, tuple[str, str, str]] = {
    "prone-lying": ("extension_directional_exercise", "extension", "home"),
    "prone-on-elbows": ("extension_directional_exercise", "extension", "home"),
    "prone-press-up": ("extension_directional_exercise", "extension", "home"),
    "prone-press-up-with-exhale-sag": ("extension_directional_exercise", "extension", "home"),
    "standing-extension": ("extension_directional_exercise", "extension", "home"),
    "flexion-in-lying": ("flexion_directional_exercise", "flexion", "home"),
    "flexion-in-sitting": ("flexion_directional_exercise", "flexion", "home"),
    "flexion-in-standing": ("flexion_directional_exercise", "flexion", "home"),
    "side-glide-in-standing": ("lateral_shift_correction", "lateral", "home"),
    "side-glide-at-wall": ("lateral_shift_correction", "lateral", "home"),
    "single-knee-to-chest": ("lumbar_mobility", "flexion", "home"),
    "lower-trunk-rotation": ("lumbar_mobility", "neutral", "home"),
    "pelvic-tilt": ("isometric_core", "flexion", "home"),
    "supine-sciatic-nerve-slider": ("nerve_glide_slider", "neutral", "home"),
    "seated-sciatic-nerve-slider": ("nerve_glide_slider", "neutral", "home"),
    "supine-sciatic-nerve-tensioner": ("nerve_glide_tensioner", "neutral", "home"),
    "seated-sciatic-nerve-tensioner": ("nerve_glide_tensioner", "neutral", "home"),
    "abdominal-bracing": ("isometric_core", "neutral", "home"),
    "ball-squeeze-between-knees": ("isometric_core", "neutral", "home"),
    "glute-sets": ("glute_strengthening", "neutral", "home"),
    "dead-bug": ("core_stabilization", "neutral", "home"),
    "bird-dog": ("core_stabilization", "neutral", "home"),
    "side-plank-from-knees": ("core_stabilization", "neutral", "home"),
    "front-plank": ("core_stabilization", "neutral", "home"),
    "modified-curl-up": ("core_stabilization", "neutral", "home"),
    "supine-alternating-leg-lift": ("core_stabilization", "neutral", "home"),
    "sit-up": ("loaded_flexion_exercise", "flexion", "home"),
    "glute-bridge": ("glute_strengthening", "neutral", "home"),
    "single-leg-bridge": ("glute_strengthening", "neutral", "home"),
    "clamshell": ("glute_strengthening", "neutral", "home"),
    "side-lying-leg-lift": ("glute_strengthening", "neutral", "home"),
    "banded-lateral-walk": ("glute_strengthening", "neutral", "home"),
    "quadruped-hip-extension": ("glute_strengthening", "neutral", "home"),
    "prone-alternate-arm-leg-lift": ("back_extensor_strengthening", "extension", "home"),
    "prone-back-extension": ("back_extensor_strengthening", "extension", "home"),
    "ball-back-extension": ("back_extensor_strengthening", "extension", "home"),
    "hip-hinge-with-dowel": ("back_extensor_strengthening", "neutral", "home"),
    "sit-to-stand": ("functional_strengthening", "neutral", "home"),
    "bodyweight-squat": ("functional_strengthening", "neutral", "home"),
    "wall-squat": ("functional_strengthening", "neutral", "home"),
    "split-squat": ("functional_strengthening", "neutral", "home"),
    "forward-lunge": ("functional_strengthening", "neutral", "home"),
    "step-up": ("functional_strengthening", "neutral", "home"),
    "romanian-deadlift-light": ("functional_strengthening", "neutral", "home"),
    "half-kneeling-hip-flexor-stretch": ("hip_mobility", "neutral", "home"),
    "supine-hip-rotation": ("hip_mobility", "neutral", "home"),
    "quadruped-rock-back": ("hip_mobility", "flexion", "home"),
    "ninety-ninety-hip-switch": ("hip_mobility", "neutral", "home"),
    "supine-hamstring-stretch-with-strap": ("hamstring_stretch", "neutral", "home"),
    "seated-hamstring-stretch": ("hamstring_stretch", "neutral", "home"),
    "supine-figure-four-piriformis-stretch": ("piriformis_stretch", "neutral", "home"),
    "seated-piriformis-stretch": ("piriformis_stretch", "neutral", "home"),
    "knee-to-opposite-shoulder-stretch": ("piriformis_stretch", "neutral", "home"),
    "assisted-heel-slides": ("assisted_range_of_motion", "neutral", "home"),
    "strap-assisted-hip-flexion": ("assisted_range_of_motion", "neutral", "home"),
    "cat-cow": ("yoga", "neutral", "home"),
    "childs-pose": ("yoga", "flexion", "home"),
    "sphinx-pose": ("yoga", "extension", "home"),
    "foam-roller-gluteal-release": ("foam_roller_self_mobilization", "neutral", "home"),
    "foam-roller-thoracic-extension": ("foam_roller_self_mobilization", "extension", "home"),
    "massage-ball-gluteal-release": ("foam_roller_self_mobilization", "neutral", "home"),
    "walking-program": ("walking_program", "neutral", "home"),
    "stationary-cycling": ("stationary_cycling", "flexion", "home"),
    "elliptical-training": ("elliptical_training", "neutral", "home"),
    "swimming": ("aquatic_exercise", "neutral", "pool"),
    "water-aerobics": ("aquatic_exercise", "neutral", "pool"),
    "pool-walking": ("aquatic_exercise", "neutral", "pool"),
    "aquatic-therapy-session": ("aquatic_exercise", "neutral", "pool"),
    "gait-training": ("gait_training", "neutral", "clinic"),
    "single-leg-stance": ("balance_training", "neutral", "home"),
    "tandem-stance": ("balance_training", "neutral", "home"),
    "hip-hinge-lifting-practice": ("functional_retraining", "neutral", "home"),
    "log-roll-bed-transfer": ("functional_retraining", "neutral", "home"),
    "sitting-tolerance-breaks": ("functional_retraining", "neutral", "home"),
}

# Links that are deliberately one-way, each with the reason (else A -> B implies B <- A).
ONE_WAY_PROGRESSIONS = {
    # The shift is corrected first; extension does not regress to side gliding, because a
    # shift that comes back needs a clinician's re-assessment, not an automatic step down.
    ("side-glide-in-standing", "prone-lying"),
    # Loaded flexion is never a goal of the core ladder: the curl-up replaces the sit-up, so the
    # curl-up does not progress to it, but a sit-up that hurts regresses to the curl-up.
    ("modified-curl-up", "sit-up"),
}

# The ladders the brief names, easiest first; each consecutive pair must be linked both ways.
LADDERS = [
    ["prone-lying", "prone-on-elbows", "prone-press-up", "prone-press-up-with-exhale-sag"],
    ["prone-press-up-with-exhale-sag", "standing-extension"],
    ["single-knee-to-chest", "flexion-in-lying", "flexion-in-sitting", "flexion-in-standing"],
    ["side-glide-at-wall", "side-glide-in-standing"],
    ["supine-sciatic-nerve-slider", "supine-sciatic-nerve-tensioner"],
    ["seated-sciatic-nerve-slider", "seated-sciatic-nerve-tensioner"],
    ["pelvic-tilt", "abdominal-bracing", "supine-alternating-leg-lift", "dead-bug", "front-plank"],
    ["abdominal-bracing", "bird-dog", "side-plank-from-knees"],
    ["glute-sets", "glute-bridge", "single-leg-bridge"],
    ["glute-sets", "clamshell", "side-lying-leg-lift", "banded-lateral-walk"],
    ["sit-to-stand", "bodyweight-squat", "split-squat", "forward-lunge"],
    ["prone-alternate-arm-leg-lift", "prone-back-extension", "ball-back-extension"],
    ["hip-hinge-with-dowel", "romanian-deadlift-light"],
    ["assisted-heel-slides", "strap-assisted-hip-flexion", "supine-hip-rotation"],
    ["supine-hip-rotation", "ninety-ninety-hip-switch"],
    ["supine-hamstring-stretch-with-strap", "seated-hamstring-stretch"],
    ["tandem-stance", "single-leg-stance"],
    ["aquatic-therapy-session", "pool-walking", "water-aerobics"],
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return knowledge.load()


@pytest.fixture(scope="module")
def exercises(kb) -> list[Item]:
    return kb.items_of(Kind.EXERCISE)


def test_the_knowledge_base_has_at_least_sixty_exercises(exercises):
    assert len(exercises) >= 60


@pytest.mark.parametrize("item_id", sorted(AGREED))
def test_every_agreed_exercise_exists_with_its_class_direction_and_setting(kb, item_id):
    item = kb.item(item_id)
    assert item.kind is Kind.EXERCISE
    assert (item.item_class, item.direction, item.setting) == AGREED[item_id]


@pytest.mark.parametrize("area", KEY_AREAS)
def test_each_key_area_has_an_exercise_for_acute_high_irritability(exercises, area):
    assert any(
        area in i.targets and Stage.ACUTE in i.stages and i.max_irritability is Irritability.HIGH
        for i in exercises
    )


@pytest.mark.parametrize("area", KEY_AREAS)
def test_each_key_area_has_a_harder_exercise_for_later_stages(exercises, area):
    assert any(
        area in i.targets
        and Stage.CHRONIC in i.stages
        and i.max_irritability is not Irritability.HIGH
        and Stage.ACUTE not in i.stages
        for i in exercises
    )


def test_every_exercise_has_a_dosage_and_a_progression(exercises):
    assert [i.id for i in exercises if i.dosage is None or i.progression is None] == []


def test_every_exercise_says_how_often(exercises):
    """Daily time and adherence are computed from per_day or per_week; without one the item
    would silently drop out of both."""
    unscheduled = [
        i.id for i in exercises if i.dosage.per_day is None and i.dosage.per_week is None
    ]
    assert unscheduled == []


def test_every_progression_step_raises_a_field_the_dosage_sets(exercises):
    unset = [
        (i.id, s.field)
        for i in exercises
        for s in i.progression.steps
        if i.dosage.value(s.field) is None
    ]
    assert unset == []


def test_every_progression_step_ceiling_is_above_the_starting_dose(exercises):
    below = [
        (i.id, s.field)
        for i in exercises
        for s in i.progression.steps
        if (start := i.dosage.value(s.field)) is not None and s.max <= start
    ]
    assert below == []


def test_every_progression_step_lands_exactly_on_its_ceiling(exercises):
    """Steps of even size reach the ceiling exactly, so no engine has to clamp or stop short."""
    uneven = [
        (i.id, s.field)
        for i in exercises
        for s in i.progression.steps
        if (start := i.dosage.value(s.field)) is not None and (s.max - start) % s.by
    ]
    assert uneven == []


def test_progression_steps_change_one_variable_each(exercises):
    repeated = [
        i.id
        for i in exercises
        if len({s.field for s in i.progression.steps}) < len(i.progression.steps)
    ]
    assert repeated == []


def test_a_session_lasts_at_least_the_minutes_the_dose_asks_for(exercises):
    short = [i.id for i in exercises if (i.dosage.minutes or 0) > i.minutes]
    assert short == []


def test_every_progression_is_mirrored_by_a_regression(kb, exercises):
    missing = [
        (i.id, harder)
        for i in exercises
        for harder in i.progresses_to
        if i.id not in kb.item(harder).regresses_to and (i.id, harder) not in ONE_WAY_PROGRESSIONS
    ]
    assert missing == []


def test_every_regression_is_mirrored_by_a_progression(kb, exercises):
    missing = [
        (easier, i.id)
        for i in exercises
        for easier in i.regresses_to
        if i.id not in kb.item(easier).progresses_to and (easier, i.id) not in ONE_WAY_PROGRESSIONS
    ]
    assert missing == []


def test_a_harder_step_never_tolerates_more_irritability_than_the_easier_one(kb, exercises):
    order = IRRITABILITY_ORDER
    wrong = [
        (i.id, harder)
        for i in exercises
        for harder in i.progresses_to
        if order[kb.item(harder).max_irritability] > order[i.max_irritability]
        and (i.id, harder) not in ONE_WAY_PROGRESSIONS
    ]
    wrong += [
        (easier, i.id)
        for i in exercises
        for easier in i.regresses_to
        if order[kb.item(easier).max_irritability] < order[i.max_irritability]
    ]
    assert wrong == []


def test_the_one_way_links_are_really_one_way(kb):
    for easier, harder in ONE_WAY_PROGRESSIONS:
        linked = harder in kb.item(easier).progresses_to or easier in kb.item(harder).regresses_to
        mirrored = (
            harder in kb.item(easier).progresses_to and easier in kb.item(harder).regresses_to
        )
        assert linked and not mirrored, (easier, harder)


@pytest.mark.parametrize("ladder", LADDERS, ids=lambda ladder: ladder[0])
def test_the_named_ladders_run_from_easiest_to_hardest(kb, ladder):
    for easier, harder in pairwise(ladder):
        assert harder in kb.item(easier).progresses_to, (easier, harder)
        assert easier in kb.item(harder).regresses_to, (easier, harder)


def test_every_exercise_lists_exactly_the_rules_that_cover_it(kb, exercises):
    """The item's own lists and the rules' scopes must agree, so a reader of either sees the
    same safety picture whichever one the engine consults."""
    wrong = []
    for item in exercises:
        for severity, listed in (
            (RuleSeverity.CONTRAINDICATION, item.contraindications),
            (RuleSeverity.PRECAUTION, item.precautions),
        ):
            covering = {
                r.id for r in kb.rules if r.severity is severity and r.applies_to.covers(item)
            }
            if set(listed) != covering:
                wrong.append((item.id, severity.value, sorted(set(listed) ^ covering)))
    assert wrong == []


@pytest.mark.parametrize(
    ("direction", "rule"),
    [
        (Direction.EXTENSION, "ci.extension-peripheralizes"),
        (Direction.FLEXION, "ci.flexion-peripheralizes"),
        (Direction.LATERAL, "ci.lateral-peripheralizes"),
    ],
)
def test_directional_exercises_stop_when_their_direction_peripheralizes(exercises, direction, rule):
    in_direction = [i for i in exercises if i.direction is direction]
    assert in_direction
    assert [i.id for i in in_direction if rule not in i.contraindications] == []


def test_extension_directional_exercises_are_contraindicated_in_stenosis(kb):
    items = kb.items_of(item_class=ItemClass.EXTENSION_DIRECTIONAL_EXERCISE)
    assert all("ci.stenosis-extension" in i.contraindications for i in items)


def test_the_sit_up_is_fenced_off_and_graded_optional_at_best(kb):
    sit_up = kb.item("sit-up")
    assert {
        "ci.flexion-peripheralizes",
        "ci.osteoporosis-loaded-flexion",
        "ci.pregnancy-loaded-flexion",
        "ci.recent-surgery-manipulation",
    } <= set(sit_up.contraindications)
    assert sit_up.evidence.grade is not EvidenceGrade.RECOMMENDED
    assert sit_up.max_irritability is Irritability.LOW


def test_pool_exercises_carry_the_pool_screening_rules(kb):
    pool = [i for i in kb.items_of(Kind.EXERCISE) if i.setting is Setting.POOL]
    assert len(pool) == 4
    for item in pool:
        assert {
            "ci.open-wound-pool",
            "ci.bladder-bowel-pool",
            "ci.fever-pool",
            "ci.no-pool-access",
        } <= set(item.contraindications)
        assert "pc.pregnancy-pool" in item.precautions
        assert Equipment.POOL in item.equipment


def test_tensioners_are_only_for_low_irritability_and_contraindicated_when_high(kb):
    tensioners = kb.items_of(item_class=ItemClass.NERVE_GLIDE_TENSIONER)
    assert len(tensioners) == 2
    for item in tensioners:
        assert item.max_irritability is Irritability.LOW
        assert "ci.high-irritability-tensioner" in item.contraindications


def test_hamstring_stretches_carry_the_radiculopathy_precaution(kb):
    stretches = kb.items_of(item_class=ItemClass.HAMSTRING_STRETCH)
    assert stretches
    assert all("pc.radiculopathy-hamstring-stretch" in i.precautions for i in stretches)


@pytest.mark.parametrize(
    "item_id",
    [
        "abdominal-bracing",
        "pelvic-tilt",
        "ball-squeeze-between-knees",
        "glute-sets",
        "prone-lying",
        "supine-sciatic-nerve-slider",
        "seated-sciatic-nerve-slider",
        "walking-program",
    ],
)
def test_isometrics_prone_lying_sliders_and_walking_suit_high_irritability(kb, item_id):
    assert kb.item(item_id).max_irritability is Irritability.HIGH


def test_loaded_work_is_kept_for_low_irritability(exercises):
    loaded_equipment = {Equipment.DUMBBELLS, Equipment.EXERCISE_BALL, Equipment.RESISTANCE_BAND}
    loaded = [
        i
        for i in exercises
        if i.item_class in {ItemClass.NERVE_GLIDE_TENSIONER, ItemClass.LOADED_FLEXION_EXERCISE}
        or loaded_equipment & set(i.equipment)
    ]
    assert len(loaded) >= 5
    assert [i.id for i in loaded if i.max_irritability is not Irritability.LOW] == []


def test_neural_mobilisation_is_graded_optional_because_the_evidence_is_weak(kb):
    neural = kb.items_of(item_class=ItemClass.NERVE_GLIDE_SLIDER)
    neural += kb.items_of(item_class=ItemClass.NERVE_GLIDE_TENSIONER)
    assert len(neural) == 4
    assert all(i.evidence.grade is EvidenceGrade.OPTIONAL for i in neural)
    assert all({"Peacock-2022", "Plaza-Manzano-2020"} <= set(i.evidence.refs) for i in neural)


def test_only_the_supervised_sessions_are_delivered_by_a_therapist(exercises):
    by_therapist = {i.id for i in exercises if i.delivered_by is not DeliveredBy.PATIENT}
    assert by_therapist == {"aquatic-therapy-session", "gait-training"}


def test_every_exercise_warns_of_cauda_equina_signs(exercises):
    missing = [
        i.id
        for i in exercises
        if not any("bladder or bowel" in line for line in i.instructions.stop_if)
    ]
    assert missing == []


def test_every_exercise_stops_when_leg_symptoms_spread(exercises):
    missing = [
        i.id
        for i in exercises
        if not any("further down the leg" in line for line in i.instructions.stop_if)
    ]
    assert missing == []


def test_exercise_names_and_aliases_do_not_collide(exercises):
    seen: dict[str, str] = {}
    clashes = []
    for item in exercises:
        for name in {n.casefold() for n in (item.name, *item.aliases)}:
            if name in seen and seen[name] != item.id:
                clashes.append((name, seen[name], item.id))
            seen[name] = item.id
    assert clashes == []

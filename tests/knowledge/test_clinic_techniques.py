"""The clinic techniques: all agreed ids, graded as the guidelines grade them, each carrying the
safety rules that apply to it (clinical-notes §1.2, §5)."""

import pytest

from sciatica_pt.core.knowledge import Item, KnowledgeBase
from sciatica_pt.core.vocabulary import EvidenceGrade, ItemClass, Kind, RuleSeverity

CLINIC_KINDS = {Kind.MANUAL_THERAPY, Kind.MODALITY, Kind.NEEDLING}
# id: (kind, class, setting, delivered_by) as agreed in ids.md
AGREED = {
    "deep-tissue-massage": ("manual_therapy", "soft_tissue_mobilization", "clinic", "therapist"),
    "soft-tissue-mobilization": (
        "manual_therapy",
        "soft_tissue_mobilization",
        "clinic",
        "therapist",
    ),
    "instrument-assisted-soft-tissue-mobilization": (
        "manual_therapy",
        "soft_tissue_mobilization",
        "clinic",
        "therapist",
    ),
    "myofascial-release": ("manual_therapy", "myofascial_release", "clinic", "therapist"),
    "trigger-point-release": ("manual_therapy", "trigger_point_release", "clinic", "therapist"),
    "muscle-energy-technique": ("manual_therapy", "muscle_energy_technique", "clinic", "therapist"),
    "lumbar-joint-mobilization": ("manual_therapy", "spinal_mobilization", "clinic", "therapist"),
    "spinal-manipulation": ("manual_therapy", "spinal_manipulation", "clinic", "therapist"),
    "manual-traction": ("modality", "lumbar_traction", "clinic", "therapist"),
    "mechanical-traction": ("modality", "lumbar_traction", "clinic", "therapist"),
    "water-based-traction": ("modality", "lumbar_traction", "pool", "therapist"),
    "dry-needling": ("needling", "dry_needling", "clinic", "certified_therapist"),
    "moist-heat-pack": ("modality", "superficial_heat", "clinic", "therapist"),
    "home-heat-wrap": ("modality", "superficial_heat", "home", "patient"),
    "ice-pack": ("modality", "cryotherapy", "clinic", "therapist"),
    "therapeutic-ultrasound": ("modality", "therapeutic_ultrasound", "clinic", "therapist"),
    "tens": ("modality", "tens", "clinic", "therapist"),
    "electrical-muscle-stimulation": ("modality", "tens", "clinic", "therapist"),
    "low-level-laser-therapy": ("modality", "low_level_laser", "clinic", "therapist"),
    "shortwave-diathermy": ("modality", "diathermy", "clinic", "therapist"),
    "hydrotherapy-whirlpool": ("modality", "superficial_heat", "clinic", "therapist"),
}
NOT_RECOMMENDED_CLASSES = {
    ItemClass.LUMBAR_TRACTION,
    ItemClass.TENS,
    ItemClass.THERAPEUTIC_ULTRASOUND,
    ItemClass.DIATHERMY,
    ItemClass.LOW_LEVEL_LASER,
}
MANUAL_CLASSES = {
    ItemClass.SPINAL_MANIPULATION,
    ItemClass.SPINAL_MOBILIZATION,
    ItemClass.SOFT_TISSUE_MOBILIZATION,
    ItemClass.MYOFASCIAL_RELEASE,
    ItemClass.TRIGGER_POINT_RELEASE,
    ItemClass.MUSCLE_ENERGY_TECHNIQUE,
}


def _clinic(kb: KnowledgeBase) -> list[Item]:
    return [i for i in kb.items if i.kind in CLINIC_KINDS]


def _of(kb: KnowledgeBase, *classes: ItemClass) -> list[Item]:
    found = [i for i in kb.items if i.item_class in classes]
    assert found, f"no item of {classes}"
    return found


def test_there_are_at_least_twenty_clinic_techniques_of_all_three_kinds(shipped_kb):
    clinic = _clinic(shipped_kb)
    assert len(clinic) >= 20
    assert {i.kind for i in clinic} == CLINIC_KINDS


@pytest.mark.parametrize("item_id", sorted(AGREED))
def test_every_agreed_technique_exists_as_agreed(shipped_kb, item_id):
    item = shipped_kb.item(item_id)
    assert (item.kind, item.item_class, item.setting, item.delivered_by) == AGREED[item_id]


def test_every_technique_tells_the_therapist_when_to_stop(shipped_kb):
    for item in _clinic(shipped_kb):
        assert item.instructions.stop_if and len(item.instructions.steps) >= 2, item.id


def test_traction_tens_ultrasound_diathermy_and_laser_are_not_recommended(shipped_kb):
    for item in _of(shipped_kb, *NOT_RECOMMENDED_CLASSES):
        assert item.evidence.grade is EvidenceGrade.NOT_RECOMMENDED, item.id


def test_traction_tens_and_ultrasound_cite_nice(shipped_kb):
    classes = (ItemClass.LUMBAR_TRACTION, ItemClass.TENS, ItemClass.THERAPEUTIC_ULTRASOUND)
    for item in _of(shipped_kb, *classes):
        assert "NICE-NG59" in item.evidence.refs, item.id


def test_traction_cites_the_trial_and_the_cochrane_review(shipped_kb):
    for item in _of(shipped_kb, ItemClass.LUMBAR_TRACTION):
        assert {"Thackeray-2016", "Wegner-2013"} <= set(item.evidence.refs), item.id


def test_not_recommended_techniques_carry_no_dose(shipped_kb):
    # A dose would read as a prescription of something the guidelines advise against.
    for item in _clinic(shipped_kb):
        if item.evidence.grade is EvidenceGrade.NOT_RECOMMENDED:
            assert item.dosage is None, item.id


def test_manual_therapy_is_optional_and_only_alongside_exercise(shipped_kb):
    for item in _of(shipped_kb, *MANUAL_CLASSES):
        assert item.evidence.grade is EvidenceGrade.OPTIONAL, item.id
        assert "NICE-NG59" in item.evidence.refs, item.id
        assert "exercise" in item.evidence.summary, item.id


def test_dry_needling_is_optional_for_chronic_pain_only_and_needs_certification(shipped_kb):
    for item in _of(shipped_kb, ItemClass.DRY_NEEDLING):
        assert item.evidence.grade is EvidenceGrade.OPTIONAL
        assert "JOSPT-2021" in item.evidence.refs
        assert [str(s) for s in item.stages] == ["chronic"]
        assert item.delivered_by == "certified_therapist"
        assert "ci.dry-needling-not-permitted" in item.contraindications


def test_heat_and_ice_are_optional(shipped_kb):
    for item in _of(shipped_kb, ItemClass.SUPERFICIAL_HEAT, ItemClass.CRYOTHERAPY):
        assert item.evidence.grade is EvidenceGrade.OPTIONAL, item.id


def test_every_tens_item_carries_the_pacemaker_and_pregnancy_rules(shipped_kb):
    for item in _of(shipped_kb, ItemClass.TENS):
        assert {"ci.pacemaker-tens", "ci.pregnancy-tens"} <= set(item.contraindications)


def test_every_heat_and_ice_item_carries_the_insensate_skin_rule(shipped_kb):
    for item in _of(shipped_kb, ItemClass.SUPERFICIAL_HEAT, ItemClass.CRYOTHERAPY):
        assert "ci.insensate-skin-thermal" in item.contraindications, item.id


def test_every_manipulation_item_carries_the_anticoagulant_and_osteoporosis_rules(shipped_kb):
    wanted = {"ci.anticoagulants-manipulation", "ci.osteoporosis-manipulation"}
    for item in _of(shipped_kb, ItemClass.SPINAL_MANIPULATION):
        assert wanted <= set(item.contraindications), item.id


def test_every_clinic_technique_lists_exactly_the_rules_that_cover_it(shipped_kb):
    # The item's lists are what a clinician reads; they must agree with the rules' scopes
    # the engine applies, or the page and the engine would disagree.
    for item in _clinic(shipped_kb):
        covering = [r for r in shipped_kb.rules if r.applies_to.covers(item)]
        ci = {r.id for r in covering if r.severity is RuleSeverity.CONTRAINDICATION}
        pc = {r.id for r in covering if r.severity is RuleSeverity.PRECAUTION}
        assert (set(item.contraindications), set(item.precautions)) == (ci, pc), item.id


def test_the_rule_listing_check_notices_a_missing_rule(shipped_kb):
    item = shipped_kb.item("tens")
    stripped = item.model_copy(update={"contraindications": ("ci.pacemaker-tens",)})
    covering = {r.id for r in shipped_kb.rules if r.applies_to.covers(stripped)}
    assert covering - set(stripped.contraindications) - set(stripped.precautions)


def test_the_home_heat_wrap_is_done_by_the_patient_at_home(shipped_kb):
    item = shipped_kb.item("home-heat-wrap")
    assert (item.setting, item.delivered_by) == ("home", "patient")

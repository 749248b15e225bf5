"""Every clinic technique the seed articles name is covered by at least one knowledge-base
item, so a clinician who reads the seeds finds each one, graded."""

import pytest

# technique as the seeds name it: the ids that cover it
SEED_TECHNIQUES = {
    "deep tissue massage": ["deep-tissue-massage"],
    "soft tissue mobilization": [
        "soft-tissue-mobilization",
        "instrument-assisted-soft-tissue-mobilization",
    ],
    "myofascial release": ["myofascial-release"],
    "trigger point release": ["trigger-point-release"],
    "muscle energy technique": ["muscle-energy-technique"],
    "joint mobilization": ["lumbar-joint-mobilization"],
    "spinal manipulation": ["spinal-manipulation"],
    "manual traction": ["manual-traction"],
    "mechanical traction": ["mechanical-traction"],
    "mechanical decompression": ["mechanical-traction"],
    "water-based traction": ["water-based-traction"],
    "dry needling": ["dry-needling"],
    "moist heat": ["moist-heat-pack"],
    "heat": ["moist-heat-pack", "home-heat-wrap"],
    "ice": ["ice-pack"],
    "ultrasound": ["therapeutic-ultrasound"],
    "tens": ["tens"],
    "electrical stimulation": ["electrical-muscle-stimulation"],
    "light therapy": ["low-level-laser-therapy"],
    "diathermy": ["shortwave-diathermy"],
    "hydrotherapy": ["moist-heat-pack", "hydrotherapy-whirlpool"],
}


def _names(item) -> str:
    return " | ".join([item.id.replace("-", " "), item.name, *item.aliases]).lower()


@pytest.mark.parametrize("technique", sorted(SEED_TECHNIQUES))
def test_each_seed_technique_maps_to_items_that_name_it(shipped_kb, technique):
    for item_id in SEED_TECHNIQUES[technique]:
        item = shipped_kb.item(item_id)
        assert technique in _names(item), f"{item_id} does not name {technique!r}"


@pytest.mark.parametrize("technique", sorted(SEED_TECHNIQUES))
def test_each_seed_technique_has_a_graded_clinic_item(shipped_kb, technique):
    for item_id in SEED_TECHNIQUES[technique]:
        item = shipped_kb.item(item_id)
        assert item.kind in ("manual_therapy", "modality", "needling")
        assert item.evidence.refs


def test_a_technique_no_item_names_is_caught(shipped_kb):
    assert not any("cupping" in _names(i) for i in shipped_kb.items)

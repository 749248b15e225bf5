"""Every agreed safety rule (briefs/ids.md) exists with its severity, facts and scope, and every
rule tells the clinician why, or what to do instead."""

import re

import pytest

from sciatica_pt.core.knowledge import SafetyRule
from sciatica_pt.core.vocabulary import RuleSeverity

CI, PC = RuleSeverity.CONTRAINDICATION, RuleSeverity.PRECAUTION

# id: (severity, when_all, {scope field: values}) exactly as agreed in ids.md
AGREED = {
    "ci.extension-peripheralizes": (
        CI,
        ["extension_peripheralizes"],
        {"directions": ["extension"]},
    ),
    "ci.flexion-peripheralizes": (CI, ["flexion_peripheralizes"], {"directions": ["flexion"]}),
    "ci.lateral-peripheralizes": (CI, ["lateral_peripheralizes"], {"directions": ["lateral"]}),
    "ci.stenosis-extension": (CI, ["stenosis"], {"classes": ["extension_directional_exercise"]}),
    "ci.osteoporosis-loaded-flexion": (
        CI,
        ["osteoporosis"],
        {"classes": ["loaded_flexion_exercise"]},
    ),
    "ci.osteoporosis-manipulation": (CI, ["osteoporosis"], {"classes": ["spinal_manipulation"]}),
    "ci.osteoporosis-traction": (CI, ["osteoporosis"], {"classes": ["lumbar_traction"]}),
    "ci.corticosteroid-manipulation": (
        CI,
        ["corticosteroid_use"],
        {"classes": ["spinal_manipulation"]},
    ),
    "ci.pacemaker-tens": (CI, ["pacemaker"], {"classes": ["tens"]}),
    "ci.pacemaker-diathermy": (CI, ["pacemaker"], {"classes": ["diathermy"]}),
    "ci.pregnancy-tens": (CI, ["pregnant"], {"classes": ["tens"]}),
    "ci.pregnancy-traction": (CI, ["pregnant"], {"classes": ["lumbar_traction"]}),
    "ci.pregnancy-ultrasound": (CI, ["pregnant"], {"classes": ["therapeutic_ultrasound"]}),
    "ci.pregnancy-diathermy": (CI, ["pregnant"], {"classes": ["diathermy"]}),
    "ci.pregnancy-dry-needling": (CI, ["pregnant"], {"classes": ["dry_needling"]}),
    "ci.pregnancy-loaded-flexion": (CI, ["pregnant"], {"classes": ["loaded_flexion_exercise"]}),
    "ci.anticoagulants-manipulation": (
        CI,
        ["anticoagulants"],
        {"classes": ["spinal_manipulation"]},
    ),
    "ci.anticoagulants-dry-needling": (CI, ["anticoagulants"], {"classes": ["dry_needling"]}),
    "ci.dry-needling-not-permitted": (
        CI,
        ["dry_needling_not_permitted"],
        {"classes": ["dry_needling"]},
    ),
    "ci.open-wound-pool": (CI, ["open_wound"], {"settings": ["pool"]}),
    "ci.bladder-bowel-pool": (CI, ["bladder_bowel_change"], {"settings": ["pool"]}),
    "ci.fever-pool": (CI, ["fever_or_infection_risk"], {"settings": ["pool"]}),
    "ci.no-pool-access": (CI, ["no_pool_access"], {"settings": ["pool"]}),
    "ci.insensate-skin-thermal": (
        CI,
        ["insensate_skin"],
        {"classes": ["superficial_heat", "cryotherapy", "diathermy"]},
    ),
    "ci.serious-pathology-manual": (
        CI,
        ["serious_pathology_suspected"],
        {"kinds": ["manual_therapy", "needling"], "classes": ["lumbar_traction"]},
    ),
    "ci.progressive-deficit-manipulation": (
        CI,
        ["progressive_neuro_deficit"],
        {"classes": ["spinal_manipulation", "lumbar_traction"]},
    ),
    "ci.recent-surgery-manipulation": (
        CI,
        ["recent_spinal_surgery"],
        {"classes": ["spinal_manipulation", "lumbar_traction", "loaded_flexion_exercise"]},
    ),
    "ci.surgery-not-cleared-loading": (
        CI,
        ["recent_spinal_surgery", "surgery_not_cleared"],
        {
            "classes": [
                "functional_strengthening",
                "back_extensor_strengthening",
                "nerve_glide_tensioner",
            ]
        },
    ),
    "ci.cancer-thermal-electro": (
        CI,
        ["cancer_history"],
        {"classes": ["therapeutic_ultrasound", "diathermy", "superficial_heat"]},
    ),
    "ci.cancer-manipulation-traction": (
        CI,
        ["cancer_history"],
        {"classes": ["spinal_manipulation", "lumbar_traction"]},
    ),
    "ci.infection-manual": (
        CI,
        ["fever_or_infection_risk"],
        {"classes": ["spinal_manipulation", "lumbar_traction", "dry_needling"]},
    ),
    "ci.high-irritability-tensioner": (
        CI,
        ["high_irritability"],
        {"classes": ["nerve_glide_tensioner"]},
    ),
    "pc.pregnancy-manipulation": (PC, ["pregnant"], {"classes": ["spinal_manipulation"]}),
    "pc.pregnancy-supine-exercise": (
        PC,
        ["pregnant"],
        {"classes": ["isometric_core", "core_stabilization"]},
    ),
    "pc.pregnancy-pool": (PC, ["pregnant"], {"settings": ["pool"]}),
    "pc.anticoagulants-deep-soft-tissue": (
        PC,
        ["anticoagulants"],
        {"classes": ["soft_tissue_mobilization", "myofascial_release", "trigger_point_release"]},
    ),
    "pc.peripheral-neuropathy-thermal": (
        PC,
        ["peripheral_neuropathy"],
        {"classes": ["superficial_heat", "cryotherapy"]},
    ),
    "pc.diabetes-dry-needling": (PC, ["diabetes"], {"classes": ["dry_needling"]}),
    "pc.immunosuppressed-dry-needling": (PC, ["immunosuppressed"], {"classes": ["dry_needling"]}),
    "pc.radiculopathy-manipulation": (PC, ["radiculopathy"], {"classes": ["spinal_manipulation"]}),
    "pc.older-adult-manipulation": (PC, ["older_adult"], {"classes": ["spinal_manipulation"]}),
    "pc.vascular-claudication-exercise": (
        PC,
        ["vascular_claudication_signs"],
        {"classes": ["walking_program", "stationary_cycling", "elliptical_training"]},
    ),
    "pc.radiculopathy-hamstring-stretch": (
        PC,
        ["radiculopathy"],
        {"classes": ["hamstring_stretch"]},
    ),
    "pc.motor-deficit-balance": (
        PC,
        ["motor_deficit"],
        {"classes": ["balance_training", "gait_training"]},
    ),
}

SCOPE_FIELDS = ("classes", "kinds", "directions", "settings", "items")
# A message must give a reason ("because", "so", "risk", "rules out") or an alternative
# ("instead", "until", "first").
REASON_OR_ALTERNATIVE = re.compile(
    r"\b(because|instead|so|since|risks?|rules? out|until|first)\b", re.I
)


def _scope(rule: SafetyRule) -> dict[str, set[str]]:
    return {f: {str(v) for v in getattr(rule.applies_to, f)} for f in SCOPE_FIELDS}


@pytest.mark.parametrize("rule_id", sorted(AGREED))
def test_every_agreed_rule_exists_with_its_severity_facts_and_scope(shipped_kb, rule_id):
    severity, facts, scope = AGREED[rule_id]
    rule = shipped_kb.rule(rule_id)
    assert rule.severity is severity
    assert sorted(rule.when_all) == sorted(facts)
    assert _scope(rule) == {f: set(scope.get(f, ())) for f in SCOPE_FIELDS}


def test_rule_ids_say_their_severity(shipped_kb):
    for rule in shipped_kb.rules:
        prefix = "ci." if rule.severity is CI else "pc."
        assert rule.id.startswith(prefix), rule.id


def test_each_rule_message_names_what_to_do_instead_or_why(shipped_kb):
    vague = [r.id for r in shipped_kb.rules if not REASON_OR_ALTERNATIVE.search(r.message)]
    assert vague == []


def test_a_message_without_reason_or_alternative_is_caught():
    assert not REASON_OR_ALTERNATIVE.search("Do not use traction.")


def test_each_rule_message_is_a_full_sentence_for_a_clinician(shipped_kb):
    for rule in shipped_kb.rules:
        assert len(rule.message) >= 60 and rule.message.endswith("."), rule.id


def test_electrophysical_rules_cite_the_electrophysical_agents_consensus(shipped_kb):
    electro = {"tens", "diathermy", "therapeutic_ultrasound", "low_level_laser"}
    for rule in shipped_kb.rules:
        if {str(c) for c in rule.applies_to.classes} & electro:
            assert "Houghton-2010" in rule.refs or "NICE-NG59" in rule.refs, rule.id


def test_manipulation_contraindications_cite_the_who_safety_guidance(shipped_kb):
    for rule in shipped_kb.rules:
        classes = {str(c) for c in rule.applies_to.classes}
        if rule.severity is CI and "spinal_manipulation" in classes:
            assert "WHO-2005" in rule.refs, rule.id


def test_osteoporosis_rules_cite_the_osteoporosis_consensus(shipped_kb):
    for rule in shipped_kb.rules:
        if "osteoporosis" in rule.when_all:
            assert {"ROS-2022", "TFTF-2014"} & set(rule.refs), rule.id


def test_peripheralization_rules_cite_the_mdt_evidence(shipped_kb):
    for rule in shipped_kb.rules:
        if any(str(f).endswith("_peripheralizes") for f in rule.when_all):
            assert {"May-2018", "JOSPT-2012"} <= set(rule.refs), rule.id


def test_pool_rules_cite_the_aquatic_screening_guidance(shipped_kb):
    for rule in shipped_kb.rules:
        if "pool" in {str(s) for s in rule.applies_to.settings}:
            assert "NSPF-aquatic" in rule.refs, rule.id


def test_rules_only_about_dry_needling_cite_a_dry_needling_source(shipped_kb):
    for rule in shipped_kb.rules:
        if [str(c) for c in rule.applies_to.classes] == ["dry_needling"]:
            assert {"FSBPT-DN", "Brady-DN"} & set(rule.refs), rule.id


def test_every_item_lists_exactly_the_rules_whose_scope_covers_it(shipped_kb):
    # The lists on an item are what a clinician reads; the scopes are what the engine applies.
    # If the two disagree, the page and the plan disagree.
    wrong = []
    for item in shipped_kb.items:
        covering = [r for r in shipped_kb.rules if r.applies_to.covers(item)]
        ci = {r.id for r in covering if r.severity is CI}
        pc = {r.id for r in covering if r.severity is PC}
        if (set(item.contraindications), set(item.precautions)) != (ci, pc):
            wrong.append(item.id)
    assert wrong == []


def test_every_rule_applies_to_at_least_one_item(shipped_kb):
    idle = [
        r.id for r in shipped_kb.rules if not any(r.applies_to.covers(i) for i in shipped_kb.items)
    ]
    assert idle == []

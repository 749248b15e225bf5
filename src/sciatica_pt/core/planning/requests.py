"""What the patient asked for (`context.patient_requests`).

A request names a class ("lumbar_traction"), an item id ("tens"), an alias, or a plain word
("mri", "massage", "bed rest"). A requested item that is contraindicated or not recommended goes
to `excluded` with the reason and references; an MRI without red flags or persistent disabling
radicular pain is not offered (NICE-NG59: no routine imaging). A requested clinic technique that
is allowed is added only alongside exercise. Words that name nothing are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sciatica_pt.core.knowledge import Item
from sciatica_pt.core.planning.catalog import Catalog, normalise
from sciatica_pt.core.planning.clinic import ALONGSIDE, is_clinic_item
from sciatica_pt.core.planning.items import plan_item
from sciatica_pt.core.planning.safety import excluded_item, judge
from sciatica_pt.core.result import ExcludedItem, PlanItem
from sciatica_pt.core.vocabulary import EvidenceGrade, Fact, ItemClass

# Everyday words for classes (checked after exact ids, classes and aliases).
WORDS: dict[str, ItemClass] = {
    "mri": ItemClass.IMAGING_REFERRAL,
    "scan": ItemClass.IMAGING_REFERRAL,
    "imaging": ItemClass.IMAGING_REFERRAL,
    "x ray": ItemClass.IMAGING_REFERRAL,
    "xray": ItemClass.IMAGING_REFERRAL,
    "ct": ItemClass.IMAGING_REFERRAL,
    "traction": ItemClass.LUMBAR_TRACTION,
    "decompression": ItemClass.LUMBAR_TRACTION,
    "tens": ItemClass.TENS,
    "e stim": ItemClass.TENS,
    "electrical stimulation": ItemClass.TENS,
    "massage": ItemClass.SOFT_TISSUE_MOBILIZATION,
    "bed rest": ItemClass.BED_REST,
    "rest": ItemClass.BED_REST,
    "belt": ItemClass.LUMBAR_SUPPORT_BELT,
    "brace": ItemClass.LUMBAR_SUPPORT_BELT,
    "corset": ItemClass.LUMBAR_SUPPORT_BELT,
    "ultrasound": ItemClass.THERAPEUTIC_ULTRASOUND,
    "manipulation": ItemClass.SPINAL_MANIPULATION,
    "adjustment": ItemClass.SPINAL_MANIPULATION,
    "chiropractic": ItemClass.SPINAL_MANIPULATION,
    "mobilization": ItemClass.SPINAL_MOBILIZATION,
    "mobilisation": ItemClass.SPINAL_MOBILIZATION,
    "needling": ItemClass.DRY_NEEDLING,
    "dry needling": ItemClass.DRY_NEEDLING,
    "heat": ItemClass.SUPERFICIAL_HEAT,
    "ice": ItemClass.CRYOTHERAPY,
    "laser": ItemClass.LOW_LEVEL_LASER,
    "diathermy": ItemClass.DIATHERMY,
}

NO_ROUTINE_IMAGING = (
    "Imaging requested without red flags or persistent disabling radicular pain: imaging is "
    "not offered routinely, only when its result would change management."
)


def resolve(word: str, catalog: Catalog) -> Item | None:
    """The item a request names, or None."""
    key = normalise(word)
    named = catalog.by_name.get(key)
    if named is not None:
        return named
    wanted = _class_named(key)
    if wanted is None:
        return None
    return catalog.first_of_class.get(wanted)  # the class's item with the smallest id


_CLASS_NAMES = {normalise(cls.value): cls for cls in ItemClass}


def _class_named(key: str) -> ItemClass | None:
    return _CLASS_NAMES.get(key) or WORDS.get(key)


@dataclass(frozen=True)
class Situation:
    """What a request is judged against."""

    facts: frozenset[Fact]
    unasked: frozenset[Fact]
    has_exercise: bool
    imaging_due: bool  # red flags or persistent disabling radicular pain
    chronic: bool


def handle_requests(
    requests: tuple[str, ...], planned: list[PlanItem], situation: Situation, catalog: Catalog
) -> tuple[list[PlanItem], list[ExcludedItem]]:
    added: list[PlanItem] = []
    excluded: list[ExcludedItem] = []
    seen_ids = {p.id for p in planned}
    seen_classes = {p.item_class for p in planned}
    for word in requests:
        item = resolve(word, catalog)
        if item is None or item.id in seen_ids:
            continue
        named = normalise(word) in catalog.names[item.id]
        if not named and item.item_class in seen_classes:
            continue  # a word for a class the plan already has ("heat" with a heat wrap)
        seen_ids.add(item.id)
        verdict = _verdict(word, item, situation, catalog)
        if isinstance(verdict, ExcludedItem):
            excluded.append(verdict)
        elif verdict is not None:
            added.append(verdict)
    return added, excluded


def _verdict(
    word: str, item: Item, s: Situation, catalog: Catalog
) -> PlanItem | ExcludedItem | None:
    asked = f"Requested by the patient ({word!r})."
    if item.item_class is ItemClass.IMAGING_REFERRAL:
        if s.imaging_due:
            return None  # already part of the referral the plan makes
        return excluded_item(item, f"{asked} {NO_ROUTINE_IMAGING}", ("NICE-NG59", "DK-2018"))
    verdict = judge(
        item, catalog.rules.live_rules_for(item, s.facts, s.unasked), s.facts, s.unasked
    )
    if verdict.blocked:
        return excluded_item(
            item, f"{asked} Contraindicated: " + "; ".join(verdict.blocked), verdict.refs
        )
    if item.evidence.grade is EvidenceGrade.NOT_RECOMMENDED:
        why = f"{asked} Not recommended: {item.evidence.summary}"
        return excluded_item(item, why, item.evidence.refs)
    if not is_clinic_item(item):
        return None  # exercise and advice are chosen by need, not on request
    if not s.has_exercise:
        return excluded_item(
            item, f"{asked} {ALONGSIDE} No exercise is planned now.", ("NICE-NG59",)
        )
    if item.item_class is ItemClass.DRY_NEEDLING and (
        Fact.RADICULOPATHY in s.facts or not s.chronic
    ):
        reason = f"{asked} Dry needling is offered only for chronic non-radicular pain."
        return excluded_item(item, reason, item.evidence.refs)
    return plan_item(item, [asked, ALONGSIDE], verdict.precautions)

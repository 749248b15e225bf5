"""Clinic techniques: manual therapy, heat and dry needling, only alongside exercise.

NICE-NG59: manual therapy only within a package that includes exercise; for low-risk patients
(STarT Back) advice and self-management are enough. Heat is an option in the acute stage
(ACP-2017, clinical-notes §1.2). Dry needling is never included by default (clinical-notes
§1.2): it comes only on request, for chronic non-radicular pain where it is permitted (see
`core.plan_requests`). Every technique still passes the safety rules.
"""

from __future__ import annotations

from sciatica_pt.core.knowledge import Item
from sciatica_pt.core.planning.catalog import Catalog
from sciatica_pt.core.planning.items import plan_item
from sciatica_pt.core.planning.safety import excluded_item, judge
from sciatica_pt.core.result import (
    Classification,
    ExcludedItem,
    PainSource,
    PlanItem,
    StartBackRisk,
)
from sciatica_pt.core.vocabulary import Fact, Stage

ALONGSIDE = "Only alongside the exercise program, never on its own (NICE-NG59)."


def clinic_techniques(
    c: Classification, facts: frozenset[Fact], unasked: frozenset[Fact], catalog: Catalog
) -> tuple[list[PlanItem], list[ExcludedItem]]:
    """Call only when the plan has exercise in it."""
    wanted = _wanted(c)
    items: list[PlanItem] = []
    excluded: list[ExcludedItem] = []
    for item_id, why in wanted:
        item = catalog.get(item_id)
        if item is None:
            continue
        verdict = judge(item, catalog.rules.live_rules_for(item, facts, unasked), facts, unasked)
        if verdict.blocked:
            excluded.append(excluded_item(item, "; ".join(verdict.blocked), verdict.refs))
        else:
            items.append(plan_item(item, [why, ALONGSIDE], verdict.precautions))
    return items, excluded


def _wanted(c: Classification) -> list[tuple[str, str]]:
    wanted: list[tuple[str, str]] = []
    if c.start_back_risk is not StartBackRisk.LOW:
        wanted.append(_manual(c))
    if c.stage is Stage.ACUTE:
        wanted.append(
            (
                "home-heat-wrap",
                "Acute stage: superficial heat can ease pain so the patient keeps moving.",
            )
        )
    return wanted


def _manual(c: Classification) -> tuple[str, str]:
    risk = f"STarT Back risk {c.start_back_risk.value}: exercise with manual therapy (NICE-NG59)."
    if c.pain_source is PainSource.DEEP_GLUTEAL:
        return (
            "soft-tissue-mobilization",
            risk + " Deep gluteal pain: soft tissue work around the sciatic notch.",
        )
    return ("lumbar-joint-mobilization", risk + " Non-thrust mobilisation, graded to symptoms.")


def is_clinic_item(item: Item) -> bool:
    return item.kind.value in ("manual_therapy", "modality", "needling")

"""Turning knowledge-base items into plan items: every item says why, with references."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sciatica_pt.core.knowledge import Item
from sciatica_pt.core.result import PlanItem


class KnowledgeGap(LookupError):
    """The knowledge base lacks an item the planner must be able to plan (a referral or the
    safety-net advice). Raised rather than silently planning less: a missing referral is unsafe."""


def daily_minutes(item: Item) -> int:
    """Minutes a day: one session times sessions a day (a weekly item is spread over 7 days)."""
    dose = item.dosage
    if dose is None:
        return item.minutes
    if dose.per_day is not None:
        return item.minutes * dose.per_day
    if dose.per_week is not None:
        return -(-item.minutes * dose.per_week // 7)  # round up: never under-count time
    return item.minutes


def plan_item(
    item: Item,
    why: Iterable[str],
    precautions: Iterable[str] = (),
    added_by_clinician: bool = False,
) -> PlanItem:
    reasons = [*why, item.evidence.summary]
    return PlanItem(
        id=item.id,
        item_class=item.item_class,
        kind=item.kind,
        direction=item.direction,
        setting=item.setting,
        name=item.name,
        dosage=item.dosage,
        why=tuple(dict.fromkeys(reasons)),
        refs=item.evidence.refs,
        delivered_by=item.delivered_by,
        minutes=daily_minutes(item),
        precautions=tuple(precautions),
        added_by_clinician=added_by_clinician,
    )


def required(by_id: Mapping[str, Item], item_id: str) -> Item:
    item = by_id.get(item_id)
    if item is None:
        raise KnowledgeGap(f"the knowledge base has no item {item_id!r}")
    return item

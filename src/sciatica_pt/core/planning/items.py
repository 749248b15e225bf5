"""Turning knowledge-base items into plan items: every item says why, with references."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sciatica_pt.core.knowledge import Item
from sciatica_pt.core.result import PlanItem


class KnowledgeGap(LookupError):
    """The knowledge base lacks an item the planner must be able to plan (a referral or the
    safety-net advice). Raised rather than silently planning less: a missing referral is unsafe."""


# The daily-time model (docs/planner.md). Clinical-notes §6.2 doses directional exercise as
# sets of about 10 repetitions to the end of the range, about 6-8 times a day
# (McKenzie-handout): a set of 10 takes about a minute, so about 6 seconds a repetition. A held
# repetition takes its hold plus those seconds to get into and out of the position; sets are
# separated by a short rest (expert practice [K]). An item dosed in minutes (a walk, a pool
# session) takes the minutes the knowledge base gives for one session.
REP_SECONDS = 6
REST_BETWEEN_SETS_SECONDS = 30


def session_seconds(item: Item) -> int:
    """Seconds one session takes: from the repetitions where the dose counts them."""
    dose = item.dosage
    if dose is None or dose.reps is None:
        return item.minutes * 60
    sets = dose.sets or 1
    per_rep = REP_SECONDS + (dose.hold_seconds or 0)
    return sets * dose.reps * per_rep + (sets - 1) * REST_BETWEEN_SETS_SECONDS


def daily_minutes(item: Item) -> int:
    """Minutes a day: one session times sessions a day (a weekly item is spread over 7 days),
    rounded up: never under-count time."""
    seconds, dose = session_seconds(item), item.dosage
    if dose is not None and dose.per_day is not None:
        return -(-seconds * dose.per_day // 60)
    if dose is not None and dose.per_week is not None:
        return -(-seconds * dose.per_week // (7 * 60))
    return -(-seconds // 60)


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

"""The plan: referrals, advice, the home program, clinic techniques and requests (issue 3).

Order of the items: referrals first (what must happen), then advice, then exercise, then clinic
techniques. Status (spec): `withheld` at emergency level (only the referral and the safety
advice), `provisional` while a red flag is unanswered or a referral is pending, else `active`.
"""

from __future__ import annotations

from sciatica_pt.core.intake.assessment import Assessment
from sciatica_pt.core.intake.facts import unasked_facts
from sciatica_pt.core.knowledge import KnowledgeBase
from sciatica_pt.core.outcomes.reassessment import goals_met
from sciatica_pt.core.planning.care import advice, imaging_reason, referrals, safety_advice
from sciatica_pt.core.planning.catalog import Catalog, catalog_of
from sciatica_pt.core.planning.clinic import clinic_techniques
from sciatica_pt.core.planning.exercises import home_program
from sciatica_pt.core.planning.items import plan_item, required
from sciatica_pt.core.planning.requests import Situation, handle_requests
from sciatica_pt.core.result import (
    Classification,
    ExcludedItem,
    Plan,
    PlanItem,
    PlanStatus,
    Triage,
    TriageLevel,
)
from sciatica_pt.core.vocabulary import Fact, Kind, Stage


def build_plan(
    a: Assessment,
    triage: Triage,
    classification: Classification,
    facts: frozenset[Fact],
    kb: KnowledgeBase,
) -> Plan:
    catalog = catalog_of(kb)
    if triage.level is TriageLevel.EMERGENCY:
        return _withheld(a, triage, facts, catalog)
    unasked = unasked_facts(a)
    items = referrals(a, triage, facts, catalog) + advice(a, classification, facts, catalog)
    items.append(safety_advice(catalog))
    items += _discharge(a, triage, catalog)
    exercises, excluded = home_program(a, classification, facts, unasked, catalog)
    items += exercises
    if exercises:
        clinic, blocked = clinic_techniques(classification, facts, unasked, catalog)
        items += clinic
        excluded += blocked
    added, refused = handle_requests(
        a.context.patient_requests,
        items,
        _situation(a, triage, classification, facts, unasked, items),
        catalog,
    )
    planned = _unique(items + added)
    ids = {item.id for item in planned}
    return Plan(
        status=_status(triage),
        items=tuple(planned),
        excluded=tuple(x for x in _unique_excluded(excluded + refused) if x.id not in ids),
    )


def _withheld(a: Assessment, triage: Triage, facts: frozenset[Fact], catalog: Catalog) -> Plan:
    """Emergency: the referral and the safety advice, nothing else (spec)."""
    items = [*referrals(a, triage, facts, catalog), safety_advice(catalog)]
    situation = Situation(facts, unasked_facts(a), False, True, False)
    _, refused = handle_requests(a.context.patient_requests, items, situation, catalog)
    return Plan(status=PlanStatus.WITHHELD, items=tuple(items), excluded=tuple(refused))


def _situation(
    a: Assessment,
    triage: Triage,
    c: Classification,
    facts: frozenset[Fact],
    unasked: frozenset[Fact],
    items: list[PlanItem],
) -> Situation:
    return Situation(
        facts=facts,
        unasked=unasked,
        has_exercise=any(p.kind is Kind.EXERCISE for p in items),
        imaging_due=imaging_reason(a, triage, facts) is not None,
        chronic=c.stage is Stage.CHRONIC,
    )


def _discharge(a: Assessment, triage: Triage, catalog: Catalog) -> list[PlanItem]:
    """Discharge with self-management once goals are met and nothing needs a doctor first."""
    reason = goals_met(a)
    if reason is None or triage.level is not TriageLevel.PT_APPROPRIATE:
        return []
    why = [reason, "Continue the home program as maintenance, with a flare-up plan."]
    steps = [plan_item(required(catalog.by_id, "discharge-self-management"), why)]
    flare = catalog.get("flare-up-plan")
    if flare is not None:
        steps.append(plan_item(flare, ["Discharge: a plan for recurrences."]))
    return steps


def _status(triage: Triage) -> PlanStatus:
    if triage.unanswered or triage.level is not TriageLevel.PT_APPROPRIATE:
        return PlanStatus.PROVISIONAL
    return PlanStatus.ACTIVE


def _unique(items: list[PlanItem]) -> list[PlanItem]:
    seen: dict[str, PlanItem] = {}
    for item in items:
        seen.setdefault(item.id, item)
    return list(seen.values())


def _unique_excluded(items: list[ExcludedItem]) -> list[ExcludedItem]:
    seen: dict[str, ExcludedItem] = {}
    for item in items:
        seen.setdefault(item.id, item)
    return list(seen.values())

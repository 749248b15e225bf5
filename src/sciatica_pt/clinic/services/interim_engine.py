"""A deliberately cautious stand-in for `sciatica_pt.core.engine.assess`, used only while the
engine is not installed (it is built on its own branch). It screens red flags conservatively
(any positive flag refers; any unanswered flag makes the plan provisional) and plans nothing
beyond staying active and, with a clear extension preference, the knowledge base's extension
exercises. Once `sciatica_pt.core.engine` exists, `engine.run` never calls this module.
"""

from __future__ import annotations

from sciatica_pt.core.assessment import Assessment, Response
from sciatica_pt.core.knowledge import Item, KnowledgeBase
from sciatica_pt.core.result import (
    AssessmentResult,
    Classification,
    DirectionalPreference,
    Finding,
    PainSource,
    Plan,
    PlanItem,
    PlanStatus,
    StartBackRisk,
    Triage,
    TriageLevel,
)
from sciatica_pt.core.vocabulary import Direction, Irritability, ItemClass, Kind, Setting, Stage

# Cauda equina features: one is enough for an emergency (GIRFT-CES, NICE-NG59).
_EMERGENCY_FLAGS = (
    "saddle_anesthesia",
    "bladder_bowel_change",
    "sexual_dysfunction",
    "new_bilateral_symptoms",
)


def assess(doc: Assessment, kb: KnowledgeBase) -> AssessmentResult:
    triage = _triage(doc)
    classification = _classify(doc)
    return AssessmentResult(
        triage=triage, classification=classification, plan=_plan(triage, classification, kb)
    )


def _triage(doc: Assessment) -> Triage:
    flags = doc.red_flags.model_dump()
    findings = [_finding(name) for name, value in flags.items() if value is True]
    level = max((f.level for f in findings), key=lambda lvl: lvl.urgency, default=None)
    return Triage(
        level=level or TriageLevel.PT_APPROPRIATE,
        findings=tuple(findings),
        unanswered=tuple(f"red_flags.{n}" for n, v in flags.items() if v is None),
    )


def _finding(flag: str) -> Finding:
    emergency = flag in _EMERGENCY_FLAGS
    return Finding(
        rule=f"interim.{flag}",
        field=f"red_flags.{flag}",
        message=f"Red flag reported: {flag.replace('_', ' ')}.",
        action=(
            "Send to the emergency department now for assessment of cauda equina syndrome."
            if emergency
            else "Refer for urgent medical assessment before any exercise program."
        ),
        refs=("GIRFT-CES", "NICE-NG59") if emergency else ("NICE-NG59",),
        level=TriageLevel.EMERGENCY if emergency else TriageLevel.URGENT_REFERRAL,
    )


def _classify(doc: Assessment) -> Classification:
    weeks = doc.history.duration_weeks
    stage = Stage.ACUTE if weeks < 6 else Stage.SUBACUTE if weeks < 12 else Stage.CHRONIC
    return Classification(
        pain_source=PainSource.NONSPECIFIC,
        stage=stage,
        irritability=doc.exam.irritability or Irritability.HIGH,  # unknown: assume the worst
        directional_preference=_preference(doc),
        start_back_risk=_start_back(doc),
        why=(f"Interim classification: {weeks} weeks of symptoms gives the {stage} stage.",),
    )


def _preference(doc: Assessment) -> DirectionalPreference:
    moves = doc.exam.repeated_movements
    if not moves:
        return DirectionalPreference.UNKNOWN
    if any(m.startswith("extension") and r is Response.PERIPHERALIZES for m, r in moves.items()):
        return DirectionalPreference.NONE
    if any(m.startswith("extension") and r is Response.CENTRALIZES for m, r in moves.items()):
        return DirectionalPreference.EXTENSION
    return DirectionalPreference.NONE


def _start_back(doc: Assessment) -> StartBackRisk:
    """Keele STarT Back scoring: total <= 3 low; distress >= 4 high; else medium."""
    total, distress = doc.psychosocial.start_back_total, doc.psychosocial.start_back_distress
    if total is None:
        return StartBackRisk.UNKNOWN
    if total <= 3:
        return StartBackRisk.LOW
    if distress is None:
        return StartBackRisk.UNKNOWN
    return StartBackRisk.HIGH if distress >= 4 else StartBackRisk.MEDIUM


def _plan(triage: Triage, classification: Classification, kb: KnowledgeBase) -> Plan:
    if triage.level is TriageLevel.EMERGENCY:
        return Plan(status=PlanStatus.WITHHELD, items=(_emergency_item(triage),))
    items = [_stay_active()]
    if classification.directional_preference is DirectionalPreference.EXTENSION:
        items += [
            _from_kb(i) for i in kb.items_of(Kind.EXERCISE) if i.direction is Direction.EXTENSION
        ]
    cautious = triage.unanswered or triage.level is not TriageLevel.PT_APPROPRIATE
    return Plan(
        status=PlanStatus.PROVISIONAL if cautious else PlanStatus.ACTIVE, items=tuple(items)
    )


def _emergency_item(triage: Triage) -> PlanItem:
    return PlanItem.model_validate(
        {
            "id": "emergency-referral",
            "class": ItemClass.EMERGENCY_REFERRAL,
            "kind": Kind.REFERRAL,
            "setting": Setting.CLINIC,
            "name": "Emergency department today",
            "why": [f.message for f in triage.findings],
            "refs": ["GIRFT-CES", "NICE-NG59"],
            "delivered_by": "therapist",
        }
    )


def _stay_active() -> PlanItem:
    return PlanItem.model_validate(
        {
            "id": "staying-active",
            "class": ItemClass.EDUCATION_STAY_ACTIVE,
            "kind": Kind.ADVICE,
            "setting": Setting.HOME,
            "name": "Stay active",
            "why": ["Keeping up normal activity helps recovery more than rest."],
            "refs": ["NICE-NG59"],
        }
    )


def _from_kb(item: Item) -> PlanItem:
    return PlanItem.model_validate(
        {
            "id": item.id,
            "class": item.item_class,
            "kind": item.kind,
            "direction": item.direction,
            "setting": item.setting,
            "name": item.name,
            "dosage": item.dosage,
            "why": ["Repeated extension centralized the symptoms.", item.evidence.summary],
            "refs": list(item.evidence.refs),
            "minutes": item.minutes,
        }
    )

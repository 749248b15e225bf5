"""The PSFS, its goals and the plan as FHIR resources.

The plan follows the HL7 Physical Activity IG pattern: `CarePlan.activity.reference` points
to a ServiceRequest per planned exercise, coded with the knowledge-base item, timed from its
dose (`occurrenceTiming`) and explained to the patient (`patientInstruction`). Items that are
not exercises (referrals, advice) are `CarePlan.activity.detail` entries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sciatica_pt.core.assessment import Assessment
from sciatica_pt.core.knowledge import Dosage, Item, KnowledgeBase
from sciatica_pt.core.result import AssessmentResult, PlanItem, PlanStatus
from sciatica_pt.core.vocabulary import Kind
from sciatica_pt.interop.fhir_codes import (
    DOSAGE_EXT,
    ITEM_CLASS,
    KB_ITEM,
    PSFS_QUESTIONNAIRE,
    Json,
    coding,
    concept,
)

if TYPE_CHECKING:
    from sciatica_pt.interop.fhir_export import Episode

# A single PSFS activity must change by 3 points to exceed measurement error (Stratford-1995,
# clinical-notes §6); the goal asks for that much, capped at the scale's top.
PSFS_SINGLE_ACTIVITY_CHANGE = 3
PLAN_STATUS = {
    PlanStatus.ACTIVE: "active",
    PlanStatus.PROVISIONAL: "draft",  # waits for unanswered red flags or a referral
    PlanStatus.WITHHELD: "on-hold",  # emergency: only the referral and safety advice stand
}
DOSE_WORDS = (  # (field, singular, plural)
    ("sets", "{} set", "{} sets"),
    ("reps", "{} repetition", "{} repetitions"),
    ("hold_seconds", "hold {} s", "hold {} s"),
    ("minutes", "{} min", "{} min"),
    ("per_day", "once a day", "{} times a day"),
    ("per_week", "once a week", "{} times a week"),
)


def psfs_entries(assessment: Assessment, ep: Episode) -> list[Json]:
    psfs = assessment.outcomes.psfs
    if not psfs:
        return []
    items = [
        {"linkId": f"activity-{i + 1}", "text": a.activity, "answer": [{"valueInteger": a.score}]}
        for i, a in enumerate(psfs)
    ]
    response = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": PSFS_QUESTIONNAIRE,
        "status": "completed",
        "subject": ep.patient_ref,
        "authored": ep.today.isoformat(),
        "item": items,
    }
    goals = [ep.entry(f"Goal/{i + 1}", _goal(a.activity, a.score, ep)) for i, a in enumerate(psfs)]
    return [ep.entry("QuestionnaireResponse/psfs", response), *goals]


def _goal(activity: str, score: int, ep: Episode) -> Json:
    target = min(score + PSFS_SINGLE_ACTIVITY_CHANGE, 10)
    return {
        "resourceType": "Goal",
        "lifecycleStatus": "active",
        "description": {"text": f"Be more able to do: {activity}"},
        "subject": ep.patient_ref,
        "addresses": [{"reference": ep.url("Condition")}],
        "target": [
            {"measure": {"text": "PSFS rating of this activity (0-10)"}, "detailInteger": target}
        ],
        "note": [
            {
                "text": f"Now {score}/10; a 3-point change is beyond measurement error "
                "(Stratford-1995)."
            }
        ],
    }


def plan_entries(result: AssessmentResult, kb: KnowledgeBase, ep: Episode) -> list[Json]:
    status = PLAN_STATUS[result.plan.status]
    requests, activities = [], []
    for index, item in enumerate(result.plan.items):
        if item.kind is Kind.EXERCISE:
            key = f"ServiceRequest/{index}/{item.id}"
            requests.append(ep.entry(key, service_request(item, kb, ep, status)))
            activities.append({"reference": {"reference": ep.url(key), "display": item.name}})
        else:
            activities.append({"detail": _detail(item)})
    care_plan = {
        "resourceType": "CarePlan",
        "status": status,
        "intent": "plan",
        "title": "Sciatica physical therapy plan",
        "description": (
            f"Plan status: {result.plan.status.value}; triage: {result.triage.level.value}."
        ),
        "subject": ep.patient_ref,
        "addresses": [{"reference": ep.url("Condition")}],
        "activity": activities,
    }
    return [ep.entry("CarePlan", care_plan), *requests]


def _item_code(item: PlanItem) -> Json:
    return concept(
        coding(KB_ITEM, item.id, item.name),
        coding(ITEM_CLASS, item.item_class.value),
        text=item.name,
    )


def _detail(item: PlanItem) -> Json:
    return {
        "code": _item_code(item),
        "status": "not-started",
        "description": " ".join(item.why) + f" (sources: {', '.join(item.refs)})",
    }


def service_request(item: PlanItem, kb: KnowledgeBase, ep: Episode, status: str) -> Json:
    request: Json = {
        "resourceType": "ServiceRequest",
        "status": status,
        "intent": "plan",
        "code": _item_code(item),
        "subject": ep.patient_ref,
        "authoredOn": ep.today.isoformat(),
        "reasonCode": [{"text": why} for why in item.why],
        "note": [{"text": f"Sources: {'; '.join(_citation(kb, key) for key in item.refs)}"}],
        "patientInstruction": patient_instruction(item, _kb_item(kb, item.id)),
    }
    if item.dosage is not None:
        request["extension"] = [_dosage_extension(item.dosage)]
        if (timing := occurrence_timing(item.dosage)) is not None:
            request["occurrenceTiming"] = timing
    return request


def _kb_item(kb: KnowledgeBase, item_id: str) -> Item | None:
    try:
        return kb.item(item_id)
    except KeyError:
        return None


def _citation(kb: KnowledgeBase, key: str) -> str:
    try:
        return f"[{key}] {kb.reference(key).citation.rstrip('.')}"
    except KeyError:
        return f"[{key}]"


def occurrence_timing(dosage: Dosage) -> Json | None:
    repeat: Json = {}
    if dosage.per_day is not None:
        repeat.update(frequency=dosage.per_day, period=1, periodUnit="d")
    elif dosage.per_week is not None:
        repeat.update(frequency=dosage.per_week, period=1, periodUnit="wk")
    if dosage.minutes is not None:
        repeat.update(duration=dosage.minutes, durationUnit="min")
    return {"repeat": repeat} if repeat else None


def _dosage_extension(dosage: Dosage) -> Json:
    parts = [
        {"url": name, "valueInteger": value}
        for name, value in dosage.model_dump(exclude_none=True).items()
    ]
    return {"url": DOSAGE_EXT, "extension": parts}


def dose_text(dosage: Dosage | None) -> str:
    if dosage is None:
        return ""
    words = []
    for name, one, many in DOSE_WORDS:
        value = dosage.value(name)  # type: ignore[arg-type]
        if value:
            words.append((one if value == 1 else many).format(value))
    return ", ".join(words)


def patient_instruction(item: PlanItem, kb_item: Item | None) -> str:
    lines = [item.name + (f": {dose_text(item.dosage)}." if item.dosage else ".")]
    if kb_item is not None:
        steps = kb_item.instructions
        lines += [steps.summary, *(f"- {s}" for s in steps.steps)]
        lines += ["Stop and tell your therapist if:", *(f"- {s}" for s in steps.stop_if)]
    return "\n".join(lines)

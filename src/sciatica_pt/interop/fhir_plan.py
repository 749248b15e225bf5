"""The PSFS, its goals and the plan as FHIR resources.

The plan follows the HL7 Physical Activity IG pattern: `CarePlan.activity.reference` points
to a ServiceRequest per planned exercise, coded with the knowledge-base item, timed from its
dose (`occurrenceTiming`) and explained to the patient (`patientInstruction`). A referral is a
ServiceRequest too, coded SNOMED CT 3457005 (Patient referral) with the priority its class
asks (`stat` for an emergency). Advice items are `CarePlan.activity.detail` entries. The
CarePlan links the PSFS Goals; the PSFS QuestionnaireResponse points at the Questionnaire the
Bundle carries. Urgent and emergency triage findings travel as Flags, coded with the rule (and
SNOMED CT 192970008 for cauda equina syndrome), so an EHR can raise its own alert.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sciatica_pt.core.clinic_exercises import is_clinic_item
from sciatica_pt.core.intake.assessment import Assessment
from sciatica_pt.core.knowledge import Dosage, Item, KnowledgeBase
from sciatica_pt.core.result import AssessmentResult, Finding, PlanItem, PlanStatus, TriageLevel
from sciatica_pt.core.vocabulary import ItemClass, Kind
from sciatica_pt.interop.fhir_codes import (
    CAUDA_EQUINA_SNOMED,
    DOSAGE_EXT,
    FLAG_CATEGORY,
    FLAG_PRIORITY,
    FLAG_PRIORITY_EXT,
    ITEM_CLASS,
    KB_ITEM,
    PATIENT_REFERRAL_SNOMED,
    PSFS_QUESTIONNAIRE,
    SNOMED,
    TRIAGE_LEVEL,
    TRIAGE_RULE,
    Json,
    coding,
    concept,
)
from sciatica_pt.interop.fhir_narrative import narrative

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
REFERRAL_PRIORITY = {  # FHIR request-priority by referral class; any other referral is routine
    ItemClass.EMERGENCY_REFERRAL: "stat",
    ItemClass.URGENT_MEDICAL_REFERRAL: "urgent",
}
ALERT_PRIORITY = {  # findings sent as Flags, with the alert priority an EHR can show
    TriageLevel.EMERGENCY: ("PH", "High priority"),
    TriageLevel.URGENT_REFERRAL: ("PM", "Medium priority"),
}
# the red-flag rules of cauda equina syndrome (core/screening/red_flags.py)
CAUDA_EQUINA_RULES = "ces."
CAUDA_EQUINA_KEY = "Condition/cauda-equina"
DOSE_WORDS = (  # (field, singular, plural)
    ("sets", "{} set", "{} sets"),
    ("reps", "{} repetition", "{} repetitions"),
    ("hold_seconds", "hold {} s", "hold {} s"),
    ("minutes", "{} min", "{} min"),
    ("per_day", "once a day", "{} times a day"),
    ("per_week", "once a week", "{} times a week"),
)


def psfs_entries(assessment: Assessment, ep: Episode) -> list[Json]:
    """The PSFS Questionnaire, the patient's answers and a Goal per activity."""
    psfs = assessment.outcomes.psfs
    if not psfs:
        return []
    items = [
        {"linkId": f"activity-{i + 1}", "text": a.activity, "answer": [{"valueInteger": a.score}]}
        for i, a in enumerate(psfs)
    ]
    questionnaire = psfs_questionnaire(len(psfs))
    response = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{PSFS_QUESTIONNAIRE}|{questionnaire['version']}",
        "status": "completed",
        "subject": ep.patient_ref,
        "authored": ep.today.isoformat(),
        "item": items,
    }
    lines = [f"{a.activity}: {a.score}/10" for a in psfs]
    goals = [ep.entry(f"Goal/{i + 1}", *_goal(a.activity, a.score, ep)) for i, a in enumerate(psfs)]
    return [
        ep.entry("Questionnaire/psfs", questionnaire, narrative(questionnaire["title"])),
        ep.entry("QuestionnaireResponse/psfs", response, narrative("PSFS answers", lines)),
        *goals,
    ]


def psfs_questionnaire(activities: int) -> Json:
    """The PSFS as asked with this many activities. Its canonical URL is the project's and its
    version the number of activities, so one URL and version always name the same items."""
    return {
        "resourceType": "Questionnaire",
        "url": PSFS_QUESTIONNAIRE,
        "version": str(activities),
        "name": "PatientSpecificFunctionalScale",
        "title": f"Patient-Specific Functional Scale ({activities} activities)",
        "status": "active",
        "subjectType": ["Patient"],
        "description": (
            "The patient names activities the problem makes hard and rates each from 0 "
            "(cannot do it) to 10 (can do it as before the problem) (Stratford-1995)."
        ),
        "item": [
            {
                "linkId": f"activity-{i}",
                "text": f"Activity {i}: how able are you to do it today, from 0 to 10?",
                "type": "integer",
            }
            for i in range(1, activities + 1)
        ],
    }


def _goal(activity: str, score: int, ep: Episode) -> tuple[Json, Json]:
    target = min(score + PSFS_SINGLE_ACTIVITY_CHANGE, 10)
    text = narrative(f"Be more able to do: {activity}", [f"Now {score}/10, target {target}/10"])
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
    }, text


def cauda_equina_findings(result: AssessmentResult) -> list[Finding]:
    return [f for f in result.triage.findings if f.rule.startswith(CAUDA_EQUINA_RULES)]


def flags(result: AssessmentResult, ep: Episode) -> list[Json]:
    """A Flag per urgent or emergency finding: the rule (and the SNOMED CT disorder it points
    to, where there is one) as the code, the triage level as a category, and the alert
    priority (high for an emergency, medium when urgent) in FHIR's flag-priority extension."""
    found = []
    for index, finding in enumerate(result.triage.findings):
        if finding.level not in ALERT_PRIORITY:
            continue
        codes = [coding(TRIAGE_RULE, finding.rule)]
        if finding.rule.startswith(CAUDA_EQUINA_RULES):
            codes.append(coding(SNOMED, CAUDA_EQUINA_SNOMED, "Cauda equina syndrome"))
        level = finding.level.value.replace("_", " ")
        priority = concept(coding(FLAG_PRIORITY, *ALERT_PRIORITY[finding.level]))
        flag = {
            "resourceType": "Flag",
            "extension": [{"url": FLAG_PRIORITY_EXT, "valueCodeableConcept": priority}],
            "status": "active",
            "category": [
                concept(coding(FLAG_CATEGORY, "clinical", "Clinical")),
                concept(coding(TRIAGE_LEVEL, finding.level.value), text=f"Triage: {level}"),
            ],
            "code": concept(*codes, text=finding.message),
            "subject": ep.patient_ref,
            "period": {"start": ep.today.isoformat()},
        }
        text = narrative(f"{level.capitalize()}: {finding.message}", [finding.action])
        found.append(ep.entry(f"Flag/{index}/{finding.rule}", flag, text))
    return found


def plan_entries(
    result: AssessmentResult, kb: KnowledgeBase, ep: Episode, goals: Sequence[str] = ()
) -> list[Json]:
    """The CarePlan (linking the `goals`, full URLs) and its ServiceRequests."""
    status = PLAN_STATUS[result.plan.status]
    reasons = [ep.url(CAUDA_EQUINA_KEY)] if cauda_equina_findings(result) else []
    requests, activities = [], []
    for index, item in enumerate(result.plan.items):
        if item.kind in (Kind.EXERCISE, Kind.REFERRAL):
            key = f"ServiceRequest/{index}/{item.id}"
            if item.kind is Kind.EXERCISE:
                request = service_request(item, kb, ep, status)
            else:
                request = referral(item, kb, ep, reasons)
            requests.append(ep.entry(key, request, _request_narrative(item, request)))
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
        **({"goal": [{"reference": url} for url in goals]} if goals else {}),
        "activity": activities,
    }
    lines = [
        f"Triage: {result.triage.level.value.replace('_', ' ')}",
        *(f"{item.name}" for item in result.plan.items),
    ]
    text = narrative(f"Sciatica physical therapy plan ({result.plan.status.value})", lines)
    return [ep.entry("CarePlan", care_plan, text), *requests]


def referral(item: PlanItem, kb: KnowledgeBase, ep: Episode, reasons: list[str]) -> Json:
    """A referral stands whatever the plan's status (it is what an emergency plan keeps). An
    emergency referral gives the suspected emergency Conditions (`reasons`) as its reason."""
    request: Json = {
        "resourceType": "ServiceRequest",
        "status": "active",
        "intent": "plan",
        "priority": REFERRAL_PRIORITY.get(item.item_class, "routine"),
        "code": concept(
            coding(SNOMED, PATIENT_REFERRAL_SNOMED, "Patient referral"),
            *_item_code(item)["coding"],
            text=item.name,
        ),
        "subject": ep.patient_ref,
        "authoredOn": ep.today.isoformat(),
        "reasonCode": [{"text": why} for why in item.why],
        "note": [{"text": f"Sources: {'; '.join(_citation(kb, key) for key in item.refs)}"}],
    }
    if reasons and item.item_class is ItemClass.EMERGENCY_REFERRAL:
        request["reasonReference"] = [{"reference": url} for url in reasons]
    return request


def _request_narrative(item: PlanItem, request: Json) -> Json:
    priority = f" (priority: {request['priority']})" if "priority" in request else ""
    dose = dose_text(item.dosage)
    return narrative(f"{item.name}{priority}", [*([dose] if dose else []), *item.why])


def _item_code(item: PlanItem) -> Json:
    """The item's code in the knowledge base's system and its class's. A clinic's own
    exercise is no code of the knowledge base: it is named (text) with its class only, and
    its source (the note) names the clinic (core.clinic_exercises)."""
    if is_clinic_item(item.id):
        return concept(coding(ITEM_CLASS, item.item_class.value), text=item.name)
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

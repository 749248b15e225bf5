"""The CDS Hooks services, independent of the web framework: discovery, and one function per
hook that takes the request JSON and returns the response JSON (or raises InvalidInput, which
the HTTP layer answers with 400).

The assessment arrives in the prefetch as FHIR (our exported Bundle, or searchset Bundles of
the same resources); it is rebuilt with `assessment_from_bundle` and planned with the same
engine the app uses, so the cards say what the app says.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.intake.assessment import Assessment
from sciatica_pt.core.knowledge import KnowledgeBase
from sciatica_pt.core.result import AssessmentResult
from sciatica_pt.interop import cds_cards, cds_orders
from sciatica_pt.interop.cds_requests import (
    FeedbackRequest,
    HookRequest,
    OrderSelectContext,
    PatientViewContext,
    parse,
)
from sciatica_pt.interop.fhir_import import assessment_from_bundle

PATIENT_VIEW = "sciatica-pt-patient-view"
ORDER_SELECT = "sciatica-pt-order-select"
PREFETCH = {
    "patient": "Patient/{{context.patientId}}",
    "observations": "Observation?patient={{context.patientId}}&_count=500",
    "conditions": "Condition?patient={{context.patientId}}&code=http://snomed.info/sct|23056005",
    "questionnaireResponses": "QuestionnaireResponse?patient={{context.patientId}}",
}
SERVICES = {
    PATIENT_VIEW: {
        "hook": "patient-view",
        "title": "Sciatica PT: red flags and home program",
        "description": "Screens the patient's sciatica assessment for red flags (critical cards "
        "for emergencies) and suggests the evidence-based home program, with a link to it.",
    },
    ORDER_SELECT: {
        "hook": "order-select",
        "title": "Sciatica PT: orders the evidence does not support",
        "description": "Warns when a selected order asks for lumbar traction, TENS, therapeutic "
        "ultrasound, or lumbar imaging without red flags.",
    },
}
USAGE = (
    "Send the patient's Sciatica PT resources (see prefetch, or the Bundle from "
    "`sciatica-pt export fhir`); without them the service answers with a card asking for the "
    "assessment."
)

Planner = Callable[[Assessment, KnowledgeBase], AssessmentResult]


def discovery() -> dict[str, Any]:
    return {
        "services": [
            {**fields, "id": service_id, "prefetch": PREFETCH, "usageRequirements": USAGE}
            for service_id, fields in SERVICES.items()
        ]
    }


class UnknownService(LookupError):
    pass


@dataclass(frozen=True)
class CdsService:
    kb: KnowledgeBase
    plan: Planner
    app_base_url: str  # absolute, e.g. "https://pt.example.org"

    def invoke(self, service_id: str, payload: object) -> dict[str, Any]:
        if service_id not in SERVICES:
            raise UnknownService(service_id)
        request = parse(HookRequest, payload)
        expected = SERVICES[service_id]["hook"]
        if request.hook != expected:
            raise InvalidInput([f"hook: {request.hook!r} is not {expected!r} for {service_id}"])
        if service_id == PATIENT_VIEW:
            return {"cards": self.patient_view(request)}
        return {"cards": self.order_select(request)}

    def patient_view(self, request: HookRequest) -> list[cds_cards.Card]:
        context = parse(PatientViewContext, request.context, "context")
        link = self.patient_link(context.patientId)
        found = self.assessed(request.prefetch, link, request.hookInstance)
        if isinstance(found, dict):
            return [found]
        cards = cds_cards.red_flag_cards(found, self.kb, request.hookInstance)
        cards += cds_cards.screening_gap_cards(found, request.hookInstance)
        program = cds_cards.program_card(found, link, request.hookInstance)
        return cards + ([program] if program else [])

    def order_select(self, request: HookRequest) -> list[cds_cards.Card]:
        context = parse(OrderSelectContext, request.context, "context")
        orders = cds_orders.concerning_orders(context.draftOrders, context.selections)
        found = self.assessed(
            request.prefetch, self.patient_link(context.patientId), request.hookInstance
        )
        result = None if isinstance(found, dict) else found
        cards = cds_orders.order_cards(
            orders, result, self.kb, request.hookInstance, context.patientId
        )
        if isinstance(found, dict) and any(o.concern is cds_orders.Concern.IMAGING for o in orders):
            cards.append(found)  # imaging can only be judged against a red-flag screen
        return cards

    def assessed(
        self, prefetch: dict[str, Any] | None, link: str, hook_instance: uuid.UUID
    ) -> AssessmentResult | cds_cards.Card:
        """The planned assessment from the prefetch, or the card that says why there is none."""
        bundle = merged_bundle(prefetch or {})
        if bundle is None:
            return cds_cards.assessment_needed_card(link, hook_instance)
        try:
            assessment = assessment_from_bundle(bundle)
        except InvalidInput as exc:
            return cds_cards.assessment_needed_card(link, hook_instance, exc.problems)
        return self.plan(assessment, self.kb)

    def patient_link(self, patient_id: str) -> str:
        return f"{self.app_base_url.rstrip('/')}/patients/{quote(patient_id, safe='')}/"


def merged_bundle(prefetch: dict[str, Any]) -> dict[str, Any] | None:
    """The entries of every Bundle in the prefetch as one collection (None if there are none)."""
    entries = [
        entry
        for value in prefetch.values()
        if isinstance(value, dict) and value.get("resourceType") == "Bundle"
        for entry in value.get("entry") or []
    ]
    if not any(_is_observation(e) for e in entries):
        return None
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def _is_observation(entry: object) -> bool:
    resource = entry.get("resource") if isinstance(entry, dict) else None
    return isinstance(resource, dict) and resource.get("resourceType") == "Observation"


def feedback(service_id: str, payload: object) -> int:
    """Validate feedback; returns how many entries were accepted (kept in the log only)."""
    if service_id not in SERVICES:
        raise UnknownService(service_id)
    return len(parse(FeedbackRequest, payload).feedback)

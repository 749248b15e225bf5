"""CDS Hooks requests as a CDS client (an EHR) sends them."""

from __future__ import annotations

from typing import Any

HOOK_INSTANCE = "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"


def service_request(ident: str, text: str, **code: Any) -> dict[str, Any]:
    return {
        "resourceType": "ServiceRequest",
        "id": ident,
        "status": "draft",
        "intent": "order",
        "subject": {"reference": "Patient/p1"},
        "code": {"text": text, **code},
    }


def draft_orders(*requests: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in requests],
    }


def patient_view(prefetch: dict[str, Any] | None = None) -> dict[str, Any]:
    call: dict[str, Any] = {
        "hook": "patient-view",
        "hookInstance": HOOK_INSTANCE,
        "context": {"userId": "Practitioner/1", "patientId": "p1"},
    }
    if prefetch is not None:
        call["prefetch"] = prefetch
    return call


def order_select(
    orders: list[dict[str, Any]], prefetch: dict[str, Any] | None = None, selections=None
) -> dict[str, Any]:
    call: dict[str, Any] = {
        "hook": "order-select",
        "hookInstance": HOOK_INSTANCE,
        "context": {
            "userId": "Practitioner/1",
            "patientId": "p1",
            "selections": selections or [f"ServiceRequest/{o['id']}" for o in orders],
            "draftOrders": draft_orders(*orders),
        },
    }
    if prefetch is not None:
        call["prefetch"] = prefetch
    return call

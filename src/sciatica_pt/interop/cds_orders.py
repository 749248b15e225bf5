"""`order-select`: warn when a draft order asks for what the evidence does not support.

Orders come from another system, so they are recognised by their words (code text and
display) and by our own item-class codes; no external code is assumed we are not sure of.
- Lumbar traction: NICE NG59 advises against it; adding traction to extension-oriented care
  gave no benefit (Thackeray-2016); Cochrane finds it probably ineffective (Wegner-2013).
- TENS and therapeutic ultrasound: NICE NG59 advises against both.
- Imaging of the lumbar spine without red flags: NICE NG59 advises against routine imaging
  outside specialist care; DK-2018 against routine imaging (clinical-notes §1, Imaging).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sciatica_pt.core.knowledge import KnowledgeBase
from sciatica_pt.core.result import AssessmentResult
from sciatica_pt.interop.cds_cards import (
    Card,
    card,
    card_uuid,
    escape,
    source,
    sources_markdown,
    summary,
)
from sciatica_pt.interop.fhir_codes import ITEM_CLASS, codes_in

OVERRIDE_SYSTEM = "urn:sciatica-pt:cds-override-reason"


class Concern(StrEnum):
    TRACTION = "traction"
    TENS = "tens"
    ULTRASOUND = "ultrasound"
    IMAGING = "imaging"


@dataclass(frozen=True)
class Evidence:
    summary: str
    detail: str
    refs: tuple[str, ...]


EVIDENCE = {
    Concern.TRACTION: Evidence(
        "Lumbar traction is not recommended for sciatica",
        "NICE advises against traction for low back pain with or without sciatica. Adding "
        "mechanical traction to extension-oriented care gave no extra benefit in a randomised "
        "trial, and a Cochrane review judged traction probably ineffective.",
        ("NICE-NG59", "Thackeray-2016", "Wegner-2013"),
    ),
    Concern.TENS: Evidence(
        "TENS is not recommended for low back pain or sciatica",
        "NICE advises against TENS for low back pain with or without sciatica. Exercise and "
        "staying active are the recommended core of care.",
        ("NICE-NG59",),
    ),
    Concern.ULTRASOUND: Evidence(
        "Therapeutic ultrasound is not recommended for low back pain or sciatica",
        "NICE advises against therapeutic ultrasound for low back pain with or without "
        "sciatica. Exercise and staying active are the recommended core of care.",
        ("NICE-NG59",),
    ),
    Concern.IMAGING: Evidence(
        "Lumbar imaging without red flags is not recommended",
        "The Sciatica PT assessment found no red flag and no reason for medical review. NICE "
        "advises against routine imaging outside specialist care, and imaging there only when "
        "the result is likely to change management; the Danish guideline also advises against "
        "routine imaging.",
        ("NICE-NG59", "DK-2018"),
    ),
}
CLASS_CONCERNS = {
    "lumbar_traction": Concern.TRACTION,
    "tens": Concern.TENS,
    "therapeutic_ultrasound": Concern.ULTRASOUND,
    "imaging_referral": Concern.IMAGING,
}
WORDS = (
    (Concern.TRACTION, re.compile(r"\btraction\b")),
    (Concern.TENS, re.compile(r"\btens\b|transcutaneous electrical nerve stimulation")),
    (Concern.ULTRASOUND, re.compile(r"therapeutic ultrasound|ultrasound (therapy|treatment)")),
)
IMAGING = re.compile(r"\b(mri|magnetic resonance|ct|computed tomography|x-?ray|radiograph\w*)\b")
LUMBAR = re.compile(r"\b(lumbar|lumbosacral|l-?spine|low(er)? back|spine|spinal)\b")
OVERRIDES = (
    ("clinical-judgement", "Clinician judges the benefit worth it for this patient"),
    ("informed-preference", "Patient informed of the evidence and still prefers it"),
    ("outside-findings", "Findings outside this record justify it"),
)


@dataclass(frozen=True)
class DraftOrder:
    reference: str  # "ServiceRequest/<id>", as `selections` names it
    label: str
    concern: Concern


def concerning_orders(draft_orders: dict[str, Any], selections: list[str]) -> list[DraftOrder]:
    """The selected draft ServiceRequests that ask for something the evidence does not support."""
    found = []
    for entry in draft_orders.get("entry") or []:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or resource.get("resourceType") != "ServiceRequest":
            continue
        reference = f"ServiceRequest/{resource.get('id')}"
        concern = concern_of(resource.get("code"))
        if reference in selections and concern is not None:
            found.append(DraftOrder(reference, _label(resource.get("code")), concern))
    return found


def concern_of(code: Any) -> Concern | None:
    for item_class in codes_in(code, ITEM_CLASS):
        if item_class in CLASS_CONCERNS:
            return CLASS_CONCERNS[item_class]
    words = _words(code)
    for concern, pattern in WORDS:
        if pattern.search(words):
            return concern
    if IMAGING.search(words) and LUMBAR.search(words):
        return Concern.IMAGING
    return None


def _words(code: Any) -> str:
    if not isinstance(code, dict):
        return ""
    parts = [code.get("text")] + [
        c.get("display") for c in code.get("coding") or [] if isinstance(c, dict)
    ]
    return " ".join(p for p in parts if isinstance(p, str)).lower()


def _label(code: Any) -> str:
    words = _words(code)
    text = code.get("text") if isinstance(code, dict) else None
    return str(text or words or "this order")


def red_flags_found(result: AssessmentResult) -> bool:
    """Any triage finding (red flag or a reason for medical review) can justify imaging."""
    return bool(result.triage.findings)


def order_cards(
    orders: list[DraftOrder],
    result: AssessmentResult | None,
    kb: KnowledgeBase,
    hook_instance: uuid.UUID,
    patient_id: str,
) -> list[Card]:
    """One warning per unsupported order; imaging is judged only against an assessment."""
    cards = []
    for order in orders:
        if order.concern is Concern.IMAGING and (result is None or red_flags_found(result)):
            continue
        cards.append(_order_card(order, result, kb, hook_instance, patient_id))
    return cards


def _order_card(
    order: DraftOrder,
    result: AssessmentResult | None,
    kb: KnowledgeBase,
    hook_instance: uuid.UUID,
    patient_id: str,
) -> Card:
    evidence = EVIDENCE[order.concern]
    detail = f"Order: {escape(order.label)}\n\n{evidence.detail}"
    if result is not None and order.concern is Concern.IMAGING and result.triage.unanswered:
        detail += (
            f"\n\n{len(result.triage.unanswered)} red-flag question(s) are not answered yet: "
            "ask them before deciding."
        )
    key = f"order/{order.reference}/{order.concern.value}"
    suggestions = _suggestions(order, key, hook_instance, patient_id)
    return card(
        key,
        hook_instance,
        summary=summary(evidence.summary),
        indicator="warning",
        detail=f"{detail}\n\n{sources_markdown(kb, evidence.refs)}",
        source=source("evidence-check", "Evidence check"),
        suggestions=suggestions,
        selectionBehavior="at-most-one",
        overrideReasons=[
            {"system": OVERRIDE_SYSTEM, "code": c, "display": d} for c, d in OVERRIDES
        ],
    )


def _suggestions(
    order: DraftOrder, key: str, hook_instance: uuid.UUID, patient_id: str
) -> list[dict[str, Any]]:
    """Remove the order; for a passive modality, or replace it with exercise, which the
    guidelines recommend (NICE-NG59), and which is the suggestion we recommend."""
    delete = {
        "type": "delete",
        "description": "Remove this draft order",
        "resourceId": order.reference,
    }
    remove = {
        "label": f"Remove the order: {summary(order.label)[:80]}",
        "uuid": card_uuid(hook_instance, key + "/remove"),
        "isRecommended": order.concern is Concern.IMAGING,
        "actions": [delete],
    }
    if order.concern is Concern.IMAGING:
        return [remove]
    exercise = {
        "resourceType": "ServiceRequest",
        "status": "draft",
        "intent": "order",
        "subject": {"reference": f"Patient/{patient_id}"},
        "code": {"text": "Physical therapy: exercise program for sciatica"},
    }
    replace = {
        "label": "Replace it with a physical therapy exercise program",
        "uuid": card_uuid(hook_instance, key + "/replace"),
        "isRecommended": True,
        "actions": [
            delete,
            {"type": "create", "description": "Order an exercise program", "resource": exercise},
        ],
    }
    return [replace, remove]

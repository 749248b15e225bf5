"""order-select: which draft orders the evidence does not support, and the warning cards."""

from __future__ import annotations

import uuid

import pytest
from fhir.resources.R4B.servicerequest import ServiceRequest

from sciatica_pt.interop.cds_orders import Concern, concern_of, concerning_orders, order_cards
from tests.interop.builders import KB, active_result, emergency_result
from tests.interop.cds_calls import draft_orders, service_request
from tests.interop.cds_schemas import RESPONSE, problems

HOOK = uuid.UUID("d1577c69-dfbe-44ad-ba6d-3e05e953b2ea")


@pytest.mark.parametrize(
    ("text", "concern"),
    [
        ("Mechanical lumbar traction, 3x/week", Concern.TRACTION),
        ("TENS unit for home use", Concern.TENS),
        ("Transcutaneous electrical nerve stimulation", Concern.TENS),
        ("Therapeutic ultrasound to lumbar paraspinals", Concern.ULTRASOUND),
        ("MRI lumbar spine without contrast", Concern.IMAGING),
        ("CT L-spine", Concern.IMAGING),
        ("X-ray lumbosacral spine, 2 views", Concern.IMAGING),
        ("Physical therapy: exercise program", None),
        ("MRI brain", None),  # imaging, but not of the lumbar spine
        ("Ultrasound abdomen", None),  # diagnostic ultrasound is not the modality
        ("Retention of contents", None),  # 'tens' only as a word
    ],
)
def test_it_recognises_orders_by_their_words(text, concern):
    assert concern_of({"text": text}) is concern


def test_it_recognises_our_own_item_class_codes():
    code = {"coding": [{"system": "urn:sciatica-pt:item-class", "code": "lumbar_traction"}]}
    assert concern_of(code) is Concern.TRACTION


def test_only_selected_service_requests_are_checked():
    orders = draft_orders(service_request("a", "Lumbar traction"), service_request("b", "TENS"))
    found = concerning_orders(orders, ["ServiceRequest/b"])
    assert [(o.reference, o.concern) for o in found] == [("ServiceRequest/b", Concern.TENS)]


def test_traction_gets_a_warning_with_a_delete_suggestion_and_override_reasons():
    orders = concerning_orders(
        draft_orders(service_request("t", "Lumbar traction")), ["ServiceRequest/t"]
    )
    (card,) = order_cards(orders, None, KB, HOOK, "p1")
    assert card["indicator"] == "warning"
    assert card["summary"] == "Lumbar traction is not recommended for sciatica"
    assert card["selectionBehavior"] == "at-most-one"
    replace, remove = card["suggestions"]
    assert replace["isRecommended"] is True
    assert [a["type"] for a in replace["actions"]] == ["delete", "create"]
    created = replace["actions"][1]["resource"]
    assert created["subject"] == {"reference": "Patient/p1"}
    ServiceRequest.model_validate(created)  # a FHIR R4 resource the EHR can create
    (action,) = remove["actions"]
    assert action == {
        "type": "delete",
        "description": "Remove this draft order",
        "resourceId": "ServiceRequest/t",
    }
    assert all(reason["display"] for reason in card["overrideReasons"])
    assert "[Thackeray-2016]" in card["detail"] and "[Wegner-2013]" in card["detail"]
    assert problems(RESPONSE, {"cards": [card]}) == []


def test_imaging_without_red_flags_is_warned_about():
    orders = concerning_orders(
        draft_orders(service_request("m", "MRI lumbar spine")), ["ServiceRequest/m"]
    )
    (card,) = order_cards(orders, active_result(), KB, HOOK, "p1")
    assert card["summary"] == "Lumbar imaging without red flags is not recommended"
    assert "[NICE-NG59]" in card["detail"] and "[DK-2018]" in card["detail"]


def test_imaging_with_a_red_flag_is_not_questioned():
    orders = concerning_orders(
        draft_orders(service_request("m", "MRI lumbar spine")), ["ServiceRequest/m"]
    )
    assert order_cards(orders, emergency_result(), KB, HOOK, "p1") == []


def test_imaging_is_not_judged_without_an_assessment():
    orders = concerning_orders(
        draft_orders(service_request("m", "MRI lumbar spine")), ["ServiceRequest/m"]
    )
    assert order_cards(orders, None, KB, HOOK, "p1") == []


def test_order_text_from_the_ehr_is_escaped_in_the_markdown():
    orders = concerning_orders(
        draft_orders(service_request("t", "Traction [now](x)")), ["ServiceRequest/t"]
    )
    (card,) = order_cards(orders, None, KB, HOOK, "p1")
    assert r"Traction \[now\]\(x\)" in card["detail"]

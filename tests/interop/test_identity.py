"""The clinic's patient identifier system: configured by environment, checked, with a demo
default that can never be mistaken for a real clinic's."""

from __future__ import annotations

import pytest

from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.interop.identity import (
    DEMO_PATIENT_ID_SYSTEM,
    ENV,
    patient_id_system,
    patient_key,
)


def test_without_configuration_the_demo_system_is_used_and_it_is_an_example_domain():
    assert patient_id_system({}) == DEMO_PATIENT_ID_SYSTEM
    assert ".example.org/" in DEMO_PATIENT_ID_SYSTEM


@pytest.mark.parametrize(
    "system",
    ["https://fhir.clinic.example/sid/mrn", "urn:oid:2.16.840.1.113883.19.5", "http://h.example/x"],
)
def test_a_configured_absolute_uri_is_used(system):
    assert patient_id_system({ENV: system}) == system


@pytest.mark.parametrize(
    "system", ["clinic-a", "https://", "https://clinic.example/ sid", " urn:x", "/sid/mrn", "urn:"]
)
def test_anything_else_is_rejected_naming_the_variable(system):
    with pytest.raises(InvalidInput, match=f"{ENV}: .* is not an absolute URI"):
        patient_id_system({ENV: system})


def test_the_patient_key_keeps_the_same_id_in_two_clinics_apart():
    assert patient_key("urn:a", "17") != patient_key("urn:b", "17")

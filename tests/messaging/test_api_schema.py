"""schemathesis over the messages routes, as a patient and as a therapist: no 5xx, and every
response fits its schema (bad input is a 422 naming the field)."""

from __future__ import annotations

import pytest

from sciatica_pt.clinic.api.auth import issue_token
from tests.clinic.test_api_schema import CHECKS, EXAMPLES, same_connection, schema  # noqa: F401

messages_schema = schema.include(path_regex=r"^/api/messages/")


@pytest.fixture
def tokens(same_connection):  # noqa: F811
    w = same_connection
    return {
        "patient": issue_token(w.patient_a_user, "schemathesis"),
        "therapist": issue_token(w.therapist, "schemathesis"),
    }


@messages_schema.parametrize()
@EXAMPLES
def test_the_messages_api_never_fails_and_keeps_to_its_schema_for_a_patient(case, tokens):
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens['patient']}"}, checks=CHECKS)


@messages_schema.parametrize()
@EXAMPLES
def test_the_messages_api_never_fails_and_keeps_to_its_schema_for_a_therapist(case, tokens):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {tokens['therapist']}"}, checks=CHECKS
    )

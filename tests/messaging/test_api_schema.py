"""schemathesis over the messages routes, as a patient and as a therapist: no 5xx, and every
response fits its schema (bad input is a 422 naming the field)."""

from __future__ import annotations

import pytest
from django.core import signals
from django.db import close_old_connections

from sciatica_pt.clinic.api.auth import issue_token
from tests.clinic.test_api_schema import CHECKS, EXAMPLES, schema

messages_schema = schema.include(path_regex=r"^/api/messages/")


@pytest.fixture
def tokens(world):
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {
        "patient": issue_token(world.patient_a_user, "schemathesis"),
        "therapist": issue_token(world.therapist, "schemathesis"),
    }
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


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

"""schemathesis over the visits routes, with therapists who have profiles and hours and a
patient who books for themselves: no 5xx, and every response fits its schema."""

from __future__ import annotations

import pytest
from django.core import signals
from django.db import close_old_connections

from sciatica_pt.clinic.api.auth import issue_token
from tests.clinic.test_api_schema import CHECKS, EXAMPLES, schema

visits_schema = schema.include(path_regex=r"^/api/visits/")


@pytest.fixture
def patient_token(visits_world):
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield issue_token(visits_world.patient_a_user, "schemathesis")
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@visits_schema.parametrize()
@EXAMPLES
def test_the_visits_api_never_fails_and_keeps_to_its_schema(case, patient_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {patient_token}"}, checks=CHECKS)

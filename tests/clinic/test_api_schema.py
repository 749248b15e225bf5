"""schemathesis over the OpenAPI document: no 5xx, and every response fits its schema.

Bounded on purpose (few examples per operation) so the suite stays quick."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from sciatica_pt.clinic.api.auth import issue_token
from sciatica_pt.clinic.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


# The admin's routes again as the clinic's admin: as a therapist they only answer 403.
admin_schema = schema.include(path_regex=r"^/api/(audit|staff|tokens)")
# The patient's own between-visits routes again as a patient (a therapist gets 403 there).
patient_schema = schema.include(path_regex=r"^/api/(me/reminders|notifications)")
EXAMPLES = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def same_connection(world):
    # Like Django's test client: keep the test's connection (and its transaction) open
    # across the WSGI requests schemathesis makes.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield world
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def therapist_token(same_connection):
    return issue_token(same_connection.therapist, "schemathesis")


@pytest.fixture
def admin_token(same_connection):
    return issue_token(same_connection.admin, "schemathesis")


@schema.parametrize()
@EXAMPLES
def test_the_api_never_fails_and_keeps_to_its_schema(case, therapist_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {therapist_token}"}, checks=CHECKS)


@admin_schema.parametrize()
@EXAMPLES
def test_the_admins_routes_never_fail_and_keep_to_their_schema(case, admin_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {admin_token}"}, checks=CHECKS)


@pytest.fixture
def patient_token(same_connection):
    return issue_token(same_connection.patient_b_user, "schemathesis")


@patient_schema.parametrize()
@EXAMPLES
def test_the_patients_reminder_and_notification_routes_keep_to_their_schema(case, patient_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {patient_token}"}, checks=CHECKS)

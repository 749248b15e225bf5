"""schemathesis over the visits routes, with therapists who have profiles and hours and a
patient who books for themselves: no 5xx, and every response fits its schema. Random ids
mostly meet 404s, so each route is also called with the ids of real rows (clinic A, tess's
profile, a booked visit), as the patient and as a therapist: the bodies schemathesis makes then
reach booking, moving, cancelling and the visit note."""

from __future__ import annotations

import pytest
from django.core import signals
from django.db import close_old_connections

from sciatica_pt.clinic.api.auth import issue_token
from tests.clinic.test_api_schema import CHECKS, EXAMPLES, schema
from tests.visits.conftest import book_visit

visits_schema = schema.include(path_regex=r"^/api/visits/")


@pytest.fixture
def same_connection(visits_world):
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield visits_world
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def patient_token(same_connection):
    return issue_token(same_connection.patient_a_user, "schemathesis")


@pytest.fixture
def therapist_token(same_connection):
    return issue_token(same_connection.therapist, "schemathesis")


@pytest.fixture
def real_ids(same_connection):
    w = same_connection
    visit = book_visit(w)
    return {"clinic_id": w.clinic.pk, "therapist_id": w.tess_profile.pk, "visit_id": visit.pk}


def _on_real_rows(case, ids):
    for name in case.path_parameters or {}:
        if name in ids:
            case.path_parameters[name] = ids[name]


@visits_schema.parametrize()
@EXAMPLES
def test_the_visits_api_never_fails_and_keeps_to_its_schema(case, patient_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {patient_token}"}, checks=CHECKS)


@visits_schema.parametrize()
@EXAMPLES
def test_the_visits_api_on_real_rows_as_the_patient(case, patient_token, real_ids):
    _on_real_rows(case, real_ids)
    case.call_and_validate(headers={"Authorization": f"Bearer {patient_token}"}, checks=CHECKS)


@visits_schema.parametrize()
@EXAMPLES
def test_the_visits_api_on_real_rows_as_a_therapist(case, therapist_token, real_ids):
    _on_real_rows(case, real_ids)
    case.call_and_validate(headers={"Authorization": f"Bearer {therapist_token}"}, checks=CHECKS)

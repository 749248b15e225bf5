"""schemathesis over the visits routes, with therapists who have profiles and hours and a
patient who books for themselves: no 5xx, and every response fits its schema. Random ids
mostly meet 404s, so each route is also called with the ids of real rows (clinic A, tess's
profile, a booked visit), as the patient and as a therapist: the bodies schemathesis makes then
reach booking, moving, cancelling and the visit note."""

from __future__ import annotations

import pytest

from sciatica_pt.clinic.api.auth import issue_token
from tests.clinic.test_api_schema import CHECKS, EXAMPLES, same_connection, schema  # noqa: F401
from tests.visits.conftest import book_visit

visits_schema = schema.include(path_regex=r"^/api/visits/")
# The test's own connection across the WSGI requests schemathesis makes (clinic's fixture).
pytestmark = pytest.mark.usefixtures("same_connection")


@pytest.fixture
def patient_token(visits_world):
    return issue_token(visits_world.patient_a_user, "schemathesis")


@pytest.fixture
def therapist_token(visits_world):
    return issue_token(visits_world.therapist, "schemathesis")


@pytest.fixture
def real_ids(visits_world):
    w = visits_world
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

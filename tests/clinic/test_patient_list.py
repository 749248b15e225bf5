"""The therapist's patient list: alerts first, and a query count that does not grow."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sciatica_pt.clinic.models import Patient


def _add_patients(world, n):
    Patient.objects.bulk_create(
        Patient(clinic=world.clinic, therapist=world.therapist.membership, display_name=f"P{i:03}")
        for i in range(n)
    )


def _queries(world):
    client = world.client("therapist")
    client.get("/patients/")  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/patients/").status_code == 200
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_patients(world):
    _add_patients(world, 10)
    at_10 = _queries(world)
    _add_patients(world, 40)
    at_50 = _queries(world)
    assert at_50 == at_10


def test_patients_with_open_alerts_come_first(world):
    _add_patients(world, 5)
    html = world.client("therapist").get("/patients/").content.decode()
    assert html.index(world.patient_a.display_name) < html.index("P000")


def test_the_list_never_shows_another_clinics_patients(world):
    html = world.client("other_therapist").get("/patients/").content.decode()
    assert world.patient_a.display_name not in html and "No patients yet" in html


def test_the_patients_program_from_the_api_takes_a_handful_of_queries(
    world, django_assert_max_num_queries
):
    from sciatica_pt.clinic.api.auth import issue_token

    headers = {"Authorization": f"Bearer {issue_token(world.patient_a_user, 'q')}"}
    client = world.client("anonymous")
    with django_assert_max_num_queries(3):  # token+user+role, program with items, audit insert
        assert client.get("/api/me/program", headers=headers).status_code == 200


def test_names_in_the_list_are_escaped(world):
    Patient.objects.create(clinic=world.clinic, display_name="<script>alert(1)</script>")
    html = world.client("therapist").get("/patients/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

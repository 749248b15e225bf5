"""A page's user comes with their role (clinic.auth_backend): the membership or patient record
is read with the user, and the stock backend's rules still hold (a stopped login is logged
out)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user
from django.test import RequestFactory

from sciatica_pt.clinic.permissions import membership_of, own_patient


def _session_user(world, who: str):
    client = world.client(who)
    request = RequestFactory().get("/")
    request.session = client.session
    return get_user(request)


def test_a_session_user_brings_their_membership_or_patient_record_with_them(
    world, django_assert_num_queries
):
    therapist = _session_user(world, "therapist")
    patient = _session_user(world, "patient_a_user")
    with django_assert_num_queries(0):
        assert membership_of(therapist).clinic_id == world.clinic.pk
        assert own_patient(therapist) is None
        assert own_patient(patient).pk == world.patient_a.pk
        assert membership_of(patient) is None


def test_a_login_through_the_form_records_the_clinics_backend_and_the_next_page_works(world):
    from django.test import Client

    client = Client()
    form = {"username": world.therapist.username, "password": "a-long-test-password"}
    assert client.post("/login/", form).status_code == 302
    assert client.session["_auth_user_backend"] == settings.SCIATICA_PT_LOGIN_BACKEND
    page = client.get("/patients/")
    assert page.status_code == 200 and world.patient_a.display_name in page.content.decode()


def test_a_stopped_login_is_logged_out_of_its_open_session(world):
    client = world.client("patient_a_user")
    assert client.get("/me/").status_code == 200
    world.patient_a_user.is_active = False
    world.patient_a_user.save(update_fields=["is_active"])
    assert client.get("/me/").status_code == 302

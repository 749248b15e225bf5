"""User names and passwords a hostile or careless caller sends: every one a clear refusal
naming the field, never a server error, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from sciatica_pt.clinic.models import Clinic, Membership, Patient
from sciatica_pt.clinic.services import staff, tokens
from sciatica_pt.clinic.services.errors import InvalidInput
from tests.clinic.conftest import World

PASSWORD = "a-long-test-password"
Users = get_user_model()


def _post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json")


@pytest.mark.parametrize("taken", ["ａｄａ", "Ada", "ADA", " ada ", "ＡＤＡ"])
@pytest.mark.parametrize("path", ["/api/staff", "/api/patients"])
def test_a_taken_name_in_another_width_or_case_is_refused(world: World, path: str, taken: str):
    body = {"username": taken, "password": PASSWORD, "display_name": "New Person"}
    if path == "/api/staff":
        body = {"username": taken, "password": PASSWORD, "name": "New Person"}
    before = (Users.objects.count(), Patient.objects.count())
    response = _post(world.client("admin"), path, body)
    assert response.status_code == 422, response.content
    [problem] = response.json()["detail"]
    assert problem.startswith("username: ") and problem.endswith(" is already taken")
    assert (Users.objects.count(), Patient.objects.count()) == before


def test_a_full_width_name_is_stored_in_its_plain_form(world: World):
    body = {"username": "ｎｉｎａ", "password": PASSWORD, "name": "Nina"}
    response = _post(world.client("admin"), "/api/staff", body)
    assert response.status_code == 201
    assert response.json()["username"] == "nina"
    token, _ = tokens.issue(None, world.admin, "ＮＩＮＡ", "label")
    assert token.user.username == "nina"


def test_create_admin_with_a_taken_name_in_full_width_is_refused(db: Any, capsys: Any):
    from sciatica_pt.commands import admin

    assert admin.create("Clinic One", "ａｄｍｉｎ", PASSWORD) == 0
    assert admin.create("Clinic Two", "ａｄｍｉｎ", PASSWORD) == 2
    assert admin.create("Clinic Three", "Admin", PASSWORD) == 2
    err = capsys.readouterr().err
    assert "username: 'admin' is already taken" in err and "Traceback" not in err
    assert Users.objects.filter(username__iexact="admin").count() == 1


def test_create_admin_for_an_existing_clinic_is_refused(db: Any):
    staff.create_clinic_admin("Riverside Physio", "rita", PASSWORD)
    for name in ("Riverside Physio", "riverside physio", "  Riverside Physio "):
        with pytest.raises(InvalidInput, match=r"clinic: .* already exists"):
            staff.create_clinic_admin(name, "ralph", PASSWORD)
    assert Membership.objects.count() == 1 and Clinic.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "ann\u202egpj.exe"),
        ("username", "ann\nbob"),
        ("username", "ann\x00"),
        ("name", "Ann\u202e Lee"),
        ("name", "Ann\tLee"),
        ("clinic", "Clinic\u202e"),
        ("clinic", "Clinic\x00"),
    ],
)
def test_control_and_bidi_characters_are_refused_in_names(db: Any, field: str, value: str):
    """The services refuse them too: the command line and any caller that is not a request."""
    args = {"clinic": "A Clinic", "username": "ann", "name": ""} | {field: value}
    with pytest.raises(InvalidInput, match=f"{field}: control and bidirectional"):
        if field == "name":
            clinic_admin = staff.create_clinic_admin("A Clinic", "boss", PASSWORD)
            staff.add_therapist(clinic_admin.user, args["username"], PASSWORD, value)
        else:
            staff.create_clinic_admin(args["clinic"], args["username"], PASSWORD)
    assert not Users.objects.filter(username__startswith="ann").exists()


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/staff", {"username": "nina", "password": PASSWORD, "name": "N\u202ea"}, "name"),
        ("/api/patients", {"display_name": "Pat\u202e"}, "display_name"),
        ("/api/tokens", {"username": "tess", "name": "lab\u202eel"}, "name"),
        ("/api/staff", {"username": "nin\x00a", "password": PASSWORD}, "username"),
    ],
)
def test_the_api_refuses_bidi_and_nul_naming_the_field(world, path, body, field):
    before = (Users.objects.count(), Patient.objects.count())
    response = _post(world.client("admin"), path, body)
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem.startswith(f"{field}: contains a")
    assert (Users.objects.count(), Patient.objects.count()) == before


@pytest.mark.parametrize("password", ["nina-the-therapist", "nina-the-therapisT"])
def test_a_password_like_the_username_is_refused(world: World, password: str):
    body = {"username": "nina-the-therapist", "password": password, "name": "Nina"}
    response = _post(world.client("admin"), "/api/staff", body)
    assert response.status_code == 422
    assert any("too similar to the username" in p for p in response.json()["detail"])


def test_a_password_like_the_patients_username_is_refused_when_staff_set_it(world: World):
    path = f"/api/patients/{world.patient_a.pk}/login/password"
    response = _post(world.client("therapist"), path, {"password": "pat-a-pat"})
    assert response.status_code == 422
    assert any("too similar to the username" in p for p in response.json()["detail"])


@pytest.mark.django_db(transaction=True)
def test_concurrent_adds_of_one_name_give_one_201_and_the_rest_a_422(world: World):
    statuses: list[int] = []
    start = threading.Barrier(8)

    def add() -> None:
        try:
            client = world.client("admin")
            start.wait()
            body = {"username": "twin", "password": PASSWORD, "name": "Twin"}
            statuses.append(_post(client, "/api/staff", body).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201] + [422] * 7
    assert Users.objects.filter(username="twin").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_holds_one_account_per_name_whatever_the_case():
    """What holds when two requests race past the services' check: the database itself."""
    from django.db import IntegrityError

    users = get_user_model().objects
    users.create_user("casey", password="a long enough password 1")
    with pytest.raises(IntegrityError):
        users.create_user("Casey", password="a long enough password 2")

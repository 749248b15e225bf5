"""Access that must stay changed: a stopped login's sessions and API tokens end for good (a
restore allows new logins only), a password set by staff ends the patient's sessions and
tokens, and password guessing is limited per user and address and per address alone."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from sciatica_pt.clinic.api.auth import issue_token
from sciatica_pt.clinic.models import ApiToken
from tests.clinic.conftest import World

PASSWORD = "a-long-test-password"


def _json(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json")


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _logged_in(username: str, password: str = PASSWORD) -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": password})
    assert "sessionid" in response.cookies, response.status_code
    return client


def test_a_restored_staff_member_starts_afresh(world: World) -> None:
    """Stop, then restore: the session opened with the password and the token issued before
    the stop stay dead; a new login works."""
    session = _logged_in("theo")
    token = issue_token(world.therapist2, "laptop")
    admin = world.client("admin")
    path = f"/api/staff/{world.therapist2.pk}/access"
    assert _json(admin, path, {"active": False}).status_code == 200
    assert _json(admin, path, {"active": True}).status_code == 200
    assert session.get("/patients/").status_code == 302
    assert Client().get("/api/patients", **_bearer(token)).status_code == 401
    assert not ApiToken.objects.filter(user=world.therapist2).exists()
    assert _logged_in("theo").get("/patients/").status_code == 200
    # Other people's sessions and tokens are untouched.
    other = issue_token(world.therapist, "desk")
    assert Client().get("/api/patients", **_bearer(other)).status_code == 200


def test_a_restored_patient_starts_afresh(world: World) -> None:
    session = _logged_in("pat-a")
    token = issue_token(world.patient_a_user, "phone")
    staff = world.client("therapist")
    path = f"/api/patients/{world.patient_a.pk}/login/access"
    _json(staff, path, {"active": False})
    _json(staff, path, {"active": True})
    assert session.get("/me/").status_code == 302
    assert Client().get("/api/me/program", **_bearer(token)).status_code == 401
    assert _logged_in("pat-a").get("/me/").status_code == 200


@pytest.mark.parametrize("where", ["page", "api"])
def test_a_password_set_by_staff_ends_the_patients_tokens_too(world: World, where: str) -> None:
    token = issue_token(world.patient_a_user, "phone")
    session = _logged_in("pat-a")
    new = "a-brand-new-password-2026"
    staff = world.client("therapist")
    if where == "page":
        staff.post(
            f"/patients/{world.patient_a.pk}/login/", {"action": "password", "password": new}
        )
    else:
        _json(staff, f"/api/patients/{world.patient_a.pk}/login/password", {"password": new})
    assert Client().get("/api/me/program", **_bearer(token)).status_code == 401
    assert session.get("/me/").status_code == 302
    assert _logged_in("pat-a", new).get("/me/").status_code == 200


def test_stopping_deletes_the_users_stored_sessions_only(world: World) -> None:
    _logged_in("theo")
    _logged_in("theo")
    _logged_in("tess")
    admin = world.client("admin")
    before = Session.objects.count()
    path = f"/api/staff/{world.therapist2.pk}/access"
    _json(admin, path, {"active": False})
    assert Session.objects.count() == before - 2


def _fail(username: str, address: str) -> int:
    response = Client(REMOTE_ADDR=address).post(
        "/login/", {"username": username, "password": "wrong-password-here"}
    )
    return int(response.status_code)


def test_password_spraying_from_one_address_is_locked_out(world: World, settings: Any) -> None:
    """One wrong password across many users: no single user reaches the per-user limit, the
    address reaches its own."""
    settings.SCIATICA_PT_ADDRESS_FAILURE_LIMIT = 5
    names = ["ada", "tess", "theo", "oscar", "pat-a", "pat-b"]
    statuses = [_fail(name, "203.0.113.7") for name in names]
    assert statuses == [200] * 4 + [429] * 2  # the fifth failure reaches the limit
    # Now even the right password from that address is refused; another address may log in.
    locked = Client(REMOTE_ADDR="203.0.113.7").post(
        "/login/", {"username": "tess", "password": PASSWORD}
    )
    assert locked.status_code == 429
    other = Client(REMOTE_ADDR="198.51.100.2").post(
        "/login/", {"username": "tess", "password": PASSWORD}
    )
    assert "sessionid" in other.cookies


def test_a_lockout_does_not_stop_the_users_api_tokens(world: World) -> None:
    """Decided (docs/web.md): a lockout stops password guessing at the login form; a token is
    a separate secret an admin issued, and anyone could otherwise lock a clinic's API clients
    out by typing wrong passwords for their users. Stopping access is what ends tokens."""
    token = issue_token(world.therapist, "desk")
    for _ in range(5):
        _fail("tess", "192.0.2.9")
    locked = Client(REMOTE_ADDR="192.0.2.9").post(
        "/login/", {"username": "tess", "password": PASSWORD}
    )
    assert locked.status_code == 429
    assert Client().get("/api/patients", **_bearer(token)).status_code == 200

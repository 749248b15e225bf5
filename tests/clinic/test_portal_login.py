"""The patient's portal login, kept by the clinic's staff (no e-mail at run time): give one,
set a new password (the patient's open sessions end, their tokens are revoked), stop access
(sessions and tokens end for good) and restore it (new logins only)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from sciatica_pt.clinic.api.auth import issue_token
from sciatica_pt.clinic.models import AuditEvent, Patient

NEW = "another-long-password-2026"


def _post(client, patient_id: int, where: str, action: str, **fields):
    if where == "page":
        return client.post(f"/patients/{patient_id}/login/", {"action": action, **fields})
    path = {"give": "", "password": "/password", "stop": "/access", "restore": "/access"}[action]
    if action in ("stop", "restore"):
        fields = {"active": action == "restore"}
    return client.post(
        f"/api/patients/{patient_id}/login{path}", fields, content_type="application/json"
    )


def _can_log_in(username: str, password: str) -> bool:
    response = Client().post("/login/", {"username": username, "password": password})
    return "sessionid" in response.cookies


def _changes() -> list[str]:
    found = AuditEvent.objects.filter(object_type__startswith="patient_").order_by("pk")
    return [e.object_type for e in found]


@pytest.mark.parametrize("where", ["page", "api"])
def test_a_patient_without_a_login_is_given_one(world, where):
    patient = Patient.objects.create(clinic=world.clinic, display_name="No Login Yet")
    response = _post(
        world.client("therapist"), patient.pk, where, "give", username="nly", password=NEW
    )
    assert response.status_code == (302 if where == "page" else 201)
    assert Patient.objects.get(pk=patient.pk).user.username == "nly"
    assert _can_log_in("nly", NEW)
    assert _changes() == ["patient_login_given"]


@pytest.mark.parametrize("where", ["page", "api"])
def test_a_new_password_ends_the_patients_sessions_and_the_old_one(world, where):
    session = world.client("patient_a_user")
    assert session.get("/me/").status_code == 200
    response = _post(world.client("therapist"), world.patient_a.pk, where, "password", password=NEW)
    assert response.status_code == (302 if where == "page" else 200)
    assert session.get("/me/").status_code == 302  # the open session ended: log in again
    assert not _can_log_in("pat-a", "a-long-test-password")
    assert _can_log_in("pat-a", NEW)
    assert _changes() == ["patient_password_set"]
    assert NEW not in " ".join(e.object_id + e.object_type for e in AuditEvent.objects.all())


@pytest.mark.parametrize("where", ["page", "api"])
def test_stopping_access_ends_sessions_and_tokens_for_good(world, where):
    token = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(world.patient_a_user, 'phone')}"}
    session = world.client("patient_a_user")
    staff = world.client("admin")
    _post(staff, world.patient_a.pk, where, "stop")
    assert session.get("/me/").status_code == 302
    assert world.client("anonymous").get("/api/me/program", **token).status_code == 401
    assert not _can_log_in("pat-a", "a-long-test-password")
    _post(staff, world.patient_a.pk, where, "restore")
    assert session.get("/me/").status_code == 302  # restoring allows new logins only
    assert world.client("anonymous").get("/api/me/program", **token).status_code == 401
    assert _can_log_in("pat-a", "a-long-test-password")
    assert _changes() == ["patient_access_stopped", "patient_access_restored"]


@pytest.mark.parametrize("where", ["page", "api"])
def test_bad_requests_are_refused_by_field_and_change_nothing(world, where):
    staff = world.client("therapist")
    cases = [
        ("give", {"username": "x", "password": NEW}, "username: this patient already has a login"),
        ("password", {"password": "short"}, "password: This password is too short"),
    ]
    for action, fields, named in cases:
        response = _post(staff, world.patient_a.pk, where, action, **fields)
        text = (
            staff.get(f"/patients/{world.patient_a.pk}/").content.decode()
            if where == "page"
            else " ".join(response.json()["detail"])
        )
        assert named in text.replace("&#x27;", "'"), (action, text[:300])
    no_login = Patient.objects.create(clinic=world.clinic, display_name="No Login")
    taken = _post(staff, no_login.pk, where, "give", username="pat-b", password=NEW)
    weak = _post(staff, no_login.pk, where, "password", password=NEW)
    if where == "api":
        assert taken.status_code == weak.status_code == 422
        assert "username: 'pat-b' is already taken" in taken.json()["detail"]
        assert weak.json()["detail"] == ["username: this patient has no login yet; give them one"]
    assert Patient.objects.get(pk=no_login.pk).user_id is None
    assert _can_log_in("pat-a", "a-long-test-password")
    assert _changes() == []


def test_an_unknown_action_on_the_page_is_named_and_changes_nothing(world):
    staff = world.client("therapist")
    page = staff.post(f"/patients/{world.patient_a.pk}/login/", {"action": "delete"}, follow=True)
    assert (
        "action: &#x27;delete&#x27; is not give, password, stop or restore" in page.content.decode()
    )
    assert get_user_model().objects.get(username="pat-a").is_active


def test_another_clinics_therapist_cannot_touch_the_login(world):
    other = world.client("other_therapist")
    response = _post(other, world.patient_a.pk, "api", "password", password=NEW)
    assert response.status_code == 404
    assert _can_log_in("pat-a", "a-long-test-password")

"""Clinic staff: the first admin from the command line, therapists added by the admin."""

from __future__ import annotations

import pytest

from sciatica_pt.clinic.models import Membership
from sciatica_pt.clinic.services import staff
from sciatica_pt.clinic.services.errors import InvalidInput


def test_a_fresh_installation_starts_with_a_clinic_admin(db):
    member = staff.create_clinic_admin("Northside Physio", "boss", "a-long-good-password")
    assert member.role == "admin" and member.clinic.name == "Northside Physio"


def test_a_weak_password_or_a_taken_username_is_refused_by_field(world):
    with pytest.raises(InvalidInput) as exc:
        staff.create_clinic_admin("Clinic A", "tess", "123")
    assert any(p.startswith("username:") for p in exc.value.problems)
    assert any(p.startswith("password:") for p in exc.value.problems)


def test_the_admin_adds_a_therapist_to_their_own_clinic(world):
    response = world.client("admin").post(
        "/staff/", {"username": "nina", "password": "a-long-good-password", "name": "Nina Physio"}
    )
    assert response.status_code == 302
    member = Membership.objects.get(user__username="nina")
    assert member.clinic == world.clinic and member.role == "therapist"


def test_a_therapist_cannot_add_staff(world):
    response = world.client("therapist").post(
        "/staff/", {"username": "eve", "password": "a-long-good-password"}
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user__username="eve").exists()


def test_the_create_admin_command_reports_problems_by_field(db, capsys):
    from sciatica_pt.commands import admin

    assert admin.create("Clinic Z", "zed", "short") == 2
    assert "password:" in capsys.readouterr().err


ACCESS = ["page", "api"]


def _set_access(client, user_id: int, active: bool, where: str):
    if where == "page":
        return client.post(f"/staff/{user_id}/access/", {"active": "1" if active else "0"})
    return client.post(
        f"/api/staff/{user_id}/access", {"active": active}, content_type="application/json"
    )


@pytest.mark.parametrize("where", ACCESS)
def test_stopping_access_ends_sessions_and_tokens_for_good_and_restoring_allows_new_logins(
    world, where
):
    from sciatica_pt.clinic.api.auth import issue_token
    from sciatica_pt.clinic.models import AuditEvent

    therapist = world.client("therapist2")
    token = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(world.therapist2, 'laptop')}"}
    assert therapist.get("/patients/").status_code == 200
    assert world.client("anonymous").get("/api/patients", **token).status_code == 200

    response = _set_access(world.client("admin"), world.therapist2.pk, False, where)
    assert response.status_code == (302 if where == "page" else 200)
    assert therapist.get("/patients/").status_code == 302  # the open session: back to login
    assert world.client("anonymous").get("/api/patients", **token).status_code == 401
    login = {"username": "theo", "password": "a-long-test-password"}
    assert "sessionid" not in world.client("anonymous").post("/login/", login).cookies
    assert world.patient_b.therapist.user_id == world.therapist2.pk  # their patients stay

    _set_access(world.client("admin"), world.therapist2.pk, True, where)
    assert therapist.get("/patients/").status_code == 302  # the old session stays ended
    assert world.client("anonymous").get("/api/patients", **token).status_code == 401
    assert "sessionid" in world.client("anonymous").post("/login/", login).cookies
    changes = AuditEvent.objects.filter(object_type__startswith="staff_access")
    assert [(e.object_type, e.object_id, e.username) for e in changes.order_by("pk")] == [
        ("staff_access_stopped", str(world.therapist2.pk), "ada"),
        ("staff_access_restored", str(world.therapist2.pk), "ada"),
    ]


@pytest.mark.parametrize("where", ACCESS)
def test_an_admin_cannot_stop_their_own_access(world, where):
    response = _set_access(world.client("admin"), world.admin.pk, False, where)
    world.admin.refresh_from_db()
    assert world.admin.is_active
    if where == "api":
        assert response.status_code == 422
        assert response.json()["detail"] == [
            "user: you cannot change your own access; ask another admin"
        ]


@pytest.mark.parametrize("where", ACCESS)
def test_another_clinics_staff_member_is_not_found_and_keeps_access(world, where):
    response = _set_access(world.client("admin"), world.other_therapist.pk, False, where)
    assert response.status_code == 404
    world.other_therapist.refresh_from_db()
    assert world.other_therapist.is_active
    for beyond_any_id in (2**63, 10**30):  # past the database's integers: no one, not a 500
        assert _set_access(world.client("admin"), beyond_any_id, False, where).status_code == 404


def test_a_bad_access_value_is_refused_by_name_and_changes_nothing(world):
    admin = world.client("admin")
    page = admin.post(f"/staff/{world.therapist2.pk}/access/", {"active": "yes"}, follow=True)
    assert "active: &#x27;yes&#x27; is not 0 (stop) or 1 (restore)" in page.content.decode()
    for body in ({}, {"active": "no"}, {"active": 0}, {"active": False, "role": "admin"}):
        response = admin.post(
            f"/api/staff/{world.therapist2.pk}/access", body, content_type="application/json"
        )
        assert response.status_code == 422, body
    world.therapist2.refresh_from_db()
    assert world.therapist2.is_active


def test_a_therapist_cannot_stop_anyones_access(world):
    response = world.client("therapist").post(
        f"/staff/{world.therapist2.pk}/access/", {"active": "0"}
    )
    assert response.status_code == 403
    world.therapist2.refresh_from_db()
    assert world.therapist2.is_active

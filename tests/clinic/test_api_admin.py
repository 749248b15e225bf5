"""The admin's staff and token pages as API routes: same rules, same checks, same audit."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from sciatica_pt.clinic.api.auth import issue_token
from sciatica_pt.clinic.models import ApiToken, Membership


def test_the_admin_lists_the_clinics_staff_only(world):
    staff = world.client("admin").get("/api/staff").json()
    assert {m["username"] for m in staff} == {"ada", "tess", "theo"}
    assert {m["role"] for m in staff} == {"admin", "therapist"}


def test_the_admin_adds_a_therapist_who_can_then_work(world):
    body = {"username": "nina", "password": "a-long-test-password", "name": "Nina Nurse"}
    response = world.client("admin").post("/api/staff", body, content_type="application/json")
    assert response.status_code == 201
    assert response.json() == {
        "user_id": get_user_model().objects.get(username="nina").pk,
        "username": "nina",
        "name": "Nina Nurse",
        "role": "therapist",
        "active": True,
    }
    member = Membership.objects.get(user__username="nina")
    assert member.clinic == world.clinic and member.role == "therapist"


def test_a_bad_new_therapist_is_refused_with_the_fields_named_and_nothing_created(world):
    admin = world.client("admin")
    cases = [
        ({"username": "tess", "password": "a-long-test-password"}, "username: 'tess' is already"),
        ({"username": "nina", "password": "password"}, "password: This password is too"),
        ({"username": "nina", "password": "a-long-test-password", "role": "admin"}, "role"),
        ({"username": "", "password": "a-long-test-password"}, "username"),
    ]
    before = get_user_model().objects.count()
    for body, named in cases:
        response = admin.post("/api/staff", body, content_type="application/json")
        assert response.status_code == 422, body
        assert any(named in str(p) for p in response.json()["detail"]), response.json()
    assert get_user_model().objects.count() == before


def test_the_token_list_shows_the_clinics_tokens_never_a_secret(world):
    secret = issue_token(world.patient_a_user, "phone app")
    issue_token(world.other_therapist, "elsewhere")
    response = world.client("admin").get("/api/tokens")
    listed = response.json()
    assert [(t["name"], t["username"]) for t in listed] == [("phone app", "pat-a")]
    digest = ApiToken.objects.get(name="phone app").digest
    assert secret not in response.content.decode() and digest not in response.content.decode()

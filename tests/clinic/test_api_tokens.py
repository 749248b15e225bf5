"""The clinic admin's API token page and routes: they issue a token to a person of the clinic
(the secret shown once), list the clinic's tokens (never their secret) and revoke them at
once, writing each issue and revocation to the audit log."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from sciatica_pt.clinic.api.auth import digest, issue_token
from sciatica_pt.clinic.models import ApiToken, AuditEvent


def test_the_admin_sees_the_clinics_tokens_but_not_other_clinics_nor_the_secret(world):
    secret = issue_token(world.patient_a_user, "phone app")
    issue_token(world.therapist, "clinic laptop")
    issue_token(world.other_therapist, "elsewhere")
    html = world.client("admin").get("/staff/tokens/").content.decode()
    assert "phone app" in html and "clinic laptop" in html and "pat-a" in html
    assert "elsewhere" not in html and "oscar" not in html
    assert secret not in html and ApiToken.objects.get(name="phone app").digest not in html


# The admin's page and the API revoke the same way; the page answers with a redirect.
REVOKE = [("/staff/tokens/{}/revoke/", 302), ("/api/tokens/{}/revoke", 200)]


@pytest.mark.parametrize(("url", "done"), REVOKE)
def test_a_revoked_token_stops_working_at_once_and_the_revocation_is_audited(world, url, done):
    secret = issue_token(world.patient_a_user, "phone app")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    anonymous = world.client("anonymous")
    assert anonymous.get("/api/me/program", **bearer).status_code == 200
    token = ApiToken.objects.get(name="phone app")
    response = world.client("admin").post(url.format(token.pk))
    assert response.status_code == done
    assert anonymous.get("/api/me/program", **bearer).status_code == 401
    event = AuditEvent.objects.get(object_type="api_token")
    assert (event.action, event.object_id, event.username) == ("write", str(token.pk), "ada")
    assert event.patient_id == world.patient_a.pk


@pytest.mark.parametrize("url", [url for url, _ in REVOKE])
def test_an_admin_cannot_revoke_another_clinics_token(world, url):
    issue_token(world.other_therapist, "elsewhere")
    token = ApiToken.objects.get(name="elsewhere")
    response = world.client("admin").post(url.format(token.pk))
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert not AuditEvent.objects.filter(object_type="api_token").exists()


def test_a_therapist_can_neither_list_nor_revoke_tokens(world):
    issue_token(world.patient_a_user, "phone app")
    token = ApiToken.objects.get(name="phone app")
    therapist = world.client("therapist")
    assert therapist.get("/staff/tokens/").status_code == 403
    assert therapist.post(f"/staff/tokens/{token.pk}/revoke/").status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_revoking_needs_a_post(world):
    issue_token(world.patient_a_user, "phone app")
    token = ApiToken.objects.get(name="phone app")
    assert world.client("admin").get(f"/staff/tokens/{token.pk}/revoke/").status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_the_bearer_header_is_read_as_ninja_reads_it(world):
    """Scheme case-insensitive, the token after one space; anything else is no token."""
    secret = issue_token(world.patient_a_user, "phone app")
    anonymous = world.client("anonymous")

    def status(header: str) -> int:
        return anonymous.get("/api/me/program", HTTP_AUTHORIZATION=header).status_code

    assert status(f"Bearer {secret}") == 200
    assert status(f"bearer {secret}") == 200
    assert status(f"BEARER {secret}") == 200
    for wrong in (f"Basic {secret}", f"Bearer{secret}", "Bearer", "Bearer ", secret, ""):
        assert status(wrong) == 401, wrong
    assert status(f"Bearer  {secret}") == 401  # two spaces: the token would start with one
    assert status(f"Bearer {secret} ") == 401  # a trailing space is part of the token


def _issue_on_page(world, who: str, **form: str):
    return world.client(who).post("/staff/tokens/new/", form)


def _issue_in_api(world, who: str, **body: str):
    return world.client(who).post("/api/tokens", body, content_type="application/json")


def _secret_on_page(response) -> str:
    return re.search(r'id="secret" class="secret" value="([^"]+)"', response.content.decode())[1]


# Each way of issuing, with how the secret is read from its answer.
ISSUE = [
    (_issue_on_page, _secret_on_page),
    (_issue_in_api, lambda response: response.json()["token"]),
]


@pytest.mark.parametrize(("issue", "secret_of"), ISSUE)
def test_the_admin_issues_a_token_that_works_at_once_and_is_shown_only_then(
    world, issue, secret_of
):
    response = issue(world, "admin", username="pat-a", name=" Phone app ")
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    secret = secret_of(response)
    token = ApiToken.objects.get(user=world.patient_a_user)
    assert (token.name, token.digest) == ("Phone app", digest(secret))
    program = world.client("anonymous").get(
        "/api/me/program", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert program.status_code == 200
    assert secret not in world.client("admin").get("/staff/tokens/").content.decode()
    assert secret not in world.client("admin").get("/api/tokens").content.decode()
    event = AuditEvent.objects.get(object_type="api_token_issued")
    assert (event.action, event.object_id, event.username) == ("write", str(token.pk), "ada")
    assert event.patient_id == world.patient_a.pk
    assert secret not in str(AuditEvent.objects.values_list())


def test_the_api_answers_a_new_token_with_its_row_and_the_secret(world):
    body = _issue_in_api(world, "admin", username="tess", name="Clinic tablet").json()
    token = ApiToken.objects.get(user=world.therapist)
    assert body == {
        "id": token.pk,
        "name": "Clinic tablet",
        "username": "tess",
        "created_at": body["created_at"],
        "token": body["token"],
    }
    assert body["token"].startswith("spt_") and token.digest == digest(body["token"])


@pytest.mark.parametrize("issue", [issue for issue, _ in ISSUE])
def test_a_token_is_refused_for_anyone_outside_the_clinic_or_stopped_with_the_field_named(
    world, issue
):
    get_user_model().objects.filter(pk=world.therapist2.pk).update(is_active=False)
    nobody = "username: no one of this clinic with an active login has this username"
    cases = [
        ({"username": "oscar", "name": "x"}, nobody),  # another clinic's therapist
        ({"username": world.therapist2.username, "name": "x"}, nobody),  # access stopped
        ({"username": "no-such-user", "name": "x"}, nobody),
        ({"username": "tess", "name": "   "}, "name: a label of 1 to 100 characters"),
        ({"username": "tess", "name": "x" * 101}, "name"),
    ]
    for form, named in cases:
        response = issue(world, "admin", **form)
        assert response.status_code in (400, 422), form
        assert named in response.content.decode(), (form, response.content[:300])
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(object_type="api_token_issued").exists()


def test_a_bad_page_form_keeps_what_was_typed(world):
    response = _issue_on_page(world, "admin", username="no-such-user", name="Phone app")
    html = response.content.decode()
    assert response.status_code == 400 and 'value="no-such-user"' in html
    assert 'value="Phone app"' in html and 'role="alert"' in html


@pytest.mark.parametrize("who", ["therapist", "patient_a_user", "anonymous", "other_therapist"])
@pytest.mark.parametrize("issue", [issue for issue, _ in ISSUE])
def test_only_the_clinics_admin_issues_tokens(world, issue, who):
    response = issue(world, who, username="pat-a", name="Phone app")
    assert response.status_code in (302, 401, 403)
    assert not ApiToken.objects.exists()


def test_issuing_needs_a_post(world):
    assert world.client("admin").get("/staff/tokens/new/").status_code == 405

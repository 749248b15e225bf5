"""The clinic admin's API token page and routes: they list the clinic's tokens (never their
secret) and revoke them at once, writing the revocation to the audit log."""

from __future__ import annotations

import pytest

from sciatica_pt.clinic.api.auth import issue_token
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

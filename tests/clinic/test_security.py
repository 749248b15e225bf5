"""Security: headers, CSRF on session-auth API writes, login throttling, tokens, cookies."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from sciatica_pt.clinic.api.auth import issue_token
from sciatica_pt.clinic.models import ApiToken, OutcomeScore


def test_security_headers_are_present(world):
    response = world.client("therapist").get("/patients/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("therapist", "/patients/"),
        ("patient_a_user", "/me/"),
        ("patient_a_user", "/api/me/program"),
        ("anonymous", "/login/"),
    ],
)
def test_no_cache_keeps_a_page_or_an_api_answer(world, who, url):
    # Patient data must not outlive the session in a browser's or a proxy's cache.
    response = world.client(who).get(url)
    assert response.status_code == 200
    directives = {d.strip() for d in response.headers["Cache-Control"].split(",")}
    assert "no-store" in directives  # the login page's own never_cache says more; never less


def test_session_cookies_are_http_only_and_same_site_lax():
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    # In the database, shared by every worker.
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")  # tests only


def test_production_settings_put_argon2_first():
    from sciatica_pt.clinic import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_csrf_is_enforced_on_session_auth_api_writes(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.therapist, backend=settings.SCIATICA_PT_LOGIN_BACKEND)
    url = f"/api/patients/{world.patient_a.pk}/outcomes"
    body = {"measure": "leg_pain_nrs", "value": 3, "recorded_on": "2026-11-20"}
    before = OutcomeScore.objects.count()
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert OutcomeScore.objects.count() == before
    client.get("/patients/")  # sets the CSRF cookie
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    accepted = client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201


def test_csrf_is_enforced_on_page_forms(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.therapist, backend=settings.SCIATICA_PT_LOGIN_BACKEND)
    response = client.post(f"/patients/{world.patient_a.pk}/discharge/")
    assert response.status_code == 403
    world.patient_a.refresh_from_db()
    assert world.patient_a.discharged_on is None


def test_login_is_throttled_after_repeated_failures(world):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "tess", "password": "wrong"})
    locked = client.post("/login/", {"username": "tess", "password": "a-long-test-password"})
    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content


def test_a_correct_login_works_and_lands_on_the_patient_list(world):
    response = Client().post(
        "/login/", {"username": "tess", "password": "a-long-test-password"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/patients/"


def test_api_tokens_are_stored_hashed_and_authenticate(world):
    token = issue_token(world.therapist, "integration")
    assert not ApiToken.objects.filter(digest=token).exists()
    ok = Client().get("/api/patients", headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    assert [p["id"] for p in ok.json()] == sorted(
        [world.patient_a.pk, world.patient_b.pk], key=lambda pk: pk
    ) or len(ok.json()) == 2
    bad = Client().get("/api/patients", headers={"Authorization": "Bearer spt_not-a-token"})
    assert bad.status_code == 401


def test_a_token_client_needs_no_csrf_token(world):
    token = issue_token(world.therapist, "integration")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/api/patients/{world.patient_a.pk}/outcomes",
        {"measure": "odi_percent", "value": 30, "recorded_on": "2026-11-20"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201


def test_a_user_changes_their_password_and_a_wrong_current_one_changes_nothing(world):
    client = world.client("patient_a_user")
    bad = client.post(
        "/account/password/",
        {
            "old_password": "nope",
            "new_password1": "b-new-long-pass-9",
            "new_password2": "b-new-long-pass-9",
        },
    )
    assert bad.status_code == 200 and b"Nothing was changed" in bad.content
    ok = client.post(
        "/account/password/",
        {
            "old_password": "a-long-test-password",
            "new_password1": "b-new-long-pass-9",
            "new_password2": "b-new-long-pass-9",
        },
    )
    assert ok.status_code == 302
    world.patient_a_user.refresh_from_db()
    assert world.patient_a_user.check_password("b-new-long-pass-9")


def test_an_expired_session_no_longer_logs_the_user_in(world):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = Client()
    client.force_login(world.therapist, backend=settings.SCIATICA_PT_LOGIN_BACKEND)
    assert client.get("/patients/").status_code == 200
    Session.objects.update(expire_date=timezone.now())
    assert client.get("/patients/").status_code == 302

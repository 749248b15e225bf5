"""API authentication: bearer tokens for API clients, the session (with CSRF) for the browser."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from sciatica_pt.clinic.models import ApiToken
from sciatica_pt.clinic.token_secrets import TOKEN_PREFIX, digest, issue_token

__all__ = ["AUTH", "TOKEN_PREFIX", "BearerToken", "digest", "issue_token"]


class BearerToken(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        """As HttpBearer's, reading the one header from META: `request.headers` builds a
        mapping of every header on each request. Unlike it, never logs the header's value."""
        scheme, _, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not token:
            return None
        return self.authenticate(request, token)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        # The user's role comes with the token (a staff membership or a patient record, or
        # neither), so the request's permission checks read no more rows to find it.
        found = (
            ApiToken.objects.select_related("user__membership", "user__patient_profile")
            .filter(digest=digest(token))
            .first()
        )
        user = found.user if found is not None else None
        if user is None or not user.is_active:
            return None
        request.user = user
        return user


AUTH = [BearerToken(), SessionAuth(csrf=True)]

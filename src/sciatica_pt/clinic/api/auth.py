"""API authentication: bearer tokens for API clients, the session (with CSRF) for the browser."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from sciatica_pt.clinic import hot
from sciatica_pt.clinic.models import ApiToken

TOKEN_PREFIX = "spt_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: Any, name: str) -> str:
    """Create a token and return it; only its digest is kept, so show it once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=digest(token))
    return token


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
        user = hot.user_by_token(digest(token))
        if user is None or not user.is_active:
            return None
        request.user = user
        return user


AUTH = [BearerToken(), SessionAuth(csrf=True)]

"""API token secrets: made here, shown once, stored only as a SHA-256 digest. Apart from
`api.auth`, so the services can issue tokens without importing the API package."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from sciatica_pt.clinic.models import ApiToken

TOKEN_PREFIX = "spt_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(user: Any, name: str) -> tuple[ApiToken, str]:
    """The stored row and the secret, which exists nowhere else once this returns."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return ApiToken.objects.create(user=user, name=name, digest=digest(token)), token


def issue_token(user: Any, name: str) -> str:
    """Create a token and return it; only its digest is kept, so show it once."""
    return new_token(user, name)[1]

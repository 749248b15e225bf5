"""`sciatica-pt token USERNAME`: issue an API token for a clinic user (shown once; only its
digest is stored)."""

from __future__ import annotations

import os

from rich.console import Console


def create(username: str, name: str) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sciatica_pt.clinic.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from sciatica_pt.clinic.api.auth import issue_token

    errors = Console(stderr=True)
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        errors.print(f"username: no active user {username!r}", markup=False)
        return 2
    print(issue_token(user, name))
    errors.print("Keep this token secret: it is shown only once.", markup=False)
    return 0

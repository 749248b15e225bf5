"""Authentication backend that loads the user's role with the user: one query per request
instead of three (user, membership, patient record), which matters on every page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from sciatica_pt.clinic import hot


class ClinicBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user = hot.user_by_id(user_id)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None

"""The clinic's authentication backend: Django's ModelBackend, whose session user brings
their role with them.

Every page asks who the user is (a staff membership, a patient record, or neither: the
navigation, the permission checks, the audit row's clinic). Loaded with the user in one
statement (`select_related` of the two one-to-one rows), those questions read no more rows;
without it each page read the membership and the patient record on their own. Bearer tokens
do the same (`clinic.api.auth`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ClinicBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        users = get_user_model()._default_manager.select_related("membership", "patient_profile")
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

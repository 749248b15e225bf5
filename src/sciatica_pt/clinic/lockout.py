"""Login throttling: django-axes' database handler, with a second limit per address.

Axes locks a user name tried from one address after AXES_FAILURE_LIMIT failures. Password
spraying (one likely password tried against many user names) never reaches that limit for
any one name, so an address is also locked once its failures over all names reach
SCIATICA_PT_ADDRESS_FAILURE_LIMIT within the cool-off time (higher than the per-name limit:
a clinic's staff often share one address behind a router). Both locks lift after the
cool-off time; both stop the login form only. API tokens are separate secrets an admin
issued and are not locked out (docs/web.md says why); stopping a person's access ends them.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


class ClinicLockout(AxesDatabaseHandler):  # type: ignore[misc]
    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        """Checked before each login: the right password from a locked address fails too."""
        return super().is_locked(request, credentials) or address_locked(request)

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        """After each failure is recorded: the failure that reaches the address's limit
        answers with the lockout page, like the one that reaches a name's."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and address_locked(request):
            request.axes_locked_out = True


def address_failures(address: str | None) -> int:
    """Failed logins from `address` within the cool-off time, over every user name."""
    if not address:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=address)
    if (cool_off := get_cool_off()) is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return int(attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0)


def address_locked(request: HttpRequest) -> bool:
    address = getattr(request, "axes_ip_address", None)
    return address_failures(address) >= settings.SCIATICA_PT_ADDRESS_FAILURE_LIMIT

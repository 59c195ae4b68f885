"""Login throttling: django-axes' database handler with a second, higher limit per address.

axes counts failures per lockout parameter set but applies one AXES_FAILURE_LIMIT to all of
them, so adding "ip_address" to AXES_LOCKOUT_PARAMETERS would lock a whole city hall behind one
NAT address after 5 typos by anyone, and a successful login would reset the address's count
(axes resets every parameter set on success). Instead, the user name + address limit stays as
it was, and this handler also locks an address that failed for any user names
GYOKAKU_LOGIN_FAILURES_PER_ADDRESS times within the cool-off time (password spraying).
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def address_failures(request: HttpRequest) -> int:
    """Failed logins from the request's address within the cool-off time, for any user name."""
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    if not address:
        return 0
    if not hasattr(request, "axes_attempt_time"):
        request.axes_attempt_time = None  # type: ignore[attr-defined]  # axes reads it
    attempts = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return int(attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0)


class LoginThrottle(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        per_name = int(super().get_failures(request, credentials))
        if address_failures(request) >= settings.GYOKAKU_LOGIN_FAILURES_PER_ADDRESS:
            # Reported as the user name limit reached: axes has one limit to compare with.
            return max(per_name, int(get_failure_limit(request, credentials)))
        return per_name

"""Login throttling with one limit per lockout rule (django-axes counts every rule against one limit).

A user name is locked after ``AXES_FAILURE_LIMIT`` failures from one address, and after
``AXES_USERNAME_FAILURE_LIMIT`` failures from any addresses together. The second rule holds when the client
address cannot be trusted (gunicorn reached directly, a forged X-Forwarded-For rotating per try); it is
higher so that a typo-prone clerk in a shared office is still locked by her own address first.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


def lockout_rules() -> list[tuple[list[str], int]]:
    """(axes lockout parameters, failures that lock them), in the order of ``AXES_LOCKOUT_PARAMETERS``."""
    return [
        (["username", "ip_address"], int(settings.AXES_FAILURE_LIMIT)),
        (["username"], int(settings.AXES_USERNAME_FAILURE_LIMIT)),
    ]


def lockout_parameters(request_or_attempt=None, credentials=None) -> list[list[str]]:
    """``AXES_LOCKOUT_PARAMETERS``: the rules' parameter sets."""
    return [parameters for parameters, _ in lockout_rules()]


class TieredLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        # Axes compares this number with AXES_FAILURE_LIMIT; each rule's count is scaled to that limit, so that
        # reaching a rule's own limit reaches it (floor(count × base / limit) >= base exactly when count >= limit).
        base = get_failure_limit(request, credentials)
        scaled = 0
        for (_, limit), attempts in zip(lockout_rules(), self.get_user_attempts(request, credentials), strict=True):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            scaled = max(scaled, count * base // max(limit, 1))
        return scaled

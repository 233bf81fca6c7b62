"""Telling a township clerk that a 身份证号 is registered in another township: limited per user and audited.

The answer matters for a 调动 (the woman moved; county staff must transfer her record), but each one is also
an answer to "is this person registered anywhere in the county?". So, for township staff, every number found
in another township counts against an hourly allowance per user (``ID_NUMBER_LOOKUP_LIMIT``, 20 by
default) kept in the shared cache, and is written to the audit log. Once the allowance is used up, any number
that is not one of her own township's is refused with the same message, whether it is registered elsewhere or
nowhere, so that the refusal no longer tells the two apart. County-wide users see every row anyway.

A batch of checks (one form save, one import) is answered from the allowance at its start and recorded at its
end with ``record()``, outside the import's dry-run savepoint, which would otherwise roll the record back.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError

from audit.log import Kind, Result, audit_log
from orgs import idnumbers, scoping

ELSEWHERE_MESSAGE = "该身份证号已在其他乡镇登记，不能在此{action}；如需调入本乡镇，请提交“调动申请”。"
LIMIT_MESSAGE = (
    "您在一小时内已{limit}次录入其他乡镇登记的身份证号，暂停核对本乡镇以外的身份证号；请一小时后再试，"
    "或联系县妇联办理。"
)
WINDOW_SECONDS = 3600


def _limit() -> int:
    return int(getattr(settings, "ID_NUMBER_LOOKUP_LIMIT", 20))


def _key(user) -> str:
    return f"orgs.idlookups.{user.pk}"


def _recent(user, now: float) -> list[float]:
    return [moment for moment in cache.get(_key(user), []) if moment > now - WINDOW_SECONDS]


class OutsideNumberChecks:
    """The answers about numbers outside the user's township for one batch; ``refusal()`` per number."""

    def __init__(self, *, user, channel: str, action: str = "录入") -> None:
        self.user = user
        self.channel = channel  # where the number was entered, e.g. "妇女干部导入"
        self.elsewhere = ValidationError(ELSEWHERE_MESSAGE.format(action=action), code="registered_elsewhere")
        self.counted = user is not None and not scoping.sees_whole_county(user)
        self.remaining = max(_limit() - len(_recent(user, time.time())), 0) if self.counted else 0
        self.found: dict[str, str] = {}  # lookup hash -> masked number, each counted once per batch
        self.refused_at_limit = 0

    def refusal(self, *, number: str, registered_elsewhere: bool) -> ValidationError | None:
        """The error for a number that is not one of the user's own rows (None: she may enter it)."""
        if not self.counted:
            return None
        lookup = idnumbers.lookup_hash(number)
        if lookup in self.found:
            return self.elsewhere
        if self.remaining <= 0:
            self.refused_at_limit += 1
            return ValidationError(LIMIT_MESSAGE.format(limit=_limit()), code="lookup_limit")
        if not registered_elsewhere:
            return None
        self.remaining -= 1
        self.found[lookup] = idnumbers.mask(number)
        return self.elsewhere

    def record(self, request=None) -> None:
        """Count this batch's answers against the allowance and write one audit event for each."""
        if not self.counted or not (self.found or self.refused_at_limit):
            return
        request = request if request is not None else _current_request()
        now = time.time()
        earlier = _recent(self.user, now)
        cache.set(_key(self.user), earlier + [now] * len(self.found), WINDOW_SECONDS)
        for count, masked in enumerate(self.found.values(), start=len(earlier) + 1):
            audit_log(
                request=request,
                user=self.user,
                kind=Kind.ID_LOOKUP,
                result=Result.FAILURE,
                object_repr=f"身份证号 {masked}",
                detail=f"{self.channel}：该身份证号已在其他乡镇登记，已拒绝录入"
                f"（一小时内第 {count} 次，上限 {_limit()} 次）。",
            )
        if self.refused_at_limit:
            audit_log(
                request=request,
                user=self.user,
                kind=Kind.ID_LOOKUP,
                result=Result.FAILURE,
                object_repr=self.channel,
                detail=f"一小时内核对其他乡镇身份证号已达上限 {_limit()} 次，又拒绝 {self.refused_at_limit} 个号码。",
            )


def _current_request():
    """The request being served (set by simple-history's middleware), for code that is not handed one."""
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)

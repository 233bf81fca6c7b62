"""The steps of the year's close (年报定稿) and who may take them: the permissions, the confirmation's legal
moves (``TRANSITIONS``), and the ``*_problem`` rules the 年报定稿 page asks before it offers a button and the
services ask again before they act. An illegal step raises ``SealingError``, its Chinese message shown as it is.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from orgs import scoping
from reports.forms import FIRST_YEAR
from reports.models import YearConfirmation

Status = YearConfirmation.Status
CONFIRM = "reports.confirm_yearconfirmation"
RETURN = "reports.return_yearconfirmation"
SEAL = "reports.seal_yearseal"


# (from, to) -> the permission the acting user needs; None is "not confirmed yet". Anything else is illegal.
TRANSITIONS: dict[tuple[str | None, str], str] = {
    (None, Status.CONFIRMED): CONFIRM,
    (Status.RETURNED, Status.CONFIRMED): CONFIRM,
    (Status.CONFIRMED, Status.RETURNED): RETURN,
}


class SealingError(ValidationError):
    """An illegal or unauthorised step of the year's close; its message is shown to the user as it is."""


def _year_problem(year: int) -> str | None:
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        return f"年度应在{FIRST_YEAR}年至{this_year}年之间。"
    return None


def _in_scope(user, township_id: int) -> bool:
    return scoping.sees_whole_county(user) or scoping.township_id_of(user) == township_id


def confirm_problem(*, user, township_id: int, year: int, status: str | None, sealed: bool) -> str | None:
    """Why ``user`` may not confirm the township's year now (None: she may)."""
    if not user.has_perm(TRANSITIONS[(None, Status.CONFIRMED)]):
        return "您没有确认填报完成的权限。"
    if not _in_scope(user, township_id):
        return "您只能确认本乡镇的填报。"
    if sealed:
        return f"{year}年度已定稿，不能再确认填报完成。"
    if (status, Status.CONFIRMED) not in TRANSITIONS:
        return f"本乡镇{year}年度已确认填报完成，无需重复确认。"
    return _year_problem(year)


def return_problem(*, user, township_id: int, year: int, status: str | None, sealed: bool) -> str | None:
    """Why ``user`` may not return the township's confirmation now (None: she may)."""
    if not user.has_perm(TRANSITIONS[(Status.CONFIRMED, Status.RETURNED)]):
        return "您没有退回填报的权限。"
    if not _in_scope(user, township_id):
        return "您无权退回其他乡镇的填报。"
    if sealed:
        return f"{year}年度已定稿，不能退回；如需更正，请更正数据后重新定稿。"
    if (status, Status.RETURNED) not in TRANSITIONS:
        return "该乡镇尚未确认填报完成，无需退回。"
    return None


def seal_problem(*, user, year: int) -> str | None:
    """Why ``user`` may not seal ``year`` at all (None: she may; the reason and the acknowledgement of
    unconfirmed townships are checked when she does)."""
    if not user.has_perm(SEAL):
        return "您没有年报定稿的权限。"
    return _year_problem(year)

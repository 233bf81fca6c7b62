"""Sealing the year (年报定稿): the townships' 填报完成, the county's seal, and the sealed figures.

Writes are the three keyword-only atomic services ``year_confirm``, ``year_return`` (``confirmation``) and
``year_seal`` (``seal``). Each locks the township rows it concerns (in id order, ``locking``), so a
confirmation and a seal of the same year cannot pass each other, checks the step with the same ``*_problem``
function the page asks before showing a button (``rules``), and records the step in the security audit log.
Illegal steps raise ``SealingError`` with a Chinese message and, the services being atomic, change nothing.

Reads: ``sealed_table(scope)`` gives the latest seal of a year sliced exactly as
``reports.indicators.figures.live_table`` slices the live figures (``for_scope`` prefers it, ``seal``);
``year_close_state`` is everything the 年报定稿 page shows (``year_close``); ``compare`` lines sealed and
live up per indicator (``comparison``).
"""

from reports.sealing.comparison import Comparison, compare, indicators_for
from reports.sealing.confirmation import year_confirm, year_return
from reports.sealing.rules import (
    CONFIRM,
    RETURN,
    SEAL,
    TRANSITIONS,
    SealingError,
    Status,
    confirm_problem,
    return_problem,
    seal_problem,
)
from reports.sealing.seal import (
    COUNTY_ROW_NAME,
    encode_snapshot,
    latest_seal,
    sealed_previous_table,
    sealed_table,
    year_seal,
)
from reports.sealing.year_close import Step, TownshipState, YearCloseState, confirmation_for, year_close_state

__all__ = [
    "CONFIRM",
    "COUNTY_ROW_NAME",
    "RETURN",
    "SEAL",
    "TRANSITIONS",
    "Comparison",
    "SealingError",
    "Status",
    "Step",
    "TownshipState",
    "YearCloseState",
    "compare",
    "confirm_problem",
    "confirmation_for",
    "encode_snapshot",
    "indicators_for",
    "latest_seal",
    "return_problem",
    "seal_problem",
    "sealed_previous_table",
    "sealed_table",
    "year_close_state",
    "year_confirm",
    "year_return",
    "year_seal",
]

"""Dates as people type them: 2024-05-01, 2024/5/1, 2024.5.1, 2024年5月1日 or 20240501.

``parse_date`` is the one reader: the import's date columns (``entry.cells.DateWidget``) and
every form's date field (``ChineseDateField``) call it, so the two always agree. A date that does not exist
(2024年2月30日, 20241301) is refused, not rolled over; so is a year outside ``YEARS``, which is a typing slip
in a federation's records (birth dates, appointments, meetings), not a date anyone means.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

ACCEPTED_FORMS = ("2024-05-01", "2024/5/1", "2024.5.1", "2024年5月1日", "20240501")
DATE_HELP = "可写作 " + "、".join(ACCEPTED_FORMS[:-1]) + " 或 " + ACCEPTED_FORMS[-1]
YEARS = range(1900, 2101)

_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
# What a spreadsheet or a copied datetime adds after the date: "T08:30", " 00:00:00".
_TIME_SUFFIX = re.compile(r"(T|\s+)\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


def parse_date(value) -> datetime.date | None:
    """The date a cell or a form field holds, None when empty; ``ValueError`` with a Chinese message
    (which says what is accepted) for anything else."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 20240501 typed into a number cell
    # Full-width digits and ．／－ typed with a Chinese input method become ASCII (年月日 stay as they are).
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = _TIME_SUFFIX.sub("", text).replace(" ", "")
    if not text:
        return None
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            if year not in YEARS:
                raise ValueError(f"日期“{text}”的年份应在{YEARS.start}年至{YEARS.stop - 1}年之间。")
            try:
                return datetime.date(year, month, day)
            except ValueError as exc:
                raise ValueError(f"日期“{text}”不存在。") from exc
    raise ValueError(f"日期“{text}”格式不正确：{DATE_HELP}。")


class DateTextInput(forms.DateInput):
    """A plain text box for the portal's dates: a browser's date picker would refuse 2024年5月1日."""

    def __init__(self, attrs=None) -> None:
        super().__init__(
            attrs={"placeholder": "如 2024-05-01", "autocomplete": "off", **(attrs or {})}, format="%Y-%m-%d"
        )


class ChineseDateField(forms.DateField):
    """A date form field that reads what ``parse_date`` reads, and says so under the box."""

    widget = DateTextInput

    def __init__(self, *, help_text: str = "", **kwargs) -> None:
        kwargs.pop("input_formats", None)
        super().__init__(help_text=help_text or DATE_HELP, **kwargs)

    def to_python(self, value) -> datetime.date | None:
        if value in self.empty_values:
            return None
        try:
            return parse_date(value)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc

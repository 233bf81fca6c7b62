"""Cell converters for imports and exports: what people type in Excel in, native values out.

Every ``clean`` raises ``ValueError`` with a Chinese message (django-import-export turns it into a
row error for that column); every ``render`` returns a value an Excel cell can hold as it is (a date
stays a date, a choice becomes its Chinese label).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from import_export import widgets

from entry import dates, phones

# The template's guide says what dates may look like: the same words as under every form's date box.
DATE_HELP = f"日期{dates.DATE_HELP}"


def text_of(value) -> str:
    """A cell as text: numbers Excel stored for digits-only entries (phone numbers) lose their ``.0``."""
    if type(value) is str:  # most cells: the checks below cost more than the strip
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


class TextWidget(widgets.Widget):
    def __init__(self, max_length: int | None = None, **kwargs) -> None:
        self.max_length = max_length
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs) -> str:
        text = text_of(value)
        if self.max_length and len(text) > self.max_length:
            raise ValueError(f"内容过长：最多 {self.max_length} 个字符（现为 {len(text)} 个）。")
        return text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class DateWidget(widgets.Widget):
    """A date cell, read by the forms' own reader (``entry.dates``): what the import takes, a form takes."""

    def clean(self, value, row=None, **kwargs) -> datetime.date | None:
        return dates.parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return value


class IntegerWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> int | None:
        text = text_of(value)
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(f"“{text}”不是整数。") from exc
        if number != number.to_integral_value():
            raise ValueError(f"“{text}”不是整数。")
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return value


class DecimalWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> Decimal | None:
        text = text_of(value)
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(f"“{text}”不是数字。") from exc

    def render(self, value, obj=None, **kwargs):
        return value


class BooleanWidget(widgets.Widget):
    TRUE = {"是", "有", "√", "✓", "1", "true", "yes", "y", "已建", "已挂牌"}
    FALSE = {"否", "无", "×", "0", "false", "no", "n", "未建", "未挂牌", ""}
    choices = ("是", "否")

    def __init__(self, *, blank: bool = False, **kwargs) -> None:
        self.blank = blank  # what an empty cell means
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs) -> bool:
        if isinstance(value, bool):
            return value
        text = text_of(value).lower()
        if not text:
            return self.blank
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(f"“{text_of(value)}”应填“是”或“否”。")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class ChoiceWidget(widgets.Widget):
    """A ``TextChoices`` field typed as its Chinese label (the stored code is accepted too)."""

    def __init__(self, choices, *, allowed=None, **kwargs) -> None:
        self.labels = {str(value): str(label) for value, label in choices if allowed is None or value in allowed}
        self.by_label = {label: value for value, label in self.labels.items()}
        super().__init__(**kwargs)

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self.labels.values())

    def clean(self, value, row=None, **kwargs) -> str:
        text = text_of(value)
        if not text:
            return ""
        if text in self.by_label:
            return self.by_label[text]
        normalised = text.replace("（", "(").replace("）", ")")
        if normalised in self.by_label:
            return self.by_label[normalised]
        if text in self.labels:
            return text
        raise ValueError(f"“{text}”不是可选项，应为：{'、'.join(self.choices)}。")

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(str(value), "") if value not in (None, "") else ""


class PhoneWidget(TextWidget):
    """A mobile or a landline, checked and stored as the cadre form does it (``entry.phones``)."""

    def clean(self, value, row=None, **kwargs) -> str:
        text = super().clean(value, row=row, **kwargs)
        if "*" in text:
            raise ValueError("这是打码后的手机号（导出文件中的），不能用于导入：请填写完整号码。")
        return phones.normalise_phone(text)


def mask_phone(phone: str) -> str:
    phone = phone or ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]

"""Telephone numbers as people type them: a mainland mobile (138 0000 1234, 138-0000-1234, +86 13800001234)
or a landline with its area code (0571-88888888, 057188888888, (0571) 8888 8888).

``normalise_phone`` is the one reader, used by the cadre form, the cadre import and the sign-in sheet. It
keeps a mobile as its 11 digits and a landline as 区号-号码, so that the same number typed two ways is
stored once and a sign-in sheet finds the cadre by it.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

PHONE_HELP = "11位手机号（如 13812345678），或带区号的固定电话（如 0571-88888888）"
_SEPARATORS = re.compile(r"[\s\-－—()（）]")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# 010 and 020–029 are the three-digit area codes; every other one has four digits. Local numbers: 7–8.
_LANDLINE = re.compile(r"^(0(?:10|2\d|[3-9]\d{2}))([2-9]\d{6,7})$")
_COUNTRY = re.compile(r"^(\+86|0086)")


def normalise_phone(value) -> str:
    """The number as stored ("" for an empty value); ``ValueError`` with a Chinese message otherwise."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel keeps a typed mobile number as a number
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return ""
    digits = _COUNTRY.sub("", _SEPARATORS.sub("", text))
    if not digits.isdigit():
        raise ValueError(f"电话号码“{text}”含有数字以外的字符：应为{PHONE_HELP}。")
    if _MOBILE.match(digits):
        return digits
    landline = _LANDLINE.match(digits)
    if landline:
        return f"{landline.group(1)}-{landline.group(2)}"
    if digits.startswith("1") and len(digits) != 11:
        raise ValueError(f"手机号“{text}”有{len(digits)}位数字，应为11位（如 13812345678）。")
    if digits.startswith("1"):
        raise ValueError(f"手机号“{text}”不正确：应以13至19开头（如 13812345678）。")
    raise ValueError(f"电话号码“{text}”不正确：应为{PHONE_HELP}。")


def validate_phone(value) -> None:
    """A model or form validator: the same rule as ``normalise_phone``."""
    try:
        normalise_phone(value)
    except ValueError as exc:
        raise ValidationError(str(exc), code="invalid") from exc


class PhoneField(forms.CharField):
    """A telephone number form field: cleaned to its stored form, with the accepted forms under the box."""

    def __init__(self, *, help_text: str = "", **kwargs) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(help_text=help_text or PHONE_HELP, **kwargs)
        self.widget.attrs.setdefault("inputmode", "tel")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value) -> str:
        text = super().to_python(value)
        try:
            return normalise_phone(text)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc

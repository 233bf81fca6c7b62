"""The import column of a 身份证号: a cell converter bound to the federation's number rules (``orgs.idnumbers``),
so it lives with the domain; the other cell converters are ``entry.cells``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from import_export import widgets

from entry.cells import text_of
from orgs import idnumbers


class IdNumberWidget(widgets.Widget):
    """身份证号: normalised (full-width digits, lower-case x), checked with the same validator as the form."""

    def clean(self, value, row=None, **kwargs) -> str:
        if isinstance(value, int | float):
            raise ValueError("身份证号被 Excel 存成了数字（末几位会丢失）：请把该列设为文本格式后重新填写。")
        number = idnumbers.normalise(text_of(value))
        if not number:
            return ""
        if "*" in number:
            raise ValueError("这是打码后的身份证号（导出文件中的），不能用于导入：请填写完整号码。")
        try:
            idnumbers.validate_id_number(number)
        except ValidationError as exc:
            raise ValueError("；".join(exc.messages)) from exc
        return number

    def render(self, value, obj=None, **kwargs):
        return value or ""

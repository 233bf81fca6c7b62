"""Helpers for driving the admin like a browser: read a change form, post it back changed."""

from __future__ import annotations

from django import forms


def form_data(response) -> dict:
    """The POST a browser would send for the admin form (and inlines) rendered in ``response``."""
    data: dict = {}

    def add(form) -> None:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field.widget, forms.MultiWidget):  # e.g. the user's date joined: date and time boxes
                parts = value if isinstance(value, list) else field.widget.decompress(value)
                for index, part in enumerate(parts):
                    data[f"{key}_{index}"] = "" if part is None else str(part)
            elif isinstance(field, forms.BooleanField):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = "" if value is None else str(value)

    add(response.context["adminform"].form)
    inlines = response.context.get("inline_admin_formsets", [])
    for inline in inlines:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    # The hidden stale-edit fingerprint of a change form (editing.stale), which the browser posts back too.
    fingerprint = response.context.get("stale_fingerprint")
    if fingerprint:
        data[response.context["stale_fingerprint_field"]] = fingerprint
    return data


def add_inline_row(data: dict, prefix: str, **values) -> dict:
    """Append one new row to the inline formset ``prefix`` of a form_data() dict."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = str(value)
    return data


def has_errors(response) -> bool:
    return response.status_code == 200 and 'class="errornote"' in response.content.decode()


INVALID_CHOICE = "选择一个有效的选项"

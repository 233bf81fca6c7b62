"""Stale-edit protection for admin change forms and portal edit forms, without a version column.

When a change form is rendered it carries a keyed fingerprint of the row as it was read
(``templates/admin/change_form.html`` puts it in a hidden input). On save, the row is read again under
``select_for_update`` inside the admin's transaction; if its fingerprint differs, somebody else saved in
between and this save is refused with a message instead of silently overwriting their work.

Only the row's own columns are compared: inline rows and many-to-many choices are not part of it.

A save that carries no fingerprint at all (a form from an old page, a script, a forged POST) is refused as
stale too: without it nothing shows that the sender ever saw the current row.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac

if TYPE_CHECKING:  # the classes these mixins are mixed into, for the type checker only
    from django.contrib.admin import ModelAdmin

    _AdminBase = ModelAdmin
    _FormBase = forms.Form
else:
    _AdminBase = _FormBase = object

FIELD_NAME = "_state_fingerprint"
STALE_MESSAGE = (
    "保存失败：在您编辑期间，该记录已被其他人修改。为避免覆盖对方的修改，请重新打开该记录，核对最新内容后再修改。"
)


def state_fingerprint(obj) -> str:
    """A keyed hash of the row's column values (keyed, so the page does not reveal anything it hashes)."""
    values = [(field.attname, str(field.value_from_object(obj))) for field in obj._meta.concrete_fields]
    # The salt keeps the module's first name, so that pages opened before the move still save.
    return salted_hmac("orgs.stale.state_fingerprint", json.dumps(values, ensure_ascii=False)).hexdigest()


class StaleEditMixin(_AdminBase):
    """For ModelAdmin: refuse a change-form save when the row changed after the form was opened."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and obj.pk is not None:
            # A re-rendered form (after an error) keeps the fingerprint of the state first read, or none if it
            # came without one: either way the user has to reopen the record to save over a newer state.
            context["stale_fingerprint_field"] = FIELD_NAME
            context["stale_fingerprint"] = (
                request.POST.get(FIELD_NAME) if request.method == "POST" else state_fingerprint(obj)
            )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        if request.method != "POST" or not change or obj is None:
            return form_class
        submitted = request.POST.get(FIELD_NAME, "")
        model = self.model

        class StaleCheckedForm(form_class):  # type: ignore[valid-type,misc]
            def clean(self):
                cleaned_data = super().clean()
                # The admin's change view runs in a transaction: the lock holds until this save commits,
                # so of two simultaneous saves the second waits and then sees the first one's change.
                current = (
                    model._default_manager.select_for_update(of=("self",))
                    .filter(pk=self.instance.pk)
                    .order_by()
                    .first()
                )
                if not submitted or current is None or state_fingerprint(current) != submitted:
                    raise ValidationError(STALE_MESSAGE, code="stale")
                return cleaned_data

        StaleCheckedForm.__name__ = form_class.__name__
        return StaleCheckedForm


class StaleEditFormMixin(_FormBase):
    """For portal forms that edit an existing row: the same fingerprint in a hidden field, checked in
    ``clean()`` under ``select_for_update`` (the request's transaction holds the lock until the save).

    The form names its row with ``stale_guarded_object()``; a ModelForm's instance by default."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[FIELD_NAME] = forms.CharField(widget=forms.HiddenInput, required=False)
        obj = self.stale_guarded_object()
        if obj is not None and obj.pk is not None:
            self.fields[FIELD_NAME].initial = state_fingerprint(obj)

    def stale_guarded_object(self):
        return getattr(self, "instance", None)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data is None:  # a form's clean() may return None to keep its cleaned_data
            cleaned_data = self.cleaned_data
        obj = self.stale_guarded_object()
        if obj is not None and obj.pk is not None:
            submitted = cleaned_data.get(FIELD_NAME)
            current = type(obj)._default_manager.select_for_update(of=("self",)).filter(pk=obj.pk).order_by().first()
            if not submitted or current is None or state_fingerprint(current) != submitted:
                raise ValidationError(STALE_MESSAGE, code="stale")
        return cleaned_data

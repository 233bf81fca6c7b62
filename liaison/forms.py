"""Portal forms of 联系点; the choices are narrowed to the user's scope, dates read as clerks type them."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from editing.stale import StaleEditFormMixin
from entry.dates import ChineseDateField
from liaison.models import CONTACT_UNIT_KINDS, ContactPoint, Visit, VisitPhoto, contact_people, person_name
from orgs.models import Unit
from orgs.widgets import LongSelect

INVALID_CHOICE = "所选项不存在或不在您的管辖范围内。"


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page's <form> carries the token
    helper.add_input(Submit("submit", label))
    return helper


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        if obj.kind == Unit.Kind.TOWNSHIP:
            return obj.name
        return f"{obj.township.name if obj.township_id else ''} · {obj.name}（{obj.get_kind_display()}）"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_name(obj)


class ContactPointForm(StaleEditFormMixin, forms.ModelForm):
    """指定联系点: who follows which unit in which year; the "123" quota is checked by the model's ``clean``
    (``quota_refusal``), so the portal, the admin and any script refuse alike."""

    class Meta:
        model = ContactPoint
        fields = ("year", "person", "unit", "category", "note")
        field_classes = {"person": PersonChoiceField, "unit": UnitChoiceField}
        widgets = {"unit": LongSelect}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = contact_people()
        self.fields["unit"].queryset = (
            Unit.objects.for_user(user)
            .filter(kind__in=CONTACT_UNIT_KINDS, is_active=True)
            .select_related("township")
            .order_by("township_id", "kind", "name")
        )
        for name in ("person", "unit"):
            self.fields[name].error_messages["invalid_choice"] = INVALID_CHOICE
        self.fields["category"].required = False
        self.fields[
            "category"
        ].help_text = "留空则按单位类别确定；村(社区)创建示范点的，可计入“两新组织或示范点创建单位”。"
        if not self.instance.pk and not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year
        self.helper = _helper("保存")

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit")
        if unit is not None and not cleaned.get("category"):
            cleaned["category"] = ContactPoint.default_category(unit.kind) or ""
        return cleaned


class VisitForm(StaleEditFormMixin, forms.ModelForm):
    class Meta:
        model = Visit
        fields = (
            "visited_on",
            "visitors",
            "findings",
            "help_given",
            "follow_up",
            "follow_up_done",
            "follow_up_done_on",
        )
        field_classes = {"visited_on": ChineseDateField, "follow_up_done_on": ChineseDateField}
        widgets = {
            "findings": forms.Textarea(attrs={"rows": 3}),
            "help_given": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow_up_done_on"].help_text = "勾选已办结时填写；留空则为今天。"
        self.helper = _helper("保存")


class PhotoForm(forms.ModelForm):
    class Meta:
        model = VisitPhoto
        fields = ("file", "caption")
        widgets = {
            "file": forms.ClearableFileInput(
                attrs={"class": "form-control form-control-sm", "accept": "image/jpeg,image/png"}
            ),
            "caption": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        }


class ContactPointFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    township = forms.ModelChoiceField(label="乡镇(街道)", queryset=Unit.objects.none(), required=False)
    category = forms.ChoiceField(
        label="联系类别", required=False, choices=[("", "全部")] + list(ContactPoint.Category.choices)
    )
    q = forms.CharField(label="单位或联系人", required=False, max_length=30)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from orgs import scoping

        self.fields["township"].queryset = scoping.visible_townships(user)
        self.fields["township"].error_messages["invalid_choice"] = INVALID_CHOICE

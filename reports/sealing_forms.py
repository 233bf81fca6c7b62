"""The posts of the 年报定稿 page: confirm, return, seal. They only parse; the rules are reports.sealing's."""

from __future__ import annotations

from django import forms

from orgs.models import Unit


class YearStepForm(forms.Form):
    year = forms.IntegerField(label="年度", error_messages={"required": "请选择年度。", "invalid": "年度无效。"})
    township = forms.IntegerField(label="乡镇(街道)", required=False, error_messages={"invalid": "乡镇无效。"})


class ReturnForm(YearStepForm):
    township = forms.IntegerField(
        label="乡镇(街道)", error_messages={"required": "请选择乡镇。", "invalid": "乡镇无效。"}
    )
    reason = forms.CharField(
        label="退回原因",
        max_length=500,
        error_messages={"required": "请填写退回原因。"},
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SealForm(YearStepForm):
    reason = forms.CharField(
        label="定稿说明", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The townships listed as unconfirmed on the page (hidden inputs), and the box that acknowledges them.
    unconfirmed = forms.TypedMultipleChoiceField(coerce=int, required=False)
    acknowledge = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unconfirmed"].choices = [
            (pk, pk) for pk in Unit.objects.filter(kind=Unit.Kind.TOWNSHIP).values_list("pk", flat=True)
        ]

    @property
    def acknowledged(self) -> list[int]:
        """The townships the user acknowledged as unconfirmed: those listed, if she ticked the box."""
        return self.cleaned_data["unconfirmed"] if self.cleaned_data.get("acknowledge") else []

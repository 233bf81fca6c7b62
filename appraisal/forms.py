"""Portal forms of 考核. Forms only collect and type-check input; the rules live in ``services``."""

from __future__ import annotations

from django import forms

from appraisal.models import Assessment, Category, points_text
from files.uploads import ALLOWED_LABEL, validate_attachment


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    note = forms.CharField(label="完成情况说明", widget=forms.Textarea(attrs={"rows": 4}))
    uploads = MultipleFileField(
        label="佐证材料",
        required=False,
        validators=[],
        help_text=f"可一次选择多个文件，支持{ALLOWED_LABEL}。",
    )

    def clean_uploads(self):
        files = self.cleaned_data.get("uploads") or []
        for upload in files:
            validate_attachment(upload)
        return files


class ScoreForm(forms.Form):
    score = forms.DecimalField(label="得分", min_value=0, max_digits=5, decimal_places=1)
    comment = forms.CharField(label="评语", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, points=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if points is not None:
            self.fields["score"].widget.attrs.update({"max": points, "step": "0.5"})
            self.fields["score"].help_text = f"满分 {points_text(points)} 分。"


class ReturnForm(forms.Form):
    comment = forms.CharField(label="需要补充的材料", widget=forms.Textarea(attrs={"rows": 3}))


class QueueFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, required=False)
    category = forms.ModelChoiceField(
        label="考核类别", queryset=Category.objects.all(), required=False, empty_label="全部类别"
    )
    unit = forms.CharField(label="考核单位", required=False, max_length=40)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *Assessment.Status.choices])

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年") for y in years]

"""Portal forms of 执委履职; the activities offered are always narrowed to the user's scope."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from duties import selectors
from duties.models import DutyScheme, ExecutiveDutyRecord
from duties.services import MAX_TIMES
from editing.stale import StaleEditFormMixin
from orgs import scoping
from orgs.models import Cadre
from orgs.widgets import LongSelect

INVALID_CHOICE = "所选项不存在或不在您的管辖范围内。"
YEARS_BACK = 5


def year_choices() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(y, f"{y}年") for y in range(this_year, this_year - YEARS_BACK - 1, -1)]


class _CompactForm(forms.Form):
    """A one-line filter form: small Bootstrap controls."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = (
                "form-control form-control-sm"
                if isinstance(field.widget, forms.TextInput)
                else "form-select form-select-sm"
            )
            field.widget.attrs["class"] = css


class ExecutiveFilterForm(_CompactForm):
    year = forms.TypedChoiceField(label="年度", coerce=int, required=False, empty_value=None)
    township = forms.TypedChoiceField(
        label="乡镇(街道)", coerce=int, required=False, empty_value=None, widget=LongSelect
    )
    status = forms.ChoiceField(label="填报情况", required=False, choices=selectors.STATUS_CHOICES)
    q = forms.CharField(label="姓名/单位", required=False, max_length=30)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        self.fields["township"].choices = [("", "全部")] + list(
            scoping.visible_townships(user).values_list("pk", "name")
        )


class YearForm(_CompactForm):
    year = forms.TypedChoiceField(label="年度", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()


class ActivityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        day = f"{obj.starts_on.month}月{obj.starts_on.day}日"
        return f"{day} {obj.title}（{obj.get_category_display()}，{obj.organiser.name}）"


class DutyRecordForm(StaleEditFormMixin, forms.ModelForm):
    """A 执委's year: the count of women in touch, activities from the offered list, other activities in
    words, and per item of the year's scheme how many times it applies."""

    activities = ActivityChoiceField(
        label="组织或参与的活动",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": INVALID_CHOICE, "invalid_pk_value": INVALID_CHOICE},
        help_text="列出本乡镇和县妇联本年度登记的培训与活动，以及她签到参加过的。",
    )

    class Meta:
        model = ExecutiveDutyRecord
        fields = ("women_in_touch", "activities", "other_activities", "notes")
        widgets = {
            "other_activities": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, cadre: Cadre, year: int, scheme: DutyScheme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = selectors.offered_activities(
            user=user, cadre=cadre, year=year
        ).select_related("organiser")
        current = {}
        if self.instance.pk:
            current = {entry.item_id: entry.times for entry in self.instance.score_entries.all()}
        self.item_fields = []
        for item in scheme.items.all():
            name = f"item_{item.pk}"
            self.fields[name] = forms.IntegerField(
                label=f"{item.name}（{item.signed_display}）",
                min_value=0,
                max_value=MAX_TIMES,
                required=False,
                initial=current.get(item.pk, 0),
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "style": "width:6em"}),
                error_messages={
                    "min_value": "次数不能为负数。",
                    "max_value": f"次数不能超过{MAX_TIMES}。",
                    "invalid": "请填写整数次数。",
                },
            )
            self.item_fields.append((item, name))

    def score_fields(self) -> list:
        """(item, bound field) for the template's table of score items."""
        return [(item, self[name]) for item, name in self.item_fields]

    def scores(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data.get(name) or 0 for item, name in self.item_fields}

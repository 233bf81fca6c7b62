"""The year (and, for county-wide readers, township) a report is drawn up for."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from orgs import scoping
from orgs.models import Unit
from orgs.widgets import LongSelect

FIRST_YEAR = 2015


class ReportFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int)
    township = forms.TypedChoiceField(
        label="乡镇(街道)",
        coerce=int,
        required=False,
        empty_value=None,
        widget=LongSelect(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, data=None, *, user, **kwargs) -> None:
        this_year = timezone.localdate().year
        data = data.copy() if data is not None else {}
        data.setdefault("year", str(this_year))
        super().__init__(data, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年") for y in range(this_year, FIRST_YEAR - 1, -1)]
        self.whole_county = scoping.sees_whole_county(user)
        if self.whole_county:
            townships = Unit.objects.filter(kind=Unit.Kind.TOWNSHIP).order_by("pk").values_list("pk", "name")
            self.fields["township"].choices = [("", "全县")] + list(townships)
        else:
            # Township staff always get their own township; the field is not offered.
            del self.fields["township"]

    @property
    def selected_year(self) -> int:
        return self.cleaned_data["year"]

    @property
    def selected_township_id(self) -> int | None:
        return self.cleaned_data.get("township")

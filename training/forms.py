"""Portal forms of the training app; choices are always narrowed to the user's scope."""

from __future__ import annotations

import datetime
import re
import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from editing.stale import StaleEditFormMixin
from entry.dates import ChineseDateField
from entry.phones import normalise_phone
from files.spreadsheets import MAX_UPLOAD_BYTES
from orgs import scoping
from orgs.models import Cadre, Unit
from orgs.widgets import LongSelect
from training import selectors
from training.models import Attendance, Audience, Event, EventAttachment
from training.scan_signin import MAX_WINDOW
from training.services import allowed_organisers

INVALID_CHOICE = "所选项不存在或不在您的管辖范围内。"


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page's <form> carries the token
    helper.add_input(Submit("submit", label))
    return helper


class EventForm(StaleEditFormMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = (
            "title",
            "category",
            "kind",
            "activity_kind",
            "audiences",
            "organiser",
            "starts_on",
            "ends_on",
            "place",
            "hours",
            "budget",
            "participant_count",
            "description",
        )
        field_classes = {"starts_on": ChineseDateField, "ends_on": ChineseDateField}
        widgets = {
            "audiences": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        sole = offer_organisers(self.fields["organiser"], user)
        if sole is not None and not self.instance.pk:
            self.initial["organiser"] = sole.pk  # a new event's empty organiser would win over the field's
        self.fields["organiser"].error_messages["invalid_choice"] = INVALID_CHOICE
        self.fields["audiences"].queryset = Audience.objects.order_by("sort_order", "pk")
        self.helper = _helper("保存")


def offer_organisers(field: forms.ModelChoiceField, user) -> Unit | None:
    """主办单位 offers the units the user may name. When that is one unit (a township clerk's own township)
    there is no empty choice to pick by mistake, and the unit is returned for the caller to preselect on a
    new event. The portal's form and the admin's both ask here."""
    organisers = allowed_organisers(user).order_by("kind", "pk")
    field.queryset = organisers
    only = list(organisers[:2])
    if len(only) != 1:
        return None
    field.empty_label = None
    field.initial = only[0].pk
    return only[0]


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = EventAttachment
        fields = ("kind", "file")
        widgets = {
            "kind": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "file": forms.ClearableFileInput(attrs={"class": "form-control form-control-sm"}),
        }


class AttendanceForm(forms.Form):
    """One participant: a cadre chosen from the user's roster, or an external participant by name.

    The cadre select only ever lists the search results (never the whole roster); its queryset is the
    user's scope, so a forged cadre id of another township fails validation."""

    cadre = forms.ModelChoiceField(
        label="妇女干部",
        queryset=Cadre.objects.none(),
        required=False,
        error_messages={"invalid_choice": INVALID_CHOICE},
        help_text="在上方输入姓名、拼音首字母或单位查找名册中的干部。",
    )
    name = forms.CharField(label="名册外人员姓名", max_length=30, required=False)
    organisation_name = forms.CharField(label="名册外人员单位", max_length=100, required=False)
    status = forms.ChoiceField(label="出勤", choices=Attendance.Status.choices, initial=Attendance.Status.ATTENDED)
    hours_individual = forms.DecimalField(
        label="认定学时",
        max_digits=5,
        decimal_places=1,
        min_value=0,
        required=False,
        help_text="留空则按本次培训学时认定，本次学时修改后随之变化（缺席为0）；填写则单独认定。",
    )

    def __init__(self, *args, user, matches: list[Cadre] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cadre"]
        field.queryset = Cadre.objects.for_user(user)
        matches = list(matches or [])
        chosen = str(self.data.get("cadre", "")) if self.is_bound else ""
        if chosen.isdigit() and all(str(c.pk) != chosen for c in matches):
            # A cadre picked through the live search stays selected when the form comes back with errors.
            matches += list(field.queryset.filter(pk=int(chosen)).select_related("unit"))
        field.widget.choices = [("", "——名册外人员——")] + [(c.pk, f"{c.name}（{c.unit.name}）") for c in matches]
        self.helper = _helper("登记")

    def clean(self):
        data = super().clean()
        if not data.get("cadre") and not (data.get("name") or "").strip() and not self.errors:
            raise forms.ValidationError("请选择名册中的干部，或填写名册外参训人员的姓名。")
        return data


class SignInUploadForm(forms.Form):
    file = forms.FileField(label="签到表（Excel .xlsx）", help_text="第一行为表头：姓名、身份证号或手机号、单位。")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("上传并预览")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"文件过大：不能超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB。")
        return upload


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


class EventFilterForm(_CompactForm):
    year = forms.TypedChoiceField(label="年度", coerce=int, required=False, empty_value=None)
    category = forms.ChoiceField(label="类别", required=False, choices=[("", "全部")] + Event.Category.choices)
    kind = forms.ChoiceField(label="培训形式", required=False, choices=[("", "全部")] + Event.Kind.choices)
    activity_kind = forms.ChoiceField(
        label="活动类型", required=False, choices=[("", "全部")] + Event.ActivityKind.choices
    )
    organiser = forms.ChoiceField(label="主办", required=False)
    audience = forms.TypedChoiceField(label="培训对象", coerce=int, required=False, empty_value=None)
    q = forms.CharField(label="名称/地点", required=False, max_length=50)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", "全部")] + [(y, f"{y}年") for y in range(this_year, this_year - 6, -1)]
        organisers = [("", "全部")]
        if scoping.sees_whole_county(user):
            organisers.append((selectors.COUNTY_ORGANISER, "县妇联"))
        organisers += [(str(pk), name) for pk, name in scoping.visible_townships(user).values_list("pk", "name")]
        self.fields["organiser"].choices = organisers
        self.fields["audience"].choices = [("", "全部")] + list(
            Audience.objects.order_by("sort_order", "pk").values_list("pk", "name")
        )


class UntrainedFilterForm(_CompactForm):
    UNIT_KINDS = [
        ("", "全部"),
        (Unit.Kind.VILLAGE, "村"),
        (Unit.Kind.COMMUNITY, "社区"),
        (Unit.Kind.TOWNSHIP, "乡镇(街道)"),
        (Unit.Kind.ENTERPRISE, "非公企业"),
        (Unit.Kind.SOCIAL_ORG, "社会组织"),
        (Unit.Kind.ORGAN, "县直机关/事业单位"),
    ]

    year = forms.TypedChoiceField(label="年度", coerce=int, required=False, empty_value=None)
    position = forms.ChoiceField(label="职务", required=False, choices=[("", "全部")] + Cadre.Position.choices)
    unit_kind = forms.ChoiceField(label="组织类别", required=False, choices=UNIT_KINDS)
    township = forms.TypedChoiceField(
        label="乡镇(街道)", coerce=int, required=False, empty_value=None, widget=LongSelect
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, f"{y}年") for y in range(this_year, this_year - 6, -1)]
        self.fields["township"].choices = [("", "全部")] + list(
            scoping.visible_townships(user).values_list("pk", "name")
        )


# --- 扫码签到 ---------------------------------------------------------------------------------------------

_DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y年%m月%d日 %H:%M"]


class ScanWindowForm(forms.Form):
    """签到时间: the window in which the event's QR code lets people sign in (a GET form: nothing is stored,
    the window is signed into the link)."""

    opens = forms.DateTimeField(
        label="签到开始",
        input_formats=_DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    closes = forms.DateTimeField(
        label="签到截止",
        input_formats=_DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    @staticmethod
    def initial_for(event: Event) -> dict:
        """From now until 18:00 on the event's last day (two hours when that has passed)."""
        now = timezone.localtime().replace(second=0, microsecond=0)
        closes = timezone.make_aware(datetime.datetime.combine(event.ends_on, datetime.time(18, 0)))
        if closes <= now:
            closes = now + datetime.timedelta(hours=2)
        return {"opens": now, "closes": closes}

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes:
            if closes <= opens:
                self.add_error("closes", "签到截止时间应晚于开始时间。")
            elif closes - opens > MAX_WINDOW:
                self.add_error("closes", f"签到时间最长 {MAX_WINDOW.days} 天。")
            elif closes <= timezone.now():
                self.add_error("closes", "签到截止时间已过，请重新选择。")
        return data


class ScanSignInForm(forms.Form):
    """The participant's form on the public page. Its messages never repeat what was typed: the page echoes
    nothing that was posted (a shared phone, a screenshot, a reflected script)."""

    name = forms.CharField(
        label="姓名", max_length=30, error_messages={"required": "请填写姓名。", "max_length": "姓名过长。"}
    )
    phone = forms.CharField(label="手机号", max_length=20, error_messages={"required": "请填写手机号。"})
    id_last4 = forms.CharField(label="身份证号后四位", max_length=8, required=False)

    def clean_name(self) -> str:
        name = "".join(self.cleaned_data["name"].split())
        if not name or any(ch in name for ch in "<>\"'&/\\"):
            raise forms.ValidationError("请填写真实姓名。")
        return name

    def clean_phone(self) -> str:
        try:
            phone = normalise_phone(self.cleaned_data["phone"])
        except ValueError:
            phone = ""
        if len(phone) != 11:  # a mobile only: one sign-in per mobile number
            raise forms.ValidationError("请填写正确的11位手机号。")
        return phone

    def clean_id_last4(self) -> str:
        value = unicodedata.normalize("NFKC", self.cleaned_data.get("id_last4") or "").replace(" ", "").upper()
        if value and not re.fullmatch(r"\d{3}[\dX]", value):
            raise forms.ValidationError("身份证号后四位应为4位数字（末位可为X）。")
        return value

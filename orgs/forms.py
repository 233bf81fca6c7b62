"""Forms of the orgs app: login, the cadre form that handles the 身份证号, and the township filter."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from entry.dates import ChineseDateField
from entry.phones import PhoneField
from orgs import idnumbers, scoping
from orgs.idlookups import OutsideNumberChecks
from orgs.models import Cadre, Unit
from orgs.widgets import LongSelect


class PortalAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账号已停用。",
    }


class CadreForm(forms.ModelForm):
    """The 身份证号 is typed in plain text and stored encrypted. Users without the reveal permission
    never see the stored number: the field starts empty and leaving it empty keeps it.

    A number that is not one of the user's own township's goes through ``orgs.idlookups`` (given ``user``):
    "registered in another township" is limited per hour and audited."""

    id_number = forms.CharField(label="身份证号", max_length=30, required=False)
    # Checked and stored as the cadre import does it (entry.phones): a mobile's 11 digits or 区号-号码.
    phone = PhoneField(label="手机号", required=False)

    class Meta:
        model = Cadre
        fields = (
            "name",
            "unit",
            "sex",
            "birth_date",
            "ethnicity",
            "political_status",
            "education",
            "phone",
            "is_reserve",
            "notes",
        )
        field_classes = {"birth_date": ChineseDateField}

    def __init__(self, *args, can_reveal: bool = False, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance
        if instance.pk and instance.id_number_masked:
            if can_reveal:
                self.fields["id_number"].initial = instance.id_number
            else:
                self.fields["id_number"].help_text = f"已登记：{instance.id_number_masked}。留空表示不修改。"
        else:
            self.fields["id_number"].help_text = "18位，末位可为X；全角字符会自动转换。"

    def clean_id_number(self) -> str:
        number = idnumbers.normalise(self.cleaned_data.get("id_number", ""))
        if number:
            idnumbers.validate_id_number(number)
        return number

    def _post_clean(self) -> None:
        super()._post_clean()
        number = self.cleaned_data.get("id_number") if hasattr(self, "cleaned_data") else None
        if number and "id_number" not in self.errors:
            refusal = self._outside_number_refusal(number)
            if refusal is not None:
                self.add_error("id_number", refusal)
                return
            try:
                self.instance.set_id_number(number)
            except forms.ValidationError as exc:
                self._update_errors(exc)

    def _outside_number_refusal(self, number: str) -> forms.ValidationError | None:
        """For township staff, a number that is neither this cadre's nor another of her township's cadres."""
        lookup = idnumbers.lookup_hash(number)
        if self.user is None or lookup == self.instance.id_number_hash:
            return None
        others = Cadre.objects.filter(id_number_hash=lookup).exclude(pk=self.instance.pk)
        if scoping.scope(others, self.user).exists():
            return None  # her own township's cadre: the model says it is registered already
        checks = OutsideNumberChecks(user=self.user, channel="妇女干部录入")
        refusal = checks.refusal(number=number, registered_elsewhere=others.exists())
        checks.record()
        return refusal


class TownshipFilterForm(forms.Form):
    """?township=<id> on a scoped list: county-wide users pick any township, township staff only their own
    (another township's id is refused, not silently widened or narrowed)."""

    township = forms.ModelChoiceField(
        label="乡镇",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="全部",
        widget=LongSelect,
        error_messages={"invalid_choice": "所选乡镇不存在或不在您的管辖范围内。"},
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = scoping.visible_townships(user).only("pk", "name")

    @property
    def township_id(self) -> int | None:
        township = self.cleaned_data.get("township") if self.is_valid() else None
        return township.pk if township else None


class TransferRequestForm(forms.Form):
    """调动申请 by a township: who (as she knows her), into which of her units, and why."""

    name = forms.CharField(label="姓名", max_length=30)
    id_number = forms.CharField(
        label="身份证号",
        max_length=30,
        help_text="18 位身份证号，用于核对此人在其他乡镇的登记；申请中只保留遮挡后的号码。",
    )
    to_unit = forms.ModelChoiceField(label="调入单位", queryset=Unit.objects.none(), widget=LongSelect)
    reason = forms.CharField(label="调动原因", widget=forms.Textarea(attrs={"rows": 3}), max_length=500)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = Unit.objects.for_user(user).filter(is_active=True).only("pk", "name")


class TransferDecisionForm(forms.Form):
    """County staff's decision on a 调动申请; a refusal says why."""

    decision = forms.TypedChoiceField(
        label="审批意见",
        choices=[("approve", "同意调入"), ("refuse", "不同意")],
        coerce=lambda value: value == "approve",
        widget=forms.RadioSelect,
    )
    decision_note = forms.CharField(
        label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=500
    )

"""Portal forms of the 示范点 workflow. Forms only collect and type-check input; the rules live in
``services`` (whose ValidationErrors the views attach to the form)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from demo_sites.models import CATEGORY_UNIT_KINDS, Application, Category, Decision, Level, Review, plain
from editing.stale import StaleEditFormMixin
from entry.dates import ChineseDateField
from files.uploads import ALLOWED_LABEL, validate_attachment
from orgs import scoping
from orgs.models import Unit
from orgs.widgets import LongSelect

_ALL_KINDS = sorted({kind for kinds in CATEGORY_UNIT_KINDS.values() for kind in kinds})


def _helper(submit_label: str | None = None, *, form_tag: bool = True) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = form_tag
    if submit_label:
        helper.add_input(Submit("submit", submit_label))
    return helper


def _score_field(criterion, *, required: bool) -> forms.DecimalField:
    return forms.DecimalField(
        label=f"{criterion.name}得分",
        required=required,
        min_value=0,
        max_value=criterion.max_score,
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(
            attrs={
                "step": "0.5",
                "min": "0",
                "max": plain(criterion.max_score),
                "class": "form-control form-control-sm",
                "data-score-input": "",
                "data-max": plain(criterion.max_score),
            }
        ),
    )


def _unit_choices(user, township_id: int | None):
    """Units a user may pick: their own township's, or for the county one township's (or the organs)."""
    units = scoping.scope(Unit.objects.filter(kind__in=_ALL_KINDS, is_active=True), user)
    if scoping.sees_whole_county(user):
        units = (
            units.filter(township_id=township_id)
            if township_id
            else Unit.objects.filter(kind=Unit.Kind.ORGAN, is_active=True)
        )
    return units.order_by("kind", "name")


class ApplicationCreateForm(forms.Form):
    """新建申报. Township staff choose among their own units; county staff first pick a township (or
    get the county organs), so the list never holds the whole county."""

    category = forms.ChoiceField(label="示范点类别", choices=Category.choices)
    level = forms.ChoiceField(label="申报级别", choices=Level.choices, initial=Level.COUNTY)
    unit = forms.ModelChoiceField(label="申报单位", queryset=Unit.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    contact = forms.CharField(label="联系人及电话", max_length=60, required=False)
    summary = forms.CharField(label="创建情况简介", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, user, township_id: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["unit"].queryset = _unit_choices(user, township_id)
        self.helper = _helper("保存草稿")

    def clean(self):
        data = super().clean()
        unit, category = data.get("unit"), data.get("category")
        if unit and category and unit.kind not in CATEGORY_UNIT_KINDS[Category(category)]:
            kinds = "、".join(Unit.Kind(k).label for k in CATEGORY_UNIT_KINDS[Category(category)])
            self.add_error("unit", f"{Category(category).label}只能由{kinds}申报。")
        return data


class DesignationRecordForm(forms.Form):
    """登记上级命名: a 市级 or 省级 site named by the city or province (县级 ones come from acceptance)."""

    category = forms.ChoiceField(label="示范点类别", choices=Category.choices)
    level = forms.ChoiceField(label="级别", choices=[c for c in Level.choices if c[0] != Level.COUNTY])
    unit = forms.ModelChoiceField(label="单位", queryset=Unit.objects.none())
    year = forms.IntegerField(label="命名年度", min_value=2000, max_value=2100)
    designated_on = ChineseDateField(label="挂牌日期")
    certificate_number = forms.CharField(label="牌匾/证书编号", max_length=50, required=False)

    def __init__(self, *args, user, township_id: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["unit"].queryset = _unit_choices(user, township_id)
        self.helper = _helper("登记")


class CriteriaScoresMixin:
    """Adds a score (and a text) field per criterion; ``rows`` pairs them with their criterion."""

    text_prefix = "comment"
    text_label = "评语"
    score_required = True

    def add_criteria_fields(self, criteria, initial: dict | None = None) -> None:
        initial = initial or {}
        self.criteria = list(criteria)
        for criterion in self.criteria:
            text, score = initial.get(criterion.pk, ("", None))
            self.fields[f"score_{criterion.pk}"] = _score_field(criterion, required=self.score_required)
            self.fields[f"score_{criterion.pk}"].initial = score
            self.fields[f"{self.text_prefix}_{criterion.pk}"] = forms.CharField(
                label=f"{criterion.name}{self.text_label}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
                initial=text,
            )

    @property
    def rows(self):
        return [
            (criterion, self[f"{self.text_prefix}_{criterion.pk}"], self[f"score_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def criteria_data(self) -> dict[int, tuple]:
        """criterion id -> (score, text) for the services."""
        return {
            c.pk: (self.cleaned_data.get(f"score_{c.pk}"), self.cleaned_data.get(f"{self.text_prefix}_{c.pk}", ""))
            for c in self.criteria
        }


class SelfAssessmentForm(StaleEditFormMixin, CriteriaScoresMixin, forms.Form):
    """申报表: the summary plus evidence and a self score per criterion (scores may wait until submission)."""

    text_prefix = "evidence"
    text_label = "自评情况"
    score_required = False

    contact = forms.CharField(label="联系人及电话", max_length=60, required=False)
    summary = forms.CharField(label="创建情况简介", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, application: Application, criteria, self_assessments, **kwargs) -> None:
        self.application = application
        super().__init__(*args, **kwargs)
        self.fields["contact"].initial = application.contact
        self.fields["summary"].initial = application.summary
        initial = {row.criterion_id: (row.evidence, row.score) for row in self_assessments}
        self.add_criteria_fields(criteria, initial)
        self.helper = _helper(form_tag=False)

    def stale_guarded_object(self) -> Application:
        return self.application

    def assessments(self) -> dict[int, tuple[str, object]]:
        return {pk: (text, score) for pk, (score, text) in self.criteria_data().items()}


class SubmitForm(forms.Form):
    comment = forms.CharField(
        label="整改落实情况/提交说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="整改后重新提交时必填。",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("提交申报")


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件", validators=[validate_attachment], help_text=f"支持{ALLOWED_LABEL}。")
    description = forms.CharField(label="说明", max_length=100, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("上传")


METHOD_CHOICES = [("by_site_visit", "实地查看"), ("by_document_review", "查阅资料"), ("by_discussion", "座谈")]


class AcceptanceForm(CriteriaScoresMixin, forms.Form):
    """验收评分表: inspection details, a score and comment per criterion, and the decision."""

    inspected_on = ChineseDateField(label="验收日期")
    inspectors = forms.CharField(label="验收人员", max_length=200)
    methods = forms.MultipleChoiceField(label="验收方式", choices=METHOD_CHOICES, widget=forms.CheckboxSelectMultiple)
    decision = forms.ChoiceField(label="验收结论", choices=Decision.choices, widget=forms.RadioSelect)
    rectifications = forms.CharField(
        label="整改要求（每行一条）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reasons = forms.CharField(label="理由/意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    override_reason = forms.CharField(
        label="未达标仍予通过的理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="评分未达到通过标准而决定通过时必填。",
    )
    designation_level = forms.ChoiceField(label="命名级别", choices=Level.choices, required=False)
    certificate_number = forms.CharField(label="牌匾/证书编号", max_length=50, required=False)
    designated_on = ChineseDateField(label="挂牌日期", required=False)

    def __init__(self, *args, application: Application, criteria, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["inspected_on"].initial = today
        self.fields["designated_on"].initial = today
        self.fields["designation_level"].initial = application.level
        self.add_criteria_fields(criteria)
        self.helper = _helper(form_tag=False)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        methods = set(data["methods"])
        return {
            "inspected_on": data["inspected_on"],
            "inspectors": data["inspectors"],
            "by_site_visit": "by_site_visit" in methods,
            "by_document_review": "by_document_review" in methods,
            "by_discussion": "by_discussion" in methods,
            "scores": self.criteria_data(),
            "decision": data["decision"],
            "rectifications": data["rectifications"],
            "reasons": data["reasons"],
            "override_reason": data["override_reason"],
            "certificate_number": data["certificate_number"],
            "designated_on": data["designated_on"],
            "designation_level": data["designation_level"] or None,
        }


class ReviewForm(CriteriaScoresMixin, forms.Form):
    reviewed_on = ChineseDateField(label="复核日期")
    inspectors = forms.CharField(label="复核人员", max_length=200)
    outcome = forms.ChoiceField(label="复核结论", choices=Review.Outcome.choices, widget=forms.RadioSelect)
    comments = forms.CharField(label="复核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewed_on"].initial = timezone.localdate()
        self.add_criteria_fields(criteria)
        self.helper = _helper(form_tag=False)


class RevokeForm(forms.Form):
    revoked_on = ChineseDateField(label="摘牌日期")
    reason = forms.CharField(label="摘牌原因", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["revoked_on"].initial = timezone.localdate()
        self.helper = _helper("确认摘牌")


class RecommendForm(forms.Form):
    """推荐市级: the county's note on why the site deserves 市级."""

    note = forms.CharField(
        label="推荐意见",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="写明推荐理由，如创建成效、特色做法。",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("推荐市级")


CITY_DECISION_CHOICES = [("accepted", "通过（命名为市级示范点）"), ("rejected", "不通过")]


class CityDecisionForm(forms.Form):
    """市级审核结果: the city's decision on a recommendation, as its document says."""

    decision = forms.ChoiceField(label="市级审核结果", choices=CITY_DECISION_CHOICES, widget=forms.RadioSelect)
    decided_on = ChineseDateField(label="命名日期/审核日期")
    document_number = forms.CharField(
        label="命名文号", max_length=60, required=False, help_text="通过时必填，如 市妇字〔2026〕12号。"
    )
    scan = forms.FileField(
        label="命名文件扫描件",
        required=False,
        validators=[validate_attachment],
        help_text=f"通过时必传，支持{ALLOWED_LABEL}。",
    )
    reasons = forms.CharField(
        label="不通过理由", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="不通过时必填。"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        self.helper = _helper("保存市级审核结果")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "decision": data["decision"],
            "decided_on": data["decided_on"],
            "document_number": data["document_number"],
            "scan": data["scan"] or None,
            "reasons": data["reasons"],
        }


class SubsidyForm(forms.Form):
    granted_on = ChineseDateField(label="拨付日期")
    amount = forms.DecimalField(label="金额(元)", min_value=0.01, max_digits=12, decimal_places=2)
    purpose = forms.CharField(label="用途", max_length=200)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["granted_on"].initial = timezone.localdate()
        self.helper = _helper("登记补助")


def _township_filter(form: forms.Form, user) -> None:
    """County-wide users filter by township; township staff only ever see their own, so no filter."""
    if scoping.sees_whole_county(user):
        form.fields["township"].queryset = scoping.visible_townships(user).only("pk", "name")
    else:
        del form.fields["township"]


def _township_id(data: dict) -> int | None:
    township = data.get("township")
    return township.pk if township else None


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=[("", "全部")] + Application.Status.choices, required=False)
    township = forms.ModelChoiceField(
        label="乡镇", queryset=Unit.objects.none(), required=False, empty_label="全部", widget=LongSelect
    )
    category = forms.ChoiceField(label="类别", choices=[("", "全部")] + Category.choices, required=False)
    level = forms.ChoiceField(label="级别", choices=[("", "全部")] + Level.choices, required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    overdue = forms.BooleanField(label="仅显示逾期未验收", required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _township_filter(self, user)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row row-cols-lg-auto g-2 align-items-end no-print"
        self.helper.add_input(Submit("filter", "筛选", css_class="btn-sm"))

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"] or None,
            "township_id": _township_id(data),
            "category": data["category"] or None,
            "level": data["level"] or None,
            "year": data["year"],
            "overdue": data["overdue"],
        }


class DesignationFilterForm(forms.Form):
    category = forms.ChoiceField(label="类别", choices=[("", "全部")] + Category.choices, required=False)
    level = forms.ChoiceField(label="级别", choices=[("", "全部")] + Level.choices, required=False)
    township = forms.ModelChoiceField(
        label="乡镇", queryset=Unit.objects.none(), required=False, empty_label="全部", widget=LongSelect
    )
    in_force = forms.BooleanField(label="仅显示现有示范点(未摘牌)", required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _township_filter(self, user)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row row-cols-lg-auto g-2 align-items-end no-print"
        self.helper.add_input(Submit("filter", "筛选", css_class="btn-sm"))

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "category": data["category"] or None,
            "level": data["level"] or None,
            "township_id": _township_id(data),
            "in_force_only": data["in_force"],
        }

"""Excel exports of the 示范点 records (export only: these rows are written by the workflow services).

Each resource is scoped to its user by ``ScopedResource`` and fetches what its columns show in a fixed
number of queries.
"""

from __future__ import annotations

from django.db.models import DecimalField, OuterRef, Subquery, Sum
from django.utils import timezone

from demo_sites.models import Application, Designation, SelfAssessment, Subsidy
from entry.cells import DateWidget, DecimalWidget, IntegerWidget, TextWidget
from orgs.importing.resources import Column, ScopedResource


def _township_name(obj) -> str:
    return obj.township.name if obj.township_id else "县直单位"


class ApplicationResource(ScopedResource):
    title = "示范点申报"

    township = Column(None, "所属乡镇")
    unit = Column(None, "申报单位")
    category = Column(None, "示范点类别")
    level = Column(None, "申报级别")
    year = Column("year", "年度", IntegerWidget())
    status = Column(None, "状态")
    self_total = Column("self_total", "自评总分", DecimalWidget())
    submitted_on = Column(None, "提交日期", DateWidget())
    deadline = Column("deadline", "验收截止日期", DateWidget())
    contact = Column("contact", "联系人及电话", TextWidget())

    class Meta(ScopedResource.Meta):
        model = Application
        fields = (
            "township",
            "unit",
            "category",
            "level",
            "year",
            "status",
            "self_total",
            "submitted_on",
            "deadline",
            "contact",
        )
        name = "示范点申报"

    def export_queryset(self, queryset):
        total = (
            SelfAssessment.objects.filter(application=OuterRef("pk"))
            .order_by()
            .values("application")
            .annotate(total=Sum("score"))
            .values("total")
        )
        return queryset.select_related("unit", "township").annotate(
            self_total=Subquery(total, output_field=DecimalField(max_digits=6, decimal_places=1))
        )

    def dehydrate_township(self, obj) -> str:
        return _township_name(obj)

    def dehydrate_unit(self, obj) -> str:
        return obj.unit.name

    def dehydrate_category(self, obj) -> str:
        return obj.get_category_display()

    def dehydrate_level(self, obj) -> str:
        return obj.get_level_display()

    def dehydrate_status(self, obj) -> str:
        return obj.get_status_display()

    def dehydrate_submitted_on(self, obj):
        return timezone.localtime(obj.submitted_at).date() if obj.submitted_at else None


class DesignationResource(ScopedResource):
    title = "示范点名单"

    township = Column(None, "所属乡镇")
    unit = Column(None, "单位")
    category = Column(None, "示范点类别")
    level = Column(None, "级别")
    year = Column("year", "命名年度", IntegerWidget())
    certificate_number = Column("certificate_number", "牌匾/证书编号", TextWidget())
    designated_on = Column("designated_on", "挂牌日期", DateWidget())
    revoked_on = Column("revoked_on", "摘牌日期", DateWidget())
    revoke_reason = Column("revoke_reason", "摘牌原因", TextWidget())

    class Meta(ScopedResource.Meta):
        model = Designation
        fields = (
            "township",
            "unit",
            "category",
            "level",
            "year",
            "certificate_number",
            "designated_on",
            "revoked_on",
            "revoke_reason",
        )
        name = "示范点名单"

    def export_queryset(self, queryset):
        return queryset.select_related("unit", "township")

    def dehydrate_township(self, obj) -> str:
        return _township_name(obj)

    def dehydrate_unit(self, obj) -> str:
        return obj.unit.name

    def dehydrate_category(self, obj) -> str:
        return obj.get_category_display()

    def dehydrate_level(self, obj) -> str:
        return obj.get_level_display()


class SubsidyResource(ScopedResource):
    title = "示范点补助资金"

    township = Column(None, "所属乡镇")
    unit = Column(None, "示范点")
    category = Column(None, "示范点类别")
    level = Column(None, "级别")
    granted_on = Column("granted_on", "拨付日期", DateWidget())
    amount = Column("amount", "金额(元)", DecimalWidget())
    purpose = Column("purpose", "用途", TextWidget())

    class Meta(ScopedResource.Meta):
        model = Subsidy
        fields = ("township", "unit", "category", "level", "granted_on", "amount", "purpose")
        name = "示范点补助资金"

    def export_queryset(self, queryset):
        return queryset.select_related("designation__unit", "township")

    def dehydrate_township(self, obj) -> str:
        return _township_name(obj)

    def dehydrate_unit(self, obj) -> str:
        return obj.designation.unit.name

    def dehydrate_category(self, obj) -> str:
        return obj.designation.get_category_display()

    def dehydrate_level(self, obj) -> str:
        return obj.designation.get_level_display()

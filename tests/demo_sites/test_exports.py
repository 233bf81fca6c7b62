"""Excel exports of applications and subsidies are scoped and carry Chinese headers; read back with openpyxl."""

from __future__ import annotations

import datetime
from decimal import Decimal

from demo_sites.models import Subsidy
from tests.factories import ApplicationFactory, DesignationFactory, UnitFactory
from tests.importexport.helpers import content_of, export, read_xlsx


def _subsidy(unit, amount: str) -> Subsidy:
    designation = DesignationFactory(unit=unit)
    return Subsidy.objects.create(
        designation=designation,
        granted_on=datetime.date(2025, 12, 15),
        amount=Decimal(amount),
        purpose="“妇女之家”示范点创建补助",
    )


def test_subsidy_export_is_scoped_and_keeps_amounts(client_for, township1, township2, town01, county_staff):
    _subsidy(UnitFactory(name="桃源村", parent=township1), "4800.50")
    _subsidy(UnitFactory(name="山前村", parent=township2), "8000")

    own = read_xlsx(content_of(export(client_for(town01), "subsidy", app="demo_sites")))
    everything = read_xlsx(content_of(export(client_for(county_staff), "subsidy", app="demo_sites")))

    assert own[0] == ["所属乡镇", "示范点", "示范点类别", "级别", "拨付日期", "金额(元)", "用途"]
    assert [row[:2] for row in own[1:]] == [["萧江镇", "桃源村"]]
    assert Decimal(str(own[1][5])) == Decimal("4800.50")
    assert sum(Decimal(str(row[5])) for row in everything[1:]) == Decimal("12800.50")


def test_application_export_shows_status_and_self_total(client_for, township1, town01):
    ApplicationFactory(unit=UnitFactory(name="桃源村", parent=township1), status="submitted", self_score=8)

    rows = read_xlsx(content_of(export(client_for(town01), "application", app="demo_sites")))

    assert rows[0][:7] == ["所属乡镇", "申报单位", "示范点类别", "申报级别", "年度", "状态", "自评总分"]
    assert rows[1][:2] == ["萧江镇", "桃源村"] and rows[1][5] == "待验收" and Decimal(str(rows[1][6])) == Decimal("80")

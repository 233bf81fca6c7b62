"""经费 figures: the federations' budgets, their spending by programme (示范点补助 from the subsidies, once,
on the county federation's row) and the 执行率, the same on the dashboard's card, in the 经费使用情况 sheet and
in the 情况汇报; and the ledger recomputing only what a change touched."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from unittest import mock

import openpyxl
import pytest
from django.utils import timezone

from demo_sites.models import Subsidy
from orgs.models.funds import Budget, Expenditure, Programme
from reports import workbooks
from reports.indicators import figures, measures
from reports.selectors import make_scope
from reports.selectors.status_report import status_report_data
from reports.status_report import compose_status_report
from reports.workbooks.layout import FIRST_DATA_ROW
from tests.factories import DesignationFactory, UnitFactory

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
SPENT_ON = min(datetime.date(YEAR, 3, 8), timezone.localdate())


@pytest.fixture
def funds(county, township1, township2):
    for year in (YEAR - 1, YEAR):
        Budget.objects.create(federation=county, year=year, amount=Decimal("330000"))
    Budget.objects.create(federation=township1, year=YEAR, amount=Decimal("20000"))
    Expenditure.objects.create(
        federation=county,
        spent_on=SPENT_ON,
        programme=Programme.ACTIVITY,
        amount=Decimal("45000"),
        purpose="“巾帼文化大舞台”巡演",
    )
    Expenditure.objects.create(
        federation=county,
        spent_on=SPENT_ON,
        programme=Programme.TRAINING,
        amount=Decimal("36000"),
        purpose="全县村级妇女干部培训班",
    )
    Expenditure.objects.create(
        federation=township1,
        spent_on=SPENT_ON,
        programme=Programme.TRAINING,
        amount=Decimal("4500"),
        purpose="村级妇女干部业务培训",
    )
    # Last year's spending is not this year's.
    Expenditure.objects.create(
        federation=township1,
        spent_on=datetime.date(YEAR - 1, 6, 1),
        programme=Programme.OTHER,
        amount=Decimal("999"),
        purpose="办公用品",
    )
    site = DesignationFactory(unit=UnitFactory(parent=township1))
    Subsidy.objects.create(designation=site, granted_on=SPENT_ON, amount=Decimal("8000"), purpose="示范点创建补助")


def _scope(user, township_id=None, year=YEAR):
    return make_scope(user=user, year=year, township_id=township_id)


def _read(workbook) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def _sheet_rows(ws) -> dict[str, dict[str, object]]:
    """{row name (合计 too): {header: value}} of a one-level-of-groups summary sheet."""
    headers, group = [], None
    for col in range(3, ws.max_column + 1):
        top, bottom = ws.cell(3, col).value, ws.cell(4, col).value
        if top is not None and bottom is not None:
            group = top
        headers.append(f"{group}/{bottom}" if bottom is not None else top)
    rows = {}
    for row in range(FIRST_DATA_ROW, ws.max_row + 1):
        name = ws.cell(row, 2).value or ws.cell(row, 1).value
        if name is None:
            continue
        rows[name] = {h: ws.cell(row, col).value for col, h in enumerate(headers, start=3)}
        if ws.cell(row, 1).value == "合计":
            break
    return rows


def test_budgets_and_spending_are_each_federations_own(funds, county_staff, township1, township2):
    table = figures.for_scope(_scope(county_staff))
    county_row, own = table.row_for(None), table.row_for(township1.pk)

    assert table.value("funds_budget", county_row) == Decimal("330000")
    assert table.value("funds_spent", county_row, Programme.SUBSIDY) == Decimal("8000")  # the county pays
    assert table.value("funds_spent", county_row) == Decimal("89000")
    assert table.value("funds_budget", own) == Decimal("20000")
    assert table.value("funds_spent", own, Programme.SUBSIDY) == 0  # not where the site is
    assert table.value("funds_spent", own) == Decimal("4500")
    assert float(table.value("funds_rate", own)) == pytest.approx(4500 / 20000)
    assert table.value("funds_rate", table.row_for(township2.pk)) is None  # no budget: no rate
    assert table.value("funds_budget") == Decimal("350000")
    assert float(table.value("funds_rate")) == pytest.approx(93500 / 350000)  # the rate of the sums


def test_subsidies_are_counted_once_and_agree_with_the_subsidy_total(funds, county_staff):
    table = figures.for_scope(_scope(county_staff))

    assert (
        table.value("funds_spent", dimension_value=Programme.SUBSIDY) == table.value("subsidy_total") == Decimal("8000")
    )


def test_a_township_reader_sees_her_own_funds_only(funds, town01, township1):
    table = figures.for_scope(_scope(town01))

    assert [row.township_id for row in table.rows] == [township1.pk]
    assert table.value("funds_budget") == Decimal("20000")
    assert table.value("funds_spent") == Decimal("4500")


def test_a_townships_budget_change_recomputes_only_that_township(funds, county_staff, township2):
    scope = _scope(county_staff)
    figures.for_scope(scope)
    calls = []
    original = measures.compute

    Budget.objects.create(federation=township2, year=YEAR, amount=Decimal("25000"))
    with mock.patch.object(measures, "compute", lambda p, t: calls.append(t.ids) or original(p, t)):
        table = figures.for_scope(scope)

    assert calls == [frozenset({township2.pk})]
    assert table.value("funds_budget", table.row_for(township2.pk)) == Decimal("25000")
    assert table.value("funds_budget") == Decimal("375000")


def test_a_new_subsidy_is_spent_by_the_county_federation_at_once(funds, county_staff, township1):
    scope = _scope(county_staff)
    figures.for_scope(scope)
    calls = []
    original = measures.compute

    site = DesignationFactory(unit=UnitFactory(parent=township1))
    Subsidy.objects.create(designation=site, granted_on=SPENT_ON, amount=Decimal("4800"), purpose="示范点创建补助")
    with mock.patch.object(measures, "compute", lambda p, t: calls.append(t.ids) or original(p, t)):
        table = figures.for_scope(scope)

    assert calls == [frozenset({township1.pk, None})]
    assert table.value("funds_spent", table.row_for(None), Programme.SUBSIDY) == Decimal("12800")
    assert table.value("funds_spent", dimension_value=Programme.SUBSIDY) == table.value("subsidy_total")


def test_funds_sheet_reads_back_with_the_figures(funds, county_staff):
    workbook, _ = workbooks.export("summary", _scope(county_staff))
    ws = _read(workbook)["经费使用情况"]
    rows = _sheet_rows(ws)

    assert ws.cell(1, 1).value == f"{YEAR}年妇联工作经费使用情况统计表"
    county = rows["县妇联"]
    assert county["工作经费预算"] == 330000
    assert county["经费支出/示范点补助"] == 8000
    assert county["经费支出/培训"] == 36000 and county["经费支出/活动"] == 45000
    assert county["经费支出/合计"] == 89000
    assert rows["萧江镇"]["经费支出/培训"] == 4500
    assert rows["萧江镇"]["执行率"] == pytest.approx(0.225)
    assert rows["水头镇"]["执行率"] == "—"
    total = rows["合计"]
    assert total["工作经费预算"] == 350000 and total["经费支出/合计"] == 93500
    assert total["执行率"] == pytest.approx(93500 / 350000)
    assert any("计量单位：元、%" in str(c.value) for c in ws[2])


def test_a_township_readers_funds_sheet_holds_her_township_only(funds, town01):
    workbook, _ = workbooks.export("summary", _scope(town01))
    rows = _sheet_rows(_read(workbook)["经费使用情况"])

    assert list(rows) == ["萧江镇", "合计"]
    assert rows["合计"]["工作经费预算"] == 20000


def test_dashboard_card_shows_budget_spending_by_programme_and_rate(funds, client_for, county_staff):
    response = client_for(county_staff).get("/reports/dashboard/")
    card = response.content.decode().split('id="funds-card"', 1)[1].split("</table>", 1)[0]

    assert '工作经费预算</th><td class="text-end">350,000.00 元' in card
    for label, amount in (("示范点补助", "8,000.00"), ("培训", "40,500.00"), ("活动", "45,000.00"), ("其他", "0.00")):
        assert f'经费支出：{label}</th><td class="text-end">{amount} 元' in card
    assert '经费支出合计</th><td class="text-end">93,500.00 元' in card
    assert '经费执行率</th><td class="text-end">26.7%' in card
    assert "口径：" in card


def test_dashboard_card_of_a_township_reader_shows_her_own_funds(funds, client_for, town01):
    card = client_for(town01).get("/reports/dashboard/").content.decode().split('id="funds-card"', 1)[1]

    assert "20,000.00 元" in card and "22.5%" in card


def _report_text(user, township_id=None) -> str:
    scope = _scope(user, township_id)
    table = figures.for_scope(scope)
    return compose_status_report(data=status_report_data(scope, table), meta=workbooks.report_meta(scope, table)).text


def test_status_report_states_the_countys_own_budget_and_spending(funds, county_staff):
    text = _report_text(county_staff)

    # The county federation's own 33万元, not the county's total with the townships' budgets.
    assert "县妇联工作经费每年33万元" in text
    assert "今年已支出8.9万元（示范点补助8000元、培训3.6万元、活动4.5万元），执行率27.0%" in text


def test_status_report_of_a_township_states_its_own_budget(funds, town01):
    text = _report_text(town01)

    assert "萧江镇妇联今年工作经费2万元" in text
    assert "今年已支出4500元，用于培训，执行率22.5%" in text


def test_status_report_says_nothing_of_funds_without_any(county_staff, township1):
    assert "工作经费" not in _report_text(county_staff)

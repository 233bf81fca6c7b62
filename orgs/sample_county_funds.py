"""The demo county's funds, reproducing the seed report: 县妇联工作经费每年33万元 (a budget of 330,000 元 for
each of the demo's five years), the county's and every township's spending on training, activities and
other work last year and this year, and small township budgets (乡镇、村级妇女组织更甚).

The 示范点补助 (82,600 元 last year) are the subsidies ``demo_sites.sample_county`` grants; they are not repeated here.
Nothing is drawn from the demo's random source, so adding funds leaves every other demo figure as it was.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from orgs import sample_county_bulk
from orgs.models import Unit
from orgs.models.funds import Budget, Expenditure, Programme

YEARS = 5  # this year and the four before it, like the demo's 示范点
COUNTY_BUDGET = Decimal("330000")
# The county federation's spending of a year: (month, day, programme, amount, purpose).
COUNTY_SPENDING = (
    (3, 6, Programme.ACTIVITY, Decimal("28000"), "“三八”国际妇女节走访慰问"),
    (4, 18, Programme.TRAINING, Decimal("36000"), "全县村级妇女干部培训班"),
    (5, 22, Programme.TRAINING, Decimal("18500"), "科局级妇女干部培训班"),
    (6, 12, Programme.ACTIVITY, Decimal("45000"), "“巾帼文化大舞台”巡演"),
    (7, 9, Programme.TRAINING, Decimal("12000"), "“两代表一委员”履职培训"),
    (8, 20, Programme.ACTIVITY, Decimal("20000"), "“春蕾计划”助学"),
    (9, 25, Programme.TRAINING, Decimal("6800"), "基层妇女组织建设现场推进会"),
    (10, 16, Programme.ACTIVITY, Decimal("9600"), "妇女维权法律宣传"),
    (11, 10, Programme.OTHER, Decimal("15300"), "宣传资料印制及办公用品"),
)
TOWNSHIP_BUDGETS = (Decimal("20000"), Decimal("25000"), Decimal("30000"))
TOWNSHIP_SPENDING = (
    (3, 7, Programme.ACTIVITY, Decimal("6000"), "“三八”节文艺活动"),
    (6, 15, Programme.TRAINING, Decimal("4500"), "村级妇女干部业务培训"),
    (10, 20, Programme.OTHER, Decimal("1800"), "“妇女之家”阵地用品"),
)


def load(ctx, county: Unit, townships: list[Unit]) -> None:
    years = range(ctx.year - YEARS + 1, ctx.year + 1)
    budgets = [Budget(federation=county, year=year, amount=COUNTY_BUDGET, note="县财政年度预算安排") for year in years]
    budgets += [
        Budget(
            federation=township, year=year, amount=TOWNSHIP_BUDGETS[index % len(TOWNSHIP_BUDGETS)], note="乡镇财政安排"
        )
        for index, township in enumerate(townships)
        for year in years
    ]
    sample_county_bulk.create(Budget, budgets)

    spending = []
    for year in (ctx.year - 1, ctx.year):
        for federation, plan in [(county, COUNTY_SPENDING), *((t, TOWNSHIP_SPENDING) for t in townships)]:
            for month, day, programme, amount, purpose in plan:
                spent_on = datetime.date(year, month, day)
                if spent_on > ctx.today:
                    continue  # this year's spending so far
                spending.append(
                    Expenditure(
                        federation=federation, spent_on=spent_on, programme=programme, amount=amount, purpose=purpose
                    )
                )
    sample_county_bulk.create(Expenditure, spending)
    ctx.stdout.write(f"经费：预算 {len(budgets)} 条，支出 {len(spending)} 笔。\n")

"""The catalogue's indicators of 经费: each federation's budget, its spending by programme and the 执行率."""

from __future__ import annotations

from reports.indicators.indicator import MONEY, Indicator, rate

GROUP = "经费"

# Whose money a figure is: the federation that holds the budget or pays (the county's own row is 县妇联本级).
FUNDS_OWNER = "县妇联本级的计入县级行（县妇联），乡镇（街道）妇联的计入本乡镇"


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "funds_budget", "工作经费预算", "元", f"当年度的年度工作经费预算金额，{FUNDS_OWNER}。", GROUP, kind=MONEY
    ),
    Indicator(
        "funds_spent",
        "经费支出",
        "元",
        "当年的经费支出，按项目分列：示范点补助为当年发放的示范点补助资金（按拨付日期，由县妇联拨付，计入县妇联本级，"
        "不计入示范点所在乡镇，与“补助金额”合计相同）；培训、活动、其他为登记的经费支出（按支出日期），"
        f"{FUNDS_OWNER}。示范点补助只在“补助资金”中登记一次，不另登记为经费支出。",
        GROUP,
        kind=MONEY,
        dimension="funds_programme",
    ),
    rate(
        "funds_rate",
        "经费执行率",
        "funds_spent",
        "funds_budget",
        "经费支出 ÷ 工作经费预算；未登记当年预算的不计算（显示“—”），合计行按支出合计 ÷ 预算合计计算。",
        GROUP,
    ),
)

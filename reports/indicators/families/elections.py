"""The catalogue's indicators of 换届: the year's elections, those due later in the year and those overdue."""

from __future__ import annotations

from reports.indicators.indicator import Indicator, rate

GROUP = "换届"


INDICATORS: tuple[Indicator, ...] = (
    Indicator("elections_held", "当年已换届", "个", "当年举行换届的妇女组织（按换届记录计）。", GROUP),
    Indicator("elections_filed", "已换届中已备案", "个", "当年的换届记录中已填备案日期的。", GROUP),
    Indicator("elections_approved", "已换届中已批复", "个", "当年的换届记录中已填批复日期的。", GROUP),
    Indicator(
        "elections_pending",
        "年内到期尚未换届",
        "个",
        "已建妇女组织中下次换届应于填报日至当年12月31日之间的。",
        GROUP,
    ),
    Indicator(
        "elections_overdue",
        "逾期未换届",
        "个",
        "已建妇女组织中下次换届应于日期早于填报日（往年按12月31日）的。",
        GROUP,
    ),
    Indicator("elections_due", "应换届组织数", "个", "当年已换届 ＋ 年内到期尚未换届 ＋ 逾期未换届。", GROUP),
    rate("elections_rate", "换届完成率", "elections_held", "elections_due", "当年已换届 ÷ 应换届组织数。", GROUP),
)

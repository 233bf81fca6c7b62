"""The catalogue's indicators of 执委履职: the 执委 in post, those with a record of the year, the women they
keep in touch with ("1+10+N") and their 履职积分."""

from __future__ import annotations

from reports.indicators.indicator import MEAN, Indicator, rate

GROUP = "执委履职"

AS_OF = "按填报日（往年按当年12月31日）在任计算"
RECORDS = "当年度的执委履职记录，按执委所属乡镇统计"


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "duty_executives",
        "执委人数",
        "人",
        f"担任执委职务（任一妇女组织）的干部，一人在两个组织任执委只计一次；{AS_OF}。",
        GROUP,
    ),
    Indicator(
        "duty_reported",
        "已填报履职执委数",
        "人",
        "执委人数中已有当年度履职记录的。",
        GROUP,
    ),
    rate(
        "duty_reported_rate", "履职填报率", "duty_reported", "duty_executives", "已填报履职执委数 ÷ 执委人数。", GROUP
    ),
    Indicator(
        "duty_records", "履职记录数", "份", f"{RECORDS}（含年内已离任执委的记录），用于计算平均履职积分。", GROUP
    ),
    Indicator(
        "duty_women_in_touch",
        "联系妇女总数",
        "人",
        f"{RECORDS}中填报的联系妇女数（“1+10+N”）之和；同一妇女由两名执委联系的计两次。",
        GROUP,
    ),
    Indicator(
        "duty_points_total",
        "履职积分合计",
        "分",
        f"{RECORDS}的履职积分之和；履职积分＝当年方案基础分＋加分－减分，最低为0分。",
        GROUP,
    ),
    Indicator(
        "duty_points_average",
        "平均履职积分",
        "分",
        "履职积分合计 ÷ 履职记录数。",
        GROUP,
        kind=MEAN,
        numerator="duty_points_total",
        denominator="duty_records",
    ),
)

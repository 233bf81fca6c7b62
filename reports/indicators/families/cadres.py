"""The catalogue's indicators of 妇女干部: the women holding posts, chairs, committees, reserves, age and education."""

from __future__ import annotations

from reports.indicators.indicator import MEAN, Indicator, rate

GROUP = "妇女干部"

AS_OF = "按填报日（往年按当年12月31日）在册数计算"
HEADS = "主席（村、社区、乡镇妇联主席，村妇代会主任，机关妇委会主任）"
AGE_NOTE = "年龄按当年12月31日计算"


INDICATORS: tuple[Indicator, ...] = (
    Indicator("cadres", "妇女干部人数", "人", f"有现任职务或列为后备干部的女性，一人多职只计一次；{AS_OF}。", GROUP),
    Indicator("chairs", "现任主席（主任）", "人", f"担任{HEADS}的女性，一人只计一次；{AS_OF}。", GROUP),
    Indicator("chairs_full_time", "专职主席（主任）", "人", "现任主席（主任）中任职登记为专职的。", GROUP),
    Indicator("chairs_part_time", "兼职主席（主任）", "人", "现任主席（主任）中任职登记为非专职的。", GROUP),
    rate(
        "chairs_part_time_share",
        "兼职主席占比",
        "chairs_part_time",
        "chairs",
        "兼职主席（主任） ÷ 现任主席（主任）。",
        GROUP,
    ),
    Indicator(
        "chairs_age_total",
        "主席年龄合计",
        "岁",
        f"填了出生日期的现任主席（主任）年龄之和（用于计算平均年龄）；{AGE_NOTE}。",
        GROUP,
    ),
    Indicator("chairs_with_age", "填有出生日期的主席", "人", "现任主席（主任）中填了出生日期的人数。", GROUP),
    Indicator(
        "chairs_average_age",
        "主席平均年龄",
        "岁",
        f"主席年龄合计 ÷ 填有出生日期的主席；{AGE_NOTE}。",
        GROUP,
        kind=MEAN,
        numerator="chairs_age_total",
        denominator="chairs_with_age",
    ),
    Indicator("vice_chairs", "副主席", "人次", f"现任副主席职务数（一人在两个组织任职计两次）；{AS_OF}。", GROUP),
    Indicator("vice_chairs_part_time", "兼职副主席", "人次", "现任副主席职务中登记为非专职的。", GROUP),
    Indicator("standing_members", "常委", "人次", f"现任常委职务数；{AS_OF}。", GROUP),
    Indicator("executives", "执委", "人次", f"现任执委职务数；{AS_OF}。", GROUP),
    Indicator("township_chairs", "乡镇(街道)妇联主席", "人", "乡镇（街道）妇联的现任主席。", GROUP),
    Indicator(
        "township_chairs_with_duties",
        "乡镇妇联主席兼职人数",
        "人",
        "乡镇（街道）妇联现任主席中登记了兼职岗位（出纳、文化、组织等）的。",
        GROUP,
    ),
    Indicator(
        "township_chairs_by_duty",
        "乡镇妇联主席兼任岗位",
        "人",
        "乡镇（街道）妇联现任主席按登记的兼职岗位分列；一人可兼多岗，各岗位人数不能相加。",
        GROUP,
        dimension="duty",
        additive=False,
    ),
    Indicator(
        "village_chairs_on_committee",
        "村妇联主席进村两委",
        "人",
        "村级妇女组织的现任主席（主任）中是村两委班子成员的。",
        GROUP,
    ),
    rate(
        "village_chairs_on_committee_rate",
        "村妇联主席进两委比例",
        "village_chairs_on_committee",
        "villages",
        "村妇联主席进村两委人数 ÷ 行政村数。",
        GROUP,
    ),
    Indicator(
        "community_chairs_on_committee",
        "社区妇联主席进社区两委",
        "人",
        "社区妇联的现任主席中是社区两委班子成员的。",
        GROUP,
    ),
    rate(
        "community_chairs_on_committee_rate",
        "社区妇联主席进两委比例",
        "community_chairs_on_committee",
        "communities",
        "社区妇联主席进社区两委人数 ÷ 社区数。",
        GROUP,
    ),
    Indicator("villages_with_woman", "两委有女性成员的村", "个", "在册行政村中登记为“两委班子中有女性”的。", GROUP),
    rate(
        "villages_with_woman_rate",
        "村两委女性成员覆盖率",
        "villages_with_woman",
        "villages",
        "两委有女性成员的村 ÷ 行政村数。",
        GROUP,
    ),
    Indicator("communities_with_woman", "两委有女性成员的社区", "个", "在册社区中登记为“两委班子中有女性”的。", GROUP),
    Indicator(
        "communities_without_woman",
        "两委无女性成员的社区",
        "个",
        "在册社区中两委班子未配女性成员的（社区数 − 两委有女性成员的社区）。",
        GROUP,
    ),
    rate(
        "communities_with_woman_rate",
        "社区两委女性成员覆盖率",
        "communities_with_woman",
        "communities",
        "两委有女性成员的社区 ÷ 社区数。",
        GROUP,
    ),
    Indicator("reserves", "后备干部", "人", "登记为后备干部的女性。", GROUP),
    Indicator("party_members", "中共党员", "人", "妇女干部中政治面貌为中共党员或预备党员的。", GROUP),
    Indicator(
        "cadres_by_age",
        "妇女干部年龄结构",
        "人",
        f"妇女干部人数按年龄段分列，未填出生日期的不计入任何年龄段；{AGE_NOTE}。",
        GROUP,
        dimension="age_band",
    ),
    Indicator(
        "cadres_by_education", "妇女干部学历结构", "人", "妇女干部人数按学历分列。", GROUP, dimension="education"
    ),
)

"""The catalogue's indicators of 联系点 ("123"联系点制度): which townships, villages and communities, 两新组织 and
示范点 (with this year's applicants) have a county contact person this year, the visits made and the
follow-ups still open. Units and contact points count in the township of the unit."""

from __future__ import annotations

from reports.indicators.indicator import Indicator, rate

GROUP = "联系点"

COVERED = "当年度有县妇联领导或工作人员作为联系人的"
ACTIVE = "存续的单位（关停、撤并的不计）"
SITES = "在挂牌的示范点（按填报日，往年按当年12月31日）和当年度已提交申报（草稿不计）的单位，一个单位只计一次"
VISITS = "走访日期在当年度内的走访记录"


def _count(code, name, definition, unit="个", **kw) -> Indicator:
    return Indicator(code, name, unit, definition, GROUP, **kw)


INDICATORS: tuple[Indicator, ...] = (
    _count("liaison_points", "联系点数", "当年度指定的联系点（一名联系人联系一个单位计一个）。"),
    _count("liaison_townships", "乡镇(街道)数", f"{ACTIVE}中的乡镇（街道）。"),
    _count("liaison_townships_covered", "有联系人的乡镇(街道)", f"乡镇（街道）中{COVERED}。"),
    rate(
        "liaison_townships_rate",
        "联系点覆盖率（乡镇）",
        "liaison_townships_covered",
        "liaison_townships",
        "有联系人的乡镇(街道) ÷ 乡镇(街道)数。",
        GROUP,
    ),
    _count("liaison_villages", "村(社区)数", f"{ACTIVE}中的行政村和社区。"),
    _count("liaison_villages_covered", "有联系人的村(社区)", f"村和社区中{COVERED}。"),
    rate(
        "liaison_villages_rate",
        "联系点覆盖率（村、社区）",
        "liaison_villages_covered",
        "liaison_villages",
        "有联系人的村(社区) ÷ 村(社区)数。",
        GROUP,
    ),
    _count("liaison_new_orgs", "两新组织数", f"{ACTIVE}中的非公企业和社会组织。"),
    _count("liaison_new_orgs_covered", "有联系人的两新组织", f"非公企业和社会组织中{COVERED}。"),
    rate(
        "liaison_new_orgs_rate",
        "联系点覆盖率（两新组织）",
        "liaison_new_orgs_covered",
        "liaison_new_orgs",
        "有联系人的两新组织 ÷ 两新组织数。",
        GROUP,
    ),
    _count("liaison_sites", "示范点及申报单位", f"{SITES}（{ACTIVE}）。"),
    _count("liaison_sites_covered", "有联系人的示范点及申报单位", f"示范点及申报单位中{COVERED}。"),
    rate(
        "liaison_sites_rate",
        "联系点覆盖率（示范点及申报单位）",
        "liaison_sites_covered",
        "liaison_sites",
        "有联系人的示范点及申报单位 ÷ 示范点及申报单位。",
        GROUP,
    ),
    _count("liaison_visits", "走访次数", f"{VISITS}，按联系单位所属乡镇统计。", unit="次"),
    _count(
        "liaison_visits_by_quarter",
        "走访次数（按季度）",
        "走访次数按走访日期所在季度分列。",
        unit="次",
        dimension="quarter",
    ),
    _count(
        "liaison_follow_ups_open",
        "未办结的后续事项",
        f"{VISITS}中填写了后续事项、尚未办结的（按填报时的状态）。",
        unit="项",
    ),
)

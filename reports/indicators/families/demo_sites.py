"""The catalogue's indicators of 示范创建: sites in force by level, the year's applications and their
acceptance, subsidies; each by 示范点类别."""

from __future__ import annotations

from reports.indicators.indicator import COUNT, MONEY, RATE, Indicator

GROUP = "示范创建"

IN_FORCE = "按填报日（往年按当年12月31日）仍在挂牌的计算，已摘牌的不计"
SUBMITTED = "当年度已提交的申报（草稿不计）"


def _demo(code, name, definition, kind=COUNT, unit="个", **kw) -> Indicator:
    return Indicator(code, name, unit, definition, GROUP, kind=kind, dimension="category", **kw)


INDICATORS: tuple[Indicator, ...] = (
    _demo(
        "sites",
        "示范点总数",
        f"在挂牌的示范点单位数，{IN_FORCE}；同一单位同时为市级和县级示范点的只计一次（分级数中各计一次）。"
        "县级示范点经县妇联推荐、市妇联命名为市级的，县级称号未摘牌即仍是县级示范点："
        "市级示范点数加一，县级示范点数不变，示范点总数不变。",
    ),
    _demo("sites_province", "省级示范点", f"在挂牌的省级示范点，{IN_FORCE}。"),
    _demo(
        "sites_city",
        "市级示范点",
        f"在挂牌的市级示范点（含经县妇联推荐、市妇联命名的），{IN_FORCE}；同时为县级示范点的也计入县级示范点。",
    ),
    _demo("sites_county", "县级示范点", f"在挂牌的县级示范点，{IN_FORCE}。"),
    _demo("applications", "本年度申报数", f"{SUBMITTED}；县妇联推荐市级的不计（见待市级审核）。"),
    _demo("awaiting", "待验收", f"{SUBMITTED}中已提交、尚待县妇联验收的。"),
    _demo("rectifying", "整改中", f"{SUBMITTED}中验收后退回整改、尚未重新提交的。"),
    _demo("accepted", "验收通过", f"{SUBMITTED}中验收通过的。"),
    _demo("rejected", "验收不通过", f"{SUBMITTED}中验收不通过的。"),
    _demo("decided", "已作出结论", "验收通过 ＋ 验收不通过（待验收和整改中的不计）。"),
    Indicator(
        "accepted_rate",
        "验收通过率",
        "%",
        "验收通过 ÷ 已作出结论（待验收、整改中的不计入分母）。",
        GROUP,
        kind=RATE,
        numerator="accepted",
        denominator="decided",
        dimension="category",
    ),
    _demo(
        "awaiting_city",
        "待市级审核",
        "县妇联已推荐市级、尚待市妇联审核的县级示范点，本年度及以前年度推荐的都计（跨年等待的仍计入）；"
        "市妇联审核通过或不通过后不再计入。",
    ),
    _demo("subsidies", "补助笔数", "当年发放的示范点补助资金笔数。", unit="笔"),
    _demo("subsidy_total", "补助金额", "当年发放的示范点补助资金合计。", kind=MONEY, unit="元"),
    Indicator(
        "awaiting_by_level",
        "待验收申报（按级别）",
        "个",
        f"{SUBMITTED}中待验收的，按类别和申报级别分列。",
        GROUP,
        dimension="category_level",
    ),
    Indicator(
        "applications_by_status",
        "申报进度",
        "个",
        "当年度全部申报（含草稿）按状态分列；县妇联当年度推荐市级的，按待市级审核、市级通过、市级不通过分列。",
        GROUP,
        dimension="application_status",
    ),
)

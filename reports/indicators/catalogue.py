"""The catalogue of indicators (统计指标及口径): every figure the portal reports, defined once.

An indicator has a code (used by every page, workbook column and 情况汇报 sentence), a Chinese name, a
unit, and its 口径: what is counted, as of which date, and what is left out. Counts are computed per
township by ``reports.indicators.measures``; rates, shares and averages are never stored or summed but
derived from their counts (``numerator`` ÷ ``denominator``), for a township and for the total alike, so a
合计 rate is the rate of the sums.

Some indicators are broken down by a dimension (示范点类别, 培训形式, 月份, 年龄段, 学历 …): their figures are
stored per value as ``"code:value"`` and the indicator's own figure is the sum over the values, except where
the values overlap (一场培训面向多类对象): such an indicator has ``additive=False`` and no total.
"""

from __future__ import annotations

from dataclasses import dataclass

from demo_sites.models import Category, Level
from orgs.models import Cadre, Unit
from orgs.models.funds import Programme
from training.models import Event

COUNT, RATE, MONEY, MEAN, HOURS = "count", "rate", "money", "mean", "hours"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str  # 个 / 人 / 人次 / 场 / % / 元 / 岁 / 学时
    definition: str  # 口径
    group: str
    kind: str = COUNT
    numerator: str | None = None  # RATE and MEAN: the count codes they are derived from
    denominator: str | None = None
    dimension: str | None = None  # name of the breakdown ("category", "month" …), None for a plain figure
    additive: bool = True  # False: the breakdown's values overlap and must not be added up
    county_only: bool = False  # only meaningful for the whole county (县直机关, 团体会员)

    @property
    def is_derived(self) -> bool:
        return self.kind in (RATE, MEAN)


ORGANISATION, CADRES, DEMO_SITES, TRAINING, ELECTIONS = "组织建设", "妇女干部", "示范创建", "培训与活动", "换届"
FUNDS = "经费"

AS_OF = "按填报日（往年按当年12月31日）在册数计算"
ESTABLISHED = "妇女组织状态为正常运转或空挂、成立日期不晚于当年12月31日（未填成立日期的视为已成立），已撤销的不计"
ACTIVE_UNITS = "只计存续单位（关停、撤并的不计）"
PARTY = "只计成立独立党支部或联合党支部的单位"
HEADS = "主席（村、社区、乡镇妇联主席，村妇代会主任，机关妇委会主任）"
AGE_NOTE = "年龄按当年12月31日计算"
TRAINING_YEAR = "当年举办的培训（类别为培训，不含活动），出勤为已参加的记录"


def _rate(code, name, numerator, denominator, definition, group, **kw) -> Indicator:
    return Indicator(code, name, "%", definition, group, kind=RATE, numerator=numerator, denominator=denominator, **kw)


AGE_BANDS = (
    ("35_and_under", "35岁及以下"),
    ("36_45", "36～45岁"),
    ("46_55", "46～55岁"),
    ("56_and_over", "56岁及以上"),
)
MONTHS = tuple((str(m), f"{m}月") for m in range(1, 13))

# The breakdowns' values and labels, in display order. Audiences are reference data: their values are the
# audiences' ids, labelled from the table (see ``dimension_values``).
DIMENSIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "category": tuple(Category.choices),
    "level": tuple(Level.choices),
    "category_level": tuple(
        (f"{c.value}.{lv.value}", f"{lv.label}{c.label}")
        for c in Category
        for lv in (Level.PROVINCE, Level.CITY, Level.COUNTY)
    ),
    "training_kind": tuple(Event.Kind.choices),
    "activity_kind": tuple(Event.ActivityKind.choices),
    "month": MONTHS,
    "age_band": AGE_BANDS,
    "education": tuple(Cadre.Education.choices) + (("unknown", "未填"),),
    "unit_kind": tuple((k.value, k.label) for k in Unit.Kind if k != Unit.Kind.COUNTY),
    "funds_programme": tuple(Programme.choices),
    "application_status": (),  # filled below (import order: demo_sites.models.Application)
    "audience": (),
    "duty": (),
}


def _demo(code, name, definition, kind=COUNT, unit="个", **kw) -> Indicator:
    return Indicator(code, name, unit, definition, DEMO_SITES, kind=kind, dimension="category", **kw)


# Whose money a figure is: the federation that holds the budget or pays (the county's own row is 县妇联本级).
FUNDS_OWNER = "县妇联本级的计入县级行（县妇联），乡镇（街道）妇联的计入本乡镇"

IN_FORCE = "按填报日（往年按当年12月31日）仍在挂牌的计算，已摘牌的不计"
SUBMITTED = "当年度已提交的申报（草稿不计）"

CATALOGUE: tuple[Indicator, ...] = (
    # ---- 组织建设
    Indicator(
        "township_units", "乡镇(街道)数", "个", f"在册乡镇（街道）数，{ACTIVE_UNITS}。", ORGANISATION, county_only=True
    ),
    Indicator("townships", "乡镇(街道)妇联", "个", f"已建立妇联的乡镇（街道）数：{ESTABLISHED}。", ORGANISATION),
    _rate(
        "townships_rate",
        "乡镇(街道)妇联组建率",
        "townships",
        "township_units",
        "乡镇(街道)妇联数 ÷ 乡镇(街道)数。",
        ORGANISATION,
        county_only=True,
    ),
    Indicator("villages", "行政村数", "个", f"在册行政村数，{ACTIVE_UNITS}。", ORGANISATION),
    Indicator(
        "villages_established",
        "已建村级妇女组织",
        "个",
        f"已建妇女组织（村妇联、妇代会等）的行政村数：{ESTABLISHED}。",
        ORGANISATION,
    ),
    _rate(
        "villages_rate",
        "村级妇女组织组建率",
        "villages_established",
        "villages",
        "已建村级妇女组织的行政村数 ÷ 行政村数。",
        ORGANISATION,
    ),
    Indicator("communities", "社区数", "个", f"在册城乡社区数，{ACTIVE_UNITS}。", ORGANISATION),
    Indicator("communities_established", "已建社区妇联", "个", f"已建社区妇联的社区数：{ESTABLISHED}。", ORGANISATION),
    _rate(
        "communities_rate",
        "社区妇联组建率",
        "communities_established",
        "communities",
        "已建社区妇联的社区数 ÷ 社区数。",
        ORGANISATION,
    ),
    Indicator("enterprises", "有党组织的非公企业", "家", f"{PARTY}的非公有制企业数，{ACTIVE_UNITS}。", ORGANISATION),
    Indicator(
        "enterprises_established",
        "非公企业已建妇女组织",
        "家",
        f"有党组织的非公企业中已建妇女组织的：{ESTABLISHED}。",
        ORGANISATION,
    ),
    Indicator(
        "enterprises_before",
        "非公企业往年已建",
        "家",
        "有党组织的非公企业中，妇女组织成立于当年以前（或未填成立日期）的。",
        ORGANISATION,
    ),
    Indicator(
        "enterprises_new", "非公企业当年新建", "家", "有党组织的非公企业中，妇女组织成立于当年的。", ORGANISATION
    ),
    _rate(
        "enterprises_rate",
        "非公企业妇女组织组建率",
        "enterprises_established",
        "enterprises",
        "有党组织的非公企业中已建妇女组织的 ÷ 有党组织的非公企业数。",
        ORGANISATION,
    ),
    Indicator("social_orgs", "有党组织的社会组织", "个", f"{PARTY}的社会组织数，{ACTIVE_UNITS}。", ORGANISATION),
    Indicator(
        "social_orgs_established",
        "社会组织已建妇女组织",
        "个",
        f"有党组织的社会组织中已建妇女组织的：{ESTABLISHED}。",
        ORGANISATION,
    ),
    _rate(
        "social_orgs_rate",
        "社会组织妇女组织组建率",
        "social_orgs_established",
        "social_orgs",
        "有党组织的社会组织中已建妇女组织的 ÷ 有党组织的社会组织数。",
        ORGANISATION,
    ),
    Indicator("new_orgs", "有党组织的两新组织", "个", "有党组织的非公企业数 ＋ 有党组织的社会组织数。", ORGANISATION),
    Indicator(
        "new_orgs_established",
        "两新组织已建妇女组织",
        "个",
        "非公企业已建妇女组织 ＋ 社会组织已建妇女组织。",
        ORGANISATION,
    ),
    _rate(
        "new_orgs_rate",
        "两新组织妇女组织组建率（合计）",
        "new_orgs_established",
        "new_orgs",
        "两新组织已建妇女组织 ÷ 有党组织的两新组织（非公企业与社会组织合计）。",
        ORGANISATION,
    ),
    Indicator(
        "organs",
        "县直机关事业单位",
        "个",
        f"在册县直机关、事业单位数，{ACTIVE_UNITS}。",
        ORGANISATION,
        county_only=True,
    ),
    Indicator(
        "organ_committees",
        "已建机关妇委会",
        "个",
        f"已建妇委会的县直机关、事业单位数：{ESTABLISHED}。",
        ORGANISATION,
        county_only=True,
    ),
    _rate(
        "organs_rate",
        "机关妇委会组建率",
        "organ_committees",
        "organs",
        "已建机关妇委会的单位数 ÷ 县直机关事业单位数。",
        ORGANISATION,
        county_only=True,
    ),
    Indicator(
        "group_members", "团体会员", "个", f"在册的妇联团体会员单位数，{ACTIVE_UNITS}。", ORGANISATION, county_only=True
    ),
    Indicator("units", "基层单位", "个", f"在册的乡镇以下及县直单位数（不含县本级），{ACTIVE_UNITS}。", ORGANISATION),
    Indicator(
        "organisations", "妇女组织", "个", f"各类已建妇女组织数（含乡镇妇联、空挂组织）：{ESTABLISHED}。", ORGANISATION
    ),
    Indicator(
        "nominal",
        "空挂组织",
        "个",
        "已建妇女组织中运转状态为“空挂”的，按所在单位类别分列。",
        ORGANISATION,
        dimension="unit_kind",
    ),
    Indicator(
        "womens_homes_villages", "建有“妇女之家”的村", "个", "已建妇女组织且“妇女之家”已挂牌的行政村数。", ORGANISATION
    ),
    _rate(
        "womens_homes_villages_rate",
        "村“妇女之家”覆盖率",
        "womens_homes_villages",
        "villages",
        "建有“妇女之家”的村 ÷ 行政村数。",
        ORGANISATION,
    ),
    Indicator(
        "womens_homes_communities",
        "建有“妇女之家”的社区",
        "个",
        "已建社区妇联且“妇女之家”已挂牌的社区数。",
        ORGANISATION,
    ),
    _rate(
        "womens_homes_communities_rate",
        "社区“妇女之家”覆盖率",
        "womens_homes_communities",
        "communities",
        "建有“妇女之家”的社区 ÷ 社区数。",
        ORGANISATION,
    ),
    Indicator(
        "leadership_with_rule",
        "适用班子配备要求的妇女组织",
        "个",
        "已建妇女组织中，其所在单位类别设有班子配备要求（会改联，县妇联可在“班子配备要求”中调整）的。",
        ORGANISATION,
    ),
    Indicator(
        "leadership_complete",
        "班子配备齐全的妇女组织",
        "个",
        "按填报日的现任职务，主席、兼职副主席、副主席、常委、执委人数均达到其配备要求的妇女组织数。",
        ORGANISATION,
    ),
    _rate(
        "leadership_rate",
        "班子配备齐全率",
        "leadership_complete",
        "leadership_with_rule",
        "班子配备齐全的妇女组织 ÷ 适用班子配备要求的妇女组织。",
        ORGANISATION,
    ),
    # ---- 妇女干部
    Indicator("cadres", "妇女干部人数", "人", f"有现任职务或列为后备干部的女性，一人多职只计一次；{AS_OF}。", CADRES),
    Indicator("chairs", "现任主席（主任）", "人", f"担任{HEADS}的女性，一人只计一次；{AS_OF}。", CADRES),
    Indicator("chairs_full_time", "专职主席（主任）", "人", "现任主席（主任）中任职登记为专职的。", CADRES),
    Indicator("chairs_part_time", "兼职主席（主任）", "人", "现任主席（主任）中任职登记为非专职的。", CADRES),
    _rate(
        "chairs_part_time_share",
        "兼职主席占比",
        "chairs_part_time",
        "chairs",
        "兼职主席（主任） ÷ 现任主席（主任）。",
        CADRES,
    ),
    Indicator(
        "chairs_age_total",
        "主席年龄合计",
        "岁",
        f"填了出生日期的现任主席（主任）年龄之和（用于计算平均年龄）；{AGE_NOTE}。",
        CADRES,
    ),
    Indicator("chairs_with_age", "填有出生日期的主席", "人", "现任主席（主任）中填了出生日期的人数。", CADRES),
    Indicator(
        "chairs_average_age",
        "主席平均年龄",
        "岁",
        f"主席年龄合计 ÷ 填有出生日期的主席；{AGE_NOTE}。",
        CADRES,
        kind=MEAN,
        numerator="chairs_age_total",
        denominator="chairs_with_age",
    ),
    Indicator("vice_chairs", "副主席", "人次", f"现任副主席职务数（一人在两个组织任职计两次）；{AS_OF}。", CADRES),
    Indicator("vice_chairs_part_time", "兼职副主席", "人次", "现任副主席职务中登记为非专职的。", CADRES),
    Indicator("standing_members", "常委", "人次", f"现任常委职务数；{AS_OF}。", CADRES),
    Indicator("executives", "执委", "人次", f"现任执委职务数；{AS_OF}。", CADRES),
    Indicator("township_chairs", "乡镇(街道)妇联主席", "人", "乡镇（街道）妇联的现任主席。", CADRES),
    Indicator(
        "township_chairs_with_duties",
        "乡镇妇联主席兼职人数",
        "人",
        "乡镇（街道）妇联现任主席中登记了兼职岗位（出纳、文化、组织等）的。",
        CADRES,
    ),
    Indicator(
        "township_chairs_by_duty",
        "乡镇妇联主席兼任岗位",
        "人",
        "乡镇（街道）妇联现任主席按登记的兼职岗位分列；一人可兼多岗，各岗位人数不能相加。",
        CADRES,
        dimension="duty",
        additive=False,
    ),
    Indicator(
        "village_chairs_on_committee",
        "村妇联主席进村两委",
        "人",
        "村级妇女组织的现任主席（主任）中是村两委班子成员的。",
        CADRES,
    ),
    _rate(
        "village_chairs_on_committee_rate",
        "村妇联主席进两委比例",
        "village_chairs_on_committee",
        "villages",
        "村妇联主席进村两委人数 ÷ 行政村数。",
        CADRES,
    ),
    Indicator(
        "community_chairs_on_committee",
        "社区妇联主席进社区两委",
        "人",
        "社区妇联的现任主席中是社区两委班子成员的。",
        CADRES,
    ),
    _rate(
        "community_chairs_on_committee_rate",
        "社区妇联主席进两委比例",
        "community_chairs_on_committee",
        "communities",
        "社区妇联主席进社区两委人数 ÷ 社区数。",
        CADRES,
    ),
    Indicator("villages_with_woman", "两委有女性成员的村", "个", "在册行政村中登记为“两委班子中有女性”的。", CADRES),
    _rate(
        "villages_with_woman_rate",
        "村两委女性成员覆盖率",
        "villages_with_woman",
        "villages",
        "两委有女性成员的村 ÷ 行政村数。",
        CADRES,
    ),
    Indicator("communities_with_woman", "两委有女性成员的社区", "个", "在册社区中登记为“两委班子中有女性”的。", CADRES),
    Indicator(
        "communities_without_woman",
        "两委无女性成员的社区",
        "个",
        "在册社区中两委班子未配女性成员的（社区数 − 两委有女性成员的社区）。",
        CADRES,
    ),
    _rate(
        "communities_with_woman_rate",
        "社区两委女性成员覆盖率",
        "communities_with_woman",
        "communities",
        "两委有女性成员的社区 ÷ 社区数。",
        CADRES,
    ),
    Indicator("reserves", "后备干部", "人", "登记为后备干部的女性。", CADRES),
    Indicator("party_members", "中共党员", "人", "妇女干部中政治面貌为中共党员或预备党员的。", CADRES),
    Indicator(
        "cadres_by_age",
        "妇女干部年龄结构",
        "人",
        f"妇女干部人数按年龄段分列，未填出生日期的不计入任何年龄段；{AGE_NOTE}。",
        CADRES,
        dimension="age_band",
    ),
    Indicator(
        "cadres_by_education", "妇女干部学历结构", "人", "妇女干部人数按学历分列。", CADRES, dimension="education"
    ),
    # ---- 示范创建 (by category: 妇女之家, 两新 …)
    _demo(
        "sites",
        "示范点总数",
        f"在挂牌的示范点单位数，{IN_FORCE}；同一单位同时为市级和县级示范点的只计一次（分级数中各计一次）。",
    ),
    _demo("sites_province", "省级示范点", f"在挂牌的省级示范点，{IN_FORCE}。"),
    _demo("sites_city", "市级示范点", f"在挂牌的市级示范点，{IN_FORCE}。"),
    _demo("sites_county", "县级示范点", f"在挂牌的县级示范点，{IN_FORCE}。"),
    _demo("applications", "本年度申报数", f"{SUBMITTED}。"),
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
        DEMO_SITES,
        kind=RATE,
        numerator="accepted",
        denominator="decided",
        dimension="category",
    ),
    _demo("subsidies", "补助笔数", "当年发放的示范点补助资金笔数。", unit="笔"),
    _demo("subsidy_total", "补助金额", "当年发放的示范点补助资金合计。", kind=MONEY, unit="元"),
    Indicator(
        "awaiting_by_level",
        "待验收申报（按级别）",
        "个",
        f"{SUBMITTED}中待验收的，按类别和申报级别分列。",
        DEMO_SITES,
        dimension="category_level",
    ),
    Indicator(
        "applications_by_status",
        "申报进度",
        "个",
        "当年度全部申报（含草稿）按状态分列。",
        DEMO_SITES,
        dimension="application_status",
    ),
    # ---- 培训与活动 (events by organising township; attendance by the attendee's township)
    Indicator(
        "trainings",
        "培训场次",
        "场",
        "当年举办的培训（不含活动），按主办单位统计（县妇联主办的计入“县妇联”行）。",
        TRAINING,
    ),
    Indicator(
        "trainings_by_kind", "培训场次（按形式）", "场", "培训场次按培训形式分列。", TRAINING, dimension="training_kind"
    ),
    Indicator("trainings_by_month", "培训场次（按月）", "场", "培训场次按举办月份分列。", TRAINING, dimension="month"),
    Indicator(
        "participants", "参训人次", "人次", f"{TRAINING_YEAR}，按参训人所属乡镇统计，一人参加两场计两次。", TRAINING
    ),
    Indicator(
        "participants_by_month", "参训人次（按月）", "人次", "参训人次按培训举办月份分列。", TRAINING, dimension="month"
    ),
    Indicator("cadres_trained", "参训干部人数", "人", f"{TRAINING_YEAR}的干部名册内人员，一人只计一次。", TRAINING),
    Indicator(
        "hours", "认定学时", "学时", "参训记录的认定学时之和（未单独认定的按该培训的学时）。", TRAINING, kind=HOURS
    ),
    Indicator(
        "chairs_trained",
        "当年已参训的主席（主任）",
        "人",
        "现任主席（主任）中当年参加过培训的（口径同“现任主席（主任）”）。",
        TRAINING,
    ),
    _rate(
        "chairs_trained_rate",
        "主席（主任）参训率",
        "chairs_trained",
        "chairs",
        "当年已参训的主席（主任） ÷ 现任主席（主任）。",
        TRAINING,
    ),
    Indicator(
        "trainings_by_audience",
        "培训场次（按培训对象）",
        "场",
        "面向该类对象的培训场次。一场培训可面向多类对象（多选），各类对象的场次不能相加。",
        TRAINING,
        dimension="audience",
        additive=False,
    ),
    Indicator(
        "participants_by_audience",
        "参训人次（按培训对象）",
        "人次",
        "面向该类对象的培训的参训人次。一场培训可面向多类对象（多选），各类对象的人次不能相加。",
        TRAINING,
        dimension="audience",
        additive=False,
    ),
    Indicator(
        "activities", "活动场次", "场", "当年开展的服务活动（巾帼文化大舞台、慰问、维权等），按主办单位统计。", TRAINING
    ),
    Indicator(
        "activities_by_kind",
        "活动场次（按类别）",
        "场",
        "活动场次按活动类别分列。",
        TRAINING,
        dimension="activity_kind",
    ),
    Indicator("activities_by_month", "活动场次（按月）", "场", "活动场次按举办月份分列。", TRAINING, dimension="month"),
    Indicator("activity_participants", "活动参与人数", "人次", "活动登记的参与人数之和。", TRAINING),
    # ---- 换届
    Indicator("elections_held", "当年已换届", "个", "当年举行换届的妇女组织（按换届记录计）。", ELECTIONS),
    Indicator("elections_filed", "已换届中已备案", "个", "当年的换届记录中已填备案日期的。", ELECTIONS),
    Indicator("elections_approved", "已换届中已批复", "个", "当年的换届记录中已填批复日期的。", ELECTIONS),
    Indicator(
        "elections_pending",
        "年内到期尚未换届",
        "个",
        "已建妇女组织中下次换届应于填报日至当年12月31日之间的。",
        ELECTIONS,
    ),
    Indicator(
        "elections_overdue",
        "逾期未换届",
        "个",
        "已建妇女组织中下次换届应于日期早于填报日（往年按12月31日）的。",
        ELECTIONS,
    ),
    Indicator("elections_due", "应换届组织数", "个", "当年已换届 ＋ 年内到期尚未换届 ＋ 逾期未换届。", ELECTIONS),
    _rate("elections_rate", "换届完成率", "elections_held", "elections_due", "当年已换届 ÷ 应换届组织数。", ELECTIONS),
    # ---- 经费
    Indicator(
        "funds_budget", "工作经费预算", "元", f"当年度的年度工作经费预算金额，{FUNDS_OWNER}。", FUNDS, kind=MONEY
    ),
    Indicator(
        "funds_spent",
        "经费支出",
        "元",
        "当年的经费支出，按项目分列：示范点补助为当年发放的示范点补助资金（按拨付日期，由县妇联拨付，计入县妇联本级，"
        "不计入示范点所在乡镇，与“补助金额”合计相同）；培训、活动、其他为登记的经费支出（按支出日期），"
        f"{FUNDS_OWNER}。示范点补助只在“补助资金”中登记一次，不另登记为经费支出。",
        FUNDS,
        kind=MONEY,
        dimension="funds_programme",
    ),
    _rate(
        "funds_rate",
        "经费执行率",
        "funds_spent",
        "funds_budget",
        "经费支出 ÷ 工作经费预算；未登记当年预算的不计算（显示“—”），合计行按支出合计 ÷ 预算合计计算。",
        FUNDS,
    ),
)

BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in CATALOGUE}
GROUPS = (ORGANISATION, CADRES, DEMO_SITES, TRAINING, ELECTIONS, FUNDS)


def indicator(code: str) -> Indicator:
    """The indicator ``code``; a KeyError names a code that is not in the catalogue."""
    return BY_CODE[code]


# The rates federations report each year (年报主要指标): shown with last year's beside them in the workbooks
# and the 情况汇报, and on the dashboard.
KEY_RATES = (
    "villages_rate",
    "communities_rate",
    "enterprises_rate",
    "social_orgs_rate",
    "new_orgs_rate",
    "organs_rate",
    "womens_homes_communities_rate",
    "leadership_rate",
    "community_chairs_on_committee_rate",
    "chairs_part_time_share",
    "chairs_trained_rate",
    "accepted_rate",
    "elections_rate",
)


def dimension_values(name: str) -> tuple[tuple[str, str], ...]:
    """(value, label) pairs of a breakdown, in display order. Audiences, duties and application states are
    read when asked for (audiences and duties are reference data that county staff keep)."""
    if name == "duty":
        from orgs.models import Duty

        return tuple((str(pk), label) for pk, label in Duty.objects.order_by("pk").values_list("pk", "name"))
    if name == "audience":
        from training.models import Audience

        return tuple(
            (str(pk), label) for pk, label in Audience.objects.order_by("sort_order", "pk").values_list("pk", "name")
        )
    if name == "application_status":
        from demo_sites.models import Application

        return tuple(Application.Status.choices)
    return DIMENSIONS[name]

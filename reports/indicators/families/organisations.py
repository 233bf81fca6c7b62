"""The catalogue's indicators of 组织建设: units, their women's organisations (组建), 妇女之家 and 班子配备."""

from __future__ import annotations

from reports.indicators.indicator import Indicator, rate

GROUP = "组织建设"

ESTABLISHED = "妇女组织状态为正常运转或空挂、成立日期不晚于当年12月31日（未填成立日期的视为已成立），已撤销的不计"
ACTIVE_UNITS = "只计存续单位（关停、撤并的不计）"
PARTY = "只计成立独立党支部或联合党支部的单位"


INDICATORS: tuple[Indicator, ...] = (
    Indicator("township_units", "乡镇(街道)数", "个", f"在册乡镇（街道）数，{ACTIVE_UNITS}。", GROUP, county_only=True),
    Indicator("townships", "乡镇(街道)妇联", "个", f"已建立妇联的乡镇（街道）数：{ESTABLISHED}。", GROUP),
    rate(
        "townships_rate",
        "乡镇(街道)妇联组建率",
        "townships",
        "township_units",
        "乡镇(街道)妇联数 ÷ 乡镇(街道)数。",
        GROUP,
        county_only=True,
    ),
    Indicator("villages", "行政村数", "个", f"在册行政村数，{ACTIVE_UNITS}。", GROUP),
    Indicator(
        "villages_established",
        "已建村级妇女组织",
        "个",
        f"已建妇女组织（村妇联、妇代会等）的行政村数：{ESTABLISHED}。",
        GROUP,
    ),
    rate(
        "villages_rate",
        "村级妇女组织组建率",
        "villages_established",
        "villages",
        "已建村级妇女组织的行政村数 ÷ 行政村数。",
        GROUP,
    ),
    Indicator("communities", "社区数", "个", f"在册城乡社区数，{ACTIVE_UNITS}。", GROUP),
    Indicator("communities_established", "已建社区妇联", "个", f"已建社区妇联的社区数：{ESTABLISHED}。", GROUP),
    rate(
        "communities_rate",
        "社区妇联组建率",
        "communities_established",
        "communities",
        "已建社区妇联的社区数 ÷ 社区数。",
        GROUP,
    ),
    Indicator("enterprises", "有党组织的非公企业", "家", f"{PARTY}的非公有制企业数，{ACTIVE_UNITS}。", GROUP),
    Indicator(
        "enterprises_established",
        "非公企业已建妇女组织",
        "家",
        f"有党组织的非公企业中已建妇女组织的：{ESTABLISHED}。",
        GROUP,
    ),
    Indicator(
        "enterprises_before",
        "非公企业往年已建",
        "家",
        "有党组织的非公企业中，妇女组织成立于当年以前（或未填成立日期）的。",
        GROUP,
    ),
    Indicator("enterprises_new", "非公企业当年新建", "家", "有党组织的非公企业中，妇女组织成立于当年的。", GROUP),
    rate(
        "enterprises_rate",
        "非公企业妇女组织组建率",
        "enterprises_established",
        "enterprises",
        "有党组织的非公企业中已建妇女组织的 ÷ 有党组织的非公企业数。",
        GROUP,
    ),
    Indicator("social_orgs", "有党组织的社会组织", "个", f"{PARTY}的社会组织数，{ACTIVE_UNITS}。", GROUP),
    Indicator(
        "social_orgs_established",
        "社会组织已建妇女组织",
        "个",
        f"有党组织的社会组织中已建妇女组织的：{ESTABLISHED}。",
        GROUP,
    ),
    rate(
        "social_orgs_rate",
        "社会组织妇女组织组建率",
        "social_orgs_established",
        "social_orgs",
        "有党组织的社会组织中已建妇女组织的 ÷ 有党组织的社会组织数。",
        GROUP,
    ),
    Indicator("new_orgs", "有党组织的两新组织", "个", "有党组织的非公企业数 ＋ 有党组织的社会组织数。", GROUP),
    Indicator(
        "new_orgs_established",
        "两新组织已建妇女组织",
        "个",
        "非公企业已建妇女组织 ＋ 社会组织已建妇女组织。",
        GROUP,
    ),
    rate(
        "new_orgs_rate",
        "两新组织妇女组织组建率（合计）",
        "new_orgs_established",
        "new_orgs",
        "两新组织已建妇女组织 ÷ 有党组织的两新组织（非公企业与社会组织合计）。",
        GROUP,
    ),
    Indicator(
        "organs",
        "县直机关事业单位",
        "个",
        f"在册县直机关、事业单位数，{ACTIVE_UNITS}。",
        GROUP,
        county_only=True,
    ),
    Indicator(
        "organ_committees",
        "已建机关妇委会",
        "个",
        f"已建妇委会的县直机关、事业单位数：{ESTABLISHED}。",
        GROUP,
        county_only=True,
    ),
    rate(
        "organs_rate",
        "机关妇委会组建率",
        "organ_committees",
        "organs",
        "已建机关妇委会的单位数 ÷ 县直机关事业单位数。",
        GROUP,
        county_only=True,
    ),
    Indicator(
        "group_members", "团体会员", "个", f"在册的妇联团体会员单位数，{ACTIVE_UNITS}。", GROUP, county_only=True
    ),
    Indicator("units", "基层单位", "个", f"在册的乡镇以下及县直单位数（不含县本级），{ACTIVE_UNITS}。", GROUP),
    Indicator("organisations", "妇女组织", "个", f"各类已建妇女组织数（含乡镇妇联、空挂组织）：{ESTABLISHED}。", GROUP),
    Indicator(
        "nominal",
        "空挂组织",
        "个",
        "已建妇女组织中运转状态为“空挂”的，按所在单位类别分列。",
        GROUP,
        dimension="unit_kind",
    ),
    Indicator("womens_homes_villages", "建有“妇女之家”的村", "个", "已建妇女组织且“妇女之家”已挂牌的行政村数。", GROUP),
    rate(
        "womens_homes_villages_rate",
        "村“妇女之家”覆盖率",
        "womens_homes_villages",
        "villages",
        "建有“妇女之家”的村 ÷ 行政村数。",
        GROUP,
    ),
    Indicator(
        "womens_homes_communities",
        "建有“妇女之家”的社区",
        "个",
        "已建社区妇联且“妇女之家”已挂牌的社区数。",
        GROUP,
    ),
    rate(
        "womens_homes_communities_rate",
        "社区“妇女之家”覆盖率",
        "womens_homes_communities",
        "communities",
        "建有“妇女之家”的社区 ÷ 社区数。",
        GROUP,
    ),
    Indicator(
        "leadership_with_rule",
        "适用班子配备要求的妇女组织",
        "个",
        "已建妇女组织中，其所在单位类别设有班子配备要求（会改联，县妇联可在“班子配备要求”中调整）的。",
        GROUP,
    ),
    Indicator(
        "leadership_complete",
        "班子配备齐全的妇女组织",
        "个",
        "按填报日的现任职务，主席、兼职副主席、副主席、常委、执委人数均达到其配备要求的妇女组织数。",
        GROUP,
    ),
    rate(
        "leadership_rate",
        "班子配备齐全率",
        "leadership_complete",
        "leadership_with_rule",
        "班子配备齐全的妇女组织 ÷ 适用班子配备要求的妇女组织。",
        GROUP,
    ),
)

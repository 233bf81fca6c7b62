"""The summary sheets: which indicators each column shows, and one pure builder per summary.

Every column is an indicator of ``reports.indicators`` named by its code, and every value (rows, 合计 and
其中 rows alike) is the catalogue's own figure from a ``FigureTable``, so a workbook cannot disagree with the
dashboard or the 情况汇报. ``build_<name>_workbook(*, table, meta)`` touches no data of the federation:
a test builds one from a hand-made table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook

from demo_sites.models import CATEGORY_UNIT_KINDS, LEVELS_HIGH_TO_LOW, Category
from orgs.models import Unit
from reports.indicators.catalogue import (
    AGE_BANDS,
    BY_CODE,
    CATALOGUE,
    GROUPS,
    HOURS,
    KEY_RATES,
    MEAN,
    MONEY,
    RATE,
    dimension_values,
)
from reports.indicators.figures import FigureTable, Row
from reports.workbooks.layout import Column, ReportMeta, write_table
from training.models import Event

# Categories a township's units stand for (妇女之家, 两新), and those of county-level units (机关妇委会).
TOWNSHIP_CATEGORIES = tuple(c for c in Category if set(CATEGORY_UNIT_KINDS[c]) & set(Unit.TOWNSHIP_KINDS))
COUNTY_CATEGORIES = tuple(c for c in Category if c not in TOWNSHIP_CATEGORIES)


def col(code: str, header: str | None = None, group: str | None = None, width: float | None = None) -> Column:
    """A column showing indicator ``code`` (``code:value`` for one value of its breakdown)."""
    indicator = BY_CODE[code.split(":", 1)[0]]
    kind = {RATE: "rate", MONEY: "money", HOURS: "hours", MEAN: "mean"}.get(indicator.kind, "int")
    rate_of = (indicator.numerator, indicator.denominator) if indicator.kind == RATE else None
    return Column(
        code, header or indicator.name, group=group, kind=kind, rate_of=rate_of, width=width, unit=indicator.unit
    )


@dataclass(frozen=True)
class SheetSpec:
    sheet_name: str  # ≤ 31 characters
    title: str  # formatted with {year}
    columns: tuple[Column, ...]
    name_header: str = "乡镇（街道）"
    unit_note: str | None = None  # None: from the columns' units (计量单位：个、%)
    notes: tuple[str, ...] = field(default_factory=tuple)
    county_notes: tuple[str, ...] = field(default_factory=tuple)  # only on whole-county tables
    county_label: str = "县直单位"  # the county-level row's name
    by_category: bool = False  # a row per township and 示范点类别, with 其中 rows per category

    def columns_for(self, meta: ReportMeta) -> tuple[Column, ...]:
        """A township's table leaves out what only the county has (县直机关妇委会, 团体会员)."""
        if meta.whole_county:
            return self.columns
        return tuple(c for c in self.columns if c.kind == "text" or not BY_CODE[c.key.split(":", 1)[0]].county_only)

    def notes_for(self, meta: ReportMeta) -> tuple[str, ...]:
        return self.notes + (self.county_notes if meta.whole_county else ())


ORG_COVERAGE = SheetSpec(
    sheet_name="基层妇女组织建设情况",
    title="{year}年基层妇女组织建设情况统计表",
    columns=(
        col("townships", "乡镇妇联"),
        col("villages", "行政村数", group="村级妇女组织"),
        col("villages_established", "已建妇女组织", group="村级妇女组织"),
        col("villages_rate", "组建率", group="村级妇女组织"),
        col("communities", "社区数", group="社区妇联"),
        col("communities_established", "已建社区妇联", group="社区妇联"),
        col("communities_rate", "组建率", group="社区妇联"),
        col("enterprises", "有党组织的企业", group="非公企业妇女组织"),
        col("enterprises_established", "已建妇女组织", group="非公企业妇女组织"),
        col("enterprises_before", "其中往年已建", group="非公企业妇女组织"),
        col("enterprises_new", "其中当年新建", group="非公企业妇女组织"),
        col("enterprises_rate", "组建率", group="非公企业妇女组织"),
        col("social_orgs", "有党组织的社会组织", group="社会组织妇女组织"),
        col("social_orgs_established", "已建妇女组织", group="社会组织妇女组织"),
        col("social_orgs_rate", "组建率", group="社会组织妇女组织"),
        col("new_orgs", "有党组织的两新组织", group="两新组织合计"),
        col("new_orgs_established", "已建妇女组织", group="两新组织合计"),
        col("new_orgs_rate", "组建率", group="两新组织合计"),
        col("organs", "县直机关事业单位", group="机关妇委会"),
        col("organ_committees", "已建妇委会", group="机关妇委会"),
        col("organs_rate", "组建率", group="机关妇委会"),
        col("group_members", "团体会员"),
        col("nominal", "空挂组织"),
        col("womens_homes_villages", "村", group="“妇女之家”阵地"),
        col("womens_homes_villages_rate", "村覆盖率", group="“妇女之家”阵地"),
        col("womens_homes_communities", "社区", group="“妇女之家”阵地"),
        col("womens_homes_communities_rate", "社区覆盖率", group="“妇女之家”阵地"),
        col("leadership_with_rule", "适用要求的组织", group="班子配备"),
        col("leadership_complete", "配备齐全", group="班子配备"),
        col("leadership_rate", "齐全率", group="班子配备"),
    ),
    notes=(
        "注：1. 非公企业、社会组织只统计成立独立党支部或联合党支部的单位；"
        "组建率＝已建妇女组织数÷单位数，合计行的比率按合计数计算。"
        "2. 已撤销的组织和已关停、撤并的单位不计入。3. 各指标口径见“指标口径说明”表。",
    ),
    county_notes=("县直机关妇委会、团体会员列在“县直单位”行。",),
)

CADRES = SheetSpec(
    sheet_name="妇女干部队伍情况",
    title="{year}年妇女干部队伍情况统计表",
    columns=(
        col("cadres", "妇女干部人数"),
        col("chairs", "主席（主任）", group="现任主席（主任）"),
        col("chairs_full_time", "专职", group="现任主席（主任）"),
        col("chairs_part_time", "兼职", group="现任主席（主任）"),
        col("chairs_part_time_share", "兼职占比", group="现任主席（主任）"),
        col("chairs_average_age", "平均年龄", group="现任主席（主任）"),
        col("vice_chairs", "副主席", group="其他现任职务（人次）"),
        col("vice_chairs_part_time", "其中兼职", group="其他现任职务（人次）"),
        col("standing_members", "常委", group="其他现任职务（人次）"),
        col("executives", "执委", group="其他现任职务（人次）"),
        col("village_chairs_on_committee", "村妇联主席进村两委", group="进两委情况"),
        col("villages_with_woman", "两委有女性的村", group="进两委情况"),
        col("communities", "社区数", group="进两委情况"),
        col("community_chairs_on_committee", "社区妇联主席进社区两委", group="进两委情况"),
        col("community_chairs_on_committee_rate", "进两委比例", group="进两委情况"),
        col("communities_without_woman", "两委无女性的社区", group="进两委情况"),
        col("township_chairs", "乡镇妇联主席", group="乡镇妇联主席兼职"),
        col("township_chairs_with_duties", "其中兼职", group="乡镇妇联主席兼职"),
        col("reserves", "后备干部"),
        col("party_members", "中共党员"),
        *(col(f"cadres_by_age:{band}", label, group="年龄结构") for band, label in AGE_BANDS),
        *(
            col(f"cadres_by_education:{value}", label, group="学历结构")
            for value, label in dimension_values("education")
        ),
    ),
    notes=(
        "注：妇女干部人数按人统计（有现任职务或列为后备干部的女性，一人多职只计一次）；主席(主任)含村、社区、乡镇妇联主席，"
        "村妇代会主任和机关妇委会主任，按人统计；其他职务按人次统计。年龄按当年12月31日计算，年龄段“及以下”“及以上”含本数。",
    ),
)

ELECTIONS = SheetSpec(
    sheet_name="换届情况",
    title="{year}年基层妇女组织换届情况统计表",
    columns=(
        col("elections_due", "应换届组织数"),
        col("elections_held", "已换届", group="已完成换届"),
        col("elections_filed", "其中已备案", group="已完成换届"),
        col("elections_approved", "其中已批复", group="已完成换届"),
        col("elections_rate", "完成率", group="已完成换届"),
        col("elections_pending", "年内到期尚未换届", group="未完成换届"),
        col("elections_overdue", "逾期未换届", group="未完成换届"),
    ),
    notes=("注：应换届组织数＝当年已换届＋年内到期尚未换届＋逾期未换届；逾期按填报日（往年按12月31日）计算。",),
)

DEMO_SITES = SheetSpec(
    sheet_name="示范点创建情况",
    title="{year}年基层妇女组织示范点创建情况统计表",
    by_category=True,
    columns=(
        Column("category_label", "示范点类别", kind="text"),
        col("sites", "现有示范点总数"),
        *(col(f"sites_{level.value}", level.label, group="现有示范点（按级别）") for level in LEVELS_HIGH_TO_LOW),
        col("applications", "申报数", group="本年度申报"),
        col("awaiting", "待验收", group="本年度申报"),
        col("rectifying", "整改中", group="本年度申报"),
        col("accepted", "通过", group="本年度申报"),
        col("rejected", "不通过", group="本年度申报"),
        col("accepted_rate", "通过率", group="本年度申报"),
        col("subsidies", "笔数", group="本年度补助资金"),
        col("subsidy_total", "金额（元）", group="本年度补助资金", width=14),
    ),
    notes=(
        "注：现有示范点按填报日（往年按12月31日）仍在挂牌的计算，已摘牌的不计；同一单位同时为市级和县级示范点的，"
        "示范点总数只计一次，分级别各计一次。申报数不含未提交的草稿；通过率＝通过÷已作出结论（通过＋不通过），"
        "待验收和整改中的不计入。",
    ),
    county_notes=("县直机关的示范点列在“县直单位”行。",),
)

TRAINING = SheetSpec(
    sheet_name="培训与活动情况",
    title="{year}年妇女干部培训与活动情况统计表",
    name_header="主办单位",
    county_label="县妇联",
    columns=(
        *(col(f"trainings_by_kind:{kind.value}", kind.label, group="培训场次（按形式）") for kind in Event.Kind),
        col("trainings", "合计", group="培训场次（按形式）"),
        col("participants", "参训人次", group="参训情况"),
        col("cadres_trained", "参训干部人数", group="参训情况"),
        col("hours", "认定学时", group="参训情况"),
        col("chairs", "现任主席（主任）", group="主席（主任）参训"),
        col("chairs_trained", "当年已参训", group="主席（主任）参训"),
        col("chairs_trained_rate", "参训率", group="主席（主任）参训"),
        col("activities", "场次", group="活动"),
        col("activity_participants", "参与人数", group="活动"),
    ),
    notes=(
        "注：培训、活动场次按主办单位统计；参训人次、参训干部和主席(主任)按参训人所属乡镇统计；"
        "现任主席(主任)与“妇女干部队伍情况”表口径相同。",
    ),
    county_notes=("县妇联主办的培训、活动和县直单位的干部列在“县妇联”行。",),
)

DUTIES = SheetSpec(
    sheet_name="执委履职情况",
    title="{year}年执委履职情况统计表",
    columns=(
        col("duty_executives", "执委人数", group="履职填报"),
        col("duty_reported", "已填报", group="履职填报"),
        col("duty_reported_rate", "填报率", group="履职填报"),
        col("duty_women_in_touch", "联系妇女总数", width=12),
        col("duty_records", "履职记录数", group="履职积分"),
        col("duty_points_total", "积分合计", group="履职积分", width=12),
        col("duty_points_average", "平均积分", group="履职积分"),
    ),
    notes=(
        "注：执委人数按填报日（往年按12月31日）在任计算，一人在两个组织任执委只计一次；联系妇女数按“1+10+N”填报人数，"
        "不含妇女个人信息；履职积分＝当年方案基础分＋加分－减分（最低0分），平均积分＝积分合计÷履职记录数。",
    ),
    county_notes=("县直机关妇委会的执委列在“县直单位”行。",),
)

AUDIENCE_NOTE = "注：一场培训可面向多类培训对象（可多选），各类对象的场次和人次分别计入，不能相加，故不设合计行。"


def _row_values(spec: SheetSpec, columns, table: FigureTable, row: Row | None, category: str | None = None) -> dict:
    return {c.key: _value(table, c.key, row, category) for c in columns if c.kind != "text"}


def _value(table: FigureTable, key: str, row: Row | None, category: str | None):
    code, _, dimension_value = key.partition(":")
    return table.value(code, row, dimension_value or category)


def sheet_rows(spec: SheetSpec, table: FigureTable, meta: ReportMeta) -> tuple[list[dict], list[dict]]:
    """The body rows and the 合计 (and 其中) rows of ``spec`` from ``table``."""
    columns = spec.columns_for(meta)
    rows, totals = [], []
    for row in table.rows:
        name = spec.county_label if row.township_id is None else row.name
        if not spec.by_category:
            rows.append({"name": name, "township_id": row.township_id, **_row_values(spec, columns, table, row)})
            continue
        categories = COUNTY_CATEGORIES if row.township_id is None else TOWNSHIP_CATEGORIES
        for category in categories:
            rows.append(
                {
                    "name": name,
                    "township_id": row.township_id,
                    "category_label": category.label,
                    **_row_values(spec, columns, table, row, category.value),
                }
            )
    if spec.by_category:
        totals.append({"category_label": "全部", **_row_values(spec, columns, table, None)})
        shown = TOWNSHIP_CATEGORIES + (COUNTY_CATEGORIES if any(r.township_id is None for r in table.rows) else ())
        for category in shown:
            totals.append(
                {"category_label": f"其中：{category.label}", **_row_values(spec, columns, table, None, category.value)}
            )
    else:
        totals.append(_row_values(spec, columns, table, None))
    return rows, totals


def write_sheet(workbook: Workbook, spec: SheetSpec, *, table: FigureTable, meta: ReportMeta, first: bool = False):
    ws = workbook.active if first else workbook.create_sheet()
    ws.title = spec.sheet_name
    rows, totals = sheet_rows(spec, table, meta)
    write_table(
        ws,
        title=spec.title.format(year=meta.year),
        meta=meta,
        columns=spec.columns_for(meta),
        rows=rows,
        name_header=spec.name_header,
        unit_note=spec.unit_note,
        notes=spec.notes_for(meta),
        total_rows=totals,
    )
    return ws


def write_audience_sheet(workbook: Workbook, *, table: FigureTable, meta: ReportMeta):
    """培训对象: a multi-choice breakdown, one row per audience and no 合计 (the rows overlap)."""
    ws = workbook.create_sheet()
    ws.title = "培训对象"
    columns = (
        Column("events", "面向该对象的培训场次", unit="场"),
        Column("participants", "这些培训的参训人次", unit="人次"),
    )
    events = dict((v, n) for v, _, n in table.breakdown("trainings_by_audience"))
    participants = dict((v, n) for v, _, n in table.breakdown("participants_by_audience"))
    rows = [
        {"name": label, "events": events.get(value, 0), "participants": participants.get(value, 0)}
        for value, label in dimension_values("audience")
    ]
    write_table(
        ws,
        title=f"{meta.year}年妇女干部培训情况统计表（按培训对象，可多选）",
        meta=meta,
        columns=columns,
        rows=rows,
        name_header="培训对象",
        notes=(AUDIENCE_NOTE,),
        total_rows=[],
    )
    return ws


# Key rates shown beside last year's (同比) in the summary workbook and the 情况汇报.
def write_year_on_year_sheet(workbook: Workbook, *, table: FigureTable, previous: FigureTable | None, meta: ReportMeta):
    """主要指标同比: each key rate this year, last year and the change in percentage points."""
    ws = workbook.create_sheet()
    ws.title = "主要指标同比"
    codes = [c for c in KEY_RATES if meta.whole_county or not BY_CODE[c].county_only]
    rows = []
    for code in codes:
        now = table.value(code)
        before = previous.value(code) if previous is not None else None
        change = None if now is None or before is None else round((now - before) * 100, 1)
        rows.append({"name": BY_CODE[code].name, "now": now, "before": before, "change": change})
    columns = (
        Column("now", f"{meta.year}年", kind="rate"),
        Column("before", f"{meta.year - 1}年", kind="rate"),
        Column("change", "增减（百分点）", kind="mean"),
    )
    write_table(
        ws,
        title=f"{meta.year}年主要指标同比情况",
        meta=meta,
        columns=columns,
        rows=rows,
        name_header="指标",
        unit_note="计量单位：%、百分点",
        total_rows=[],
        notes=("注：上年数为上年年报定稿数（未定稿的按上年12月31日的在册数据计算）；“—”表示无可比数据。",),
    )
    return ws


def write_definitions_sheet(workbook: Workbook, *, meta: ReportMeta):
    """指标口径说明: every indicator of the catalogue, its unit and definition."""
    ws = workbook.create_sheet()
    ws.title = "指标口径说明"
    columns = (
        Column("group", "类别", kind="text", width=10),
        Column("unit", "单位", kind="text", width=6),
        Column("definition", "统计口径", kind="text", width=90),
    )
    rows = [
        {"name": ind.name, "group": ind.group, "unit": ind.unit, "definition": ind.definition}
        for group in GROUPS
        for ind in CATALOGUE
        if ind.group == group
    ]
    write_table(
        ws,
        title="统计指标及口径说明",
        meta=meta,
        columns=columns,
        rows=rows,
        name_header="指标",
        unit_note="",
        total_rows=[],
    )
    return ws


def _single(spec: SheetSpec, table: FigureTable, meta: ReportMeta) -> Workbook:
    workbook = Workbook()
    write_sheet(workbook, spec, table=table, meta=meta, first=True)
    workbook.properties.title = spec.title.format(year=meta.year)
    workbook.properties.creator = meta.reporting_unit
    return workbook


def build_org_coverage_workbook(*, table: FigureTable, meta: ReportMeta) -> Workbook:
    return _single(ORG_COVERAGE, table, meta)


def build_cadres_workbook(*, table: FigureTable, meta: ReportMeta) -> Workbook:
    return _single(CADRES, table, meta)


def build_demo_sites_workbook(*, table: FigureTable, meta: ReportMeta) -> Workbook:
    return _single(DEMO_SITES, table, meta)


def build_training_workbook(*, table: FigureTable, meta: ReportMeta) -> Workbook:
    """Two sheets: per organising township, and per audience (multi-choice, no 合计)."""
    workbook = _single(TRAINING, table, meta)
    write_audience_sheet(workbook, table=table, meta=meta)
    return workbook


def build_term_elections_workbook(*, table: FigureTable, meta: ReportMeta) -> Workbook:
    return _single(ELECTIONS, table, meta)


def build_duties_workbook(*, table: FigureTable, meta: ReportMeta) -> Workbook:
    return _single(DUTIES, table, meta)


SUMMARY_SPECS: Sequence[SheetSpec] = (ORG_COVERAGE, DEMO_SITES, CADRES, TRAINING, ELECTIONS, DUTIES)

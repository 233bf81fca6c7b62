"""The summary sheets: their columns, titles, and one pure builder per summary.

``build_<name>_workbook(*, rows, meta) -> Workbook`` takes rows from ``reports.selectors`` and a
``ReportMeta``; nothing here touches the database, so a test builds a workbook from plain dicts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook

from demo_sites.models import Level
from reports.selectors.cadres import AGE_BANDS, EDUCATION_KEYS
from reports.workbooks.layout import Column, ReportMeta, write_table
from training.models import Event


@dataclass(frozen=True)
class SheetSpec:
    sheet_name: str  # ≤ 31 characters
    title: str  # formatted with {year}
    columns: tuple[Column, ...]
    name_header: str = "乡镇(街道)"
    unit_note: str = "计量单位：个、人"
    notes: tuple[str, ...] = field(default_factory=tuple)
    subtotal_by: str | None = None  # a text column whose values get 其中 rows under 合计


ORG_COVERAGE = SheetSpec(
    sheet_name="基层妇女组织建设情况",
    title="{year}年基层妇女组织建设情况统计表",
    columns=(
        Column("townships", "乡镇妇联"),
        Column("villages", "行政村数", group="村级妇女组织"),
        Column("villages_established", "已建妇女组织", group="村级妇女组织"),
        Column("villages_rate", "组建率", group="村级妇女组织", kind="rate", rate_of=("villages_established", "villages")),
        Column("communities", "社区数", group="社区妇联"),
        Column("communities_established", "已建社区妇联", group="社区妇联"),
        Column("communities_rate", "组建率", group="社区妇联", kind="rate", rate_of=("communities_established", "communities")),
        Column("enterprises", "有党组织的企业", group="非公企业妇女组织"),
        Column("enterprises_established", "已建妇女组织", group="非公企业妇女组织"),
        Column("enterprises_before", "其中往年已建", group="非公企业妇女组织"),
        Column("enterprises_new", "其中今年新建", group="非公企业妇女组织"),
        Column("enterprises_rate", "组建率", group="非公企业妇女组织", kind="rate", rate_of=("enterprises_established", "enterprises")),
        Column("social_orgs", "有党组织的社会组织", group="社会组织妇女组织"),
        Column("social_orgs_established", "已建妇女组织", group="社会组织妇女组织"),
        Column("social_orgs_rate", "组建率", group="社会组织妇女组织", kind="rate", rate_of=("social_orgs_established", "social_orgs")),
        Column("organ_committees", "县直机关妇委会"),
        Column("group_members", "团体会员"),
        Column("nominal", "空挂组织"),
    ),
    notes=(
        "注：1. 非公企业、社会组织只统计成立独立党支部或联合党支部的单位；组建率＝已建妇女组织数÷单位数。"
        "2. 县直机关妇委会、团体会员列在“县直单位”行。3. 已撤销的组织和已关停、撤并的单位不计入。",
    ),
)

CADRES = SheetSpec(
    sheet_name="妇女干部队伍情况",
    title="{year}年妇女干部队伍情况统计表",
    unit_note="计量单位：人、个",
    columns=(
        Column("cadres", "妇女干部人数"),
        Column("chairs", "主席(主任)", group="现任职务"),
        Column("vice_chairs", "副主席", group="现任职务"),
        Column("executives", "执委", group="现任职务"),
        Column("village_chairs_on_committee", "村妇联主席进村两委", group="进两委情况"),
        Column("communities", "社区数", group="进两委情况"),
        Column("community_chairs_on_committee", "社区妇联主席进社区两委", group="进两委情况"),
        Column("communities_without_woman", "两委无女性的社区", group="进两委情况"),
        Column("township_chairs", "乡镇妇联主席", group="乡镇妇联主席兼职"),
        Column("township_chairs_with_duties", "其中兼职", group="乡镇妇联主席兼职"),
        Column("reserves", "后备干部"),
        Column("party_members", "中共党员"),
        *(Column(key, label, group="年龄结构") for key, label in AGE_BANDS),
        *(Column(key, label, group="文化程度") for key, label in EDUCATION_KEYS),
    ),
    notes=(
        "注：妇女干部人数按人统计（有现任职务或列为后备干部的女性，一人多职只计一次）；现任职务按职务人次统计。"
        "年龄按填报年度截止日计算。",
    ),
)

TERM_ELECTIONS = SheetSpec(
    sheet_name="换届情况",
    title="{year}年基层妇女组织换届情况统计表",
    columns=(
        Column("due", "应换届组织数"),
        Column("held", "已换届", group="已完成换届"),
        Column("filed", "其中已备案", group="已完成换届"),
        Column("approved", "其中已批复", group="已完成换届"),
        Column("held_rate", "完成率", group="已完成换届", kind="rate", rate_of=("held", "due")),
        Column("pending", "年内到期尚未换届", group="未完成换届"),
        Column("overdue", "逾期未换届", group="未完成换届"),
    ),
    notes=("注：应换届组织数＝本年已换届＋本年内到期尚未换届＋逾期未换届；逾期按填报日（往年按12月31日）计算。",),
)


LEVELS_HIGH_TO_LOW = (Level.PROVINCE, Level.CITY, Level.COUNTY)

DEMO_SITES = SheetSpec(
    sheet_name="示范点创建情况",
    title="{year}年基层妇女组织示范点创建情况统计表",
    unit_note="计量单位：个、元",
    subtotal_by="category_label",
    columns=(
        Column("category_label", "示范点类别", kind="text"),
        *(Column(f"designated_{level.value}", level.label, group="现有示范点") for level in LEVELS_HIGH_TO_LOW),
        Column("designated", "小计", group="现有示范点"),
        Column("applications", "申报数", group="本年度申报"),
        Column("awaiting", "待验收", group="本年度申报"),
        Column("rectifying", "整改中", group="本年度申报"),
        Column("accepted", "通过", group="本年度申报"),
        Column("rejected", "不通过", group="本年度申报"),
        Column("accepted_rate", "通过率", group="本年度申报", kind="rate", rate_of=("accepted", "applications")),
        Column("subsidies", "笔数", group="本年度补助资金"),
        Column("subsidy_total", "金额(元)", group="本年度补助资金", kind="money", width=14),
    ),
    notes=(
        "注：现有示范点按填报日（往年按12月31日）仍在挂牌的计算，已摘牌的不计；申报数不含未提交的草稿；"
        "县直机关的示范点列在“县直单位”行。",
    ),
)

TRAINING = SheetSpec(
    sheet_name="培训与活动情况",
    title="{year}年妇女干部培训与活动情况统计表",
    name_header="主办单位",
    unit_note="计量单位：场、人次、人、学时",
    columns=(
        *(Column(f"kind_{kind.value}", kind.label, group="培训场次（按形式）") for kind in Event.Kind),
        Column("trainings", "合计", group="培训场次（按形式）"),
        Column("participants", "参训人次", group="参训情况"),
        Column("cadres_trained", "参训干部人数", group="参训情况"),
        Column("hours", "认定学时", group="参训情况", kind="money"),
        Column("chairs", "现任妇联主席", group="妇联主席参训"),
        Column("chairs_trained", "今年已参训", group="妇联主席参训"),
        Column("chairs_rate", "参训率", group="妇联主席参训", kind="rate", rate_of=("chairs_trained", "chairs")),
        Column("activities", "场次", group="活动"),
        Column("activity_participants", "参与人数", group="活动"),
    ),
    notes=(
        "注：培训、活动场次按主办单位统计，县妇联主办的列在“县妇联”行；参训人次、参训干部和妇联主席按干部所属乡镇统计。",
    ),
)

TRAINING_AUDIENCES = SheetSpec(
    sheet_name="培训对象",
    title="{year}年妇女干部培训情况统计表（按培训对象）",
    name_header="培训对象",
    unit_note="计量单位：场、人次",
    columns=(Column("events", "培训场次"), Column("participants", "参训人次")),
    notes=("注：一场培训面向多类对象的，分别计入各类对象。",),
)


def write_sheet(workbook: Workbook, spec: SheetSpec, *, rows: Sequence[Mapping], meta: ReportMeta, first: bool = False):
    ws = workbook.active if first else workbook.create_sheet()
    ws.title = spec.sheet_name
    write_table(
        ws, title=spec.title.format(year=meta.year), meta=meta, columns=spec.columns, rows=rows,
        name_header=spec.name_header, unit_note=spec.unit_note, notes=spec.notes, subtotal_by=spec.subtotal_by,
    )
    return ws


def _single(spec: SheetSpec, rows, meta) -> Workbook:
    workbook = Workbook()
    write_sheet(workbook, spec, rows=rows, meta=meta, first=True)
    workbook.properties.title = spec.title.format(year=meta.year)
    workbook.properties.creator = meta.reporting_unit
    return workbook


def build_org_coverage_workbook(*, rows: Sequence[Mapping], meta: ReportMeta) -> Workbook:
    return _single(ORG_COVERAGE, rows, meta)


def build_cadres_workbook(*, rows: Sequence[Mapping], meta: ReportMeta) -> Workbook:
    return _single(CADRES, rows, meta)


def build_demo_sites_workbook(*, rows: Sequence[Mapping], meta: ReportMeta) -> Workbook:
    return _single(DEMO_SITES, rows, meta)


def build_training_workbook(*, rows: Mapping[str, Sequence[Mapping]], meta: ReportMeta) -> Workbook:
    """Two sheets: per organising township, and per audience. ``rows`` = {"townships": …, "audiences": …}."""
    workbook = _single(TRAINING, rows["townships"], meta)
    write_sheet(workbook, TRAINING_AUDIENCES, rows=rows["audiences"], meta=meta)
    return workbook


def build_term_elections_workbook(*, rows: Sequence[Mapping], meta: ReportMeta) -> Workbook:
    return _single(TERM_ELECTIONS, rows, meta)

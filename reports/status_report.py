"""情况汇报: the statistical paragraphs of the county's yearly report, written from the data.

``status_report_data`` reads (a fixed number of queries); ``compose_status_report`` is pure: it turns
those figures into sentences in the seed report's own style, so that every figure in a sentence is
computed and a test can compose a report from plain numbers. ``build_status_report_docx`` writes the
result as a Word document (仿宋 body, 黑体 headings, as official documents are set).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db.models import Max, Min

from demo_sites.models import Category, Level
from demo_sites.selectors import applications_awaiting_acceptance
from reports.indicators.catalogue import dimension_values
from reports.indicators.figures import FigureTable
from reports.selectors.scope import ReportScope
from reports.workbooks import previous_year
from reports.workbooks.layout import ReportMeta
from training.models import Event

# A township is short of reserve cadres with fewer than one per five village and community organisations.
RESERVE_PER_GRASSROOTS_ORGANISATION = 0.2

LEVELS_HIGH_TO_LOW = (Level.PROVINCE, Level.CITY, Level.COUNTY)
CHINESE_MONTHS = ("", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")


@dataclass
class StatusReport:
    title: str
    meta: ReportMeta
    sections: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def text(self) -> str:
        lines = [self.title]
        for heading, paragraphs in self.sections:
            lines.append(heading)
            lines.extend(paragraphs)
        return "\n".join(lines)


def status_report_data(scope: ReportScope, table: FigureTable) -> dict:
    """The figures (``table``, from the catalogue) and the facts that are not figures: the names of
    courses and duties, when the activities started, when acceptance is due, last year's key rates."""
    awaiting_deadlines = (
        scope.apply(applications_awaiting_acceptance(user=scope.user, year=scope.year))
        .order_by()
        .values("category", "level")
        .annotate(last_deadline=Max("deadline"))
    )
    first_activities = (
        scope.apply(Event.objects.filter(category=Event.Category.ACTIVITY, starts_on__year=scope.year))
        .values("activity_kind")
        .annotate(first=Min("starts_on"))
        .order_by()
    )
    own_trainings = scope.apply(
        Event.objects.filter(category=Event.Category.TRAINING, starts_on__year=scope.year, township_id=scope.township_id)
    )
    return {
        "table": table,
        "previous": previous_year(scope),
        "chair_duties": chair_duties(table),
        "deadlines": {(row["category"], row["level"]): row["last_deadline"] for row in awaiting_deadlines},
        # The reporting federation's own courses (the county's, or the township's), earliest first.
        "course_titles": list(own_trainings.order_by("starts_on", "pk").values_list("title", flat=True)[:4]),
        "first_activity": {row["activity_kind"]: row["first"] for row in first_activities},
        "this_year": scope.year == scope.today.year,
    }


def chair_duties(table) -> list[str]:
    """The duties township chairs carry besides, most frequent first (e.g. 出纳、文化、组织)."""
    held = [(n, label) for _, label, n in table.breakdown("township_chairs_by_duty") if n]
    return [label for _, label in sorted(held, key=lambda item: -item[0])]


def percent(numerator, denominator=None) -> str:
    """52.3% — one decimal, as the workbooks show it. One argument: a fraction."""
    if denominator is None:
        return "—" if numerator is None else f"{numerator * 100:.1f}%"
    if not denominator:
        return "—"
    return f"{numerator * 100 / denominator:.1f}%"


def about(n: int) -> str:
    """How the report states a count of activities: 50多 for 53, exact below ten or on a round ten."""
    if n < 10 or n % 10 == 0:
        return str(n)
    return f"{n // 10 * 10}多"


def change(now, before) -> str:
    """同比 in words: 比上年提高2.1个百分点 / 下降 / 与上年持平; empty without last year's figure."""
    if now is None or before is None:
        return ""
    points = round((now - before) * 100, 1)
    if points > 0:
        return f"，比上年提高{points}个百分点"
    if points < 0:
        return f"，比上年下降{-points}个百分点"
    return "，与上年持平"


def reserve_shortages(table: FigureTable) -> list[dict]:
    """Townships with fewer reserve cadres than one per five village and community organisations."""
    short = []
    for row in table.township_rows:
        grassroots = table.value("villages_established", row) + table.value("communities_established", row)
        reserves = table.value("reserves", row)
        if grassroots and reserves < grassroots * RESERVE_PER_GRASSROOTS_ORGANISATION:
            short.append({"name": row.name, "reserves": reserves, "grassroots": grassroots})
    return short


def compose_status_report(*, data: dict, meta: ReportMeta) -> StatusReport:
    """The report's statistical paragraphs and 存在的主要问题 from ``data`` (see status_report_data).
    Every number is an indicator of the catalogue, read from ``data["table"]``."""
    table: FigureTable = data["table"]
    previous: FigureTable | None = data.get("previous")
    v = table.value
    area = meta.area
    county = meta.whole_county
    this_year = "今年" if data["this_year"] else f"{meta.year}年"
    report = StatusReport(title=f"{meta.reporting_unit}{meta.year}年基层妇女组织建设情况汇报", meta=meta)

    def yoy(code: str) -> str:
        return change(v(code), previous.value(code) if previous is not None else None)

    # 一、基层妇女组织建设情况
    building: list[str] = []
    parts = []
    if county:
        parts.append(f"乡镇妇联{v('townships')}个")
    parts += [f"社区妇联{v('communities_established')}个", f"村级妇女组织{v('villages_established')}个"]
    sentence = f"1、组织网络不断健全。{area}共有{'，'.join(parts)}"
    coverage = [("社区妇联", "communities_rate", v("communities_established"), v("communities")),
                ("村级妇女组织", "villages_rate", v("villages_established"), v("villages"))]
    if county:
        coverage.insert(0, ("乡镇妇联", "townships_rate", v("townships"), v("township_units")))
    short = [f"{label}组建率为{percent(v(code))}" for label, code, done, total in coverage if total and done < total]
    if short:
        sentence += f"，{'，'.join(short)}，尚未实现全覆盖。"
    else:
        sentence += "，实现了乡镇、社区、村级妇联组织全覆盖。" if county else "，实现了社区、村级妇女组织全覆盖。"
    if county:
        sentence += (
            f"共有妇联团体会员{v('group_members')}个；{v('organs')}个县直机关事业单位中已建妇委会{v('organ_committees')}个，"
            f"组建率{percent(v('organs_rate'))}。"
        )
    nominal = [(label, v("nominal", dimension_value=kind)) for kind, label in dimension_values("unit_kind")]
    nominal = [f"{label}{n}个" for label, n in nominal if n]
    if nominal:
        sentence += f"已建妇女组织中有空挂组织{v('nominal')}个（{'、'.join(nominal)}），需进一步激活。"
    homes = v("womens_homes_villages") + v("womens_homes_communities")
    if v("villages") or v("communities"):
        sentence += (
            f"“妇女之家”阵地建设稳步推进，{v('womens_homes_villages')}个村、{v('womens_homes_communities')}个社区建有“妇女之家”，"
            f"社区覆盖率{percent(v('womens_homes_communities_rate'))}。" if homes else "各村、社区尚未登记挂牌的“妇女之家”。"
        )
    if v("leadership_with_rule"):
        sentence += (
            f"按“会改联”班子配备要求，{v('leadership_with_rule')}个妇女组织中有{v('leadership_complete')}个班子配备齐全，"
            f"齐全率{percent(v('leadership_rate'))}{yoy('leadership_rate')}。"
        )
    building.append(sentence)

    sentence = "2、两新组织妇女组织覆盖面不断扩大。"
    if v("enterprises"):
        sentence += (
            f"据统计，{area}共有成立独立党支部或者联合支部的非公企业{v('enterprises')}家，往年已成立妇女组织的有"
            f"{v('enterprises_before')}家，{this_year}新成立的有{v('enterprises_new')}家，非公企业妇女组织组建率已达"
            f"{percent(v('enterprises_rate'))}{yoy('enterprises_rate')}。"
        )
    else:
        sentence += f"{area}尚无登记在册的成立党组织的非公企业。"
    if v("social_orgs"):
        sentence += (
            f"有党组织的社会组织{v('social_orgs')}个，已建妇女组织{v('social_orgs_established')}个，组建率"
            f"{percent(v('social_orgs_rate'))}。两新组织合计组建率{percent(v('new_orgs_rate'))}{yoy('new_orgs_rate')}。"
        )
    building.append(sentence)

    designations = []
    for category in Category:
        for level in LEVELS_HIGH_TO_LOW:
            n = v(f"sites_{level.value}", dimension_value=category.value)
            if n:
                designations.append(f"{level.label}{category.label}{n}个")
    sentence = "3、示范创建不断深化。"
    if designations:
        sentence += f"{area}现有{'，'.join(designations)}"
        both = v("sites_province") + v("sites_city") + v("sites_county") - v("sites")
        sentence += f"（共{v('sites')}个单位" + (f"，其中{both}个单位同时获多级命名" if both else "") + "）"
    else:
        sentence += f"{area}尚无在挂牌的示范点"
    clauses = []
    for key, _label in dimension_values("category_level"):
        n = v("awaiting_by_level", dimension_value=key)
        if not n:
            continue
        category, level = key.split(".")
        deadline = data["deadlines"].get((category, level))
        when = "计划年底前验收" if deadline and deadline.year <= meta.year else "待验收"
        clauses.append(f"有{n}个{Level(level).label}{Category(category).label}申报单位{when}")
    if clauses:
        sentence += "，" + "，".join(clauses)
    sentence += "。"
    if v("decided"):
        sentence += (
            f"{this_year}已验收{v('decided')}个，通过{v('accepted')}个，通过率{percent(v('accepted_rate'))}。"
        )
    building.append(sentence)

    titles = "、".join(data.get("course_titles", []))
    sentence = (
        "4、强化培训，干部素质不断提高。"
        + (f"{meta.reporting_unit}先后组织开展了{titles}等培训活动。" if titles else "")
        + f"{this_year}{area}各级妇联共举办各类培训{v('trainings')}场，"
        f"参训{v('participants')}人次，{v('cadres_trained')}名妇女干部参加了培训；"
        f"{v('chairs')}名现任主席（主任）中已有{v('chairs_trained')}名参加培训，参训率为"
        f"{percent(v('chairs_trained_rate'))}{yoy('chairs_trained_rate')}。"
    )
    building.append(sentence)

    first = data["first_activity"]
    stage_n = v("activities_by_kind", dimension_value=Event.ActivityKind.CULTURE_STAGE)
    sentence = "5、创新载体，服务水平不断提升。"
    if stage_n:
        start = first.get(Event.ActivityKind.CULTURE_STAGE)
        since = f"自{CHINESE_MONTHS[start.month]}月份以来，" if start else ""
        sentence += f"{since}{area}各级妇联通过“巾帼文化大舞台”这一平台，组织开展各类活动{about(stage_n)}场次。"
    others = [
        f"{label}活动{n}场次"
        for kind, label, n in table.breakdown("activities_by_kind")
        if kind != Event.ActivityKind.CULTURE_STAGE and n
    ]
    if others:
        sentence += f"此外还开展了{'、'.join(others)}。"
    if not v("activities"):
        sentence += f"{this_year}{area}尚未登记开展服务活动。"
    building.append(sentence)
    report.sections.append(("一、基层妇女组织建设情况", building))

    # 二、存在的主要问题
    problems: list[str] = []
    not_established = v("new_orgs") - v("new_orgs_established")
    if v("new_orgs"):
        problems.append(
            f"1、两新妇女组织组建仍有难度。虽然{area}两新组织妇女组织组建率（非公企业与社会组织合计）已达"
            f"{percent(v('new_orgs_rate'))}，但仍有{v('enterprises') - v('enterprises_established')}家有党组织的非公企业、"
            f"{v('social_orgs') - v('social_orgs_established')}个有党组织的社会组织未建立妇女组织，共{not_established}个。"
        )
    else:
        problems.append(f"1、两新妇女组织组建仍有难度。{area}尚无登记在册的成立党组织的两新组织。")

    with_chair = v("community_chairs_on_committee")
    problems.append(
        f"2、农村社区妇女联合会的创建仍需进一步完善。据统计，在{area}{v('communities')}个城乡社区中，"
        f"仅{with_chair}个社区妇联主席是社区两委班子成员（{percent(v('community_chairs_on_committee_rate'))}），"
        f"有{v('communities_without_woman')}个社区两委班子成员中未配有女干部。"
    )

    sentence = "3、基层妇女干部队伍仍需进一步强化。"
    points = []
    if v("township_chairs"):
        duties = "、".join(data["chair_duties"][:3])
        points.append(
            f"乡镇妇联主席兼职过多，{area}{v('township_chairs')}名乡镇妇联主席中有{v('township_chairs_with_duties')}名兼职"
            + (f"从事{duties}等工作" if duties and v("township_chairs_with_duties") else "")
        )
    if v("chairs"):
        points.append(
            f"{v('chairs')}名现任主席（主任）中兼职的{v('chairs_part_time')}名，占{percent(v('chairs_part_time_share'))}，"
            f"平均年龄{v('chairs_average_age') if v('chairs_average_age') is not None else '—'}岁"
        )
    shortages = reserve_shortages(table)
    if shortages and county:
        names = "、".join(s["name"] for s in shortages)
        counts = "、".join(str(s["reserves"]) for s in shortages)
        share = {0.2: "五分之一"}.get(RESERVE_PER_GRASSROOTS_ORGANISATION, percent(RESERVE_PER_GRASSROOTS_ORGANISATION))
        points.append(
            f"妇女后备干部队伍薄弱，{area}共有后备干部{v('reserves')}人，其中{names}"
            f"{'分别仅有' if len(shortages) > 1 else '仅有'}{counts}人，不足村（社区）妇女组织数的{share}"
        )
    elif shortages:
        points.append(f"妇女后备干部队伍薄弱，{area}仅有后备干部{v('reserves')}人，不足村（社区）妇女组织数的五分之一")
    else:
        points.append(f"{area}共有妇女后备干部{v('reserves')}人")
    ordinals = ("一是", "二是", "三是", "四是")
    if len(points) == 1:
        sentence += points[0] + "。"
    else:
        sentence += "；".join(f"{ordinals[i]}{p}" for i, p in enumerate(points)) + "。"
    problems.append(sentence)

    overdue_townships = sum(1 for r in table.township_rows if table.value("elections_overdue", r))
    sentence = f"4、换届工作仍需抓紧。{area}有{v('elections_overdue')}个基层妇女组织逾期未换届"
    if county and overdue_townships:
        sentence += f"，涉及{overdue_townships}个乡镇"
    unfiled = v("elections_held") - v("elections_filed")
    sentence += f"；{this_year}已换届的{v('elections_held')}个组织中，尚有{unfiled}个未向组织部门备案。"
    problems.append(sentence)

    problems.append(
        f"5、示范创建和培训工作仍有短板。{area}尚有{v('awaiting')}个示范点申报待验收，{v('rectifying')}个正在整改；"
        f"{this_year}尚有{v('chairs') - v('chairs_trained')}名主席（主任）未参加培训。"
    )
    report.sections.append(("二、存在的主要问题", problems))
    return report


def build_status_report_docx(report: StatusReport) -> bytes:
    """The report as a .docx: centred 小标宋-style title, 黑体 headings, 仿宋 body with first-line indent."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def set_font(run, name: str, size: float, bold: bool = False) -> None:
        run.font.name = name
        run.font.size = Pt(size)
        run.font.bold = bold
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)

    document = Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run(report.title), "宋体", 18, bold=True)
    for heading, paragraphs in report.sections:
        p = document.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        set_font(p.add_run(heading), "黑体", 16)
        for text in paragraphs:
            p = document.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(32)
            p.paragraph_format.line_spacing = Pt(28)
            set_font(p.add_run(text), "仿宋", 16)
    signature = document.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    date = report.meta.report_date
    set_font(signature.add_run(f"{report.meta.reporting_unit}\n{date.year}年{date.month}月{date.day}日"), "仿宋", 16)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

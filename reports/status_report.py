"""情况汇报: the statistical paragraphs of the county's yearly report, written from the data.

``status_report_data`` reads (a fixed number of queries); ``compose_status_report`` is pure: it turns
those figures into sentences in the seed report's own style, so that every figure in a sentence is
computed and a test can compose a report from plain numbers. ``build_status_report_docx`` writes the
result as a Word document (仿宋 body, 黑体 headings, as official documents are set).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import Coalesce

from demo_sites.models import Category, Level
from demo_sites.selectors import applications_awaiting_acceptance
from reports import selectors
from reports.cache import cached_figures
from reports.selectors.cadres import RESERVE_PER_GRASSROOTS_ORGANISATION
from reports.selectors.programmes import by_category
from reports.selectors.scope import ReportScope
from reports.workbooks import summaries
from reports.workbooks.layout import ReportMeta, total_row
from training.models import Event

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


@cached_figures
def status_report_data(scope: ReportScope) -> dict:
    """Every figure the report's sentences use, for ``scope``."""
    awaiting = (
        scope.apply(applications_awaiting_acceptance(user=scope.user, year=scope.year))
        .order_by()
        .values("category", "level")
        .annotate(n=Count("pk"), last_deadline=Max("deadline"))
    )
    activities = (
        scope.apply(Event.objects.filter(category=Event.Category.ACTIVITY, starts_on__year=scope.year))
        .values("activity_kind")
        .annotate(n=Count("pk"), first=Min("starts_on"), participants=Coalesce(Sum("participant_count"), 0))
        .order_by()
    )
    own_trainings = scope.apply(
        Event.objects.filter(category=Event.Category.TRAINING, starts_on__year=scope.year, township_id=scope.township_id)
    )
    coverage = selectors.org_coverage_rows(scope)
    cadres = selectors.cadre_rows(scope)
    return {
        "coverage": coverage,
        "cadres": cadres,
        "demo_sites": selectors.demo_site_rows(scope),
        "training": selectors.training_rows(scope),
        "term_elections": selectors.term_election_rows(scope),
        "chair_duties": selectors.township_chair_duties(scope),
        "reserve_shortages": selectors.reserve_shortages(cadres, coverage),
        "awaiting": list(awaiting),
        # The reporting federation's own courses (the county's, or the township's), earliest first.
        "course_titles": list(own_trainings.order_by("starts_on", "pk").values_list("title", flat=True)[:4]),
        "activities": {row["activity_kind"]: row for row in activities},
        "this_year": scope.year == scope.today.year,
    }


def percent(numerator, denominator) -> str:
    """52.3% — one decimal, as the workbooks show it."""
    if not denominator:
        return "—"
    return f"{numerator * 100 / denominator:.1f}%"


def about(n: int) -> str:
    """How the report states a count of activities: 50多 for 53, exact below ten or on a round ten."""
    if n < 10 or n % 10 == 0:
        return str(n)
    return f"{n // 10 * 10}多"


def _totals(spec, rows) -> dict:
    return total_row(spec.columns, rows)


def compose_status_report(*, data: dict, meta: ReportMeta) -> StatusReport:
    """The report's statistical paragraphs and 存在的主要问题 from ``data`` (see status_report_data)."""
    area = meta.area
    county = meta.whole_county
    this_year = "今年" if data["this_year"] else f"{meta.year}年"
    org = _totals(summaries.ORG_COVERAGE, data["coverage"])
    cad = _totals(summaries.CADRES, data["cadres"])
    demo = _totals(summaries.DEMO_SITES, data["demo_sites"])
    trn = _totals(summaries.TRAINING, data["training"])
    elections = _totals(summaries.TERM_ELECTIONS, data["term_elections"])
    township_rows = [r for r in data["coverage"] if r["township_id"] is not None]
    report = StatusReport(title=f"{meta.reporting_unit}{meta.year}年基层妇女组织建设情况汇报", meta=meta)

    # 一、基层妇女组织建设情况
    building: list[str] = []
    parts = []
    if county:
        parts.append(f"乡镇妇联{org['townships']}个")
    parts += [f"社区妇联{org['communities_established']}个", f"村级妇女组织{org['villages_established']}个"]
    sentence = f"1、组织网络不断健全。目前，{area}共有{'，'.join(parts)}"
    coverage = [("社区妇联", org["communities_established"], org["communities"]),
                ("村级妇女组织", org["villages_established"], org["villages"])]
    if county:
        coverage.insert(0, ("乡镇妇联", org["townships"], len(township_rows)))
    short = [f"{label}组建率为{percent(done, total)}" for label, done, total in coverage if total and done < total]
    if short:
        sentence += f"，{'，'.join(short)}，尚未实现全覆盖。"
    else:
        sentence += "，实现了乡镇、社区、村级妇联组织全覆盖。" if county else "，实现了社区、村级妇女组织全覆盖。"
    if county:
        sentence += f"共有妇联团体会员{org['group_members']}个，目前{area}已建有县直机关妇委会{org['organ_committees']}个。"
    if org["enterprises"]:
        sentence += (
            f"据统计，{area}共有成立独立党支部或者联合支部的企业{org['enterprises']}家，往年已成立妇女组织的有"
            f"{org['enterprises_before']}家，{this_year}新成立的有{org['enterprises_new']}家，组建率已达"
            f"{percent(org['enterprises_established'], org['enterprises'])}。"
        )
    else:
        sentence += f"{area}尚无登记在册的成立党组织的企业。"
    building.append(sentence)

    designations = []
    for category in Category:
        for level in LEVELS_HIGH_TO_LOW:
            n = by_category(data["demo_sites"], f"designated_{level.value}").get(category.value, 0)
            if n:
                designations.append(f"{level.label}{category.label}{n}个")
    sentence = "2、示范创建不断深化。"
    if designations:
        sentence += f"目前，{area}共建有{'，'.join(designations)}"
    else:
        sentence += f"目前，{area}尚无在册示范点"
    awaiting = [row for row in data["awaiting"] if row["n"]]
    if awaiting:
        clauses = []
        for row in sorted(awaiting, key=lambda r: (list(Category.values).index(r["category"]),
                                                    LEVELS_HIGH_TO_LOW.index(r["level"]))):
            when = "计划年底前验收" if row["last_deadline"] and row["last_deadline"].year <= meta.year else "待验收"
            clauses.append(f"有{row['n']}个{Level(row['level']).label}{Category(row['category']).label}申报单位{when}")
        sentence += "，" + "，".join(clauses)
    building.append(sentence + "。")

    titles = "、".join(data.get("course_titles", []))
    sentence = (
        "3、强化培训，干部素质不断提高。"
        + (f"{meta.reporting_unit}先后组织开展了{titles}等培训活动。" if titles else "")
        + f"{this_year}{area}各级妇联共举办各类培训{trn['trainings']}场，"
        f"参训{trn['participants']}人次，{trn['cadres_trained']}名妇女干部参加了培训；"
        f"{trn['chairs']}名妇联主席中已有{trn['chairs_trained']}名参加培训，参训率为"
        f"{percent(trn['chairs_trained'], trn['chairs'])}。"
    )
    building.append(sentence)

    activities = data["activities"]
    stage = activities.get(Event.ActivityKind.CULTURE_STAGE)
    sentence = "4、创新载体，服务水平不断提升。"
    if stage and stage["n"]:
        sentence += (
            f"自{CHINESE_MONTHS[stage['first'].month]}月份以来，{area}各级妇联通过“巾帼文化大舞台”这一平台，组织开展各类活动"
            f"{about(stage['n'])}场次。"
        )
    others = [
        f"{Event.ActivityKind(kind).label}活动{row['n']}场次"
        for kind, row in activities.items()
        if kind != Event.ActivityKind.CULTURE_STAGE and row["n"]
    ]
    if others:
        sentence += f"此外还开展了{'、'.join(others)}。"
    if not activities:
        sentence += f"{this_year}{area}尚未登记开展服务活动。"
    building.append(sentence)
    report.sections.append(("一、基层妇女组织建设情况", building))

    # 二、存在的主要问题
    problems: list[str] = []
    not_established = org["enterprises"] - org["enterprises_established"]
    sentence = f"1、两新妇女组织组建仍有难度。{area}已建妇女组织中仍有空挂组织{org['nominal']}个"
    if org["enterprises"]:
        sentence += (
            f"；虽然目前{area}两新组织组建率已达{percent(org['enterprises_established'], org['enterprises'])}，"
            f"但仍有{not_established}家成立党组织的企业未建立妇女组织。"
        )
    else:
        sentence += "。"
    problems.append(sentence)

    with_woman = cad["community_chairs_on_committee"]
    without = cad["communities_without_woman"]
    rest = "其余" if with_woman + without == cad["communities"] else "另有"
    problems.append(
        f"2、农村社区妇女联合会的创建仍需进一步完善。据统计，在{area}{cad['communities']}个城乡社区中，"
        f"仅{with_woman}个社区妇联干部是社区班子成员，{rest}{without}个社区两委班子成员中未配有女干部。"
    )

    sentence = "3、基层妇女干部队伍仍需进一步强化。"
    if cad["township_chairs"]:
        duties = "、".join(data["chair_duties"][:3])
        sentence += (
            f"一是乡镇妇联主席兼职过多，{area}{cad['township_chairs']}名乡镇妇联主席中有"
            f"{cad['township_chairs_with_duties']}名兼职"
            + (f"从事{duties}等工作" if duties and cad["township_chairs_with_duties"] else "")
            + "。"
        )
    shortages = data["reserve_shortages"]
    if shortages:
        names = "、".join(s["name"] for s in shortages)
        counts = "、".join(str(s["reserves"]) for s in shortages)
        share = {0.2: "五分之一"}.get(RESERVE_PER_GRASSROOTS_ORGANISATION, percent(RESERVE_PER_GRASSROOTS_ORGANISATION, 1))
        sentence += (
            f"二是妇女后备干部队伍薄弱，{area}共有后备干部{cad['reserves']}人，其中{names}"
            f"{'分别仅有' if len(shortages) > 1 else '仅有'}{counts}人，不足村（社区）妇女组织数的{share}。"
        )
    else:
        sentence += f"{area}共有妇女后备干部{cad['reserves']}人。"
    problems.append(sentence)

    overdue_townships = sum(1 for r in data["term_elections"] if r["township_id"] is not None and r["overdue"])
    sentence = f"4、换届工作仍需抓紧。{area}有{elections['overdue']}个基层妇女组织逾期未换届"
    if county and overdue_townships:
        sentence += f"，涉及{overdue_townships}个乡镇"
    unfiled = elections["held"] - elections["filed"]
    sentence += f"；{this_year}已换届的{elections['held']}个组织中，尚有{unfiled}个未向组织部门备案。"
    problems.append(sentence)

    problems.append(
        f"5、示范创建和培训工作仍有短板。{area}尚有{demo['awaiting']}个示范点申报待验收，{demo['rectifying']}个正在整改；"
        f"{this_year}尚有{trn['chairs'] - trn['chairs_trained']}名妇联主席未参加培训。"
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

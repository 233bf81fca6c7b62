"""情况汇报: the county's (or a township's) yearly report on its grassroots women's organisations,
written from the data in the structure of the seed county's own 汇报.

``status_report_data`` (``reports.selectors.status_report``) reads (a fixed number of queries, whatever the
number of rows): the figures come from the indicator catalogue through the ``FigureTable``; the facts that
are not figures (course titles, the 现场推进会 with its place, participants and example units, when the
activities started) from scoped queries. ``compose_status_report`` is pure: data in, paragraphs out — an
opening, 一、基本情况和主要做法, 二、存在的主要问题 and 三、下步工作打算, where each problem the data shows is
answered by the proposal of the same number (``reports.status_report_findings``).
``reports.status_report_docx`` sets the result as a GB/T 9704 official document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from demo_sites.models import LEVELS_HIGH_TO_LOW, Category, Level
from orgs.models import Unit
from reports.indicators.catalogue import dimension_values
from reports.indicators.figures import FigureTable
from reports.status_report_findings import findings
from reports.status_report_wording import (
    CHINESE_MONTHS,
    POINT_NUMBERS,
    about,
    change,
    change_count,
    chinese_number,
    join_and,
    money,
    percent,
    points,
)
from reports.workbooks.layout import ReportMeta
from training.models import Event

# How the report counts those who came to a 现场推进会 from each kind of unit, and what its examples stand for.
ATTENDEE_UNITS = (
    (Unit.Kind.TOWNSHIP, "个乡镇"),
    (Unit.Kind.COMMUNITY, "个社区"),
    (Unit.Kind.VILLAGE, "个村"),
    (Unit.Kind.ENTERPRISE, "家非公企业"),
    (Unit.Kind.SOCIAL_ORG, "个社会组织"),
    (Unit.Kind.ORGAN, "个县直单位"),
)
EXAMPLE_FIELDS = {
    Unit.Kind.COMMUNITY: "社区",
    Unit.Kind.VILLAGE: "村",
    Unit.Kind.ENTERPRISE: "两新",
    Unit.Kind.SOCIAL_ORG: "两新",
    Unit.Kind.ORGAN: "机关",
}


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the report; ``lead`` is its point's heading (二级标题, set in 楷体 in the same line)."""

    body: str
    lead: str = ""

    @property
    def text(self) -> str:
        return self.lead + self.body

    def __str__(self) -> str:
        return self.text

    def __contains__(self, part: str) -> bool:
        return part in self.text


class Section(NamedTuple):
    heading: str  # 一级标题: 一、基本情况和主要做法
    paragraphs: list[Paragraph]


@dataclass
class StatusReport:
    title: str
    meta: ReportMeta
    opening: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: str = "特此汇报。"

    @property
    def text(self) -> str:
        lines = [self.title, *(p.text for p in self.opening)]
        for heading, paragraphs in self.sections:
            lines.append(heading)
            lines.extend(p.text for p in paragraphs)
        lines.append(self.closing)
        return "\n".join(lines)


def compose_status_report(*, data: dict, meta: ReportMeta) -> StatusReport:
    """The whole report from ``data`` (see status_report_data). Every number is an indicator of the
    catalogue, read from ``data["table"]`` (last year's from ``data["previous"]``)."""
    writer = _Writer(data, meta)
    report = StatusReport(title=f"{meta.reporting_unit}{meta.year}年基层妇女组织建设情况汇报", meta=meta)
    report.opening = [Paragraph(writer.opening())]
    practice = [
        ("拓宽领域，组织网络不断健全。", writer.network()),
        ("党建引领，两新组织覆盖不断扩大。", writer.new_organisations()),
        ("以点带面，示范创建不断深化。", writer.demo_sites()),
        ("强化培训，干部素质不断提高。", writer.training()),
        ("创新载体，服务水平不断提升。", writer.activities()),
    ]
    funds = writer.funds()
    if funds:
        practice.append(("加强保障，经费使用不断规范。", funds))
    report.sections.append(Section("一、基本情况和主要做法", _numbered(practice)))
    themes = findings(
        table=writer.table,
        previous=writer.previous,
        data=data,
        area=meta.area,
        county=meta.whole_county,
        this_year=writer.this_year,
    )
    if themes:
        problems = [(t.problem_heading, points([f.problem for f in t.findings])) for t in themes]
        proposals = [(t.proposal_heading, points([f.proposal for f in t.findings])) for t in themes]
    else:
        problems = [
            (
                "各项指标基本达标，工作活力仍需增强。",
                f"从统计数据看，{meta.area}组织覆盖、班子配备、换届和示范创建各项主要指标均已达到要求，"
                "但基层妇女组织的活力和服务能力仍需持续提升。",
            )
        ]
        proposals = [
            (
                "巩固已有成果，提升工作水平。",
                "巩固组织覆盖和示范创建成果，持续抓好妇女干部培训，不断增强基层妇女组织的生机和活力。",
            )
        ]
    report.sections.append(Section("二、存在的主要问题", _numbered(problems)))
    report.sections.append(Section("三、下步工作打算", [Paragraph(writer.proposals_opening()), *_numbered(proposals)]))
    return report


def _numbered(points_: list[tuple[str, str]]) -> list[Paragraph]:
    """（一）（二）… before each point's heading; problem (二) and proposal (二) are the same finding."""
    return [Paragraph(body, f"{POINT_NUMBERS[i]}{lead}") for i, (lead, body) in enumerate(points_)]


class _Writer:
    """The sentences of 一、基本情况和主要做法 for one report, in the seed report's words."""

    def __init__(self, data: dict, meta: ReportMeta) -> None:
        self.data, self.meta = data, meta
        self.table: FigureTable = data["table"]
        self.previous: FigureTable | None = data.get("previous")
        self.v = self.table.value
        self.area, self.county = meta.area, meta.whole_county
        self.this_year = "今年" if data["this_year"] else f"{meta.year}年"

    def yoy(self, code: str) -> str:
        return change(self.v(code), self.previous.value(code) if self.previous is not None else None)

    def yoy_count(self, code: str, unit: str) -> str:
        return change_count(self.v(code), self.previous.value(code) if self.previous is not None else None, unit)

    def opening(self) -> str:
        since = "今年以来" if self.data["this_year"] else f"{self.meta.year}年"
        return (
            "基层妇女组织是妇女工作的基础和源泉，是党联系妇女群众的桥梁和纽带。"
            f"{since}，{self.meta.reporting_unit}坚持“党建带妇建、妇建服务党建”的工作原则，以示范创建为抓手，"
            f"大力实施固本强基工程，{self.area}基层妇女组织建设取得了新的进展。现将有关情况汇报如下："
        )

    def proposals_opening(self) -> str:
        return (
            "“哪里有妇女，哪里就有妇女组织”。下步，"
            + self.meta.reporting_unit
            + "将按照“扩大覆盖面，推进规范化，增强有效性，提升影响力”的工作思路，针对上述问题重点抓好以下工作："
        )

    def network(self) -> str:
        v, area, county = self.v, self.area, self.county
        parts = [f"乡镇妇联{v('townships')}个"] if county else []
        parts += [f"社区妇联{v('communities_established')}个", f"村级妇女组织{v('villages_established')}个"]
        sentence = f"{area}共有{'，'.join(parts)}"
        coverage = [
            ("社区妇联", "communities_rate", v("communities_established"), v("communities")),
            ("村级妇女组织", "villages_rate", v("villages_established"), v("villages")),
        ]
        if county:
            coverage.insert(0, ("乡镇妇联", "townships_rate", v("townships"), v("township_units")))
        short = [
            f"{label}组建率为{percent(v(code))}" for label, code, done, total in coverage if total and done < total
        ]
        if short:
            sentence += f"，{'，'.join(short)}，尚未实现全覆盖。"
        else:
            sentence += "，实现了乡镇、社区、村级妇联组织全覆盖。" if county else "，实现了社区、村级妇女组织全覆盖。"
        if county:
            sentence += (
                f"共有妇联团体会员{v('group_members')}个；{v('organs')}个县直机关事业单位中已建妇委会"
                f"{v('organ_committees')}个，组建率{percent(v('organs_rate'))}。"
            )
        nominal = [(label, v("nominal", dimension_value=kind)) for kind, label in dimension_values("unit_kind")]
        nominal = [f"{label}{n}个" for label, n in nominal if n]
        if nominal:
            sentence += f"已建妇女组织中有空挂组织{v('nominal')}个（{'、'.join(nominal)}），需进一步激活。"
        homes = v("womens_homes_villages") + v("womens_homes_communities")
        if v("villages") or v("communities"):
            sentence += (
                f"“妇女之家”阵地建设稳步推进，{v('womens_homes_villages')}个村、{v('womens_homes_communities')}个社区"
                f"建有“妇女之家”，社区覆盖率{percent(v('womens_homes_communities_rate'))}。"
                if homes
                else "各村、社区尚未登记挂牌的“妇女之家”。"
            )
        if v("leadership_with_rule"):
            sentence += (
                f"按“会改联”班子配备要求，{v('leadership_with_rule')}个妇女组织中有{v('leadership_complete')}个"
                f"班子配备齐全，齐全率{percent(v('leadership_rate'))}{self.yoy('leadership_rate')}。"
            )
        return sentence

    def new_organisations(self) -> str:
        v, area = self.v, self.area
        if v("enterprises"):
            sentence = (
                f"据统计，{area}共有成立独立党支部或者联合支部的非公企业{v('enterprises')}家，往年已成立妇女组织的有"
                f"{v('enterprises_before')}家，{self.this_year}新成立的有{v('enterprises_new')}家，非公企业妇女组织组建率"
                f"已达{percent(v('enterprises_rate'))}{self.yoy('enterprises_rate')}。"
            )
        else:
            sentence = f"{area}尚无登记在册的成立党组织的非公企业。"
        if v("social_orgs"):
            sentence += (
                f"有党组织的社会组织{v('social_orgs')}个，已建妇女组织{v('social_orgs_established')}个，组建率"
                f"{percent(v('social_orgs_rate'))}。两新组织合计组建率{percent(v('new_orgs_rate'))}{self.yoy('new_orgs_rate')}。"
            )
        return sentence

    def demo_sites(self) -> str:
        v, area = self.v, self.area
        sentence = "".join(self.meeting(m) for m in self.data.get("meetings", []))
        designations = [
            f"{level.label}{category.label}{v(f'sites_{level.value}', dimension_value=category.value)}个"
            for category in Category
            for level in LEVELS_HIGH_TO_LOW
            if v(f"sites_{level.value}", dimension_value=category.value)
        ]
        if designations:
            both = v("sites_province") + v("sites_city") + v("sites_county") - v("sites")
            sentence += (
                f"{area}现有{'，'.join(designations)}（共{v('sites')}个单位"
                + (f"，其中{both}个单位同时获多级命名" if both else "")
                + "）"
            )
        else:
            sentence += f"{area}尚无在挂牌的示范点"
        clauses = []
        for key, _label in dimension_values("category_level"):
            n = v("awaiting_by_level", dimension_value=key)
            if n:
                category, level = key.split(".")
                deadline = self.data["deadlines"].get((category, level))
                when = "计划年底前验收" if deadline and deadline.year <= self.meta.year else "待验收"
                clauses.append(f"有{n}个{Level(level).label}{Category(category).label}申报单位{when}")
        sentence += "".join(f"，{c}" for c in clauses) + "。"
        if v("decided"):
            sentence += (
                f"{self.this_year}已验收{v('decided')}个，通过{v('accepted')}个，通过率{percent(v('accepted_rate'))}。"
            )
        return sentence + self.subsidies()

    def meeting(self, meeting: dict) -> str:
        """9月25日，在萧江镇召开……现场推进会，组织……共91人参加会议，并选取……三个实例……。"""
        day = meeting["starts_on"]
        examples = meeting["examples"]
        townships = {unit["parent__name"] for unit in examples}
        where = next(iter(townships)) if len(townships) == 1 else meeting["place"]
        sentence = f"{day.month}月{day.day}日，" + (f"在{where}" if where else "") + f"召开{meeting['title']}"
        came = [f"{meeting['came'][kind][1]}{unit}" for kind, unit in ATTENDEE_UNITS if kind in meeting["came"]]
        if meeting["people"]:
            sentence += f"，组织{join_and(came)}的妇女干部" if came else "，组织"
            sentence += f"共{meeting['people']}人参加会议"
        if examples:
            named = join_and([unit["name"] for unit in examples])
            if len(townships) == 1:
                named = f"{where}{named}"
            levels = {unit["level"] for unit in examples}
            held = f"（均为{next(iter(levels))}示范点）" if len(levels) == 1 and "" not in levels else ""
            fields = list(dict.fromkeys(EXAMPLE_FIELDS[unit["kind"]] for unit in examples))
            sentence += (
                f"，并选取{named}{chinese_number(len(examples))}个基层妇女组织建设实例现场观摩{held}，"
                f"为各地{join_and(fields)}妇女组织建设提供典范"
            )
        return sentence + "。"

    def subsidies(self) -> str:
        parts = []
        for label, table in ((self.this_year, self.table), ("上年", self.previous)):
            if table is None or not table.value("subsidy_total"):
                continue
            by_category = [(lbl, amount) for _, lbl, amount in table.breakdown("subsidy_total") if amount]
            what = by_category[0][0] if len(by_category) == 1 else "示范点"
            parts.append(f"{label}下发{what}创建补助资金{money(table.value('subsidy_total'))}")
        return "，".join(parts) + "。" if parts else ""

    def _own(self, table: FigureTable | None) -> tuple[bool, object]:
        """(whether ``table`` has the reporting federation's own figures, the row to read them from): the
        county federation's own row in the county's report (its funds, not the townships'), the whole
        table in a township's (its one row)."""
        if table is None:
            return False, None
        if not self.county:
            return True, None
        row = table.row_for(None)
        return row is not None, row

    def _spent(self, table: FigureTable | None, when: str, budget) -> str:
        has, row = self._own(table)
        spent = table.value("funds_spent", row) if has else None
        if not spent:
            return ""
        parts = [(label, n) for _, label, n in table.breakdown("funds_spent", row) if n]
        sentence = f"{when}{money(spent)}"
        if len(parts) > 1:
            sentence += f"（{'、'.join(f'{label}{money(n)}' for label, n in parts)}）"
        else:
            sentence += f"，用于{parts[0][0]}"
        rate = table.value("funds_rate", row)
        return sentence + (f"，执行率{percent(rate)}" if budget and rate is not None else "")

    def funds(self) -> str:
        """县妇联工作经费每年33万元，上年支出……（示范点补助8.26万元、培训……），执行率……: the reporting
        federation's own budget and spending, from the catalogue's 经费 indicators."""
        who = "县妇联" if self.county else f"{self.area}妇联"
        has, row = self._own(self.table)
        had, before_row = self._own(self.previous)
        budget = self.table.value("funds_budget", row) if has else None
        before = self.previous.value("funds_budget", before_row) if had else None
        clauses = []
        if budget:
            clauses.append(
                f"{who}工作经费每年{money(budget)}"
                if before == budget
                else f"{who}{self.this_year}工作经费{money(budget)}" + (f"（上年{money(before)}）" if before else "")
            )
        now = self._spent(self.table, "今年已支出" if self.data["this_year"] else f"{self.meta.year}年共支出", budget)
        last = self._spent(self.previous, "上年支出", before)
        clauses += [clause for clause in (now, last) if clause]
        return "；".join(clauses) + "。" if clauses else ""

    def training(self) -> str:
        v = self.v
        titles = "、".join(self.data.get("course_titles", []))
        return (
            (f"{self.meta.reporting_unit}先后组织开展了{titles}等培训活动。" if titles else "")
            + f"{self.this_year}{self.area}各级妇联共举办各类培训{v('trainings')}场"
            f"{self.yoy_count('trainings', '场')}，"
            f"参训{v('participants')}人次，{v('cadres_trained')}名妇女干部参加了培训；"
            f"{v('chairs')}名现任主席（主任）中已有{v('chairs_trained')}名参加培训，参训率为"
            f"{percent(v('chairs_trained_rate'))}{self.yoy('chairs_trained_rate')}。"
        )

    def activities(self) -> str:
        v, table = self.v, self.table
        stage_n = v("activities_by_kind", dimension_value=Event.ActivityKind.CULTURE_STAGE)
        sentence = ""
        if stage_n:
            start = self.data["first_activity"].get(Event.ActivityKind.CULTURE_STAGE)
            since = f"自{CHINESE_MONTHS[start.month]}月份以来，" if start else ""
            sentence += (
                f"深入实施“巾帼文化服务行动”，{since}{self.area}各级妇联通过“巾帼文化大舞台”这一平台，"
                f"组织开展各类活动{about(stage_n)}场次。"
            )
        others = [
            f"{label}活动{n}场次"
            for kind, label, n in table.breakdown("activities_by_kind")
            if kind != Event.ActivityKind.CULTURE_STAGE and n
        ]
        if others:
            sentence += f"此外还开展了{'、'.join(others)}。"
        if v("activities"):
            sentence += (
                f"{self.this_year}共开展服务活动{v('activities')}场次{self.yoy_count('activities', '场次')}，"
                f"参与群众{v('activity_participants')}人次。"
            )
        else:
            sentence += f"{self.this_year}{self.area}尚未登记开展服务活动。"
        return sentence

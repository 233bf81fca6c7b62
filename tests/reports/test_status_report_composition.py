"""The 情况汇报 composed from plain figures (no database): its structure, that every problem the figures
show is answered by the proposal of the same number, and wording a reader would stumble over."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from reports.indicators.figures import FigureTable, Row
from reports.status_report import compose_status_report
from reports.workbooks.layout import ReportMeta

YEAR = 2025

# One township with every shortfall the report knows, at the demo county's proportions.
SHORT = {
    "townships": 1,
    "township_units": 1,
    "communities": 6,
    "communities_established": 6,
    "villages": 55,
    "villages_established": 55,
    "enterprises": 147,
    "enterprises_established": 79,
    "enterprises_before": 3,
    "enterprises_new": 76,
    "new_orgs": 147,
    "new_orgs_established": 79,
    "community_chairs_on_committee": 2,
    "communities_with_woman": 2,
    "communities_without_woman": 4,
    "villages_with_woman": 55,
    "womens_homes_villages": 55,
    "womens_homes_communities": 6,
    "township_chairs": 1,
    "township_chairs_with_duties": 1,
    "chairs": 141,
    "chairs_trained": 63,
    "reserves": 30,
    "elections_overdue": 2,
    "elections_held": 19,
    "elections_filed": 17,
    "awaiting:womens_home": 1,
    "rectifying:womens_home": 1,
    "trainings": 3,
    "participants": 392,
    "activities_by_kind:culture_stage": 4,
    "activity_participants": 1482,
}
# The same township with none of them.
SOUND = {
    **SHORT,
    "enterprises_established": 147,
    "enterprises_new": 144,
    "new_orgs_established": 147,
    "community_chairs_on_committee": 6,
    "communities_with_woman": 6,
    "communities_without_woman": 0,
    "township_chairs_with_duties": 0,
    "chairs_trained": 141,
    "elections_overdue": 0,
    "elections_filed": 19,
    "awaiting:womens_home": 0,
    "rectifying:womens_home": 0,
}


def _meta(*, county: bool = False) -> ReportMeta:
    return ReportMeta(
        year=YEAR,
        reporting_unit="清源县妇联" if county else "萧江镇妇联",
        report_date=datetime.date(YEAR, 12, 31),
        area="全县" if county else "萧江镇",
        whole_county=county,
    )


def _data(values: dict, *, previous: dict | None = None, meetings: list | None = None, county: bool = False) -> dict:
    def table(figures: dict | None) -> FigureTable | None:
        return None if figures is None else FigureTable(year=YEAR, rows=[Row(1, "萧江镇", figures)])

    return {
        "table": table(values),
        "previous": table(previous),
        "chair_duties": ["出纳", "文化"],
        "deadlines": {},
        "course_titles": ["萧江镇村（社区）妇女干部培训班"],
        "first_activity": {},
        "meetings": meetings or [],
        "this_year": True,
    }


def _report(values: dict, **kw):
    county = kw.pop("county", False)
    return compose_status_report(data=_data(values, county=county, **kw), meta=_meta(county=county))


def _section(report, heading: str):
    return dict(report.sections)[heading]


def test_the_report_has_an_opening_and_the_three_sections_of_a_real_report():
    report = _report(SHORT)

    assert report.opening and "现将有关情况汇报如下" in report.opening[0]
    assert [heading for heading, _ in report.sections] == [
        "一、基本情况和主要做法",
        "二、存在的主要问题",
        "三、下步工作打算",
    ]
    assert report.text.endswith("特此汇报。")


def test_every_problem_is_answered_by_the_proposal_of_the_same_number():
    report = _report(SHORT)
    problems = _section(report, "二、存在的主要问题")
    proposals = [p for p in _section(report, "三、下步工作打算") if p.lead]

    assert (
        [p.lead[:3] for p in problems]
        == [p.lead[:3] for p in proposals]
        == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    )
    for problem, proposal in zip(problems, proposals, strict=True):
        assert len(re.findall("[一二三四]是", problem.body)) == len(re.findall("[一二三四]是", proposal.body)), problem
    communities = next(p for p in problems if "两委" in p)
    answer = proposals[problems.index(communities)]
    assert "有4个社区两委班子成员中未配有女干部" in communities
    assert "推动在社区换届中配强女性委员，使4个两委班子中尚无女干部的社区" in answer


def test_a_shortfall_the_data_does_not_show_gives_neither_problem_nor_proposal():
    text = _report(SOUND).text

    assert "配强女性委员" not in text and "未配有女干部" not in text
    assert "兼职" not in text and "逾期未换届" not in text and "待验收" not in text
    assert "（一）巩固已有成果，提升工作水平。" in text


def test_a_townships_report_reads_naturally():
    text = _report(SHORT).text

    assert "萧江镇妇联主席兼职从事出纳、文化等工作" in text
    assert "1名乡镇妇联主席中有1名兼职" not in text
    assert "逐步减轻萧江镇妇联主席承担的出纳、文化等事务性工作" in text
    assert "全县" not in text


def test_no_first_point_without_a_second():
    report = _report({**SHORT, "elections_held": 19, "elections_filed": 19})

    for paragraph in _section(report, "二、存在的主要问题") + _section(report, "三、下步工作打算"):
        assert ("一是" in paragraph) == ("二是" in paragraph), paragraph.text
    elections = next(p for p in _section(report, "二、存在的主要问题") if "换届" in p.lead)
    assert elections.body == "萧江镇有2个基层妇女组织逾期未换届。"


def test_point_headings_share_one_form():
    report = _report(SHORT)

    for _, paragraphs in report.sections:
        leads = [p.lead for p in paragraphs if p.lead]
        assert all(re.fullmatch(r"（[一二三四五六七八]）[^。]+。", lead) for lead in leads), leads
    practice = [p.lead for p in _section(report, "一、基本情况和主要做法")]
    assert all(re.fullmatch(r"（.）.{4}，.+不断.{2}。", lead) for lead in practice), practice


def test_no_sentence_says_mugian_twice():
    for sentence in re.split("[。；]", _report(SHORT, county=True).text):
        assert sentence.count("目前") <= 1, sentence


def test_last_years_figures_give_the_change():
    previous = {
        **SHORT,
        "enterprises_established": 40,
        "new_orgs_established": 40,
        "trainings": 2,
        "chairs_trained": 63,
    }
    text = _report(SHORT, previous=previous).text

    assert "非公企业妇女组织组建率已达53.7%，比上年提高26.5个百分点" in text
    assert "共举办各类培训3场，比上年增加1场" in text
    assert "比上年" not in _report(SHORT).text


def test_the_on_site_meeting_is_told_from_its_record():
    meeting = {
        "title": "县妇联基层组织建设工作现场推进会",
        "starts_on": datetime.date(YEAR, 9, 25),
        "place": "萧江镇桃源社区、沿河社区、立天控股集团",
        "people": 91,
        "came": {"township": (11, 11), "community": (66, 66), "village": (8, 8), "enterprise": (6, 6)},
        "examples": [
            {"name": "桃源社区", "kind": "community", "parent__name": "萧江镇", "level": "县级"},
            {"name": "沿河社区", "kind": "community", "parent__name": "萧江镇", "level": "县级"},
            {"name": "立天控股集团", "kind": "enterprise", "parent__name": "萧江镇", "level": "县级"},
        ],
    }
    demo_sites = _section(_report(SHORT, county=True, meetings=[meeting]), "一、基本情况和主要做法")[2]

    assert demo_sites.text.startswith(
        "（三）以点带面，示范创建不断深化。9月25日，在萧江镇召开县妇联基层组织建设工作现场推进会，"
        "组织11个乡镇、66个社区、8个村和6家非公企业的妇女干部共91人参加会议，"
        "并选取萧江镇桃源社区、沿河社区和立天控股集团三个基层妇女组织建设实例现场观摩（均为县级示范点）"
    )


def test_subsidies_are_stated_when_the_data_has_them():
    previous = {**SHORT, "subsidy_total:womens_home": Decimal("82600.00")}
    text = _report(SHORT, previous=previous).text

    assert "上年下发“妇女之家”示范点创建补助资金8.26万元" in text
    assert "补助资金" not in _report(SHORT).text

"""The ranking per category (only scored items count; ties share a rank) and the 考核情况表 read back."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from appraisal.models import Assessment
from appraisal.selectors import RankRow, rank_rows, ranking
from appraisal.services import assessment_report, assessment_score, task_list_auto_score
from appraisal.workbooks import build_appraisal_workbook, workbook_meta
from tests.appraisal.conftest import pdf
from tests.factories import TownshipFactory


def test_ties_share_a_rank_and_keep_the_county_order():
    rows = rank_rows([RankRow(1, "甲", Decimal(80)), RankRow(2, "乙", Decimal(90)), RankRow(3, "丙", Decimal(80))])
    assert [(r.name, r.rank) for r in rows] == [("乙", 1), ("甲", 2), ("丙", 2)]
    rows = rank_rows([RankRow(5, "丁", Decimal(0)), RankRow(4, "戊", Decimal(0))])
    assert [(r.name, r.rank) for r in rows] == [("戊", 1), ("丁", 1)]


def _score(assessment, town, county, score):
    assessment_report(assessment=assessment, by=town, note="已完成。", uploads=[pdf()])
    assessment_score(assessment=assessment, by=county, score=score, comment="完成较好。")


def test_scoring_changes_the_ranking(mine, theirs, town01, town02, county_staff, township_list):
    before = ranking(task_list=township_list)
    assert [r.rank for r in before.rows] == [1, 1]  # nothing scored yet: a tie
    _score(theirs, town02, county_staff, "4")
    assert [(r.name, r.total, r.rank) for r in ranking(task_list=township_list).rows] == [
        ("水头镇", Decimal(4), 1),
        ("萧江镇", Decimal(0), 2),
    ]
    _score(mine, town01, county_staff, "4.5")
    assert [(r.name, r.total) for r in ranking(task_list=township_list).rows] == [
        ("萧江镇", Decimal("4.5")),
        ("水头镇", Decimal(4)),
    ]


def test_a_reported_item_waiting_for_its_score_counts_nothing(mine, town01, township_list):
    assessment_report(assessment=mine, by=town01, note="已完成。", uploads=[pdf()])
    assert all(r.total == 0 for r in ranking(task_list=township_list).rows)


def test_every_township_has_a_row_even_one_added_later(township_list, county):
    TownshipFactory(name="新设街道", parent=county)
    assert "新设街道" in [r.name for r in ranking(task_list=township_list).rows]


@pytest.fixture
def scored(mine, theirs, town01, town02, county_staff, township_list):
    _score(mine, town01, county_staff, "3.5")
    _score(theirs, town02, county_staff, "5")
    task_list_auto_score(task_list=township_list, by=county_staff)  # no villages: 视同完成, 5 each
    return township_list


def test_workbook_numbers_read_back(scored, year):
    book = build_appraisal_workbook(
        rankings=[ranking(task_list=scored, with_items=True)], meta=workbook_meta(year=year)
    )
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    wb = openpyxl.load_workbook(buffer, data_only=True)
    assert wb.sheetnames == ["乡镇（街道）考核汇总", "乡镇（街道）评分明细"]
    ws = wb["乡镇（街道）考核汇总"]
    assert ws["A1"].value == f"{year}年度乡镇（街道）妇女工作考核情况表"
    # Headings: 序号, the name, 总分 and 名次 span both header rows; the headings sit under 分项得分.
    assert [ws.cell(3, c).value for c in range(1, 7)] == [
        "序号",
        "乡镇（街道）",
        "分项得分",
        None,
        "总分（满分10分）",
        "名次",
    ]
    assert [ws.cell(4, c).value for c in (3, 4)] == ["维权服务（5分）", "组织建设（5分）"]
    body = [[ws.cell(r, c).value for c in range(1, 7)] for r in (5, 6)]
    assert body == [[1, "水头镇", 5, 5, 10, 1], [2, "萧江镇", 3.5, 5, 8.5, 2]]
    assert ws.cell(7, 1).value != "合计"  # scores of different townships are not added up
    assert ws.print_title_rows == "$3:$4" and ws.page_setup.orientation == "landscape"
    detail = wb["乡镇（街道）评分明细"]
    assert [detail.cell(3, c).value for c in range(3, 6)] == ["维权服务", "组织建设", "总分"]
    assert [detail.cell(4, c).value for c in (3, 4)] == ["1.妇女儿童维权服务（5分）", "2.村级妇女组织组建率（5分）"]
    assert [detail.cell(6, c).value for c in range(2, 6)] == ["萧江镇", 3.5, 5, 8.5]


def test_unscored_items_show_a_dash_in_the_detail(township_list, year):
    book = build_appraisal_workbook(
        rankings=[ranking(task_list=township_list, with_items=True)], meta=workbook_meta(year=year)
    )
    detail = book["乡镇（街道）评分明细"]
    assert detail.cell(5, 3).value == "—"
    assert Assessment.objects.filter(item__task_list=township_list, status="scored").count() == 0

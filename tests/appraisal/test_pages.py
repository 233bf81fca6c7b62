"""The 考核 pages as each role sees them: a township her own items only, the county all and the scoring
forms, leadership read-only; the queries a page costs do not grow with its rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal.models import Assessment
from appraisal.services import assessment_report, assessment_return, assessments_ensure
from tests.appraisal.conftest import make_item, pdf
from tests.factories import TownshipFactory

Status = Assessment.Status


def test_township_lands_on_her_own_items(client_for, town01, township1, mine):
    response = client_for(town01).get("/appraisal/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/appraisal/units/{township1.pk}/"
    assert "萧江镇" in page and "妇女儿童维权服务" in page and "待报送" in page


def test_township_cannot_open_another_townships_items(client_for, town01, township2, theirs):
    client = client_for(town01)
    assert client.get(f"/appraisal/units/{township2.pk}/").status_code == 404
    assert client.get(f"/appraisal/assessments/{theirs.pk}/").status_code == 404
    response = client.post(f"/appraisal/assessments/{theirs.pk}/report/", {"note": "x", "uploads": pdf()})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.PENDING


def test_township_cannot_see_the_queue_or_the_ranking(client_for, town01, township_list):
    client = client_for(town01)
    assert client.get("/appraisal/queue/").status_code == 403
    assert client.get("/appraisal/ranking/").status_code == 403
    assert client.get("/appraisal/ranking/download/").status_code == 403


def test_report_form_stores_the_note_and_the_files(client_for, town01, mine):
    response = client_for(town01).post(
        f"/appraisal/assessments/{mine.pk}/report/",
        {"note": "全年受理来访12件。", "uploads": [pdf("一.pdf"), pdf("二.pdf")]},
        follow=True,
    )
    assert "已报送，等待县妇联评分" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == Status.REPORTED and mine.attachments.count() == 2


def test_report_form_shows_the_services_refusal(client_for, town01, mine):
    response = client_for(town01).post(f"/appraisal/assessments/{mine.pk}/report/", {"note": "已完成。"})
    assert response.status_code == 200
    assert "该任务要求提供佐证材料" in response.content.decode()


def test_county_scores_from_the_queue(client_for, town01, county_staff, mine):
    assessment_report(assessment=mine, by=town01, note="已完成。", uploads=[pdf()])
    client = client_for(county_staff)
    queue = client.get("/appraisal/queue/").content.decode()
    assert "萧江镇" in queue and reverse("appraisal:score", args=[mine.pk]) in queue
    form = client.get(f"/appraisal/assessments/{mine.pk}/score/").content.decode()
    assert "保存评分" in form and "退回补充" in form and "活动照片.pdf" in form
    response = client.post(f"/appraisal/assessments/{mine.pk}/score/", {"score": "9", "comment": ""})
    assert "不能超过该项分值 5 分" in response.content.decode()
    client.post(f"/appraisal/assessments/{mine.pk}/score/", {"score": "4.5", "comment": "扣0.5分。"})
    mine.refresh_from_db()
    assert (mine.status, str(mine.score)) == (Status.SCORED, "4.5")


def test_leader_reads_the_ranking_and_changes_nothing(client_for, leader, town01, mine):
    assessment_report(assessment=mine, by=town01, note="已完成。", uploads=[pdf()])
    client = client_for(leader)
    page = client.get("/appraisal/ranking/").content.decode()
    assert "考核排名" in page and "萧江镇" in page
    detail = client.get(f"/appraisal/assessments/{mine.pk}/").content.decode()
    assert "保存评分" not in detail and "退回补充</button>" not in detail
    assert client.post(f"/appraisal/assessments/{mine.pk}/score/", {"score": "5"}).status_code == 403
    mine.refresh_from_db()
    assert mine.status == Status.REPORTED


def test_ranking_workbook_downloads(client_for, county_staff, township_list):
    response = client_for(county_staff).get("/appraisal/ranking/download/")
    assert response.status_code == 200
    assert "%E8%80%83%E6%A0%B8" in response["Content-Disposition"]  # 考核 in the file name


def test_leaders_dashboard_shows_the_ranking(client_for, leader, township_list):
    page = client_for(leader).get("/").content.decode()
    assert 'data-testid="appraisal-panel"' in page and "考核排名" in page
    assert 'data-testid="appraisal-panel"' in client_for(leader).get(reverse("reports:dashboard")).content.decode()


def test_townships_dashboard_has_no_ranking(client_for, town01, township_list):
    page = client_for(town01).get(reverse("reports:dashboard")).content.decode()
    assert 'data-testid="appraisal-panel"' not in page


def _more_townships(county, township_list, n):
    for index in range(n):
        TownshipFactory(name=f"加测{index}镇", parent=county)
    assessments_ensure(task_list=township_list)


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


# Pinned counts (a page that costs more than this has grown a query); with more rows, not one more.
PAGES = {
    "/appraisal/queue/?status=": 14,
    "/appraisal/ranking/": 14,
    "/appraisal/": 12,
    "/appraisal/ranking/download/": 14,
    "/reports/dashboard/": 20,
}


@pytest.mark.parametrize(("path", "most"), PAGES.items())
def test_county_pages_cost_the_same_with_more_rows(client_for, county_staff, county, township_list, path, most):
    client = client_for(county_staff)
    client.get(path)
    fewer = _queries(client, path)
    _more_townships(county, township_list, 6)
    client.get(path)  # the report figures of the new townships are computed once, then kept (reports' ledger)
    assert _queries(client, path) == fewer <= most


def test_township_page_costs_the_same_with_more_items(client_for, town01, township1, township_list):
    client = client_for(town01)
    path = f"/appraisal/units/{township1.pk}/"
    client.get(path)
    fewer = _queries(client, path)
    for order in range(3, 15):
        make_item(township_list, order)
    assessments_ensure(task_list=township_list)
    assert _queries(client, path) == fewer <= 16
    assert client.get(path).content.decode().count('data-testid="item-row"') == 14


def test_scoring_page_costs_the_same_with_more_files_and_moves(client_for, town01, county_staff, mine):
    assessment_report(assessment=mine, by=town01, note="已完成。", uploads=[pdf()])
    client = client_for(county_staff)
    path = f"/appraisal/assessments/{mine.pk}/score/"
    client.get(path)
    fewer = _queries(client, path)
    assessment_return(assessment=mine, by=county_staff, comment="请补充。")
    assessment_report(assessment=mine, by=town01, note="已补充。", uploads=[pdf("二.pdf"), pdf("三.pdf")])
    assert _queries(client, path) == fewer <= 14


def test_county_returns_an_item_from_its_page(client_for, town01, county_staff, mine):
    assessment_report(assessment=mine, by=town01, note="已完成。", uploads=[pdf()])
    client = client_for(county_staff)
    page = client.post(f"/appraisal/assessments/{mine.pk}/return/", {"return-comment": ""}).content.decode()
    assert "这个字段是必填项" in page or "必填" in page
    client.post(f"/appraisal/assessments/{mine.pk}/return/", {"return-comment": "请补充来访登记表。"})
    mine.refresh_from_db()
    assert mine.status == Status.RETURNED and mine.comment == "请补充来访登记表。"


def test_county_computes_the_automatic_items_and_sees_when(client_for, county_staff, township_list, auto_item):
    client = client_for(county_staff)
    page = client.post(f"/appraisal/lists/{township_list.pk}/auto-score/", follow=True).content.decode()
    assert "项得分有变化" in page and "自动评分项最近计算于" in page
    assessment = Assessment.objects.filter(item=auto_item).first()
    detail = client.get(f"/appraisal/assessments/{assessment.pk}/").content.decode()
    assert "视同完成" in detail and "按统计数据计算" in detail


def test_township_cannot_compute_the_automatic_items(client_for, town01, township_list, auto_item):
    assert client_for(town01).post(f"/appraisal/lists/{township_list.pk}/auto-score/").status_code == 403
    assert not Assessment.objects.filter(item=auto_item, status=Status.SCORED).exists()

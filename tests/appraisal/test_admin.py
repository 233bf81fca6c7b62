"""County staff keep the task lists in 数据管理: 复制上年 and 发布 as admin actions; an item added to a published
list opens to every township at once; township staff see published lists only and change nothing."""

from __future__ import annotations

from appraisal.models import Assessment, TaskList
from tests.appraisal.conftest import make_item, make_list

CHANGELIST = "/admin/appraisal/tasklist/"


def test_copy_then_publish_through_the_admin(client_for, county_staff, township_category, year, township1, township2):
    source = make_list(township_category, year - 1, title=f"{year - 1}年镇街道妇女工作任务")
    make_item(source, 1)
    client = client_for(county_staff)
    page = client.post(
        CHANGELIST, {"action": "copy_to_next_year", "_selected_action": [source.pk]}, follow=True
    ).content.decode()
    copy = TaskList.objects.get(year=year)
    assert f"已复制为{year}年镇街道妇女工作任务（草稿）" in page and copy.status == TaskList.Status.DRAFT
    page = client.post(CHANGELIST, {"action": "publish", "_selected_action": [copy.pk]}, follow=True).content.decode()
    copy.refresh_from_db()
    assert "已发布" in page and copy.is_published
    assert Assessment.objects.filter(item__task_list=copy).count() == 2  # one item × two townships


def test_an_item_added_to_a_published_list_opens_to_every_township(client_for, county_staff, township_list):
    response = client_for(county_staff).post(
        "/admin/appraisal/taskitem/add/",
        {
            "task_list": township_list.pk,
            "heading": "宣传引领",
            "order": 3,
            "name": "巾帼志愿服务",
            "content": "组建巾帼志愿服务队。",
            "points": "5",
            "done_criteria": "全年服务12次以上。",
            "evidence_required": "服务台账",
            "deadline": f"{township_list.year}年12月20日",
            "scoring": "manual",
            "rule": "",
            "target": "",
        },
    )
    assert response.status_code == 302
    item = township_list.items.get(name="巾帼志愿服务")
    assert Assessment.objects.filter(item=item, status=Assessment.Status.PENDING).count() == 2
    assert item.history.count() == 1


def test_township_staff_see_published_lists_only(client_for, town01, township_list, township_category, year):
    draft = make_list(township_category, year + 1, status=TaskList.Status.DRAFT, title="明年草稿")
    client = client_for(town01)
    page = client.get(CHANGELIST).content.decode()
    assert township_list.title in page and "明年草稿" not in page
    assert client.get(f"{CHANGELIST}{draft.pk}/change/").status_code == 404
    response = client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert response.status_code in (200, 302, 403) and not draft.is_published

"""考核 in a real browser, on a desktop and on a 390 px phone: county staff add an item to this year's
published 《镇街道妇女工作任务》 in 数据管理; town01 (萧江镇) finds it on her 考核 page and reports it with a
note and a scanned file; county staff score it from the 考核评分 queue; 萧江镇's total on the ranking page
goes up by exactly the item's points, and the leader's 工作概况 shows the same ranking.

Runs on the demo county (tests/e2e/conftest.py); screenshots go to tests/e2e/screenshots/<viewport>/appraisal-*.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.browser import CHROMIUM, DESKTOP, PHONE, open_nav
from tests.e2e.conftest import SKIP_REASON

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)

TOWNSHIP = "萧江镇"
ITEM = "巾帼志愿服务"
NOTE = "组建巾帼志愿服务队3支，全年开展志愿服务26次，服务群众1200余人次。"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _total(page, base_url: str) -> Decimal:
    page.goto(f"{base_url}/appraisal/ranking/")
    row = page.get_by_test_id("ranking-township").locator("tr", has_text=TOWNSHIP)
    return Decimal(row.locator("td").last.inner_text())


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=lambda v: v.name)
def test_an_item_published_reported_and_scored_moves_the_ranking(new_journey, viewport):
    from appraisal.models import TaskList

    year = timezone.localdate().year
    task_list = TaskList.objects.get(year=year, category__code="township")
    county = new_journey("county", "appraisal")
    page = county.page
    before = _total(page, county.base_url)
    county.check("考核排名")

    # 1. County staff publish an item in the admin (the list is published: the item opens to every township).
    page.goto(f"{county.base_url}/admin/appraisal/taskitem/add/?task_list={task_list.pk}")
    page.get_by_label("任务类别").fill("宣传引领")
    page.get_by_label("序号").fill("21")
    page.get_by_label("任务名称").fill(ITEM)
    page.get_by_label("任务内容").fill("组建巾帼志愿服务队，常态化开展志愿服务。")
    page.get_by_label("分值").fill("5")
    page.get_by_label("完成标准").fill("志愿服务队1支以上，全年服务12次以上。")
    page.get_by_label("佐证材料").fill("服务台账、活动照片")
    page.get_by_label("完成时限").fill(f"{year}年12月20日")
    county.check("新增任务条目")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("成功")

    # 2. town01 reports it with a note and a file.
    town = new_journey("town01", "appraisal-town01")
    tpage = town.page
    open_nav(tpage, "考核")
    row = tpage.get_by_test_id("item-row").filter(has_text=ITEM)
    expect(row.get_by_test_id("status")).to_have_text("待报送")
    town.check("我的考核任务")
    row.get_by_role("link", name="报送").click()
    tpage.get_by_label("完成情况说明").fill(NOTE)
    tpage.get_by_label("佐证材料").set_input_files(
        files=[{"name": "志愿服务台账.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    town.check("报送")
    tpage.get_by_role("button", name="报送").click()
    expect(tpage.locator(".alert-success")).to_contain_text(f"“{ITEM}”已报送，等待县妇联评分。")
    expect(tpage.get_by_test_id("item-row").filter(has_text=ITEM).get_by_test_id("status")).to_have_text("已报送")

    # 3. County staff score it from the queue.
    page.goto(f"{county.base_url}/")
    open_nav(page, "考核")
    page.get_by_role("link", name="考核评分").click()
    page.get_by_label("考核单位").fill(TOWNSHIP)
    page.get_by_role("button", name="筛选").click()
    queue_row = page.get_by_test_id("queue-row").filter(has_text=ITEM).filter(has_text=TOWNSHIP)
    expect(queue_row).to_have_count(1)
    county.check("考核评分队列")
    queue_row.get_by_role("link", name="评分").click()
    expect(page.get_by_test_id("note")).to_contain_text(NOTE)
    expect(page.get_by_test_id("attachments")).to_contain_text("志愿服务台账.pdf")
    page.get_by_label("得分").fill("5")
    page.get_by_label("评语").fill("志愿服务常态化，台账规范。")
    county.check("评分")
    page.get_by_role("button", name="保存评分").click()
    expect(page.locator(".alert-success")).to_contain_text(f"已为{TOWNSHIP}“{ITEM}”评分。")

    # 4. The ranking moves by exactly the item's points; the township sees her score and the comment.
    assert _total(page, county.base_url) == before + 5
    county.check("考核排名-加分后")
    tpage.reload()
    row = tpage.get_by_test_id("item-row").filter(has_text=ITEM)
    expect(row.get_by_test_id("status")).to_have_text("已评分")
    expect(row).to_contain_text("志愿服务常态化，台账规范。")
    town.check("评分后")

    leader = new_journey("leader", "appraisal-leader")
    expect(leader.page.get_by_test_id("appraisal-panel")).to_contain_text(TOWNSHIP)
    leader.check("工作概况-考核排名")

"""A township clerk's data entry in a real browser, on a desktop and on a 390 px phone: town01 finds 妇女干部
under 干部与任职 in 数据管理, adds a cadre typing her birth date as 1986年4月12日 and her phone with spaces, and
gives her a post from 2024年5月1日 with a ticked 兼职岗位 — in the 任职 table on a desktop, and on a phone
through the note that leads to the one-post page.

Runs on the demo county (tests/e2e/conftest.py); screenshots go to tests/e2e/screenshots/<viewport>/.
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.e2e import files
from tests.e2e.browser import CHROMIUM, DESKTOP, PHONE, Journey, open_nav
from tests.e2e.conftest import SKIP_REASON

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)

NAME = "沈语桐"  # a given name the demo county's generator never draws
BIRTH = datetime.date(1986, 4, 12)


def _pick(page, container: str, search: str) -> None:
    """Choose the first match ending in ``search`` in one of the admin's autocomplete boxes."""
    page.locator(f"{container} .select2-selection").click()
    expect(page.locator(".select2-results__option").first).to_be_visible()  # the first page has come
    page.locator(".select2-search__field").fill(search)
    page.get_by_role("option", name=re.compile(f"{search}$")).first.click()


def add_cadre_with_chinese_dates(j: Journey) -> None:
    page = j.page
    open_nav(page, "数据管理")
    captions = [text.strip() for text in page.locator("#content-main caption").all_inner_texts()]
    assert captions[:4] == ["单位与组织", "干部与任职", "换届", "培训"], captions
    expect(page.locator("#content-main")).not_to_contain_text("流程记录")
    j.check("数据管理按任务分组")
    page.locator("#content-main tr", has=page.get_by_role("link", name="妇女干部", exact=True)).get_by_role(
        "link", name="增加"
    ).click()

    page.get_by_label("姓名").fill(NAME)
    _pick(page, ".field-unit", "村")
    page.get_by_label("身份证号").fill(files.id_number(BIRTH, 36))
    page.get_by_label("出生日期").fill("1986年4月12日")
    page.get_by_label("手机号").fill("138 0000 1234")
    expect(page.locator(".field-birth_date")).to_contain_text("2024年5月1日")  # the accepted forms, under the box
    j.check("新增妇女干部-中文日期")

    if j.viewport is PHONE:
        expect(page.locator(".phone-table-note")).to_be_visible()
        page.get_by_role("button", name="保存并继续编辑").click()
        expect(page.locator(".messagelist .success")).to_contain_text(NAME)
        page.locator(".phone-table-note").get_by_role("link", name="逐条新增任职").click()
        expect(page.locator(".field-cadre .select2-selection__rendered")).to_have_text(NAME)
        _pick(page, ".field-organisation", "村妇联")
        page.get_by_label("职务").select_option(label="执委")
        page.get_by_label("任职日期").fill("2024年5月1日")
        page.get_by_label("出纳").check()
        j.check("逐条新增任职")
        page.get_by_role("button", name="保存", exact=True).click()
    else:
        expect(page.locator(".phone-table-note")).to_be_hidden()
        page.get_by_text("再添加一条任职").click()
        row = page.locator("#posts-0")
        _pick(page, "#posts-0 .field-organisation", "村妇联")
        row.locator("select[name='posts-0-position']").select_option(label="执委")
        row.locator("input[name='posts-0-started_on']").fill("2024年5月1日")
        row.get_by_label("出纳").check()
        page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)
    j.check("已保存")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=lambda v: v.name)
def test_a_cadre_is_saved_with_dates_typed_as_2024年5月1日(new_journey, viewport):
    from orgs.models import Cadre

    add_cadre_with_chinese_dates(new_journey("town01", "data-entry"))

    cadre = Cadre.objects.get(name=NAME)
    post = cadre.posts.get()
    assert (cadre.birth_date, cadre.phone) == (BIRTH, "13800001234")
    assert post.started_on == datetime.date(2024, 5, 1)
    assert list(post.concurrent_duties.values_list("name", flat=True)) == ["出纳"]

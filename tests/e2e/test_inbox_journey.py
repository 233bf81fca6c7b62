"""Being told, in a real browser on a desktop and on a 390 px phone: the county returns one of 萧江镇's
applications for 整改; town01 sees the number on 消息 go up without opening the menu, finds the message
bold with the county's requirements, opens it and lands on the application; the number goes down.

Runs on the demo county (tests/e2e/conftest.py); screenshots go to tests/e2e/screenshots/<viewport>/inbox-*.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import CHROMIUM, DESKTOP, PHONE, Journey, log_in
from tests.e2e.conftest import SKIP_REASON

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)

REQUIREMENT = "妇联执委分工表上墙并拍照上传"


@pytest.fixture
def open_as(chromium, live_server, demo_county, viewport):
    """open_as(username) -> a logged-in Journey of the test's viewport (screenshots beside the others')."""
    contexts = []

    def _open(username: str) -> Journey:
        context = chromium.new_context(
            viewport=viewport.size, is_mobile=viewport.is_mobile, has_touch=viewport.is_mobile, locale="zh-CN"
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        log_in(page, live_server.url, username, demo_county)
        return Journey(page=page, viewport=viewport, name=f"inbox-{username}", base_url=live_server.url)

    yield _open
    for context in contexts:
        context.close()


def _unread(page) -> int:
    badge = page.get_by_test_id("inbox-unread")
    return int(badge.inner_text()) if badge.count() else 0


def _return_in_the_browser(county: Journey, application) -> None:
    page = county.page
    page.goto(f"{county.base_url}/demo-sites/applications/{application.pk}/acceptance/")
    page.get_by_label("验收人员").fill("县妇联组织联络部 王秀英、陈丽萍")
    page.get_by_label("实地查看").check()
    scores = page.get_by_role("spinbutton", name=re.compile("得分$"))
    for n in range(scores.count()):
        scores.nth(n).fill("7")
    page.get_by_label("整改", exact=True).check()
    page.get_by_label("整改要求（每行一条）").fill(REQUIREMENT)
    page.get_by_role("button", name="确认验收结论").click()
    expect(page.locator(".alert-success")).to_contain_text("验收结论已记录：整改")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=lambda v: v.name)
def test_town01_is_told_of_a_return_and_opens_it_from_her_inbox(open_as, viewport):
    from demo_sites.models import Application

    application = Application.objects.filter(township__name="萧江镇", status="submitted").select_related("unit").first()
    town = open_as("town01")
    county = open_as("county")
    expect(county.page.get_by_test_id("inbox-link")).to_be_visible()  # on a phone too, outside the menu
    county.page.get_by_test_id("inbox-link").click()
    expect(county.page.get_by_test_id("message").first).to_contain_text("待验收")
    county.check("县妇联消息")
    before = _unread(town.page)

    _return_in_the_browser(county, application)

    page = town.page
    page.reload()
    assert _unread(page) == before + 1
    town.check("首页有未读消息")
    page.get_by_test_id("inbox-link").click()
    newest = page.get_by_test_id("message").first
    expect(newest).to_contain_text(f"{application.unit.name}的")
    expect(newest).to_contain_text("被退回整改")
    expect(newest).to_contain_text(REQUIREMENT)
    expect(newest.locator(".notice-subject")).to_have_class(re.compile("fw-bold"))
    town.check("消息列表")

    newest.locator(".notice-subject").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/demo-sites/applications/{application.pk}/")
    assert _unread(page) == before
    town.check("打开消息进入申报")

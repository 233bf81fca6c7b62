"""使用说明 (docs/guide/): each role's guide walked in Chromium on the demo county, doing what it says, seeing what
it says will be seen, and writing its screenshots to docs/guide/img/ (tests/e2e/guide_walks.py). A guide that
names a button no walk found, or shows a screenshot no walk took, fails here (tests/e2e/guide.py).

Then the 帮助 page itself, as town01 sees it at 1366 and 390 px and as a new user finds it from the login page:
every screenshot it shows has loaded. Its screenshots go to tests/e2e/screenshots/<viewport>/help-*.

Run ``make guide`` after changing a page a guide shows, and commit the changed images under docs/guide/img/
with the change; ``make test`` walks the guides too but leaves the committed images alone.
"""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from tests.e2e import guide_walks
from tests.e2e.browser import CHROMIUM, DESKTOP, PHONE, Journey, log_in
from tests.e2e.conftest import SKIP_REASON
from tests.e2e.guide import WINDOW, Walk, assert_guide_walked

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)

# Every <img> of the page has arrived and decoded (a broken static path shows as naturalWidth 0).
IMAGES_LOADED = """() => [...document.querySelectorAll('article img')]
  .filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.getAttribute('src'))"""


@pytest.fixture
def walk_as(chromium, live_server, demo_county):
    """walk_as(width) -> a fresh, signed-out Walk in a window 1366 px (tall, see guide.WINDOW) or 390 px wide."""
    contexts = []

    def _open(width: int) -> Walk:
        phone = width == PHONE.width
        context = chromium.new_context(
            viewport=PHONE.size if phone else WINDOW,
            is_mobile=phone,
            has_touch=phone,
            locale="zh-CN",
            accept_downloads=True,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return Walk(page=context.new_page(), base_url=live_server.url, width=width)

    yield _open
    for context in contexts:
        context.close()


def test_the_township_guide_is_what_town01_sees(walk_as, demo_county, tmp_path):
    desktop = walk_as(DESKTOP.width)
    guide_walks.township(desktop, demo_county, tmp_path)
    phone = walk_as(PHONE.width)
    guide_walks.phone(phone, demo_county, tmp_path)

    assert_guide_walked("township", [desktop, phone])


def test_the_county_guide_is_what_county_staff_see(walk_as, demo_county, tmp_path):
    walk = walk_as(DESKTOP.width)
    guide_walks.county(walk, demo_county, tmp_path)

    assert_guide_walked("county", [walk])


def test_the_leader_guide_is_what_the_leader_sees(walk_as, demo_county, tmp_path):
    walk = walk_as(DESKTOP.width)
    guide_walks.leader(walk, demo_county, tmp_path)

    assert_guide_walked("leader", [walk])


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=lambda v: v.name)
def test_the_help_page_shows_her_guide_with_its_screenshots(chromium, live_server, demo_county, viewport):
    context = chromium.new_context(
        viewport=viewport.size, is_mobile=viewport.is_mobile, has_touch=viewport.is_mobile, locale="zh-CN"
    )
    try:
        page = context.new_page()
        journey = Journey(page=page, viewport=viewport, name="help", base_url=live_server.url)

        # A new user: from the login page to the list of guides, to hers.
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_role("link", name="查看使用说明").click()
        expect(page.get_by_test_id("guide-list").get_by_role("link")).to_have_count(3)
        journey.check("未登录-使用说明列表")
        page.get_by_role("link", name="乡镇填报员使用说明").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("乡镇填报员使用说明")

        # Signed in: 帮助 in the menu opens her own.
        log_in(page, live_server.url, "town01", demo_county)
        toggler = page.get_by_role("button", name="展开导航")
        if toggler.is_visible():
            toggler.click()
        page.locator("#portal-nav").get_by_role("link", name="帮助", exact=True).click()
        guide = page.get_by_test_id("guide")
        expect(guide).to_have_attribute("data-role", "township")
        if viewport is PHONE:  # the contents are folded above the guide
            page.locator(".guide-contents-folded summary").click()
            contents = page.locator(".guide-contents-folded").get_by_role("link")
        else:
            contents = page.get_by_test_id("guide-contents").get_by_role("link")
        expect(contents.first).to_have_text("一、登录和退出")
        for image in page.locator("article img").all():
            image.scroll_into_view_if_needed()  # they load lazily
        page.wait_for_load_state("networkidle")
        assert page.evaluate(IMAGES_LOADED) == []
        journey.check("帮助-乡镇填报员")
        contents.filter(has_text="调动申请").click()
        assert unquote(page.url).endswith("#九调动申请干部从其他乡镇调入"), page.url
        expect(page.get_by_role("heading", name="九、调动申请（干部从其他乡镇调入）")).to_be_in_viewport()
    finally:
        context.close()

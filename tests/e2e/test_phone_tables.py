"""Tables with boxes to fill in, in a real browser at 390 px: the 示范点 scoring table and self-assessment show
every box on the screen (each row a card), and the admin's 任职 table of rows says plainly where a phone can
add a post instead. At 1366 px the tables stay tables and the note stays hidden."""

from __future__ import annotations

import pytest

from tests.e2e.browser import CHROMIUM, DESKTOP, PHONE, Journey, check_page
from tests.e2e.conftest import SKIP_REASON
from tests.factories import ApplicationFactory, CadreFactory, PostFactory, UnitFactory, WomenOrganisationFactory

pytestmark = [pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON), pytest.mark.django_db(transaction=True)]

# Every visible box to fill in, with where it is on the screen.
_BOXES_JS = """
() => [...document.querySelectorAll('main input, main textarea, main select, #content input, #content textarea')]
  .filter((el) => el.type !== 'hidden' && el.getClientRects().length > 0
                  && getComputedStyle(el).visibility !== 'hidden')
  .map((el) => { const r = el.getBoundingClientRect();
                 return {name: el.name || el.id, type: el.type, left: r.left, right: r.right, width: r.width}; })
"""


@pytest.fixture
def open_as(chromium, live_server, client, monkeypatch):
    """open_as(user, url, viewport) -> a page of ``url`` seen by ``user`` in a browser of that size."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    host = live_server.url.split("//", 1)[1].split(":")[0]
    contexts = []

    def _open(user, url: str, viewport):
        client.force_login(user)
        context = chromium.new_context(viewport=viewport.size, is_mobile=viewport.is_mobile, locale="zh-CN")
        contexts.append(context)
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
        )
        page = context.new_page()
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("load")
        return page

    yield _open
    for context in contexts:
        context.close()


def _assert_every_box_on_screen(page, viewport, expected: int) -> None:
    boxes = page.evaluate(_BOXES_JS)
    score_boxes = [b for b in boxes if b["name"].startswith(("score_", "comment_", "evidence_"))]
    assert len(score_boxes) == expected, boxes
    # A box to type in narrower than about three characters cannot be used; ticks and radios are small anyway.
    too_narrow = [b for b in boxes if b["type"] not in ("checkbox", "radio") and b["width"] < 40]
    outside = [b for b in boxes if b["left"] < 0 or b["right"] > viewport.width + 0.5] + too_narrow
    assert not outside, f"{viewport.width}px 时不在屏幕内或过窄的输入框：{outside}"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=lambda v: v.name)
def test_every_box_of_the_scoring_table_is_on_screen(open_as, county_staff, township1, viewport):
    application = ApplicationFactory(unit=UnitFactory(parent=township1, name="桃源社区"), status="submitted")

    page = open_as(county_staff, f"/demo-sites/applications/{application.pk}/acceptance/", viewport)

    _assert_every_box_on_screen(page, viewport, expected=20)
    first_score = page.get_by_role("spinbutton", name="班子建设好得分")
    first_score.fill("9")
    assert first_score.input_value() == "9"
    check_page(Journey(page=page, viewport=viewport, name="phone-tables", base_url=""), "验收评分表")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=lambda v: v.name)
def test_every_box_of_the_self_assessment_is_on_screen(open_as, town01, township1, viewport):
    draft = ApplicationFactory(unit=UnitFactory(parent=township1, name="桃源社区"))

    page = open_as(town01, f"/demo-sites/applications/{draft.pk}/edit/", viewport)

    _assert_every_box_on_screen(page, viewport, expected=20)
    check_page(Journey(page=page, viewport=viewport, name="phone-tables", base_url=""), "自评表")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=lambda v: v.name)
def test_the_admin_table_of_posts_points_a_phone_elsewhere(open_as, town01, township1, viewport):
    village = UnitFactory(parent=township1, name="桃源村")
    cadre = CadreFactory(unit=village, name="王秀英")
    PostFactory(cadre=cadre, organisation=WomenOrganisationFactory(unit=village))

    page = open_as(town01, f"/admin/orgs/cadre/{cadre.pk}/change/", viewport)

    note = page.locator(".phone-table-note")
    if viewport is PHONE:
        assert note.is_visible()
        box = note.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport.width + 0.5
        note.get_by_role("link", name="逐条新增任职").click()
        page.wait_for_load_state("load")
        assert "/admin/orgs/post/add/" in page.url
        assert page.locator(".field-cadre .select2-selection__rendered").inner_text().strip() == "王秀英"
        _assert_one_row_form_fits(page, viewport)
    else:
        assert not note.is_visible()


def _assert_one_row_form_fits(page, viewport) -> None:
    boxes = page.evaluate(_BOXES_JS)
    fields = [b for b in boxes if b["name"] in ("started_on", "ended_on", "position")]
    assert len(fields) == 3
    assert all(b["left"] >= 0 and b["right"] <= viewport.width + 0.5 for b in fields), fields
    check_page(Journey(page=page, viewport=viewport, name="phone-tables", base_url=""), "逐条新增任职")

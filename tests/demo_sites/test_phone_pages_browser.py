"""On a 390 px phone, in a real browser: the 我的申报 / 验收 list, an application and a designated site's
page do not push the page sideways (tables scroll inside .table-responsive) and every field is labelled."""

from __future__ import annotations

import os

import pytest
from django.utils import timezone

from demo_sites import services
from demo_sites.models import Review
from tests.e2e.browser import CHROMIUM_ARGS, PHONE, Journey, check_page
from tests.factories import ApplicationFactory, DesignationFactory, UnitFactory, demo_criteria_set

pytestmark = [
    pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="需要 Chromium"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def phone(live_server, client, monkeypatch):
    """Opens pages at 390 px as a given user: ``phone(user, url, label)``."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sync_api = pytest.importorskip("playwright.sync_api")
    host = live_server.url.split("//", 1)[1].split(":")[0]
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)

        def open_as(user, url: str, label: str) -> None:
            client.force_login(user)
            context = browser.new_context(viewport=PHONE.size, is_mobile=True)
            context.add_cookies(
                [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
            )
            page = context.new_page()
            page.goto(f"{live_server.url}{url}")
            check_page(
                Journey(page=page, viewport=PHONE, name=f"demo-sites-{user.username}", base_url=live_server.url), label
            )
            context.close()

        yield open_as
        browser.close()


def test_lists_and_pages_fit_a_phone(phone, township1, town01, county_staff):
    for n in range(6):
        ApplicationFactory(
            unit=UnitFactory(parent=township1, name=f"萧江镇第{n}号城乡融合示范社区股份经济合作社"),
            status="submitted" if n % 2 else "draft",
        )
    draft = ApplicationFactory(unit=UnitFactory(parent=township1, name="桃源社区"))
    designation = DesignationFactory(unit=UnitFactory(parent=township1, name="沿河社区"))
    scores = {c.pk: ("8", "") for c in demo_criteria_set("womens_home", timezone.localdate().year).criteria.all()}
    services.review_record(
        designation=designation,
        by=county_staff,
        reviewed_on=timezone.localdate(),
        inspectors="县妇联复核组",
        scores=scores,
        outcome=Review.Outcome.MAINTAINED,
        comments="保持良好",
    )

    phone(town01, "/demo-sites/?status=", "我的申报")
    phone(town01, f"/demo-sites/applications/{draft.pk}/", "申报详情")
    phone(town01, f"/demo-sites/applications/{draft.pk}/delete/", "删除草稿确认")
    phone(county_staff, "/demo-sites/", "验收队列")
    phone(county_staff, f"/demo-sites/designations/{designation.pk}/", "示范点及决定记录")

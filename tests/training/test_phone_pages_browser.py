"""On a 390 px phone, in a real browser: the event list and a cadre's record do not push the page
sideways (tables scroll inside .table-responsive) and every filter field is labelled."""

from __future__ import annotations

import os

import pytest

from tests.e2e.browser import CHROMIUM_ARGS, PHONE, Journey, check_page
from tests.factories import ActivityFactory, AttendanceFactory, EventFactory

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
                Journey(page=page, viewport=PHONE, name=f"training-{user.username}", base_url=live_server.url), label
            )
            context.close()

        yield open_as
        browser.close()


def test_event_list_and_cadre_record_fit_a_phone(phone, county, township1, town01, county_staff, chair1):
    for n in range(4):
        course = EventFactory(
            organiser=county,
            title=f"全县城乡社区妇联主席暨“两代表一委员”履职能力提升培训班第{n}期",
            place="县委党校第一报告厅及各乡镇分会场",
        )
        AttendanceFactory(event=course, cadre=chair1)
        ActivityFactory(organiser=township1, title=f"巾帼文化大舞台·萧江镇广场舞展演{n}")

    phone(town01, "/training/", "培训与活动")
    phone(town01, f"/training/cadres/{chair1.pk}/", "干部培训记录")
    phone(county_staff, "/training/", "培训与活动（县）")
    phone(county_staff, f"/training/cadres/{chair1.pk}/", "干部培训记录（县）")

"""In a real browser (under the site's CSP): the self-assessment total adds up as the user types and
the pass rule is checked on the spot."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.factories import ApplicationFactory, UnitFactory

pytestmark = [
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="需要 Chromium"
    ),
    pytest.mark.django_db(transaction=True),
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def browser_page(live_server, client, town01, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sync_api = pytest.importorskip("playwright.sync_api")
    client.force_login(town01)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context()
        host = live_server.url.split("//", 1)[1].split(":")[0]
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        yield page, errors
        browser.close()


def test_scores_are_totalled_as_the_user_types(live_server, browser_page, township1):
    page, errors = browser_page
    application = ApplicationFactory(unit=UnitFactory(parent=township1), self_score="empty")

    page.goto(f"{live_server.url}/demo-sites/applications/{application.pk}/edit/")
    inputs = page.locator("[data-score-input]")
    assert inputs.count() == 10
    assert "尚有 10 项未打分" in page.locator("[data-score-status]").inner_text()

    for n in range(10):
        inputs.nth(n).fill("9")
    assert page.locator("[data-score-total]").inner_text() == "90"
    assert page.locator("[data-score-status]").inner_text() == "达到通过标准"

    inputs.nth(0).fill("5.5")
    assert page.locator("[data-score-total]").inner_text() == "86.5"
    assert "1 项低于 6 分" in page.locator("[data-score-status]").inner_text()

    inputs.nth(1).fill("12")
    assert "超出范围" in page.locator("[data-score-status]").inner_text()
    assert not [e for e in errors if "Content Security Policy" in e]

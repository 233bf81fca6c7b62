"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server on the
demo county. Without /usr/bin/chromium the directory is skipped (and the run says so at the end).

The live server needs ``transactional_db``, which empties the tables after every test, so each test
loads the demo county itself (about 15 s) and runs all three journeys on it in order.
"""

from __future__ import annotations

import io
import os
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, Journey, log_in

SKIP_REASON = "未找到 /usr/bin/chromium：浏览器测试已跳过"
DEMO_PASSWORD = "E2e-demo-Pass-2026"


def pytest_terminal_summary(terminalreporter) -> None:
    # This conftest is loaded only when tests/e2e is collected: say plainly that the browser did not run.
    if not CHROMIUM.exists():
        terminalreporter.write_line(f"tests/e2e：{SKIP_REASON}（安装 chromium 后运行 make e2e）", yellow=True)


class _OneRequestAtATime(WSGIServer):
    """Django's WSGI server without threads; it serves in the live server's thread, which already uses the
    shared connection (``connections_override`` is only needed to hand it to new threads)."""

    def __init__(self, *args, connections_override=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_sqlite():
    """On SQLite the tests' in-memory database is one connection, shared with the live server: two requests
    served at once (a form's POST and the browser's next fetch) would use it together and break each other's
    savepoints. There the live server serves one request at a time (Django then closes each connection, so
    the browser never waits on a kept-alive one)."""
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        LiveServerThread.server_class = _OneRequestAtATime


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for the module. Playwright's sync API runs an event loop in this thread,
    so Django's async-safety check must be told that the test's own database calls are fine."""
    sync_api = pytest.importorskip("playwright.sync_api")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def demo_county(transactional_db, monkeypatch) -> str:
    """The demo county with its accounts (admin, county, leader, town01…); returns their password.

    --reset replays the data migrations (duties, rubrics, audiences) that an earlier transactional
    test's flush removed."""
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("load_demo", force=True, reset=True, stdout=io.StringIO())
    return DEMO_PASSWORD


@pytest.fixture
def new_journey(chromium, live_server, demo_county, viewport):
    """new_journey(username, name): a fresh browser context of the test's viewport, logged in through
    the login page. Screenshots of the viewport start afresh with every run."""
    shutil.rmtree(SCREENSHOTS / viewport.name, ignore_errors=True)
    contexts = []

    def _open(username: str, name: str) -> Journey:
        context = chromium.new_context(
            viewport=viewport.size,
            is_mobile=viewport.is_mobile,
            has_touch=viewport.is_mobile,
            locale="zh-CN",
            accept_downloads=True,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        log_in(page, live_server.url, username, demo_county)
        return Journey(page=page, viewport=viewport, name=name, base_url=live_server.url)

    yield _open
    for context in contexts:
        context.close()

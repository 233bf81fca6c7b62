"""The three journeys in a real browser, on a desktop screen and on a phone (390×844).

1. 乡镇填报员 town01: adds a village cadre in 数据管理 (a wrong 身份证号 first, and sees the Chinese error),
   imports three more from the downloaded template with preview and confirm, drafts a 示范点 application
   for a community without a 示范点 with a self-assessment and a photo and submits it, records a training
   with attendance.
2. 县妇联 county: scores all ten criteria and returns it for 整改 with a reason; town01 finds it on her 首页's
   待办 list with the reason (the menu's count matching the list), opens it from there, edits and resubmits,
   and it is gone from her 待办; county accepts it and 现有示范点 on the dashboard goes up by one.
3. 领导 leader: the dashboard's charts have drawn; the summary workbook's 合计 rows and the 情况汇报
   agree with the dashboard's figures.

Every key page is screenshotted to tests/e2e/screenshots/<viewport>/ and checked for page language,
horizontal overflow, unlabelled form fields and images without alt (tests/e2e/browser.py).
"""

from __future__ import annotations

import pytest

from tests.e2e import journeys
from tests.e2e.browser import CHROMIUM, DESKTOP, PHONE, SCREENSHOTS
from tests.e2e.conftest import SKIP_REASON

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=lambda v: v.name)
def test_three_journeys(new_journey, viewport, tmp_path):
    story = journeys.Story(workdir=tmp_path)
    opened = []

    def tracked(username, name):
        journey = new_journey(username, name)
        opened.append(journey)
        return journey

    try:
        journeys.run_all(tracked, story)
    except BaseException:
        # Where each user was when it went wrong, for the reviewer.
        for journey in opened:
            journey.page.screenshot(
                path=str(SCREENSHOTS / viewport.name / f"失败时-{journey.name}.png"), full_page=True
            )
        raise
    assert len(opened) == 3
    assert all(journey.shots for journey in opened)

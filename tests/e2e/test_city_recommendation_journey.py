"""推荐市级 in a real browser, on a desktop and on a 390 px phone: county staff open one of the demo county's
in-force 县级 "妇女之家" sites, recommend it to the city with a note, find it in the 验收 queue among the sites
waiting for the city, record the city's 通过 (文号, date, the scanned 命名文件); the dashboard's 市级 count
goes up by exactly one and the 待市级审核 figure comes back to what it was.

Runs on the demo county (tests/e2e/conftest.py); screenshots go to tests/e2e/screenshots/<viewport>/city-*.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import CHROMIUM, DESKTOP, PHONE, open_nav
from tests.e2e.conftest import SKIP_REASON

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)

SITE = "桃源社区"  # 县级 since last year in the demo county, not yet recommended (沿河社区 already waits)
NOTE = "“妇女之家”阵地规范，巾帼志愿服务常态开展，推荐申报市级示范点。"
DOCUMENT_NUMBER = "温妇字〔2026〕18号"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _dashboard(page) -> tuple[int, int]:
    """(市级 sites, sites waiting for the city) as the dashboard shows them."""
    open_nav(page, "工作概况")
    sites = page.locator(".dashboard-figure", has_text="现有示范点")
    city = int(re.search(r"市级\s*(\d+)\s*个", sites.inner_text()).group(1))
    waiting = page.locator(".dashboard-figure", has_text="待市级审核")
    return city, int(waiting.locator(".fs-3").inner_text())


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=lambda v: v.name)
def test_the_county_recommends_a_site_and_the_citys_approval_adds_one_city_site(new_journey, viewport):
    from demo_sites.models import Designation

    site = Designation.objects.in_force().get(unit__name=SITE, level="county", category="womens_home")
    county = new_journey("county", "city")
    page = county.page
    city_before, waiting_before = _dashboard(page)
    county.check("工作概况")

    page.goto(f"{county.base_url}/demo-sites/designations/{site.pk}/")
    page.get_by_role("link", name="推荐市级").click()
    page.get_by_label("推荐意见").fill(NOTE)
    county.check("推荐市级")
    page.get_by_role("button", name="推荐市级").click()
    expect(page.locator(".alert-success")).to_contain_text(f"已推荐{SITE}为市级示范点，等待市妇联审核。")
    expect(page.get_by_test_id("status")).to_have_text("待市级审核")
    county.check("推荐后")

    open_nav(page, "示范点")
    expect(page.get_by_test_id("awaiting-city-count")).to_have_text(str(waiting_before + 1))
    page.get_by_role("link", name="待市级审核").first.click()
    row = page.locator("tbody tr", has_text=SITE)
    expect(row).to_have_count(1)
    county.check("待市级审核队列")
    row.get_by_role("link", name="登记市级结果").click()

    page.get_by_label("通过（命名为市级示范点）").check()
    page.get_by_label("命名文号").fill(DOCUMENT_NUMBER)
    page.get_by_label("命名文件扫描件").set_input_files(
        files=[{"name": "市妇联命名通知.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    county.check("登记市级审核结果")
    page.get_by_role("button", name="保存市级审核结果").click()
    expect(page.locator(".alert-success")).to_contain_text("已登记：市妇联审核通过，命名为市级示范点。")
    expect(page.get_by_test_id("status")).to_have_text("市级通过")
    expect(page.get_by_test_id("city-recommendation")).to_contain_text(DOCUMENT_NUMBER)
    county.check("市级通过")

    assert _dashboard(page) == (city_before + 1, waiting_before)
    county.check("工作概况-市级加一")

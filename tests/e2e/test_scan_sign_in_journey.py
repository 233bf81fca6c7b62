"""扫码签到 in a real browser: town01 (萧江镇) opens the QR code of one of her trainings and its poster; three
phones (390 px, not signed in) open the link and sign in — a cadre of 萧江镇 with her roster number and two
people from outside the roster; town01 confirms the cadre and one of the others, and the cadre's training
record shows the event with its hours.

Runs on the demo county (tests/e2e/conftest.py); screenshots go to tests/e2e/screenshots/<viewport>/扫码签到-*.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from orgs.models import Cadre
from tests.e2e.browser import CHROMIUM, DESKTOP, PHONE, Journey, log_in
from tests.e2e.conftest import SKIP_REASON
from training.models import Attendance, Event, ScanSignIn

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)


def _context(chromium, viewport):
    context = chromium.new_context(
        viewport=viewport.size, is_mobile=viewport.is_mobile, has_touch=viewport.is_mobile, locale="zh-CN"
    )
    context.set_default_timeout(15_000)
    return context


def test_three_phones_sign_in_and_the_organiser_confirms_two(chromium, live_server, demo_county):
    event = Event.objects.filter(township__name="萧江镇", category="training", hours__gt=0).order_by("-pk").first()
    cadre = (
        Cadre.objects.filter(township__name="萧江镇", phone__regex=r"^1\d{10}$")
        .exclude(attendances__event=event)
        .select_related("unit")
        .first()
    )
    assert event is not None and cadre is not None
    contexts = [_context(chromium, DESKTOP)]
    try:
        organiser_page = contexts[0].new_page()
        log_in(organiser_page, live_server.url, "town01", demo_county)
        organiser = Journey(page=organiser_page, viewport=DESKTOP, name="扫码签到-town01", base_url=live_server.url)

        # The organiser opens the event, its QR code, then the poster.
        organiser_page.goto(f"{live_server.url}/training/events/{event.pk}/")
        organiser_page.get_by_role("link", name="扫码签到", exact=True).click()
        expect(organiser_page.get_by_role("img", name="签到二维码")).to_be_visible()
        organiser.check("二维码")
        url = re.search(r"签到链接：(\S+)", organiser_page.locator("main").inner_text()).group(1)
        organiser_page.get_by_role("link", name="打印签到海报 / 全屏显示").click()
        expect(organiser_page.get_by_role("heading", name=event.title)).to_be_visible()
        expect(organiser_page.get_by_role("img", name="签到二维码")).to_be_visible()
        organiser.check("海报")

        # Three phones sign in.
        people = [(cadre.name, cadre.phone), ("赵晓燕", "13700009901"), ("钱丽", "13700009902")]
        for index, (name, phone) in enumerate(people, start=1):
            context = _context(chromium, PHONE)
            contexts.append(context)
            page = context.new_page()
            phone_journey = Journey(page=page, viewport=PHONE, name=f"扫码签到-手机{index}", base_url=live_server.url)
            page.goto(url)
            expect(page.get_by_role("heading", name=event.title)).to_be_visible()
            phone_journey.check("签到页")
            page.get_by_label("姓名").fill(name)
            page.get_by_label("手机号").fill(phone)
            page.get_by_role("button", name="签到").click()
            expect(page.get_by_role("status")).to_have_text("签到成功")
            assert name not in page.content() and phone not in page.content()
            phone_journey.check("签到成功")
        assert ScanSignIn.objects.filter(event=event, status="pending").count() == 3

        # The organiser confirms the cadre and 赵晓燕, not 钱丽.
        organiser_page.goto(f"{live_server.url}/training/events/{event.pk}/")
        organiser_page.get_by_role("link", name=re.compile("确认扫码签到")).click()
        expect(organiser_page.get_by_text(f"名册干部：{cadre.name}（{cadre.unit.name}）")).to_be_visible()
        organiser_page.get_by_role("checkbox", name="选择钱丽").uncheck()
        organiser.check("确认签到")
        organiser_page.get_by_role("button", name="确认所选签到").click()
        expect(organiser_page.locator(".alert-success")).to_contain_text("已确认 2 人参训")

        # The cadre's record shows the event and its hours.
        organiser_page.goto(f"{live_server.url}/training/cadres/{cadre.pk}/")
        row = organiser_page.get_by_role("row").filter(has_text=event.title)
        expect(row).to_contain_text(str(event.hours))
        organiser.check("干部参训记录")
        assert Attendance.objects.get(event=event, cadre=cadre).hours_credited == event.hours
        assert Attendance.objects.filter(event=event, name="赵晓燕").exists()
        assert not Attendance.objects.filter(event=event, name="钱丽").exists()
    finally:
        for context in contexts:
            context.close()

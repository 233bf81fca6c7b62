"""What every journey does with a page: look at it the way a reviewer would, then act on it as a user.

``check_page`` saves a screenshot and asserts the basics a phone user and a screen-reader user notice:
the page is in Chinese, nothing pushes the page sideways (wide tables scroll inside
``.table-responsive``), every visible form field has a label and every image has alt text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PAGE_LANGUAGES = ("zh-hans", "zh-cn")  # BCP 47 tags are case-insensitive; the admin writes “zh-hans”

# Runs in the page: the problems a user would notice, as readable strings.
_AUDIT_JS = """
() => {
  const problems = [];
  const visible = (el) => {
    const style = getComputedStyle(el);
    return el.getClientRects().length > 0 && style.visibility !== 'hidden' && style.display !== 'none';
  };
  const describe = (el) => `<${el.tagName.toLowerCase()} name="${el.getAttribute('name') || ''}" id="${el.id || ''}">`;
  // clientWidth is the layout viewport: on a phone innerWidth grows to fit whatever overflows.
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1 && el.getClientRects().length > 0)
      .slice(-4).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
    problems.push(`页面横向溢出：scrollWidth ${root.scrollWidth} > 视口宽度 ${root.clientWidth}（${wide.join('，')}）`);
  }
  const skip = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (skip.has((el.getAttribute('type') || '').toLowerCase()) || !visible(el)) continue;
    if (el.closest('.select2-container')) continue;  // the widget's own search box; the select it drives is labelled
    const labelled = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label')
      || el.getAttribute('aria-labelledby');
    if (!labelled) problems.push(`表单字段没有标签：${describe(el)}`);
  }
  for (const img of document.querySelectorAll('img')) {
    if (!img.hasAttribute('alt')) problems.push(`图片没有 alt：${img.getAttribute('src')}`);
  }
  return {lang: root.getAttribute('lang') || '', problems};
}
"""


@dataclass
class Viewport:
    name: str
    width: int
    height: int
    is_mobile: bool = False

    @property
    def size(self) -> dict:
        return {"width": self.width, "height": self.height}


DESKTOP = Viewport("desktop", 1366, 900)
PHONE = Viewport("phone", 390, 844, is_mobile=True)


@dataclass
class Journey:
    """One user's session: a browser context of the chosen size, and a numbered screenshot trail."""

    page: object
    viewport: Viewport
    name: str
    base_url: str
    shots: list[Path] = field(default_factory=list)

    def check(self, label: str) -> None:
        check_page(self, label)


def check_page(journey: Journey, label: str) -> None:
    page = journey.page
    page.wait_for_load_state("load")
    folder = SCREENSHOTS / journey.viewport.name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{journey.name}-{len(journey.shots) + 1:02d}-{label}.png"
    page.screenshot(path=str(path), full_page=True)
    # A full-page screenshot stretches the viewport to the page's height and back: let the page lay itself out
    # at its own size again (two frames) before the journey clicks, or a click near the bottom can miss.
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    journey.shots.append(path)
    audit = page.evaluate(_AUDIT_JS)
    assert audit["lang"].lower() in PAGE_LANGUAGES, f"{label}：<html lang> 为“{audit['lang']}”（{page.url}）"
    assert not audit["problems"], f"{label}（{journey.viewport.name}，{page.url}）：" + "；".join(audit["problems"])


def open_nav(page, name: str) -> None:
    """Click a portal navigation link, opening the collapsed menu first on a phone."""
    toggler = page.get_by_role("button", name="展开导航")
    if toggler.is_visible():
        toggler.click()
    link = page.locator("#portal-nav").get_by_role("link", name=name, exact=True)
    target, shown = urlsplit(link.get_attribute("href") or "").path, urlsplit(page.url).path
    link.click()
    # Wait for the page the link opens (or redirects to), not the one still shown: a page that computes the
    # year's figures for its first reader (情况汇报) can take longer than an action's timeout on a busy machine.
    if target != shown:
        page.wait_for_url(lambda url: urlsplit(url).path != shown, timeout=90_000)
    page.wait_for_load_state("load")


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("load")
    assert "/accounts/login/" not in page.url, f"{username} 登录失败：{page.locator('main').inner_text()[:200]}"


def log_out(page) -> None:
    toggler = page.get_by_role("button", name="展开导航")
    if toggler.is_visible():
        toggler.click()
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_load_state("load")


def figure(text: str) -> int:
    """The first whole number in a text such as “1,234 个”."""
    match = re.search(r"\d[\d,]*", text)
    assert match, f"没有数字：{text!r}"
    return int(match.group(0).replace(",", ""))

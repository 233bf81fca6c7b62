"""Walking a 使用说明 (docs/guide/<role>.md) in the browser: what the guide names is what the walk clicks, and
the guide's screenshots are the walk's.

A guide marks what a user clicks or reads on screen as 【名称】 (a menu item, button, link or tab); ``Walk``
finds each of those by its accessible name, asserts it is there, clicks it when told, and remembers the name.
After a walk, ``assert_guide_walked`` checks that every 【名称】 in the guide was met, so a renamed button
fails the walk (the locator finds nothing) and a guide naming something no walk met fails too. The guide
quotes the portal's messages as 「……」; tests/workbench/test_help.py checks those against the code.

Screenshots are written to docs/guide/img/ by ``make guide`` (``GUIDE_SCREENSHOTS=write``); any other run
(``make test``) takes them all the same but into a temporary folder, so that a test run leaves the committed
images alone. Each is a PNG: a band of the page 1366 px wide (or 390 px for a phone)
from the top of the first element shown to the bottom of the last (at most the window's height, so the
walks use a tall window: ``WINDOW``), with the thing to click outlined in red.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import expect

GUIDE_DIR = Path(__file__).resolve().parents[2] / "docs" / "guide"
IMAGES = GUIDE_DIR / "img"
# Where this run's screenshots go: the guide's folder only when asked to refresh it.
SHOTS = IMAGES if os.environ.get("GUIDE_SCREENSHOTS") == "write" else Path(tempfile.gettempdir()) / "fulian-guide-img"
LABEL = re.compile(r"【([^】]+)】")
IMAGE = re.compile(r"!\[([^\]]*)\]\((img/[^)\s]+)\)")
HIGHLIGHT = "3px solid #dc3545"
WINDOW = {"width": 1366, "height": 1000}
_BOX_JS = """(el) => { const r = el.getBoundingClientRect();
  return {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY,
          left: r.left + window.scrollX, right: r.right + window.scrollX}; }"""


def guide_text(role: str) -> str:
    return (GUIDE_DIR / f"{role}.md").read_text(encoding="utf-8")


def labels_in(text: str) -> set[str]:
    return set(LABEL.findall(text))


def images_in(text: str) -> list[tuple[str, str]]:
    """(alt text, img/<file>) of every screenshot the guide shows."""
    return IMAGE.findall(text)


@dataclass
class Walk:
    """One user's walk through her guide: a page, the names met, the screenshots written."""

    page: object
    base_url: str
    width: int
    met: set[str] = field(default_factory=set)
    written: list[str] = field(default_factory=list)

    # --- finding what the guide names ---------------------------------------------------------------

    def named(self, name: str, *, role: str = "link", within=None, exact: bool = True):
        """The visible element of ``role`` called ``name`` (【name】 in the guide); remembers the name."""
        scope = within if within is not None else self.page
        found = scope.get_by_role(role, name=name, exact=exact).first
        expect(found).to_be_visible()
        self.met.add(name)
        return found

    def click(self, name: str, *, role: str = "link", within=None, exact: bool = True) -> None:
        self.named(name, role=role, within=within, exact=exact).click()
        self.page.wait_for_load_state("load")

    def menu(self, name: str, *, exact: bool = True) -> None:
        """A top-menu item, opening the collapsed menu first on a phone."""
        toggler = self.page.get_by_role("button", name="展开导航")
        if toggler.is_visible():
            toggler.click()
        self.click(name, within=self.page.locator("#portal-nav"), exact=exact)

    def see(self, name: str) -> None:
        """Text on screen that the guide names as 【name】 without it being a link or button (a heading, a tab)."""
        expect(self.page.get_by_text(name, exact=True).first).to_be_visible()
        self.met.add(name)

    def goto(self, path: str) -> None:
        self.page.goto(f"{self.base_url}{path}")
        self.page.wait_for_load_state("load")

    # --- screenshots ----------------------------------------------------------------------------------

    def shot(self, name: str, *shown, mark=(), narrow: bool = False, pad: int = 8) -> Path:
        """<name>.png (in docs/guide/img/ under ``make guide``): the band of the page holding ``shown``
        (locators; the visible page when none), full width unless ``narrow``, with ``mark`` (locators) outlined
        in red. The band is scrolled into view and cut from the viewport (at most its height): a full-page
        screenshot resizes the page and back, and a click right after it can miss."""
        page = self.page
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready")
        height = page.evaluate("window.innerHeight")
        if shown:
            boxes = [locator.evaluate(_BOX_JS) for locator in shown]
            top = max(0, min(b["top"] for b in boxes) - pad)
            bottom = min(max(b["bottom"] for b in boxes) + pad, top + height)
            left = max(0, min(b["left"] for b in boxes) - pad) if narrow else 0
            right = min(self.width, max(b["right"] for b in boxes) + pad) if narrow else self.width
        else:
            top = page.evaluate("window.scrollY")
            bottom, left, right = top + height, 0, self.width
        page.evaluate("(y) => window.scrollTo(0, y)", top)
        scrolled = page.evaluate("window.scrollY")
        clip = {"x": left, "y": top - scrolled, "width": right - left, "height": bottom - top}
        for locator in mark:
            locator.evaluate(
                "(el, outline) => { el.style.outline = outline; el.style.outlineOffset = '2px'; }", HIGHLIGHT
            )
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        try:
            page.screenshot(path=str(path), clip=clip, animations="disabled", caret="hide")
        finally:
            for locator in mark:
                locator.evaluate("(el) => { el.style.outline = ''; el.style.outlineOffset = ''; }")
        self.written.append(f"img/{name}.png")
        return path


def assert_guide_walked(role: str, walks: list[Walk], *, shared: tuple[str, ...] = ()) -> None:
    """Every 【名称】 of the guide was met on the walk, and its screenshots are the ones the walk wrote (plus the
    ``shared`` ones another guide's walk writes)."""
    text = guide_text(role)
    met = set().union(*(walk.met for walk in walks))
    missing = sorted(labels_in(text) - met)
    assert not missing, f"{role}.md 提到但浏览器测试没有找到：{'、'.join('【' + m + '】' for m in missing)}"
    shown = {src for _, src in images_in(text)}
    written = {src for walk in walks for src in walk.written}
    assert all(alt.strip() for alt, _ in images_in(text)), f"{role}.md 有截图缺少说明文字（alt）"
    assert shown - set(shared) == written - set(shared), (
        f"{role}.md 引用但未生成的截图：{sorted(shown - written - set(shared))}；"
        f"生成但未引用的截图：{sorted(written - shown - set(shared))}"
    )

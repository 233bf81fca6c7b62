"""帮助: each role reads its own 使用说明, anybody can read all three, and what the guides show holds: every
screenshot exists (and is served), every link lands on a heading, every message quoted 「……」 is the portal's,
and the Markdown cannot smuggle HTML in. What the guides say about the pages is checked by walking them in a
browser (tests/e2e/test_user_guide.py)."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from workbench import guide

GUIDES = Path(settings.BASE_DIR) / "docs" / "guide"
IMAGES = GUIDES / "img"
SHOT = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
QUOTE = re.compile(r"「([^」]+)」")
SOURCES = (
    "accounts", "appraisal", "audit", "demo_sites", "duties", "editing", "entry", "files", "fulian", "liaison",
    "notices", "operations", "orgs", "reports", "templates", "training", "workbench",
)  # fmt: skip


def _text(role: str) -> str:
    return (GUIDES / f"{role}.md").read_text(encoding="utf-8")


def _h1(response) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S).group(1)


@pytest.mark.parametrize(
    ("who", "title"),
    [
        ("town01", "乡镇填报员使用说明"),
        ("county_staff", "县妇联工作人员使用说明"),
        ("leader", "领导使用说明"),
        ("admin_user", "县妇联工作人员使用说明"),
    ],
)
def test_help_opens_the_guide_of_her_role(client_for, request, who, title):
    response = client_for(request.getfixturevalue(who)).get("/help/")

    assert response.status_code == 200
    assert _h1(response) == title


def test_the_guides_are_readable_without_signing_in(client, db):
    index = client.get("/help/")

    assert index.status_code == 200
    for role in ("township", "county", "leader"):
        assert f'href="/help/{role}/"' in index.content.decode()
        assert client.get(f"/help/{role}/").status_code == 200


def test_the_login_page_points_a_new_user_to_the_guides(client, db):
    html = client.get("/accounts/login/").content.decode()

    assert '首次使用？<a href="/help/">查看使用说明</a>' in html


def test_the_menu_has_help(client_for, town01):
    html = client_for(town01).get("/help/").content.decode()

    assert '<a class="nav-link" href="/help/">帮助</a>' in html


def test_an_unknown_guide_is_not_found_and_nothing_is_posted(client, db):
    assert client.get("/help/secretary/").status_code == 404
    assert client.post("/help/").status_code == 405


def test_the_help_page_costs_a_fixed_number_of_queries(client_for, town01, django_assert_max_num_queries):
    client = client_for(town01)
    client.get("/help/")  # warms the menu's cached 待办 count, as any earlier page would
    with django_assert_max_num_queries(9):  # session, user, role, menu and inbox: no rows
        client.get("/help/")


# --- what the guides show --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(guide.BY_ROLE))
def test_every_screenshot_a_guide_shows_exists_and_is_served(role):
    for alt, src in SHOT.findall(_text(role)):
        assert alt.strip(), f"{role}.md：截图 {src} 缺少说明文字"
        assert src.startswith("img/") and src.endswith(".png"), src
        path = GUIDES / src
        assert path.is_file(), f"{role}.md 引用的截图不存在：{src}（运行 tests/e2e/test_user_guide.py 生成）"
        assert finders.find(f"guide/{path.name}") == str(path)


def test_no_screenshot_is_left_over_and_all_are_small_pngs_at_most_1366_wide():
    shown = {Path(src).name for role in guide.BY_ROLE for _, src in SHOT.findall(_text(role))}
    files = {path.name: path for path in IMAGES.glob("*.png")}

    assert set(files) == shown, f"没有被引用的截图：{sorted(set(files) - shown)}"
    for name, path in files.items():
        header = path.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n", name
        (width,) = struct.unpack(">I", header[16:20])
        assert width <= 1366, f"{name}：宽 {width}px"
    assert sum(path.stat().st_size for path in files.values()) < 3 * 1024 * 1024


@pytest.mark.parametrize("role", sorted(guide.BY_ROLE))
def test_every_link_in_a_guide_lands_on_a_guide_and_heading(role):
    html = guide.render(guide.BY_ROLE[role]).html
    ids = {other: set(re.findall(r'id="([^"]+)"', guide.render(guide.BY_ROLE[other]).html)) for other in guide.BY_ROLE}

    for href in re.findall(r'<a[^>]* href="([^"]+)"', html):
        if href.startswith("/static/guide/"):
            continue  # a screenshot at full size, checked above
        match = re.fullmatch(r"/help/(\w+)/(?:#(.+))?", href) or re.fullmatch(r"#(.+)", href)
        assert match, f"{role}.md：链接 {href} 不指向使用说明"
        target, anchor = (role, match.group(1)) if href.startswith("#") else match.groups()
        assert target in ids, href
        assert anchor is None or anchor in ids[target], f"{role}.md：链接 {href} 找不到对应的标题"


def _source_text() -> str:
    """The portal's code, templates and translations, Python's adjacent string literals joined."""
    base = Path(settings.BASE_DIR)
    paths = [p for folder in SOURCES for p in (base / folder).rglob("*") if p.suffix in (".py", ".html")]
    paths += list((base / "locale").rglob("*.po"))
    # Django's own Chinese for what the admin says (“请更正以下错误。”).
    paths += list((Path(django.__file__).parent / "contrib" / "admin" / "locale" / "zh_Hans").rglob("*.po"))
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in paths)
    return re.sub(r"\"\s*\n\s*\"", "", text)


def _message_patterns(source: str) -> list[re.Pattern]:
    """The code's Chinese string literals with their ``{placeholders}`` as wildcards: “不能在此{action}；” is the
    message “不能在此录入；” the user sees. Only literals with Chinese outside their placeholders count."""
    patterns = []
    for literal in re.findall(r'"([^"\\\n]*\{[^"\\\n]*)"', source):
        pieces = re.split(r"\{[^{}]*\}", literal)
        if re.search(r"[\u4e00-\u9fff]", "".join(pieces)):
            patterns.append(re.compile(".+?".join(re.escape(piece) for piece in pieces)))
    return patterns


def test_every_message_a_guide_quotes_is_the_portals_own():
    source = _source_text()
    patterns = _message_patterns(source)
    for role in guide.BY_ROLE:
        for quote in QUOTE.findall(_text(role)):
            for part in (part.strip() for part in quote.split("……")):
                found = not part or part in source or any(pattern.fullmatch(part) for pattern in patterns)
                assert found, f"{role}.md 引用的提示“{quote}”中的“{part}”在代码中找不到"


# --- the renderer ------------------------------------------------------------------------------------------


def test_raw_html_in_a_guide_is_shown_as_text():
    html = guide.render_markdown('说明<script>alert(1)</script>\n\n<div onclick="x">块</div>\n').html

    assert "<script" not in html and "<div" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_guide_links_only_to_this_site_guides_and_http():
    html = guide.render_markdown(
        "[a](javascript:alert(1)) [b](county.md#二首页工作台) [c](/demo-sites/) [d](https://example.org) "
        "[e](data:text/html,x) ![外部](https://example.org/x.png) ![本地](img/county-home.png)"
    ).html

    assert "javascript:" not in html and "data:" not in html and "example.org/x.png" not in html
    assert 'href="/help/county/#二首页工作台"' in html
    assert 'href="/demo-sites/"' in html and 'href="https://example.org"' in html
    image = re.search(r'<img alt="本地"[^>]*>', html).group(0)
    assert 'src="/static/guide/county-home.png"' in image

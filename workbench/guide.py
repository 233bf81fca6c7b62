"""使用说明: the user guide of each role (docs/guide/<role>.md), rendered for the 帮助 page.

The guides are Markdown files kept beside the code so that they read well on a code host too; their
screenshots are in docs/guide/img/, written by the browser test that walks each guide
(tests/e2e/test_user_guide.py). Settings serve that folder as static files under ``guide/``
(``STATICFILES_DIRS``), so a guide says ``![…](img/home.png)`` and the portal shows
``/static/guide/home.png`` — one path that works in both places.

The Markdown is ours, but it is rendered as if it were not: raw HTML in it is shown as text, links may only
go to this site, to another guide, to an anchor or to http(s), and images only to the guide's img folder.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import markdown
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

from orgs import roles, scoping

if TYPE_CHECKING:
    from orgs.scoping import AnyUser

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "guide"
IMAGE_PREFIX = "img/"  # how a guide names its screenshots; served as static "guide/<name>"


@dataclass(frozen=True)
class Guide:
    role: str  # the file's stem and the URL's slug
    title: str
    audience: str


GUIDES = (
    Guide("township", "乡镇填报员使用说明", "乡镇（街道）妇联填报员"),
    Guide("county", "县妇联工作人员使用说明", "县妇联工作人员"),
    Guide("leader", "领导使用说明", "县妇联领导"),
)
BY_ROLE = {guide.role: guide for guide in GUIDES}
_GUIDE_FILE = re.compile(r"^(?:\./)?(?P<role>[a-z]+)\.md(?P<anchor>#.*)?$")


def guide_of(user: AnyUser) -> Guide | None:
    """The guide of the user's role; None for anonymous users and accounts without a role."""
    if scoping.township_id_of(user) is not None:
        return BY_ROLE["township"]
    if not scoping.sees_whole_county(user):
        return None
    if not user.is_superuser and user.groups.filter(name=roles.LEADER).exists():
        return BY_ROLE["leader"]
    return BY_ROLE["county"]


def _drop(parent: etree.Element, element: etree.Element) -> None:
    """Remove ``element``, keeping the text that follows it."""
    if element.tail:
        before = list(parent)[: list(parent).index(element)]
        if before:
            before[-1].tail = (before[-1].tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


class _SiteLinks(Treeprocessor):
    """Images from the guide's img folder only; links to other guides become their 帮助 pages; anything that
    is not this site, an anchor or http(s) loses its link."""

    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for image in list(root.iter("img")):
            src = image.get("src", "")
            name = src[len(IMAGE_PREFIX) :]
            parent = parents[image]
            if not (src.startswith(IMAGE_PREFIX) and re.fullmatch(r"[\w.-]+\.png", name)):
                _drop(parent, image)  # not one of the guide's screenshots: shown as nothing
                continue
            url = static(f"guide/{name}")
            image.set("src", url)
            image.set("loading", "lazy")
            image.set("class", "img-fluid border rounded guide-shot")
            # The screenshot is a link to itself at full size: on a phone it is otherwise too small to read.
            link = etree.Element("a", {"href": url, "class": "guide-shot-link", "title": "查看大图"})
            link.tail, image.tail = image.tail, None
            parent.insert(list(parent).index(image), link)
            parent.remove(image)
            link.append(image)
        for link in root.iter("a"):  # (the screenshot links above start with / and stay)
            href = link.get("href", "")
            guide = _GUIDE_FILE.match(href)
            if guide and guide["role"] in BY_ROLE:
                link.set("href", reverse("help_role", args=[guide["role"]]) + (guide["anchor"] or ""))
            elif href in ("README.md", "./README.md"):
                link.set("href", reverse("help_index"))
            elif not re.match(r"^(#|/(?!/)|https?://)", href):
                del link.attrib["href"]


class _GuideExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802  (Python-Markdown's name)
        # Raw HTML is not passed through: a tag in a guide is shown as the text it is.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SiteLinks(md), "guide_links", 1)


@dataclass(frozen=True)
class Rendered:
    html: str
    sections: tuple[tuple[str, str], ...]  # (anchor, heading) of each second-level heading, for the contents


def render_markdown(text: str) -> Rendered:
    converter = markdown.Markdown(
        extensions=["tables", "sane_lists", "toc", _GuideExtension()],
        extension_configs={
            "toc": {"slugify": slugify_unicode, "toc_depth": "2-2"},
            "tables": {"use_align_attribute": True},  # no inline styles (CSP)
        },
        output_format="html",
    )
    html = converter.convert(text)
    tokens = getattr(converter, "toc_tokens", [])
    return Rendered(html, tuple((token["id"], token["name"]) for token in tokens))


@lru_cache(maxsize=8)
def _rendered(path: Path, modified: float) -> Rendered:
    return render_markdown(path.read_text(encoding="utf-8"))


def render(guide: Guide) -> Rendered:
    """The guide as HTML with its contents (cached until its file changes)."""
    path = GUIDE_DIR / f"{guide.role}.md"
    return _rendered(path, path.stat().st_mtime)

"""The 情况汇报 as a Word document set as a Chinese official document (GB/T 9704-2012, 党政机关公文格式).

A4; 天头 (top margin) 37 mm, 订口 (left) 28 mm, text area 156 × 225 mm holding 22 lines of 28 characters
(a document grid of 28.95 pt lines and 15.79 pt characters); title 2号 方正小标宋简体 (宋体 where it is not
installed: the font table names 宋体 as its alternative), body 3号 仿宋, 一级标题 黑体, 二级标题 楷体, justified,
no space after paragraphs, first lines indented two characters; 发文机关署名 centred above the 成文日期,
which stands four characters from the right margin; page numbers "— 1 —" in 4号 宋体 at the foot, right on
odd pages and left on even ones, one character in; language zh-CN. Python-docx starts from a US Letter,
en-US template, so every one of these is set here explicitly.
"""

from __future__ import annotations

import io
import unicodedata
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from lxml import etree

if TYPE_CHECKING:
    from reports.status_report import StatusReport

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TEXT_WIDTH, TEXT_HEIGHT = Mm(156), Mm(225)
TOP_MARGIN, LEFT_MARGIN = Mm(37), Mm(28)
BOTTOM_MARGIN = Emu(PAGE_HEIGHT - TOP_MARGIN - TEXT_HEIGHT)  # 35 mm
RIGHT_MARGIN = Emu(PAGE_WIDTH - LEFT_MARGIN - TEXT_WIDTH)  # 26 mm
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
# 225 mm ÷ 22 = 28.99 pt; 28.95 pt (579 twips, the usual template value) keeps 22 lines inside the area.
LINE_PITCH = Pt(28.95)
CHAR_PITCH = Emu(TEXT_WIDTH // CHARS_PER_LINE)  # 15.79 pt: 28 characters of 3号 fill 156 mm
# 16 pt characters condensed by a quarter point (in twentieths of a point): 28 × 15.75 pt fit in 156 mm.
CHAR_SPACING = -5
FOOTER_DISTANCE = Mm(21)  # the page number's top about 7 mm below the text area

BODY_SIZE, TITLE_SIZE, PAGE_NUMBER_SIZE = Pt(16), Pt(22), Pt(14)  # 3号, 2号, 4号
BODY_FONT, HEADING_FONT, POINT_FONT, NUMBER_FONT = "仿宋", "黑体", "楷体", "宋体"
TITLE_FONT, TITLE_FALLBACK = "方正小标宋简体", "宋体"
TITLE_CHARS_PER_LINE = 18  # 20 characters of 2号 fill the line; a fallback font's digits run wider

TITLE_STYLE, HEADING_STYLE, POINT_STYLE = "公文标题", "公文一级标题", "公文二级标题"
SIGNATURE_STYLE, PAGE_NUMBER_STYLE = "公文落款", "公文页码"
SIGNATURE_RIGHT_CHARS = 4  # 成文日期右空四字


def build_status_report_docx(report: StatusReport) -> bytes:
    """The report as .docx bytes (see the module docstring for the format)."""
    document = Document()
    _page(document)
    _styles(document)
    _title_font_fallback(document)
    _page_numbers(document)

    _title(document.add_paragraph(), report.title)
    document.add_paragraph()  # 标题下空一行
    for paragraph in report.opening:
        _paragraph(document, paragraph)
    for heading, paragraphs in report.sections:
        document.add_paragraph(heading, style=HEADING_STYLE)
        for paragraph in paragraphs:
            _paragraph(document, paragraph)
    document.add_paragraph(report.closing)
    _signature(document, report)

    properties = document.core_properties
    properties.title, properties.author, properties.language = report.title, report.meta.reporting_unit, "zh-CN"
    properties.last_modified_by, properties.comments = report.meta.reporting_unit, ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _chars(text: str) -> float:
    """Width in characters of 3号: a Chinese character is one, a digit or Latin letter half."""
    return sum(1 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.5 for ch in text)


def _paragraph(document, paragraph) -> None:
    p = document.add_paragraph()
    if paragraph.lead:
        p.add_run(paragraph.lead, style=POINT_STYLE)
    p.add_run(paragraph.body)


def _title(p, title: str) -> None:
    """The title; one that would fill the line (or spill a character onto a second) is set on two lines,
    broken after the year so that each line reads as whole words (GB/T 9704 wants 梯形 or 菱形 lines)."""
    p.style = TITLE_STYLE
    head, sep, tail = title.partition("年")
    if sep and _chars(title) > TITLE_CHARS_PER_LINE:
        p.add_run(head + sep).add_break()
        p.add_run(tail)
    else:
        p.add_run(title)


def _signature(document, report: StatusReport) -> None:
    """发文机关署名 centred above the 成文日期; the date four characters from the right margin."""
    date = report.meta.report_date
    name, when = report.meta.reporting_unit, f"{date.year}年{date.month}月{date.day}日"
    name_chars, date_chars = _chars(name), _chars(when)
    document.add_paragraph()
    document.add_paragraph()  # room for the seal
    for text, chars in ((name, name_chars), (when, date_chars)):
        p = document.add_paragraph(text, style=SIGNATURE_STYLE)
        right = SIGNATURE_RIGHT_CHARS + max(0.0, (max(name_chars, date_chars) - chars) / 2)
        _indent_chars(p.paragraph_format, p._p.get_or_add_pPr(), right=right)


# ---- page, styles, fonts ---------------------------------------------------------------------------


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP_MARGIN, BOTTOM_MARGIN
    section.left_margin, section.right_margin = LEFT_MARGIN, RIGHT_MARGIN
    section.header_distance, section.footer_distance = Mm(15), FOOTER_DISTANCE
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    # A grid of lines only: a character grid (linesAndChars) squeezes 3号 characters into 15.79 pt cells
    # in Word, but LibreOffice gives every character two cells. The 28 characters come instead from
    # condensing the body's letter spacing (CHAR_SPACING), which both honour.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))
    grid.attrib.pop(qn("w:charSpace"), None)


def _set_fonts(rpr, name: str) -> None:
    """Every script's font (the East Asian one through w:eastAsia), theme fonts removed."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


# The run properties that follow w:spacing in the schema's sequence (CT_RPr).
RPR_AFTER_SPACING = (
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
)


def _insert_before(parent, element, later: tuple[str, ...]) -> None:
    """Insert ``element`` before the first child named in ``later`` (Word wants the schema's order)."""
    tags = {qn(tag) for tag in later}
    following = next((child for child in parent if child.tag in tags), None)
    if following is None:
        parent.append(element)
    else:
        following.addprevious(element)


def _set_language(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


def _indent_chars(fmt, ppr, *, first_line: float | None = None, right: float | None = None) -> None:
    """Indents in characters: w:firstLineChars / w:rightChars (what Word keeps on the grid) and the same
    lengths in points for readers that ignore them."""
    ind = ppr.get_or_add_ind()
    if first_line is not None:
        fmt.first_line_indent = Emu(round(CHAR_PITCH * first_line))
        ind.set(qn("w:firstLineChars"), str(round(first_line * 100)))
    if right is not None:
        fmt.right_indent = Emu(round(CHAR_PITCH * right))
        ind.set(qn("w:rightChars"), str(round(right * 100)))


def _styles(document) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, BODY_FONT)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))
    _set_language(rpr)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.getparent().remove(spacing)

    normal = styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    normal.font.size = BODY_SIZE
    condensed = OxmlElement("w:spacing")
    condensed.set(qn("w:val"), str(CHAR_SPACING))
    _insert_before(normal.element.get_or_add_rPr(), condensed, RPR_AFTER_SPACING)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_PITCH
    fmt.widow_control = False  # a full 22 lines on every page, as the grid intends
    _indent_chars(fmt, normal.element.get_or_add_pPr(), first_line=2)

    title = styles.add_style(TITLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    _set_fonts(title.element.get_or_add_rPr(), TITLE_FONT)
    title.font.size = TITLE_SIZE
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(35)
    _indent_chars(title.paragraph_format, title.element.get_or_add_pPr(), first_line=0)

    heading = styles.add_style(HEADING_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = normal
    _set_fonts(heading.element.get_or_add_rPr(), HEADING_FONT)
    heading.paragraph_format.keep_with_next = True
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    heading.element.get_or_add_pPr().append(outline)

    point = styles.add_style(POINT_STYLE, WD_STYLE_TYPE.CHARACTER)
    _set_fonts(point.element.get_or_add_rPr(), POINT_FONT)

    signature = styles.add_style(SIGNATURE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    signature.base_style = normal
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.paragraph_format.keep_with_next = True
    _indent_chars(signature.paragraph_format, signature.element.get_or_add_pPr(), first_line=0)

    number = styles.add_style(PAGE_NUMBER_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    number.base_style = normal
    _set_fonts(number.element.get_or_add_rPr(), NUMBER_FONT)
    number.font.size = PAGE_NUMBER_SIZE
    number.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _indent_chars(number.paragraph_format, number.element.get_or_add_pPr(), first_line=0)


def _title_font_fallback(document) -> None:
    """Name 宋体 as the title font's alternative in the font table, for readers without 方正小标宋简体."""
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable"))
    table = parse_xml(part.blob)
    font = OxmlElement("w:font")
    font.set(qn("w:name"), TITLE_FONT)
    for tag, value in (
        ("w:altName", TITLE_FALLBACK),
        ("w:charset", "86"),
        ("w:family", "script"),
        ("w:pitch", "variable"),
    ):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        font.append(element)
    table.append(font)
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_numbers(document) -> None:
    """ "— 1 —" with a PAGE field: odd pages right, even pages left, one character in (GB/T 9704 7.5)."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, alignment, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left"),
    ):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = PAGE_NUMBER_STYLE
        p.alignment = alignment
        setattr(p.paragraph_format, f"{side}_indent", PAGE_NUMBER_SIZE)
        p.add_run("— ")
        _page_field(p)
        p.add_run(" —")


def _page_field(p) -> None:
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = p.add_run()
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)

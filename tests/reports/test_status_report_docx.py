"""The 情况汇报's .docx read back with python-docx: the format of a Chinese official document
(GB/T 9704-2012) — A4, margins, a text area of 22 lines × 28 characters, fonts (with the East Asian font
set), styles, the page numbers in the footer, the language and the signature."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports.status_report import Paragraph, Section, StatusReport
from reports.workbooks.layout import ReportMeta


def _report() -> StatusReport:
    meta = ReportMeta(year=2025, reporting_unit="清源县妇联", report_date=datetime.date(2025, 12, 31))
    return StatusReport(
        title="清源县妇联2025年基层妇女组织建设情况汇报",
        meta=meta,
        opening=[Paragraph("基层妇女组织是妇女工作的基础和源泉。现将有关情况汇报如下：")],
        sections=[
            Section(
                "一、基本情况和主要做法", [Paragraph("全县共有乡镇妇联11个。", "（一）拓宽领域，组织网络不断健全。")]
            ),
            Section(
                "二、存在的主要问题",
                [Paragraph("有26个社区两委班子成员中未配有女干部。", "（一）城乡社区妇女组织建设仍需进一步完善。")],
            ),
        ],
    )


@pytest.fixture(scope="module")
def document():
    from reports.status_report_docx import build_status_report_docx

    return docx.Document(io.BytesIO(build_status_report_docx(_report())))


def _fonts(rpr) -> dict[str, str]:
    fonts = rpr.find(qn("w:rFonts"))
    return {k: fonts.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "eastAsia")}


def _mm(length) -> float:
    return round(length / Mm(1), 1)


def test_page_is_a4_with_the_official_margins_and_text_area(document):
    section = document.sections[0]

    assert (_mm(section.page_width), _mm(section.page_height)) == (210, 297)
    assert (_mm(section.top_margin), _mm(section.left_margin)) == (37, 28)
    assert _mm(section.page_width - section.left_margin - section.right_margin) == 156
    assert _mm(section.page_height - section.top_margin - section.bottom_margin) == 225


def test_text_area_holds_22_lines_of_28_characters(document):
    section, normal = document.sections[0], document.styles["Normal"]
    pitch = normal.paragraph_format.line_spacing
    spacing = int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20  # points
    character = normal.font.size.pt + spacing
    text_height = section.page_height - section.top_margin - section.bottom_margin
    text_width = (section.page_width - section.left_margin - section.right_margin) / Pt(1)

    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert 22 * pitch <= text_height < 23 * pitch
    assert abs(pitch.pt - 28.95) < 0.01
    assert 28 * character <= text_width < 29 * character
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"


def test_body_is_justified_3hao_fangsong_without_space_after_and_indented_two_characters(document):
    normal = document.styles["Normal"]
    fmt = normal.paragraph_format

    assert _fonts(normal.element.rPr) == {"ascii": "仿宋", "hAnsi": "仿宋", "eastAsia": "仿宋"}
    assert normal.font.size == Pt(16)
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert fmt.space_after == Pt(0) and fmt.space_before == Pt(0)
    assert normal.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert fmt.widow_control is False


def test_title_is_2hao_xiaobiaosong_with_songti_as_its_fallback(document):
    title = document.paragraphs[0]
    font_table = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable"))

    assert title.style.name == "公文标题" and title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.style.font.size == Pt(22)
    assert _fonts(title.style.element.rPr)["eastAsia"] == "方正小标宋简体"
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in font_table.blob.decode()
    assert title.text.replace("\n", "") == "清源县妇联2025年基层妇女组织建设情况汇报"


def test_headings_are_heiti_and_points_kaiti(document):
    heading = next(p for p in document.paragraphs if p.text == "一、基本情况和主要做法")
    point = next(p for p in document.paragraphs if p.text.startswith("（一）拓宽领域"))

    assert _fonts(heading.style.element.rPr)["eastAsia"] == "黑体"
    assert point.runs[0].text == "（一）拓宽领域，组织网络不断健全。"
    assert _fonts(point.runs[0].style.element.rPr)["eastAsia"] == "楷体"
    assert point.runs[1].style.name == "Default Paragraph Font"  # the body of the point stays 仿宋


def test_document_language_is_zh_cn(document):
    lang = (
        document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    )

    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    assert document.core_properties.language == "zh-CN"


def test_page_numbers_are_a_page_field_between_dashes_right_on_odd_pages_left_on_even(document):
    section = document.sections[0]

    assert document.settings.odd_and_even_pages_header_footer
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        p = footer.paragraphs[0]
        assert p.alignment == alignment
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert [i.text for i in p._p.iter(qn("w:instrText"))] == [" PAGE "]
        assert _fonts(p.style.element.rPr)["eastAsia"] == "宋体" and p.style.font.size == Pt(14)


def test_signature_stands_four_characters_from_the_right_with_the_name_centred_above_the_date(document):
    name, date = document.paragraphs[-2], document.paragraphs[-1]

    assert (name.text, date.text) == ("清源县妇联", "2025年12月31日")
    assert name.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent and date._p.pPr.ind.get(qn("w:rightChars")) == "400"
    # 2025年12月31日 is seven characters wide, 清源县妇联 five: one more character in on each side.
    assert name._p.pPr.ind.get(qn("w:rightChars")) == "500"
    assert document.paragraphs[-3].text == document.paragraphs[-4].text == ""  # room for the seal

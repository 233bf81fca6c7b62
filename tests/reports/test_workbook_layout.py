"""The builders are pure: a workbook built from a hand-made figure table, read back, follows the
statistical-table conventions a government office expects."""

from __future__ import annotations

import dataclasses
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from reports.indicators.figures import FigureTable, Row
from reports.workbooks import (
    build_cadres_workbook,
    build_demo_sites_workbook,
    build_org_coverage_workbook,
    build_summary_workbook,
    build_term_elections_workbook,
    build_training_workbook,
)
from reports.workbooks.layout import FIRST_DATA_ROW, ReportMeta, ReturnBlock, display_width
from reports.workbooks.summaries import ORG_COVERAGE, TRAINING
from tests.reports.printing import column_px, printed_parts, smallest_printed_pt

META = ReportMeta(year=2026, reporting_unit="清源县妇联", report_date=datetime.date(2026, 11, 29))


def _row(name, township_id, **values):
    row = {
        key: 0
        for key in (
            "townships",
            "villages",
            "villages_established",
            "communities",
            "communities_established",
            "enterprises",
            "enterprises_established",
            "enterprises_new",
            "enterprises_before",
            "social_orgs",
            "social_orgs_established",
            "organ_committees",
            "group_members",
            "nominal",
        )
    }
    row.update(name=name, township_id=township_id, **values)
    return row


ROWS = [
    _row(
        "萧江镇",
        1,
        townships=1,
        villages=10,
        villages_established=10,
        enterprises=3,
        enterprises_established=1,
        enterprises_new=1,
    ),
    _row(
        "水头镇",
        2,
        townships=1,
        villages=5,
        villages_established=4,
        enterprises=7,
        enterprises_established=3,
        enterprises_before=1,
        enterprises_new=2,
    ),
]


def _table(rows) -> FigureTable:
    """A figure table from rows of counts (``name`` and ``township_id`` beside the indicator codes)."""
    return FigureTable(
        year=META.year,
        rows=[
            Row(r["township_id"], r["name"], {k: v for k, v in r.items() if k not in ("name", "township_id")})
            for r in rows
        ],
    )


def _read(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def _column(ws, header: str) -> int:
    for col in range(1, ws.max_column + 1):
        if ws.cell(FIRST_DATA_ROW - 1, col).value == header or ws.cell(FIRST_DATA_ROW - 2, col).value == header:
            return col
    raise AssertionError(f"no column {header}")


def _total_row(ws) -> int:
    for row in range(FIRST_DATA_ROW, ws.max_row + 1):
        if ws.cell(row, 1).value == "合计":
            return row
    raise AssertionError("no 合计 row")


def test_sheet_has_title_reporting_line_and_signature_footer():
    ws = _read(build_org_coverage_workbook(table=_table(ROWS), meta=META)).active

    assert ws["A1"].value == "2026年基层妇女组织建设情况统计表"
    assert ws["A1"].font.name == "宋体" and ws["A1"].font.bold
    assert "A1:" in " ".join(str(r) for r in ws.merged_cells.ranges)
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "填报单位（盖章）：清源县妇联" in [c.value for c in ws[2]]
    assert any(t.startswith("填报日期：2026年11月29日") for t in texts)
    footer = next(t for t in texts if t.startswith("单位负责人"))
    for part in ("审核人", "填表人", "报出日期：2026年11月29日"):
        assert part in footer


def test_headers_are_two_levels_with_merged_groups_and_serial_numbers():
    ws = _read(build_org_coverage_workbook(table=_table(ROWS), meta=META)).active
    merged = {str(r) for r in ws.merged_cells.ranges}

    assert ws["A3"].value == "序号" and "A3:A4" in merged
    assert ws["B3"].value == "乡镇（街道）" and "B3:B4" in merged
    assert ws["D3"].value == "村级妇女组织" and "D3:F3" in merged
    assert [ws.cell(4, c).value for c in (4, 5, 6)] == ["行政村数", "已建妇女组织", "组建率"]
    assert [ws.cell(r, 1).value for r in (5, 6)] == [1, 2]
    assert ws["D4"].font.name == "宋体" and ws["D5"].font.name == "仿宋"
    assert ws["E4"].border.top.style == "thin" and ws["E3"].border.top.style == "thin"  # inside a merged range too


def test_total_row_holds_computed_values_and_rates_from_the_totals():
    ws = _read(build_org_coverage_workbook(table=_table(ROWS), meta=META)).active
    total = _total_row(ws)

    assert ws.cell(total, _column(ws, "行政村数")).value == 15
    assert ws.cell(total, _column(ws, "有党组织的企业")).value == 10
    rate_cell = ws.cell(total, _column(ws, "有党组织的企业") + 4)
    assert ws.cell(4, rate_cell.column).value == "组建率"
    assert rate_cell.value == 0.4  # (1 + 3) / (3 + 7), not the mean of 33.3% and 42.9%
    assert rate_cell.number_format == "0.0%"
    village_rate = ws.cell(6, _column(ws, "行政村数") + 2)
    assert village_rate.value == 0.8 and village_rate.number_format == "0.0%"


def test_rate_without_denominator_is_a_dash_not_a_division_error():
    ws = _read(build_org_coverage_workbook(table=_table(ROWS), meta=META)).active

    social_rate = _column(ws, "有党组织的社会组织") + 2
    assert ws.cell(5, social_rate).value == "—"


def test_print_setup_is_a4_landscape_fit_to_width_with_repeated_headers_and_page_numbers():
    ws = _read(build_term_elections_workbook(table=_table(ROWS), meta=META)).active

    assert ws.freeze_panes == "C5"
    assert ws.print_title_rows == "$3:$4"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == "9"  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text


def test_wide_table_prints_in_two_parts_repeating_serial_and_township_columns():
    ws = _read(build_org_coverage_workbook(table=_table(ROWS), meta=META)).active
    parts = printed_parts(ws)

    assert len(parts) == 2 and ws.print_title_cols == "$A:$B"
    assert all(part[:2] == [1, 2] for part in parts)
    assert not ws.sheet_properties.pageSetUpPr.fitToPage  # Excel ignores manual breaks when fitting to a page
    assert ws.print_title_rows == "$3:$4" and ws.freeze_panes == "C5"
    # A part ends with a whole group: the next part starts with a group heading or an ungrouped column.
    second = parts[1][2]
    assert (
        ws.cell(3, second).value is not None
        and ws.cell(3, second - 1).value is None
        or ws.cell(4, second).value is None
    )
    # Every part has its own title and 填报 line within its own columns; notes and signatures on the last.
    titles = [c.value for c in ws[1] if c.value]
    assert titles == ["2026年基层妇女组织建设情况统计表", "2026年基层妇女组织建设情况统计表（续）"]
    assert ws.cell(1, second).value.endswith("（续）") and ws.cell(2, second).value.startswith("填报单位")
    assert ws["A2"].value is None and ws["B2"].value is None  # the repeated columns carry no piece of it
    footer = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, second).value or "").startswith("单位负责人"))
    assert ws.cell(footer, 1).value is None


def test_no_sheet_prints_below_nine_points():
    for build in (
        build_org_coverage_workbook,
        build_cadres_workbook,
        build_demo_sites_workbook,
        build_term_elections_workbook,
    ):
        ws = _read(build(table=_table(ROWS), meta=META)).active
        assert smallest_printed_pt(ws) >= 9, (ws.title, smallest_printed_pt(ws))


@pytest.mark.django_db
def test_no_sheet_of_the_summary_prints_below_nine_points_even_with_long_names():
    rows = ROWS + [_row("某某某某某某街道办事处", 3, villages=12345, villages_established=12345)]
    workbook = _read(build_summary_workbook(table=_table(rows), previous=None, meta=META))

    for ws in workbook:
        assert smallest_printed_pt(ws) >= 9, (ws.title, smallest_printed_pt(ws))


def test_printed_size_check_catches_a_sheet_fitted_too_small():
    ws = _read(build_org_coverage_workbook(table=_table(ROWS), meta=META)).active
    ws.col_breaks.brk = ()
    ws.print_title_cols = None
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1

    assert smallest_printed_pt(ws) < 9  # the whole table on one page wide: what the issue saw (5.5 pt)


def test_rates_and_counts_get_narrow_columns_and_headings_wrap():
    ws = _read(build_org_coverage_workbook(table=_table(ROWS), meta=META)).active
    rate = _column(ws, "组建率")
    heading = _column(ws, "有党组织的社会组织")

    assert ws.column_dimensions[get_column_letter(rate)].width <= 9  # 100.0%, not 0.3333333333
    assert ws.column_dimensions[get_column_letter(heading)].width <= 9
    assert ws.cell(4, heading).alignment.wrap_text
    assert ws.row_dimensions[4].height >= 3 * 13  # three lines of heading


def test_headings_use_full_width_brackets():
    workbook = _read(build_cadres_workbook(table=_table(ROWS), meta=META))
    ws = workbook.active
    headings = [str(ws.cell(r, c).value or "") for r in (3, 4) for c in range(1, ws.max_column + 1)]

    assert "乡镇（街道）" in headings and "主席（主任）" in headings
    assert not [h for h in headings if "(" in h or ")" in h]


def test_unit_note_names_the_units_of_the_columns():
    def unit_note(build):
        ws = _read(build(table=_table(ROWS), meta=META)).active
        return next(c.value for c in ws[2] if c.value and c.value.startswith("填报日期")).split("　　")[-1]

    assert unit_note(build_org_coverage_workbook) == "计量单位：个、家、%"  # no people on this sheet
    assert "人" in unit_note(build_cadres_workbook) and "岁" in unit_note(build_cadres_workbook)
    assert unit_note(build_term_elections_workbook) == "计量单位：个、%"


@pytest.mark.django_db
def test_hours_are_a_plain_number_with_one_decimal():
    rows = [{"name": "萧江镇", "township_id": 1, "hours": Decimal("2806")}]
    ws = _read(build_training_workbook(table=_table(rows), meta=META)).active
    hours = _column(ws, "认定学时")

    assert ws.cell(FIRST_DATA_ROW, hours).number_format == "0.0"
    assert ws.cell(_total_row(ws), hours).number_format == "0.0"


@pytest.mark.django_db
def test_audience_sheet_title_and_reporting_line_fit_without_wrapping():
    ws = _read(build_training_workbook(table=_table(ROWS), meta=META))["培训对象"]

    assert_lines_fit(ws)
    assert any(str(c.value).startswith("填报日期：2026年11月29日") for c in ws[2] if c.value)


def test_title_and_reporting_lines_fit_their_merged_cells_on_every_sheet():
    for build in (
        build_org_coverage_workbook,
        build_cadres_workbook,
        build_demo_sites_workbook,
        build_term_elections_workbook,
    ):
        assert_lines_fit(_read(build(table=_table(ROWS), meta=META)).active)


def test_return_block_is_printed_only_when_configured():
    plain = _read(build_term_elections_workbook(table=_table(ROWS), meta=META)).active
    assert not [c for row in plain.iter_rows() for c in row if "制表机关" in str(c.value or "")]

    block = ReturnBlock(authority="清源县妇联", approval="清统函〔2026〕5号", form_numbers=(("换届情况", "妇统5表"),))
    meta = dataclasses.replace(META, return_block=block)
    ws = _read(build_term_elections_workbook(table=_table(ROWS), meta=meta)).active
    cells = [c for c in ws[1] if c.value]

    assert [c.value for c in cells][0] == "2026年基层妇女组织换届情况统计表"
    assert cells[-1].value == "表　　号：妇统5表\n制表机关：清源县妇联\n批准文号：清统函〔2026〕5号"
    assert cells[-1].column > cells[0].column and ws.row_dimensions[1].height >= 3 * 13
    assert smallest_printed_pt(ws) >= 9


def test_return_block_comes_from_settings(settings):
    from reports.workbooks import return_block

    assert return_block().lines("换届情况") == []
    settings.STATISTICAL_RETURN = {
        "表号": {"换届情况": "妇统5表"},
        "制表机关": "清源县妇联",
        "批准文号": "",
        "有效期至": "",
    }
    assert return_block().lines("换届情况") == ["表　　号：妇统5表", "制表机关：清源县妇联"]
    assert return_block().lines("培训对象") == ["制表机关：清源县妇联"]


def assert_lines_fit(ws):
    """The title (16 pt) and the 填报 line (10 pt) fit their merged cells on one line: nothing is cut."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row > 2:
            continue
        text = ws.cell(merged.min_row, merged.min_col).value
        if not text or "\n" in text:
            continue
        width = sum(column_px(ws, c) for c in range(merged.min_col, merged.max_col + 1))
        size = ws.cell(merged.min_row, merged.min_col).font.size
        needed = display_width(text) * size * 96 / 72 / 2 + 8
        assert needed <= width, (ws.title, text, needed, width)


def test_columns_are_wide_enough_for_chinese_names():
    rows = ROWS + [_row("某某某某某某街道办事处", 3)]
    ws = _read(build_org_coverage_workbook(table=_table(rows), meta=META)).active

    assert ws.column_dimensions["B"].width >= 22  # eleven wide characters


def test_formula_like_text_is_written_as_text():
    rows = [_row('=HYPERLINK("http://x","点我")', 1), _row("+1+2", 2), _row("@SUM(A1)", 3), _row("-3", 4)]
    ws = _read(build_org_coverage_workbook(table=_table(rows), meta=META)).active

    names = [ws.cell(r, 2) for r in range(5, 9)]
    assert [c.value for c in names] == ['=HYPERLINK("http://x","点我")', "+1+2", "@SUM(A1)", "-3"]
    assert all(c.data_type == "s" for c in names)


def test_reporting_unit_that_looks_like_a_formula_stays_text():
    meta = ReportMeta(year=2026, reporting_unit="=cmd|' /C calc'!A0", report_date=datetime.date(2026, 1, 5))
    ws = _read(build_org_coverage_workbook(table=_table(ROWS), meta=meta)).active

    reporting = next(c for c in ws[2] if c.value and c.value.startswith("填报单位"))
    assert reporting.data_type == "s" and reporting.value.endswith("=cmd|' /C calc'!A0")


@pytest.mark.django_db  # the 培训对象 sheet lists the audiences (reference data)
def test_summary_workbook_puts_each_summary_on_its_own_sheet():
    workbook = _read(build_summary_workbook(table=_table(ROWS), previous=None, meta=META))

    assert workbook.sheetnames == [
        ORG_COVERAGE.sheet_name,
        "示范点创建情况",
        "妇女干部队伍情况",
        TRAINING.sheet_name,
        "培训对象",
        "换届情况",
        "执委履职情况",
        "经费使用情况",
        "主要指标同比",
        "指标口径说明",
    ]
    assert all(len(name) <= 31 for name in workbook.sheetnames)


@pytest.mark.django_db
def test_money_totals_keep_two_decimals():
    rows = [
        {"name": "萧江镇", "township_id": 1, "hours": Decimal("12.5")},
        {"name": "水头镇", "township_id": 2, "hours": Decimal("3")},
    ]
    ws = _read(build_training_workbook(table=_table(rows), meta=META)).active
    total = _total_row(ws)

    assert ws.cell(total, _column(ws, "认定学时")).value == 15.5


def test_rows_per_township_and_category_share_a_merged_name_and_get_subtotals():
    from reports.workbooks import build_demo_sites_workbook

    def site(name, township_id, sites):
        values = {}
        for category, (county_sites, awaiting) in sites.items():
            values |= {
                f"sites_county:{category}": county_sites,
                f"sites:{category}": county_sites,
                f"awaiting:{category}": awaiting,
                f"applications:{category}": awaiting,
            }
        return {"name": name, "township_id": township_id, **values}

    rows = [
        site("萧江镇", 1, {"womens_home": (3, 2), "new_organisation": (2, 0)}),
        site("水头镇", 2, {"womens_home": (1, 4), "new_organisation": (0, 1)}),
    ]
    ws = _read(build_demo_sites_workbook(table=_table(rows), meta=META)).active
    merged = {str(r) for r in ws.merged_cells.ranges}

    assert [ws.cell(r, 1).value for r in range(5, 9)] == [1, None, 2, None]
    assert {"A5:A6", "B5:B6", "A7:A8", "B7:B8", "A9:B11"} <= merged
    assert ws.freeze_panes == "D5"  # the category stays in view too
    assert [ws.cell(r, 3).value for r in (9, 10, 11)] == ["全部", "其中：“妇女之家”示范点", "其中：两新妇女组织示范点"]
    awaiting = next(c for c in range(1, ws.max_column + 1) if ws.cell(4, c).value == "待验收")
    assert [ws.cell(r, awaiting).value for r in (9, 10, 11)] == [7, 6, 1]


def test_each_kind_of_table_cell_keeps_its_own_style_when_read_back():
    ws = _read(build_org_coverage_workbook(table=_table(ROWS), meta=META)).active
    total = _total_row(ws)
    rate = _column(ws, "组建率")

    assert ws.cell(FIRST_DATA_ROW, 2).alignment.horizontal == "left"  # names
    assert ws.cell(FIRST_DATA_ROW, 3).alignment.horizontal == "center"
    assert ws.cell(FIRST_DATA_ROW, 3).font.name == "仿宋" and not ws.cell(FIRST_DATA_ROW, 3).font.bold
    assert ws.cell(total, 3).font.bold and ws.cell(total, 1).alignment.horizontal == "center"
    assert ws.cell(total, 2).border.bottom.style == "thin"  # under the merged 合计 cell too
    assert ws.cell(FIRST_DATA_ROW, rate).number_format == "0.0%" and ws.cell(total, rate).font.bold
    assert ws.cell(FIRST_DATA_ROW, 3).number_format == "General"
    assert ws["A1"].border.top.style is None and ws["A1"].font.size == 16  # the title is not a table cell

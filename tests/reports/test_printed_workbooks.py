"""The demo county's workbooks as they come out of a printer: never below 9 pt at A4 landscape (computed
from the widths and page setup), and, where LibreOffice is installed, converted to PDF: A4 pages, the
expected number of them, every column heading on the page of its part (no part cut again by the
printer), the heading rows on every page. The pages are kept as PNGs under var/review/workbooks/."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction

from orgs.models import Unit
from reports import workbooks
from reports.selectors import make_scope
from tests.reports import printing

YEAR = 2025
REPORT_DAY = datetime.date(YEAR, 12, 31)
# Pages of the demo county's workbooks: org coverage and cadres in two parts; the summary adds the
# 培训对象, 同比 and 口径 sheets (the definitions run to four pages).
EXPECTED_PAGES = {
    "summary": 19,
    "org-coverage": 2,
    "demo-sites": 2,
    "cadres": 2,
    "training": 2,
    "term-elections": 1,
    "duties": 1,
}


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", force=True, seed=2026, year=YEAR, stdout=io.StringIO())
        try:
            yield
        finally:
            transaction.set_rollback(True)


pytestmark = [pytest.mark.usefixtures("demo_county"), pytest.mark.django_db]


def _export(name: str, township_id: int | None = None) -> openpyxl.Workbook:
    scope = make_scope(user=User.objects.get(username="county"), year=YEAR, township_id=township_id, today=REPORT_DAY)
    buffer = io.BytesIO()
    workbooks.export(name, scope)[0].save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def test_every_sheet_prints_at_nine_points_or_more_for_the_county_and_a_township():
    township = Unit.objects.get(kind=Unit.Kind.TOWNSHIP, name="萧江镇")
    for township_id in (None, township.pk):
        for ws in _export("summary", township_id):
            assert printing.smallest_printed_pt(ws) >= 9, (ws.title, township_id)


def test_workbooks_print_on_a4_with_every_heading_on_the_page_of_its_part(tmp_path):
    missing = printing.missing("soffice", "pdftotext", "pdfinfo", "pdftoppm")
    if missing:
        pytest.skip(
            f"未安装 {', '.join(missing)}，无法把工作簿打印为 PDF 检查（apt-get install "
            "libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito）"
        )
    books = {name: _export(name) for name in workbooks.NAMES}
    files = []
    for name, book in books.items():
        book.save(tmp_path / f"{name}.xlsx")
        files.append(tmp_path / f"{name}.xlsx")
    printing.to_pdf(files, tmp_path)

    for name, book in books.items():
        pdf = tmp_path / f"{name}.pdf"
        pages = printing.pdf_pages(pdf)
        printing.keep_pngs(pdf, f"workbooks/{name}")
        assert len(pages) == EXPECTED_PAGES[name], name
        assert all(round(p["width"]) == 842 and round(p["height"]) == 595 for p in pages), name  # A4 landscape
        assert all("序号" in p["text"] for p in pages), name  # heading rows repeated on every page
        for ws in book:
            for part in printing.printed_parts(ws):
                headings = [_heading(ws, c) for c in part]
                assert any(all(h in page["text"] for h in headings) for page in pages), (name, ws.title, headings)


def _heading(ws, column: int) -> str:
    bottom, top = ws.cell(4, column).value, ws.cell(3, column).value
    return "".join(str(bottom or top).split())

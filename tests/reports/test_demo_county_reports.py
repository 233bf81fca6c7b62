"""Workbooks, the status report and the report pages built from the demo county, read back the way a
reader would: the 合计 rows carry the seed report's figures."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import docx
import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from orgs.models import Cadre, Unit
from reports import workbooks
from reports.indicators import figures
from reports.selectors import make_scope
from reports.selectors.status_report import status_report_data
from reports.status_report import compose_status_report
from reports.status_report_docx import build_status_report_docx
from reports.workbooks.layout import FIRST_DATA_ROW
from tests.demo_county import demo_county_loaded

YEAR = 2025  # a fixed "this year", as in tests/orgs/test_demo_county.py
REPORT_DAY = datetime.date(YEAR, 12, 31)


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):
    with demo_county_loaded(django_db_blocker, seed=2026, year=YEAR):
        yield


pytestmark = [pytest.mark.usefixtures("demo_county"), pytest.mark.django_db]


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _scope(username: str = "county", township_id: int | None = None):
    return make_scope(user=_user(username), year=YEAR, township_id=township_id, today=REPORT_DAY)


def _read(workbook) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def _export(name: str, username: str = "county", township_id: int | None = None) -> openpyxl.Workbook:
    workbook, _ = workbooks.export(name, _scope(username, township_id))
    return _read(workbook)


def _totals(ws, row: int | None = None) -> dict[str, object]:
    """合计 row (or ``row``) keyed by '<group>/<header>' (or '<header>' for ungrouped columns)."""
    if row is None:
        row = next(r for r in range(FIRST_DATA_ROW, ws.max_row + 1) if ws.cell(r, 1).value == "合计")
    result, group = {}, None
    for col in range(3, ws.max_column + 1):
        top, bottom = ws.cell(3, col).value, ws.cell(4, col).value
        if top is not None and bottom is not None:
            group = top
        key = f"{group}/{bottom}" if bottom is not None else top
        result[key] = ws.cell(row, col).value
    return result


def _names(ws) -> list[str]:
    names = []
    for row in range(FIRST_DATA_ROW, ws.max_row + 1):
        if ws.cell(row, 1).value == "合计":
            break
        if ws.cell(row, 2).value is not None:  # rows of one township share a merged name cell
            names.append(ws.cell(row, 2).value)
    return names


def _subtotal(ws, label: str) -> dict[str, object]:
    """The 其中 row under 合计 whose category column reads 其中：<label>."""
    row = next(r for r in range(FIRST_DATA_ROW, ws.max_row + 1) if ws.cell(r, 3).value == f"其中：{label}")
    return _totals(ws, row)


def _units_with_two_levels() -> int:
    """Units in force as sites at two levels of one category (counted once in 示范点总数)."""
    from django.db.models import Count

    from demo_sites.models import Designation

    return (
        Designation.objects.in_force(REPORT_DAY)
        .values("unit", "category")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )


def test_org_coverage_total_row_carries_the_seed_figures():
    totals = _totals(_export("org-coverage").active)

    assert totals["乡镇妇联"] == 11
    assert totals["社区妇联/已建社区妇联"] == 66
    assert totals["村级妇女组织/已建妇女组织"] == 600
    assert totals["机关妇委会/已建妇委会"] == 30
    assert totals["团体会员"] == 2
    assert totals["非公企业妇女组织/有党组织的企业"] == 1613
    assert totals["非公企业妇女组织/已建妇女组织"] == 843
    assert totals["非公企业妇女组织/其中往年已建"] == 13
    assert totals["非公企业妇女组织/其中当年新建"] == 830
    assert round(totals["非公企业妇女组织/组建率"], 3) == 0.523
    assert totals["村级妇女组织/组建率"] == 1


def test_org_coverage_rate_is_shown_with_one_decimal():
    ws = _export("org-coverage").active
    row = next(r for r in range(FIRST_DATA_ROW, ws.max_row + 1) if ws.cell(r, 1).value == "合计")
    rates = [ws.cell(row, c) for c in range(3, ws.max_column + 1) if ws.cell(4, c).value == "组建率"]

    assert rates and all(c.number_format == "0.0%" for c in rates if c.value != "—")


def test_cadres_total_row_shows_committees_and_concurrent_posts():
    totals = _totals(_export("cadres").active)

    assert totals["进两委情况/社区数"] == 66
    assert totals["进两委情况/社区妇联主席进社区两委"] == 40
    assert totals["进两委情况/两委无女性的社区"] == 26
    assert totals["乡镇妇联主席兼职/乡镇妇联主席"] == 11
    assert totals["乡镇妇联主席兼职/其中兼职"] == 9
    age_bands = sum(v for k, v in totals.items() if k.startswith("年龄结构/"))
    assert age_bands == totals["妇女干部人数"] == Cadre.objects.count()


def test_demo_sites_total_row_counts_designations_and_awaiting_acceptance():
    ws = _export("demo-sites").active
    totals = _totals(ws)
    womens_home = _subtotal(ws, "“妇女之家”示范点")
    new_organisations = _subtotal(ws, "两新妇女组织示范点")

    assert womens_home["现有示范点（按级别）/市级"] == 3
    assert womens_home["现有示范点（按级别）/县级"] == 16
    assert new_organisations["现有示范点（按级别）/县级"] == 5
    assert womens_home["本年度申报/待验收"] == 15
    assert totals["本年度申报/待验收"] == 15
    assert totals["现有示范点总数"] == 24 - _units_with_two_levels()
    assert _names(ws)[:2] == ["萧江镇", "水头镇"]  # one merged name per township over its categories


def test_training_sheet_counts_chairs_trained_and_activities():
    workbook = _export("training")
    totals = _totals(workbook["培训与活动情况"])

    assert totals["主席（主任）参训/现任主席（主任）"] >= totals["主席（主任）参训/当年已参训"] > 0
    assert totals["活动/场次"] >= 50
    assert workbook.sheetnames == ["培训与活动情况", "培训对象"]


def test_term_election_sheet_counts_overdue_organisations():
    totals = _totals(_export("term-elections").active)

    assert totals["未完成换届/逾期未换届"] >= 11  # one village per township at least
    assert (
        totals["应换届组织数"]
        == totals["已完成换届/已换届"] + totals["未完成换届/年内到期尚未换届"] + totals["未完成换届/逾期未换届"]
    )


def test_summary_workbook_holds_every_sheet_with_the_same_totals():
    summary = _export("summary")

    assert summary.sheetnames == [
        "基层妇女组织建设情况",
        "示范点创建情况",
        "妇女干部队伍情况",
        "培训与活动情况",
        "培训对象",
        "换届情况",
        "执委履职情况",
        "经费使用情况",
        "主要指标同比",
        "指标口径说明",
    ]
    assert _totals(summary["基层妇女组织建设情况"]) == _totals(_export("org-coverage").active)
    assert _totals(summary["妇女干部队伍情况"]) == _totals(_export("cadres").active)


def test_funds_sheet_shows_the_countys_budget_and_last_years_subsidies():
    """县妇联工作经费每年33万元, and last year's 妇女之家 subsidies of 82,600 元 (8万多元), paid by the county."""
    workbook, _ = workbooks.export("summary", make_scope(user=_user("county"), year=YEAR - 1, today=REPORT_DAY))
    ws = _read(workbook)["经费使用情况"]
    county_row = next(r for r in range(FIRST_DATA_ROW, ws.max_row + 1) if ws.cell(r, 2).value == "县妇联")
    county, totals = _totals(ws, county_row), _totals(ws)

    assert county["工作经费预算"] == 330000
    assert county["经费支出/示范点补助"] == totals["经费支出/示范点补助"] == 82600
    assert county["经费支出/合计"] < 330000 and 0 < county["执行率"] < 1
    assert _names(ws)[:2] == ["萧江镇", "水头镇"]


def test_township_users_workbook_holds_only_her_township():
    xiaojiang = Unit.objects.get(name="萧江镇")
    others = set(Unit.objects.filter(kind=Unit.Kind.TOWNSHIP).exclude(pk=xiaojiang.pk).values_list("name", flat=True))
    summary = _export("summary", "town01", township_id=None)

    for ws in summary.worksheets:
        if ws.title in ("培训对象", "主要指标同比", "指标口径说明"):
            continue
        assert _names(ws) == ["萧江镇"], ws.title
        texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
        assert not texts & others
    assert "填报单位（盖章）：萧江镇妇联" in [c.value for c in summary.active[2]]
    assert _totals(summary["基层妇女组织建设情况"])["村级妇女组织/行政村数"] == 55


def test_township_user_asking_for_another_township_still_gets_her_own():
    shuitou = Unit.objects.get(name="水头镇")
    ws = _export("org-coverage", "town01", township_id=shuitou.pk).active

    assert _names(ws) == ["萧江镇"]


def test_county_reader_can_narrow_to_one_township():
    shuitou = Unit.objects.get(name="水头镇")
    ws = _export("cadres", "leader", township_id=shuitou.pk).active

    assert _names(ws) == ["水头镇"]


def test_no_id_number_appears_in_any_workbook():
    sample = [c.id_number for c in Cadre.objects.order_by("pk")[:30]]
    masked = set(Cadre.objects.values_list("id_number_masked", flat=True)[:30])
    for name in workbooks.NAMES:
        workbook, _ = workbooks.export(name, _scope())
        buffer = io.BytesIO()
        workbook.save(buffer)
        with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
            xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))
        assert "身份证" not in xml, name
        assert not re.search(r"(?<![\d.])\d{17}[\dXx]", xml), name  # a rate such as 0.0080599… is no number
        assert not any(number in xml for number in sample), name
        assert not any(m in xml for m in masked), name


def test_status_report_writes_the_seed_sentences_with_computed_figures():
    scope = _scope()
    report = compose_status_report(
        data=status_report_data(scope, figures.for_scope(scope)), meta=workbooks.report_meta(scope)
    )
    text = report.text

    assert "全县共有乡镇妇联11个，社区妇联66个，村级妇女组织600个，实现了乡镇、社区、村级妇联组织全覆盖" in text
    assert "共有妇联团体会员2个" in text and "已建妇委会30个" in text
    assert (
        "共有成立独立党支部或者联合支部的非公企业1613家，往年已成立妇女组织的有13家，今年新成立的有830家，"
        "非公企业妇女组织组建率已达52.3%" in text
    )
    assert "现有市级“妇女之家”示范点3个，县级“妇女之家”示范点16个，县级两新妇女组织示范点5个" in text
    assert "有15个县级“妇女之家”示范点申报单位计划年底前验收" in text
    assert "清源县妇联先后组织开展了县科局级妇女干部素质提升班" in text
    assert re.search(r"通过“巾帼文化大舞台”这一平台，组织开展各类活动[5-9]0多场次", text)
    assert "在全县66个城乡社区中，仅40个社区妇联主席是社区两委班子成员" in text
    assert "有26个社区两委班子成员中未配有女干部" in text
    assert "全县11名乡镇妇联主席中有9名兼职" in text
    assert re.search(r"有9名兼职从事[^、，。]+、[^、，。]+、[^、，。]+等工作", text), re.findall(
        r"有9名兼职[^。]*", text
    )
    assert "后备干部" in text and "不足村（社区）妇女组织数的五分之一" in text
    assert "逾期未换届" in text
    assert "全县尚有15个示范点申报待验收" in text
    assert "县妇联工作经费每年33万元" in text
    assert "上年下发“妇女之家”示范点创建补助资金8.26万元" in text
    assert re.search(r"上年支出[\d.]+万元（示范点补助8\.26万元、培训[^）]+），执行率\d+\.\d%", text), re.findall(
        r"上年支出[^。；]*", text
    )
    assert "组建率已达%" not in text  # the blank the seed left is filled


def test_status_report_for_a_township_speaks_of_that_township():
    scope = _scope("town01")
    text = compose_status_report(
        data=status_report_data(scope, figures.for_scope(scope)), meta=workbooks.report_meta(scope)
    ).text

    assert "萧江镇共有社区妇联6个，村级妇女组织55个" in text
    assert "全县" not in text and "水头镇" not in text


def test_status_report_docx_holds_the_same_paragraphs():
    scope = _scope()
    report = compose_status_report(
        data=status_report_data(scope, figures.for_scope(scope)), meta=workbooks.report_meta(scope)
    )
    document = docx.Document(io.BytesIO(build_status_report_docx(report)))
    text = "\n".join(p.text for p in document.paragraphs)

    assert document.paragraphs[0].text.replace("\n", "") == report.title  # on two lines, broken after the year
    assert "组建率已达52.3%" in text
    assert "二、存在的主要问题" in text


def _compose(username: str = "county"):
    scope = _scope(username)
    return compose_status_report(
        data=status_report_data(scope, figures.for_scope(scope)), meta=workbooks.report_meta(scope)
    )


def test_status_report_tells_the_on_site_meeting_from_its_record():
    text = _compose().text

    assert "9月25日，在萧江镇召开县妇联基层组织建设工作现场推进会" in text
    assert "组织11个乡镇、66个社区" in text and "的妇女干部共91人参加会议" in text
    assert "并选取萧江镇桃源社区、沿河社区和立天控股集团三个基层妇女组织建设实例现场观摩（均为县级示范点）" in text


def test_status_report_answers_each_problem_with_a_proposal():
    report = _compose()
    problems = dict(report.sections)["二、存在的主要问题"]
    proposals = [p for p in dict(report.sections)["三、下步工作打算"] if p.lead]

    assert len(problems) == len(proposals) >= 4
    communities = next(i for i, p in enumerate(problems) if "有26个社区两委班子成员中未配有女干部" in p)
    assert "推动在社区换届中配强女性委员" in proposals[communities]
    chairs = next(i for i, p in enumerate(problems) if "全县11名乡镇妇联主席中有9名兼职" in p)
    assert "9名兼职的乡镇妇联主席" in proposals[chairs]


def test_township_status_report_reads_naturally():
    text = _compose("town01").text

    assert "萧江镇妇联主席兼职从事" in text
    assert "1名乡镇妇联主席中有1名兼职" not in text
    assert "现场推进会" not in text  # the county's meeting is the county's to report


def _pdf_pages(pdf: bytes) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _expected_pages(report) -> int:
    """Pages the text needs at 22 lines of 28 characters (digits half a character wide)."""
    import math
    import unicodedata

    def lines(text: str) -> int:
        width = 2 + sum(1 if unicodedata.east_asian_width(c) in ("W", "F") else 0.5 for c in text)
        return math.ceil(width / 28)

    body = [p.text for p in report.opening] + [report.closing]
    for heading, paragraphs in report.sections:
        body += [heading, *(p.text for p in paragraphs)]
    total = 3 + 1 + sum(lines(t) for t in body) + 4  # title on two lines of 2号, a blank line; 落款
    return math.ceil(total / 22)


def test_status_report_prints_on_a4_through_libreoffice(tmp_path):
    import pathlib
    import shutil
    import subprocess

    if shutil.which("soffice") is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: the .docx is not converted to PDF and its pages not counted"
        )
    report = _compose()
    source = tmp_path / "status_report.docx"
    source.write_bytes(build_status_report_docx(report))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = (tmp_path / "status_report.pdf").read_bytes()

    pages = _pdf_pages(pdf)
    assert _expected_pages(report) <= pages <= _expected_pages(report) + 1
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert boxes and all((round(float(w)), round(float(h))) == (595, 842) for w, h in boxes)  # A4 in points
    if shutil.which("pdftoppm"):  # review artefacts: the pages as a reader sees them (var/ is git-ignored)
        review = pathlib.Path(__file__).resolve().parents[2] / "var" / "review" / "status_report"
        review.mkdir(parents=True, exist_ok=True)
        (review / "status_report.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(tmp_path / "status_report.pdf"), str(review / "page")],
            check=True,
            timeout=120,
        )


def test_download_page_streams_the_township_users_workbook(client):
    client.force_login(_user("town01"))

    response = client.get("/reports/download/org-coverage/", {"year": YEAR})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert _names(ws) == ["萧江镇"]


def test_leader_downloads_the_status_report_as_word(client):
    client.force_login(_user("leader"))

    response = client.get("/reports/status-report/", {"year": YEAR, "format": "docx"})

    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "1613家" in text


def test_export_report_command_writes_each_summary(tmp_path):
    for name in workbooks.NAMES:
        path = tmp_path / f"{name}.xlsx"
        call_command("export_report", name, "--year", str(YEAR), "-o", str(path), stdout=io.StringIO())
        workbook = openpyxl.load_workbook(path)
        assert workbook.active["A1"].value.startswith(f"{YEAR}年"), name


def test_export_report_command_narrows_to_a_township(tmp_path):
    xiaojiang = Unit.objects.get(name="萧江镇")
    path = tmp_path / "x.xlsx"

    call_command(
        "export_report",
        "org-coverage",
        "--year",
        str(YEAR),
        "--township",
        str(xiaojiang.pk),
        "-o",
        str(path),
        stdout=io.StringIO(),
    )

    assert _names(openpyxl.load_workbook(path).active) == ["萧江镇"]

"""The 执委履职 indicators: counted per township, the same in the catalogue's figures and the workbook sheet."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest

from duties.models import DutyScoreEntry, ExecutiveDutyRecord
from reports.indicators import figures
from reports.indicators.measures import Period, Townships
from reports.indicators.measures.duties import duties as duties_measure
from reports.selectors import make_scope
from reports.workbooks import build_duties_workbook, report_meta
from reports.workbooks.layout import FIRST_DATA_ROW
from tests.duties.conftest import YEAR, item, make_executives

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_records(scheme, township1, township2):
    """萧江镇: 4 执委, 3 with records (women 10, 12, 20; points 60+10=70, 60+3=63, 60−10=50) and one record of
    a 执委 who left this year (women 5, points 60); 水头镇: 2 执委, none filled in."""
    xiaojiang = make_executives(township1, 4, "桃源村")
    make_executives(township2, 2, "沿溪村")
    for cadre, women, entries in (
        (xiaojiang[0], 10, {"组织": 2}),
        (xiaojiang[1], 12, {"参加": 1}),
        (xiaojiang[2], 20, {"无故": 1}),
    ):
        record = ExecutiveDutyRecord.objects.create(cadre=cadre, year=YEAR, women_in_touch=women)
        for name, times in entries.items():
            DutyScoreEntry.objects.create(record=record, item=item(scheme, name), times=times)
    left = make_executives(township1, 1, "沿河村")[0]
    ExecutiveDutyRecord.objects.create(cadre=left, year=YEAR, women_in_touch=5)
    left.posts.update(ended_on=datetime.date(YEAR, 1, 31))
    ExecutiveDutyRecord.objects.create(cadre=xiaojiang[3], year=YEAR - 1, women_in_touch=99)  # last year's
    return township1, township2


def test_measure_counts_per_township(county_records):
    township1, township2 = county_records
    today = datetime.date.today()
    found = duties_measure(Period(YEAR, min(today, datetime.date(YEAR, 12, 31))), Townships())
    assert found[township1.pk] == {
        "duty_executives": 4,
        "duty_reported": 3,
        "duty_records": 4,
        "duty_women_in_touch": 47,
        "duty_points_total": 70 + 63 + 50 + 60,
    }
    assert found[township2.pk] == {"duty_executives": 2, "duty_reported": 0}


def test_catalogue_figures_rates_and_average(county_records, county_staff, town01):
    township1, _ = county_records
    county = figures.for_scope(make_scope(user=county_staff, year=YEAR))
    assert county.value("duty_executives") == 6
    assert county.value("duty_reported") == 3
    assert county.value("duty_reported_rate") == pytest.approx(0.5)
    assert county.value("duty_women_in_touch") == 47
    assert county.value("duty_points_average") == round(243 / 4, 1)

    own = figures.for_scope(make_scope(user=town01, year=YEAR))
    assert [row.township_id for row in own.rows] == [township1.pk]
    assert own.value("duty_reported_rate") == pytest.approx(0.75)


def test_figures_follow_a_new_record(county_records, county_staff, township2):
    scope = make_scope(user=county_staff, year=YEAR)
    assert figures.for_scope(scope).value("duty_reported") == 3
    cadre = (
        township2.pk
        and ExecutiveDutyRecord.objects.model.cadre.field.related_model.objects.filter(township=township2).first()
    )
    ExecutiveDutyRecord.objects.create(cadre=cadre, year=YEAR, women_in_touch=30)
    table = figures.for_scope(scope)
    assert table.value("duty_reported") == 4
    assert table.value("duty_women_in_touch") == 77


def _read(workbook) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def test_workbook_sheet_reads_back_the_figures(county_records, county_staff):
    scope = make_scope(user=county_staff, year=YEAR)
    table = figures.for_scope(scope)
    ws = _read(build_duties_workbook(table=table, meta=report_meta(scope, table))).active

    assert ws.title == "执委履职情况"
    assert ws["A1"].value == f"{YEAR}年执委履职情况统计表"
    headers = [ws.cell(4, c).value or ws.cell(3, c).value for c in range(1, ws.max_column + 1)]
    assert headers[:2] == ["序号", "乡镇（街道）"]
    assert headers[2:] == ["执委人数", "已填报", "填报率", "联系妇女总数", "履职记录数", "积分合计", "平均积分"]
    rows = {
        ws.cell(r, 2).value: [ws.cell(r, c).value for c in range(3, 10)]
        for r in range(FIRST_DATA_ROW, ws.max_row + 1)
        if ws.cell(r, 2).value in ("萧江镇", "水头镇")
    }
    assert rows["萧江镇"][:2] == [4, 3] and rows["萧江镇"][3:6] == [47, 4, 243]
    assert rows["萧江镇"][2] == pytest.approx(0.75) and rows["萧江镇"][6] == pytest.approx(60.8)
    assert rows["水头镇"][:2] == [2, 0]
    total = next(r for r in range(FIRST_DATA_ROW, ws.max_row + 1) if ws.cell(r, 1).value == "合计")
    assert [ws.cell(total, c).value for c in (3, 4, 6)] == [6, 3, 47]
    assert ws.cell(total, 5).value == pytest.approx(0.5)

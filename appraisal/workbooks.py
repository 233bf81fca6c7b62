"""考核情况表: the year's ranking as the federation's statistical tables (``reports.workbooks.layout``).

Per category, a 汇总 sheet (each unit's score per heading, total and rank, highest first) and a 明细 sheet (its
score per item, the items grouped under their headings). Pure: ``build_appraisal_workbook`` takes the
rankings (``selectors.ranking(with_items=True)``) and the meta, so a test builds and reads one without HTTP."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils import timezone
from openpyxl import Workbook

from appraisal.models import points_text
from appraisal.selectors import Ranking
from orgs.models import Unit
from reports.workbooks import return_block
from reports.workbooks.layout import Column, ReportMeta, write_table

SCORE = "hours"  # a plain number with one decimal


def workbook_meta(*, year: int, today: datetime.date | None = None) -> ReportMeta:
    county = Unit.objects.filter(kind=Unit.Kind.COUNTY).values_list("name", flat=True).first() or "县"
    return ReportMeta(
        year=year,
        reporting_unit=f"{county}妇联",
        report_date=today or timezone.localdate(),
        return_block=return_block(),
    )


def _points(value) -> str:
    return points_text(value)


def _score_or_dash(score):
    return "—" if score is None else score


def _name_header(ranking: Ranking) -> str:
    return "乡镇（街道）" if ranking.task_list.category.assessee == Unit.Kind.TOWNSHIP else "单位名称"


def _sheet_name(ranking: Ranking, part: str) -> str:
    return f"{ranking.task_list.category.name}{part}"[:31]


def write_summary_sheet(workbook: Workbook, ranking: Ranking, *, meta: ReportMeta, first: bool) -> None:
    ws = workbook.active if first else workbook.create_sheet()
    ws.title = _sheet_name(ranking, "考核汇总")
    columns = [
        Column(f"h{index}", f"{heading}（{_points(points)}分）", group="分项得分", kind=SCORE, unit="分")
        for index, (heading, points) in enumerate(ranking.headings)
    ]
    columns += [
        Column("total", f"总分（满分{_points(ranking.full_marks)}分）", kind=SCORE, unit="分"),
        Column("rank", "名次"),
    ]
    rows = [
        {
            "name": row.name,
            **{f"h{i}": row.by_heading.get(heading, 0) for i, (heading, _) in enumerate(ranking.headings)},
            "total": row.total,
            "rank": row.rank,
        }
        for row in ranking.rows
    ]
    write_table(
        ws,
        title=f"{meta.year}年度{ranking.task_list.category.name}妇女工作考核情况表",
        meta=meta,
        columns=columns,
        rows=rows,
        name_header=_name_header(ranking),
        notes=(
            f"依据《{ranking.task_list.title}》，按总分从高到低排列，总分相同的名次并列。",
            "只计已评分的任务；待报送、已报送待评分、退回补充的任务暂不计分。",
        ),
        total_rows=[],  # scores of different units are not added up
    )


def write_detail_sheet(workbook: Workbook, ranking: Ranking, *, meta: ReportMeta) -> None:
    ws = workbook.create_sheet()
    ws.title = _sheet_name(ranking, "评分明细")
    columns = [
        Column(
            f"i{item.pk}",
            f"{item.order}.{item.name}（{_points(item.points)}分）",
            group=item.heading,
            kind=SCORE,
            unit="分",
        )
        for item in ranking.items
    ]
    columns.append(Column("total", "总分", kind=SCORE, unit="分"))
    rows = [
        {
            "name": row.name,
            **{f"i{item.pk}": _score_or_dash(row.by_item.get(item.pk)) for item in ranking.items},
            "total": row.total,
        }
        for row in ranking.rows
    ]
    write_table(
        ws,
        title=f"{meta.year}年度{ranking.task_list.category.name}妇女工作考核评分明细表",
        meta=meta,
        columns=columns,
        rows=rows,
        name_header=_name_header(ranking),
        notes=("“—”表示该项尚未评分。",),
        total_rows=[],
    )


def build_appraisal_workbook(*, rankings: Sequence[Ranking], meta: ReportMeta) -> Workbook:
    workbook = Workbook()
    if not rankings:
        workbook.active.title = "考核情况"
        workbook.active["A1"] = f"{meta.year}年度尚未发布工作任务。"
    for index, ranking in enumerate(rankings):
        write_summary_sheet(workbook, ranking, meta=meta, first=index == 0)
        write_detail_sheet(workbook, ranking, meta=meta)
    workbook.properties.title = f"{meta.year}年度妇女工作考核情况表"
    workbook.properties.creator = meta.reporting_unit
    return workbook

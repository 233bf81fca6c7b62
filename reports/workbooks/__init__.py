"""Excel summaries: the registry of summaries, the pure builders, and ``export`` (selectors + builder)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from openpyxl import Workbook

from reports import selectors
from reports.selectors.scope import ReportScope
from reports.workbooks import summaries
from reports.workbooks.layout import ReportMeta
from reports.workbooks.summaries import (
    build_cadres_workbook,
    build_demo_sites_workbook,
    build_org_coverage_workbook,
    build_term_elections_workbook,
    build_training_workbook,
)


@dataclass(frozen=True)
class Summary:
    """One downloadable summary: its name (URLs, the export_report command), its label, the selector
    that reads its rows for a scope, its builder, and the sheets it contributes to the 汇总表."""

    name: str
    label: str
    rows: Callable[[ReportScope], object]
    build: Callable[..., Workbook]
    sheets: Callable[[object], list[tuple[summaries.SheetSpec, list]]]


def _training_rows(scope: ReportScope) -> dict:
    return {"townships": selectors.training_rows(scope), "audiences": selectors.training_audience_rows(scope)}


SUMMARIES: dict[str, Summary] = {
    s.name: s
    for s in (
        Summary("org-coverage", "基层妇女组织建设情况统计表", selectors.org_coverage_rows, build_org_coverage_workbook,
                lambda rows: [(summaries.ORG_COVERAGE, rows)]),
        Summary("demo-sites", "示范点创建情况统计表", selectors.demo_site_rows, build_demo_sites_workbook,
                lambda rows: [(summaries.DEMO_SITES, rows)]),
        Summary("cadres", "妇女干部队伍情况统计表", selectors.cadre_rows, build_cadres_workbook,
                lambda rows: [(summaries.CADRES, rows)]),
        Summary("training", "培训与活动情况统计表", _training_rows, build_training_workbook,
                lambda rows: [(summaries.TRAINING, rows["townships"]), (summaries.TRAINING_AUDIENCES, rows["audiences"])]),
        Summary("term-elections", "换届情况统计表", selectors.term_election_rows, build_term_elections_workbook,
                lambda rows: [(summaries.TERM_ELECTIONS, rows)]),
    )
}
NAMES = ("summary", *SUMMARIES)


def build_summary_workbook(*, rows: Mapping[str, object], meta: ReportMeta) -> Workbook:
    """Every summary's sheets in one workbook, in the usual order. ``rows`` maps summary name -> its rows."""
    workbook = Workbook()
    first = True
    for name, summary in SUMMARIES.items():
        if name not in rows:
            continue
        for spec, sheet_rows in summary.sheets(rows[name]):
            summaries.write_sheet(workbook, spec, rows=sheet_rows, meta=meta, first=first)
            first = False
    workbook.properties.title = f"{meta.year}年基层妇女组织建设情况汇总表"
    workbook.properties.creator = meta.reporting_unit
    return workbook


def report_meta(scope: ReportScope) -> ReportMeta:
    unit, area = selectors.reporting_unit(scope, selectors.townships(scope))
    return ReportMeta(
        year=scope.year, reporting_unit=unit, report_date=scope.today, area=area, whole_county=scope.whole_county
    )


def export(name: str, scope: ReportScope) -> tuple[Workbook, str]:
    """The workbook ``name`` (one of NAMES) for ``scope``, and its download file name."""
    meta = report_meta(scope)
    if name == "summary":
        workbook = build_summary_workbook(rows={n: s.rows(scope) for n, s in SUMMARIES.items()}, meta=meta)
        label = "基层妇女组织建设情况汇总表"
    else:
        summary = SUMMARIES[name]
        workbook = summary.build(rows=summary.rows(scope), meta=meta)
        label = summary.label
    prefix = "" if scope.whole_county else meta.area
    return workbook, f"{prefix}{scope.year}年{label}.xlsx"


__all__ = [
    "NAMES",
    "SUMMARIES",
    "ReportMeta",
    "build_cadres_workbook",
    "build_demo_sites_workbook",
    "build_org_coverage_workbook",
    "build_summary_workbook",
    "build_term_elections_workbook",
    "build_training_workbook",
    "export",
    "report_meta",
]

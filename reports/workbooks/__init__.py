"""Excel summaries: the registry of summaries, the pure builders, and ``export`` (figures + builder)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from openpyxl import Workbook

from reports import selectors
from reports.indicators import figures
from reports.indicators.figures import FigureTable
from reports.selectors.scope import ReportScope
from reports.workbooks import summaries
from reports.workbooks.funds import write_funds_sheet
from reports.workbooks.layout import ReportMeta, ReturnBlock
from reports.workbooks.summaries import (
    build_cadres_workbook,
    build_demo_sites_workbook,
    build_duties_workbook,
    build_org_coverage_workbook,
    build_term_elections_workbook,
    build_training_workbook,
)


@dataclass(frozen=True)
class Summary:
    """One downloadable summary: its name (URLs, the export_report command), its label, its builder."""

    name: str
    label: str
    build: Callable[..., Workbook]


SUMMARIES: dict[str, Summary] = {
    s.name: s
    for s in (
        Summary("org-coverage", "基层妇女组织建设情况统计表", build_org_coverage_workbook),
        Summary("demo-sites", "示范点创建情况统计表", build_demo_sites_workbook),
        Summary("cadres", "妇女干部队伍情况统计表", build_cadres_workbook),
        Summary("training", "培训与活动情况统计表", build_training_workbook),
        Summary("term-elections", "换届情况统计表", build_term_elections_workbook),
        Summary("duties", "执委履职情况统计表", build_duties_workbook),
    )
}
NAMES = ("summary", *SUMMARIES)


def build_summary_workbook(*, table: FigureTable, previous: FigureTable | None, meta: ReportMeta) -> Workbook:
    """Every summary sheet in one workbook, 经费使用情况, then 主要指标同比 and 指标口径说明."""
    workbook = Workbook()
    for index, spec in enumerate(summaries.SUMMARY_SPECS):
        summaries.write_sheet(workbook, spec, table=table, meta=meta, first=index == 0)
        if spec is summaries.TRAINING:
            summaries.write_audience_sheet(workbook, table=table, meta=meta)
    write_funds_sheet(workbook, table=table, meta=meta)
    summaries.write_year_on_year_sheet(workbook, table=table, previous=previous, meta=meta)
    summaries.write_definitions_sheet(workbook, meta=meta)
    workbook.properties.title = f"{meta.year}年基层妇女组织建设情况汇总表"
    workbook.properties.creator = meta.reporting_unit
    return workbook


def report_meta(scope: ReportScope, table: FigureTable | None = None) -> ReportMeta:
    unit, area = selectors.reporting_unit(scope, selectors.townships(scope))
    return ReportMeta(
        year=scope.year,
        reporting_unit=unit,
        report_date=scope.today,
        area=area,
        whole_county=scope.whole_county,
        sealed_version=table.sealed_version if table is not None else None,
        return_block=return_block(),
    )


def return_block() -> ReturnBlock:
    """The 表号 / 制表机关 / 批准文号 block as settings.STATISTICAL_RETURN configures it (empty by default)."""
    configured = getattr(settings, "STATISTICAL_RETURN", None) or {}
    return ReturnBlock(
        authority=configured.get("制表机关", ""),
        approval=configured.get("批准文号", ""),
        valid_until=configured.get("有效期至", ""),
        form_numbers=tuple(sorted((configured.get("表号") or {}).items())),
    )


def previous_year(scope: ReportScope) -> FigureTable:
    """Last year's figures for 同比: as a sealed year stored them when it was sealed; else last year's
    sealed figures, or last year's as they stand (on its 12月31日)."""
    from reports import sealing

    return sealing.sealed_previous_table(scope) or figures.for_scope(scope.for_year(scope.year - 1))


def export(name: str, scope: ReportScope, *, live: bool = False) -> tuple[Workbook, str]:
    """The workbook ``name`` (one of NAMES) for ``scope`` and its download file name. A sealed year's
    workbook holds the sealed figures unless ``live`` is asked for."""
    table = figures.for_scope(scope, live=live)
    meta = report_meta(scope, table)
    if name == "summary":
        workbook = build_summary_workbook(table=table, previous=previous_year(scope), meta=meta)
        label = "基层妇女组织建设情况汇总表"
    else:
        summary = SUMMARIES[name]
        workbook = summary.build(table=table, meta=meta)
        label = summary.label
    prefix = "" if scope.whole_county else meta.area
    suffix = "（定稿）" if table.sealed_version else ""
    return workbook, f"{prefix}{scope.year}年{label}{suffix}.xlsx"


__all__ = [
    "NAMES",
    "SUMMARIES",
    "ReportMeta",
    "build_cadres_workbook",
    "build_demo_sites_workbook",
    "build_duties_workbook",
    "build_org_coverage_workbook",
    "build_summary_workbook",
    "build_term_elections_workbook",
    "build_training_workbook",
    "export",
    "report_meta",
]

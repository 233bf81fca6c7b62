"""经费使用情况: the federations' working budget, their spending by programme and the 执行率, one row per
federation (县妇联 and each township's 妇联) and a 合计 row.

Every value is an indicator of the catalogue (``funds_budget``, ``funds_spent`` by ``funds_programme``,
``funds_rate``), read from a ``FigureTable`` like every other summary sheet (``reports.workbooks.summaries``),
so the sheet, the dashboard's 经费 card and the 情况汇报 state the same figures.
"""

from __future__ import annotations

from openpyxl import Workbook

from reports.indicators.catalogue import dimension_values
from reports.indicators.figures import FigureTable
from reports.workbooks.layout import ReportMeta
from reports.workbooks.summaries import SheetSpec, col, write_sheet

FUNDS = SheetSpec(
    sheet_name="经费使用情况",
    title="{year}年妇联工作经费使用情况统计表",
    name_header="单位",
    county_label="县妇联",
    columns=(
        col("funds_budget", "工作经费预算", width=14),
        *(
            col(f"funds_spent:{value}", label, group="经费支出", width=12)
            for value, label in dimension_values("funds_programme")
        ),
        col("funds_spent", "合计", group="经费支出", width=14),
        col("funds_rate", "执行率"),
    ),
    notes=(
        "注：示范点补助为当年拨付的示范点补助资金（与“示范点创建情况”表的补助金额相同），由县妇联拨付，列在“县妇联”行；"
        "培训、活动、其他为各单位登记的经费支出。执行率＝经费支出合计÷工作经费预算，未登记预算的显示“—”。",
    ),
)


def write_funds_sheet(workbook: Workbook, *, table: FigureTable, meta: ReportMeta):
    """The 经费使用情况 sheet, appended to ``workbook``."""
    return write_sheet(workbook, FUNDS, table=table, meta=meta)


def build_funds_workbook(*, table: FigureTable, meta: ReportMeta) -> Workbook:
    workbook = Workbook()
    write_sheet(workbook, FUNDS, table=table, meta=meta, first=True)
    workbook.properties.title = FUNDS.title.format(year=meta.year)
    workbook.properties.creator = meta.reporting_unit
    return workbook

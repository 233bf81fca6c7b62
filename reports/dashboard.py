"""The headline figures (首页 and 工作概况) and the dashboard's charts, all taken from the indicator catalogue.

Each headline names its indicator (its 口径 is the tooltip) and, where a list behind it exists, links to that
list filtered so that the list's count is ``link_count`` (a test opens every link and counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from demo_sites.models import Application
from reports.indicators.catalogue import BY_CODE, KEY_RATES, RATE, Indicator
from reports.indicators.figures import FigureTable
from reports.selectors.scope import ReportScope


@dataclass(frozen=True)
class Headline:
    code: str
    label: str
    value: str
    note: str
    definition: str
    url: str | None
    link_count: int | None  # how many rows the linked list holds


def _url(name: str, **params) -> str | None:
    try:
        base = reverse(name)
    except NoReverseMatch:
        return None
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{base}?{urlencode(params)}" if params else base


def percent(value: float | None) -> str:
    """52.3% — one decimal, the same on every page, workbook and document."""
    return "—" if value is None else f"{value * 100:.1f}%"


def shown(table: FigureTable, code: str) -> str:
    value = table.value(code)
    if BY_CODE[code].kind == RATE:
        return percent(value)
    return "—" if value is None else f"{value}"


def headlines(table: FigureTable, scope: ReportScope) -> list[Headline]:
    """The figures leadership and township staff look at first, with the lists behind them."""
    v = table.value
    # The admin's 所属乡镇 filter exists for county-wide readers only; township staff are scoped anyway.
    admin_township = scope.township_id if scope.sees_whole_county else None
    township = scope.township_id

    def item(code, note, url=None, link_count=None, label=None):
        indicator = BY_CODE[code]
        return Headline(code, label or indicator.name, shown(table, code), note, indicator.definition, url, link_count)

    party = "own,joint"
    items = [
        item(
            "villages_rate",
            f"{v('villages_established')}/{v('villages')} 个行政村",
            _url(
                "admin:orgs_unit_changelist",
                kind__exact="village",
                has_org="no",
                is_active__exact=1,
                township=admin_township,
            ),
            v("villages") - v("villages_established"),
            label="村级妇女组织组建率",
        ),
        item(
            "communities_rate",
            f"{v('communities_established')}/{v('communities')} 个社区",
            _url(
                "admin:orgs_unit_changelist",
                kind__exact="community",
                has_org="no",
                is_active__exact=1,
                township=admin_township,
            ),
            v("communities") - v("communities_established"),
        ),
        item(
            "enterprises_rate",
            f"{v('enterprises_established')}/{v('enterprises')} 家有党组织的企业",
            _url(
                "admin:orgs_unit_changelist",
                kind__exact="enterprise",
                has_org="no",
                is_active__exact=1,
                party_organisation__in=party,
                township=admin_township,
            ),
            v("enterprises") - v("enterprises_established"),
        ),
        item(
            "new_orgs_rate",
            f"非公企业 {v('enterprises_established')}/{v('enterprises')}，"
            f"社会组织 {v('social_orgs_established')}/{v('social_orgs')}",
            label="两新组织组建率（合计）",
        ),
        item(
            "sites",
            f"个单位，其中市级 {v('sites_city')} 个、县级 {v('sites_county')} 个",
            _url("demo_sites:designation_list", in_force="on", township=township),
            v("sites_province") + v("sites_city") + v("sites_county"),
            label="现有示范点",
        ),
        item(
            "awaiting",
            f"个（{scope.year}年度已提交待验收）",
            _url(
                "demo_sites:application_list", status=Application.Status.SUBMITTED, year=scope.year, township=township
            ),
            v("awaiting"),
            label="待验收申报",
        ),
        item(
            "awaiting_city",
            "个县级示范点已推荐市级，待市妇联审核",
            _url("demo_sites:application_list", status=Application.Status.RECOMMENDED, township=township),
            v("awaiting_city"),
        ),
        item("chairs_trained_rate", f"{v('chairs_trained')}/{v('chairs')} 名主席(主任)当年已参训"),
        item(
            "leadership_rate",
            f"{v('leadership_complete')}/{v('leadership_with_rule')} 个妇女组织班子齐全",
            _url("orgs:leadership_shortfalls", township=township),
            v("leadership_with_rule") - v("leadership_complete"),
        ),
        item(
            "communities_without_woman",
            "个社区两委班子无女性成员",
            _url(
                "admin:orgs_unit_changelist",
                kind__exact="community",
                woman_on_committees__exact=0,
                is_active__exact=1,
                township=admin_township,
            ),
            v("communities_without_woman"),
        ),
        item(
            "elections_overdue",
            "个妇女组织逾期未换届",
            _url("admin:orgs_womenorganisation_changelist", election="overdue", township=admin_township)
            if scope.year == scope.today.year
            else None,
            v("elections_overdue") if scope.year == scope.today.year else None,
        ),
        item(
            "liaison_townships_rate",
            f"{v('liaison_townships_covered')}/{v('liaison_townships')} 个乡镇有联系人；"
            f"示范点及申报单位 {v('liaison_sites_covered')}/{v('liaison_sites')}",
            _url("reports:liaison_coverage", year=scope.year, township=township, list="townships", covered="no"),
            v("liaison_townships") - v("liaison_townships_covered"),
            label="联系点覆盖率",
        ),
    ]
    if scope.whole_county:
        items.insert(3, item("organs_rate", f"{v('organ_committees')}/{v('organs')} 个县直机关事业单位"))
    return items


@dataclass(frozen=True)
class Breakdown:
    indicator: Indicator
    parts: list[tuple[str, str]]  # (label, shown value)


def money(value) -> str:
    """330,000.00 — yuan with thousands separators, as the workbooks show them."""
    return "—" if value is None else f"{value:,.2f}"


@dataclass(frozen=True)
class FundsCard:
    """经费: the budget, the spending by programme and in all, and the 执行率, each with its 口径."""

    budget: tuple[Indicator, str]
    spent: Indicator
    by_programme: list[tuple[str, str]]  # (programme, shown amount)
    spent_total: str
    rate: tuple[Indicator, str]


def funds_card(table: FigureTable) -> FundsCard:
    return FundsCard(
        budget=(BY_CODE["funds_budget"], money(table.value("funds_budget"))),
        spent=BY_CODE["funds_spent"],
        by_programme=[(label, money(amount)) for _, label, amount in table.breakdown("funds_spent")],
        spent_total=money(table.value("funds_spent")),
        rate=(BY_CODE["funds_rate"], percent(table.value("funds_rate"))),
    )


CADRE_FIGURES = (
    "chairs",
    "chairs_full_time",
    "chairs_part_time_share",
    "chairs_average_age",
    "reserves",
    "party_members",
)
STRUCTURES = ("cadres_by_age", "cadres_by_education")


def annual_indicators(table: FigureTable, scope: ReportScope) -> dict:
    """年报主要指标 for the dashboard: the key rates, the chairs and the cadres' structure, the funds, each with
    its 口径."""

    def figure(code: str) -> tuple[Indicator, str]:
        return BY_CODE[code], shown(table, code)

    return {
        "rates": [figure(c) for c in KEY_RATES if scope.whole_county or not BY_CODE[c].county_only],
        "cadres": [figure(c) for c in CADRE_FIGURES],
        "structures": [
            Breakdown(BY_CODE[code], [(label, "—" if n is None else f"{n}") for _, label, n in table.breakdown(code)])
            for code in STRUCTURES
        ],
        "funds": funds_card(table),
    }


def _share(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def charts(table: FigureTable) -> dict:
    rows = table.township_rows
    return {
        "rates": {
            "townships": [r.name for r in rows],
            "series": [
                {"name": "村", "data": [_share(table.value("villages_rate", r)) for r in rows]},
                {"name": "社区", "data": [_share(table.value("communities_rate", r)) for r in rows]},
                {"name": "两新组织", "data": [_share(table.value("new_orgs_rate", r)) for r in rows]},
            ],
        },
        "pipeline": [{"name": label, "value": n} for _, label, n in table.breakdown("applications_by_status")],
        "training": {
            "months": [label for _, label, _ in table.breakdown("trainings_by_month")],
            "trainings": [n for _, _, n in table.breakdown("trainings_by_month")],
            "participants": [n for _, _, n in table.breakdown("participants_by_month")],
            "activities": [n for _, _, n in table.breakdown("activities_by_month")],
        },
    }

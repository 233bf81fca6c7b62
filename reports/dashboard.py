"""The dashboard: headline figures, each linking to the list behind it, and the charts' data.

Everything comes from the summaries' own selectors (so the dashboard and the workbooks never
disagree), one aggregate query per figure family: about a dozen queries whatever the county's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from demo_sites.models import Application
from orgs import scoping
from reports import selectors
from reports.cache import cached_figures
from reports.selectors.scope import ReportScope
from reports.workbooks.layout import rate, sum_rows


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    note: str
    url: str | None


def _url(name: str, **params) -> str | None:
    try:
        base = reverse(name)
    except NoReverseMatch:
        return None
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{base}?{urlencode(params)}" if params else base


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@cached_figures
def dashboard_data(scope: ReportScope) -> dict:
    coverage = selectors.org_coverage_rows(scope)
    demo = selectors.demo_site_rows(scope)
    training = selectors.training_rows(scope)
    elections = selectors.term_election_rows(scope)
    pipeline = selectors.application_pipeline(scope)
    months = selectors.training_by_month(scope)

    org = sum_rows(coverage)
    dem = sum_rows(demo)
    trn = sum_rows(training)
    ele = sum_rows(elections)
    # The admin's 所属乡镇 filter exists for county-wide readers only; township staff are scoped anyway.
    admin_township = scope.township_id if scope.user is None or scoping.sees_whole_county(scope.user) else None
    township = scope.township_id

    headlines = [
        Headline("基层单位", f"{org['units']}", "个（在册存续）",
                 _url("admin:orgs_unit_changelist", is_active__exact=1, township=admin_township)),
        Headline("妇女组织", f"{org['organisations']}", f"个，其中空挂 {org['nominal']} 个",
                 _url("admin:orgs_womenorganisation_changelist", township=admin_township)),
        Headline("村级组建率", _percent(rate(org["villages_established"], org["villages"])),
                 f"{org['villages_established']}/{org['villages']} 个行政村",
                 _url("admin:orgs_unit_changelist", kind__exact="village", has_org="no", township=admin_township)),
        Headline("社区组建率", _percent(rate(org["communities_established"], org["communities"])),
                 f"{org['communities_established']}/{org['communities']} 个社区",
                 _url("admin:orgs_unit_changelist", kind__exact="community", has_org="no", township=admin_township)),
        Headline("两新组织组建率", _percent(rate(org["enterprises_established"], org["enterprises"])),
                 f"{org['enterprises_established']}/{org['enterprises']} 家有党组织的企业",
                 _url("admin:orgs_unit_changelist", kind__exact="enterprise", has_org="no", township=admin_township)),
        Headline("现有示范点", f"{dem['designated']}", "个（在挂牌）",
                 _url("demo_sites:designation_list", in_force="on", township=township)),
        Headline("待验收申报", f"{dem['awaiting']}", f"个（{scope.year}年度）",
                 _url("demo_sites:application_list", status=Application.Status.SUBMITTED, year=scope.year,
                      township=township)),
        Headline("今年参训妇联主席", f"{trn['chairs_trained']}",
                 f"/{trn['chairs']} 名，参训率 {_percent(rate(trn['chairs_trained'], trn['chairs']))}",
                 _url("training:untrained", year=scope.year, position="chair", township=township)),
        Headline("逾期未换届", f"{ele['overdue']}", "个妇女组织",
                 _url("admin:orgs_womenorganisation_changelist", election="overdue", township=admin_township)),
    ]
    township_rows = [r for r in coverage if r["township_id"] is not None]
    charts = {
        "rates": {
            "townships": [r["name"] for r in township_rows],
            "series": [
                {"name": "村", "data": [_share(r["villages_established"], r["villages"]) for r in township_rows]},
                {"name": "社区", "data": [_share(r["communities_established"], r["communities"]) for r in township_rows]},
                {"name": "两新(企业)", "data": [_share(r["enterprises_established"], r["enterprises"]) for r in township_rows]},
            ],
        },
        "pipeline": [
            {"name": label, "value": pipeline.get(status, 0)} for status, label in Application.Status.choices
        ],
        "training": {
            "months": [f"{m['month']}月" for m in months],
            "trainings": [m["trainings"] for m in months],
            "participants": [m["participants"] for m in months],
            "activities": [m["activities"] for m in months],
        },
    }
    return {"headlines": headlines, "charts": charts}


def _share(numerator: int, denominator: int) -> float | None:
    value = rate(numerator, denominator)
    return None if value is None else round(value * 100, 1)

"""联系点覆盖情况: which townships, villages and communities, 两新组织, 示范点 and applicants have a county
contact person this year, the visits per quarter and the open follow-ups, each count linking to its rows.
Here rather than in ``liaison`` because the 示范点 are ``demo_sites``', which ``liaison`` may not import."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from liaison import selectors as liaison_selectors
from reports.dashboard import percent
from reports.indicators import figures
from reports.selectors.liaison import LISTS, coverage_rows, coverage_units
from reports.views import _invalid, _scope

PAGE_SIZE = 50


def _without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@login_required
@permission_required("liaison.view_contactpoint", raise_exception=True)
def liaison_coverage(request: HttpRequest) -> HttpResponse:
    form, scope = _scope(request)
    if scope is None:
        return _invalid(request, form)
    table = figures.for_scope(scope)
    context = {
        "form": form,
        "year": scope.year,
        "query": _without(request, "list", "covered", "page"),
        "coverage": [(row, percent(row.rate)) for row in coverage_rows(table)],
        "townships": [(row, coverage_rows(table, row)) for row in table.township_rows]
        if len(table.township_rows) > 1
        else [],
        "table": table,
        "quarters": table.breakdown("liaison_visits_by_quarter"),
        "visits": table.value("liaison_visits") or 0,
        "open_follow_ups": table.value("liaison_follow_ups_open") or 0,
        "township_id": scope.township_id or "",
    }
    key = request.GET.get("list", "")
    if key in LISTS:
        covered = {"yes": True, "no": False}.get(request.GET.get("covered", ""))
        page = Paginator(coverage_units(scope, key, covered), PAGE_SIZE).get_page(request.GET.get("page"))
        people = liaison_selectors.contact_people_by_unit(
            user=request.user, unit_ids=[unit.pk for unit in page], year=scope.year
        )
        context |= {
            "list_key": key,
            "list_label": LISTS[key][0],
            "covered": covered,
            "page": page,
            "rows": [(unit, people.get(unit.pk, [])) for unit in page],
            "list_query": _without(request, "page"),
        }
    return render(request, "reports/liaison_coverage.html", context)

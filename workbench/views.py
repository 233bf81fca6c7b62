"""首页: one address, the page of the user's role (township staff, county staff, leadership)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from appraisal.panels import dashboard_panel
from orgs import roles, scoping
from orgs import selectors as orgs_selectors
from reports import views as report_views
from reports import workbooks
from reports.dashboard import headlines
from reports.indicators import figures
from reports.selectors import make_scope
from workbench import badge, progress, todo


def _headline_context(request: HttpRequest) -> dict:
    """The headline figures of this year, as 工作概况 shows them (the same catalogue and partial)."""
    scope = make_scope(user=request.user, year=timezone.localdate().year)
    table = figures.for_scope(scope)
    return {"meta": workbooks.report_meta(scope, table), "headlines": headlines(table, scope), "query": ""}


def _is_leadership(user) -> bool:
    return not user.is_superuser and user.groups.filter(name=roles.LEADER).exists()


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    township_id = scoping.township_id_of(user)
    if township_id is not None:
        today = timezone.localdate()
        todos = todo.township_todos(user=user, today=today)
        badge.remember(request, len(todos), today)
        context = {"todos": todos, "todo_count": len(todos), **_headline_context(request)}
        return render(request, "workbench/township_home.html", context)
    if not scoping.sees_whole_county(user):
        return render(request, "workbench/no_role.html")
    if _is_leadership(user):
        return dashboard(request)  # leadership's home is the dashboard, as it always was
    context = {
        "progress": progress.county_progress(user=user),
        "pending_transfers": orgs_selectors.pending_transfer_count(user=user),
        **_headline_context(request),
    }
    return render(request, "workbench/county_home.html", context)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """工作概况 with the panels of the apps above reports (考核排名), which reports may not import: served here
    at the dashboard's own address (fulian/urls.py)."""
    panels = [panel for panel in (dashboard_panel(user=request.user),) if panel is not None]
    return report_views.dashboard(request, extra_panels=panels)

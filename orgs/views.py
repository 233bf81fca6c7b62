"""Portal pages of the orgs app: the list of organisations whose 班子 falls short of the county's 会改联
requirements. (首页 shows the reports' headline figures and is wired in fulian/urls.py.)"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from orgs import selectors
from orgs.forms import TownshipFilterForm
from orgs.models import LeadershipRule


@login_required
def leadership_shortfalls(request):
    """班子配备不齐的妇女组织, scoped to the user, optionally of one township (?township=<id>)."""
    if not request.user.has_perm("orgs.view_womenorganisation"):
        raise PermissionDenied
    form = TownshipFilterForm(request.GET or None, user=request.user)
    context = {"form": form, "on": timezone.localdate(), "local_note": LeadershipRule.LOCAL_NOTE}
    if form.is_bound and not form.is_valid():
        return render(request, "orgs/leadership_shortfalls.html", context, status=400)
    organisations = selectors.leadership_organisations(user=request.user, township_id=form.township_id)
    context["page"] = selectors.leadership_shortfall_page(organisations, context["on"], page=request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context["query"] = params.urlencode()
    return render(request, "orgs/leadership_shortfalls.html", context)

"""Portal pages of the orgs app: the home page, which later apps' pages link from."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from orgs import selectors


@login_required
def home(request):
    return render(request, "orgs/home.html", {"overview": selectors.organisation_overview(user=request.user)})

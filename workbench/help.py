"""帮助: the 使用说明 of the signed-in user's role (workbench.guide), and the three guides to anybody.

The guides hold no personal data and their screenshots are of the demo county only, so they are readable
without signing in: a new user finds them from the login page.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from workbench import guide


def _page(request: HttpRequest, shown: guide.Guide) -> HttpResponse:
    context = {"guide": shown, "rendered": guide.render(shown), "guides": guide.GUIDES}
    return render(request, "workbench/help.html", context)


@require_GET
def help_index(request: HttpRequest) -> HttpResponse:
    """The guide of the user's role; the list of guides for anybody else."""
    own = guide.guide_of(request.user)
    if own is not None:
        return _page(request, own)
    return render(request, "workbench/help_index.html", {"guides": guide.GUIDES})


@require_GET
def help_role(request: HttpRequest, role: str) -> HttpResponse:
    shown = guide.BY_ROLE.get(role)
    if shown is None:
        raise Http404("没有该使用说明")
    return _page(request, shown)

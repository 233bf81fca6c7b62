"""The 消息 pages: the inbox, opening a message (marks it read, goes to where it is dealt with) and 全部标为已读.

Opening and marking are POSTs: a GET never changes anything (a link prefetcher or a mail scanner following
a link must not mark a message read). Another inbox's message is not found (``get_scoped_or_404``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from notices import selectors, services
from orgs import scoping

PAGE_SIZE = 20


def _require_inbox(request: HttpRequest) -> None:
    if not selectors.has_inbox(request.user):
        raise PermissionDenied("您的账号没有消息。")


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    _require_inbox(request)
    page = Paginator(selectors.inbox_with_read_state(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    county = scoping.sees_whole_county(request.user)
    return render(request, "notices/inbox.html", {"page": page, "county_inbox": county})


@login_required
@require_POST
def message_open(request: HttpRequest, pk: int) -> HttpResponse:
    _require_inbox(request)
    message = scoping.get_scoped_or_404(selectors.inbox(request.user), request.user, pk=pk)
    link = services.message_open(message=message, by=request.user)
    return redirect(link or "notices:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    _require_inbox(request)
    count = services.messages_mark_all_read(by=request.user)
    messages.success(request, f"已将 {count} 条消息标为已读。" if count else "没有未读消息。")
    return redirect("notices:inbox")

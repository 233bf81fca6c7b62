"""Portal pages of the orgs app: the list of organisations whose 班子 falls short of the county's 会改联
requirements, and 调动申请 (a township asks for a woman registered elsewhere; county staff decide)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from orgs import scoping, selectors, transfers
from orgs.forms import TownshipFilterForm, TransferDecisionForm, TransferRequestForm
from orgs.models import LeadershipRule, TransferRequest


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


@login_required
def transfer_list(request):
    """调动申请: a township's own requests; for county-wide users every township's, pending first."""
    if not request.user.has_perm("orgs.view_transferrequest"):
        raise PermissionDenied
    status = request.GET.get("status") or None
    requests = selectors.transfer_requests(user=request.user, status=status)
    context = {
        "page": Paginator(requests, 50).get_page(request.GET.get("page")),
        "status": status,
        "statuses": TransferRequest.Status.choices,
        "may_request": _may_request(request.user),
        "county_view": scoping.sees_whole_county(request.user),
    }
    return render(request, "orgs/transfer_list.html", context)


def _may_request(user) -> bool:
    return user.has_perm("orgs.add_transferrequest") and scoping.township_id_of(user) is not None


@login_required
def transfer_create(request):
    """A township staff member asks for a woman registered in another township."""
    if not _may_request(request.user):
        raise PermissionDenied
    form = TransferRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = transfers.request_transfer(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "调动申请已提交。县妇联同意后，此人的信息和培训记录将转入本乡镇。")
            return redirect("orgs:transfer_detail", pk=transfer.pk)
    return render(request, "orgs/transfer_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def transfer_detail(request, pk: int):
    """One 调动申请; county staff decide it here (POST)."""
    transfer = selectors.transfer_request_detail(user=request.user, pk=pk)
    may_decide = transfers.may_decide_transfers(request.user)
    form = TransferDecisionForm(request.POST or None)
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        if form.is_valid():
            try:
                transfers.decide_transfer(
                    transfer=transfer,
                    by=request.user,
                    approve=form.cleaned_data["decision"],
                    note=form.cleaned_data["decision_note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "已审批该调动申请。")
                return redirect("orgs:transfer_detail", pk=transfer.pk)
    context = {
        "transfer": transfer,
        "form": form,
        "may_decide": may_decide and transfer.is_pending,
        "county_view": scoping.sees_whole_county(request.user),
    }
    return render(request, "orgs/transfer_detail.html", context, status=400 if form.errors else 200)

"""What a partner agency's representative sees of cases heard at MARAC: only while their agency needs to know.

Cases are found through safeplan.marac.selectors.access; the case's own pages stay closed to
partners. The agenda opens only after the representative acknowledges the meeting's
confidentiality statement, and every view of a case is audited.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.marac.permissions import is_representative
from safeplan.marac.selectors import access
from safeplan.marac.selectors import referrals as referral_selectors
from safeplan.marac.services import meetings as services

PAGE_SIZE = 25


@require_safe
@login_required
def shared_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_representative(request.user):
        raise Http404
    page = Paginator(access.partner_items(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "marac/shared_list.html", {"page": page})


@require_safe
@login_required
def shared_case(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = access.item_for(request.user, item_id)
    if is_representative(request.user) and not access.acknowledged(request.user, item.meeting):
        return render(request, "marac/confidentiality.html", {"item": item})
    services.case_viewed(actor=request.user, item=item)
    return render(
        request,
        "marac/shared_case.html",
        {"item": item, "referral": item.referral, "facts": referral_selectors.facts_display(item.referral.prefill)},
    )


@require_POST
@login_required
def shared_acknowledge(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = access.item_for(request.user, item_id)
    services.confidentiality_acknowledge(actor=request.user, meeting=item.meeting)
    return redirect("marac:shared_case", item_id=item.pk)

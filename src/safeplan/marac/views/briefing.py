"""The neighbourhood policing briefing pages: which neighbourhoods, and one neighbourhood's cases heard at MARAC."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.marac.selectors import briefing as selectors
from safeplan.web.pagination import paginate


@require_safe
@login_required
def briefing_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not selectors.briefed_areas(request.user):
        raise Http404
    page = paginate(request, selectors.neighbourhoods_for(request.user))
    return render(request, "marac/briefing_list.html", {"page": page})


@require_safe
@login_required
def briefing(request: AuthenticatedHttpRequest, neighbourhood_id: int) -> HttpResponse:
    neighbourhood = selectors.neighbourhood_for(request.user, neighbourhood_id)
    page = paginate(request, selectors.briefing_items(neighbourhood))
    rows = selectors.briefing_rows(page.rows)
    # Every view names its cases in the audit trail: the briefing carries victims' and children's names.
    record(
        actor=request.user,
        verb=Verb.MARAC_BRIEFING_VIEWED,
        target=neighbourhood,
        detail={"cases": [row.item.case_id for row in rows]},
    )
    return render(request, "marac/briefing.html", {"neighbourhood": neighbourhood, "page": page, "rows": rows})

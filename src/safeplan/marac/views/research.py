"""An agency's private research workspace for a case on a MARAC agenda.

The case is found through need to know (safeplan.marac.selectors.access.item_for); the notes
shown are only the user's own agency's. A representative acknowledges the meeting's
confidentiality statement before the workspace opens, as before the case.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.marac.forms.research import ResearchForm
from safeplan.marac.permissions import is_representative
from safeplan.marac.selectors import access
from safeplan.marac.selectors import research as selectors
from safeplan.marac.services import research as services
from safeplan.web.forms import add_service_errors


@require_http_methods(["GET", "POST"])
@login_required
def research(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = access.item_for(request.user, item_id)
    if request.user.agency_id is None:
        raise Http404
    if is_representative(request.user) and not access.acknowledged(request.user, item.meeting):
        return render(request, "marac/confidentiality.html", {"item": item})
    form = ResearchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.research_add(
                actor=request.user,
                item=item,
                kind=data["kind"],
                text=data["text"],
                withheld_reason=data["withheld_reason"],
                share=data["share"],
                submission=data["submission"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The note was added to your agency's research."))
            return redirect("marac:research", item_id=item.pk)
    if request.method == "GET":
        services.research_viewed(actor=request.user, item=item)
    return render(
        request,
        "marac/research.html",
        {"item": item, "form": form, "notes": list(selectors.own_research(item, request.user.agency_id))},
    )

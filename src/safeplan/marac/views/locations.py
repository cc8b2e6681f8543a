"""The case team's page to share one confidential place with the agency that owns a MARAC action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.cases import selectors as case_selectors
from safeplan.cases.models import ConfidentialLocation
from safeplan.cases.permissions import can_reveal_location
from safeplan.marac.forms.research import LocationShareForm
from safeplan.marac.models import MaracAction
from safeplan.marac.services import actions as services
from safeplan.web.forms import add_service_errors

SHOWN = 50


@require_http_methods(["GET", "POST"])
@login_required
def location_share(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = case_selectors.editable_case_for(request.user, case_id)
    if not can_reveal_location(request.user, case):
        raise Http404
    actions = list(
        MaracAction.objects.filter(case=case, state=MaracAction.State.OPEN)
        .select_related("agency", "shared_location")
        .order_by("due_on", "pk")[:SHOWN]
    )
    locations = list(ConfidentialLocation.objects.filter(case=case, is_current=True).order_by("-created_at", "pk"))
    form = LocationShareForm(request.POST if request.method == "POST" else None, actions=actions, locations=locations)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_location_share(
                actor=request.user,
                action=form.actions[form.cleaned_data["action"]],
                location=form.locations[form.cleaned_data["location"]],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The place was shared with the agency, for that action only."))
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "marac/location_share.html", {"case": case, "form": form, "actions": actions})

"""The coordinator's release alerts: perpetrators due for release in cases their MARAC heard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.marac.permissions import is_coordinator_role
from safeplan.marac.selectors import releases as selectors
from safeplan.marac.services import releases as services
from safeplan.web.pagination import paginate


@require_safe
@login_required
def release_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_coordinator_role(request.user):
        raise Http404
    dealt_with = request.GET.get("show") == "dealt_with"
    page = paginate(request, selectors.release_alerts_for(request.user, dealt_with=dealt_with))
    return render(request, "marac/release_list.html", {"page": page, "dealt_with": dealt_with})


@require_POST
@login_required
def release_dealt_with(request: AuthenticatedHttpRequest, alert_id: int) -> HttpResponse:
    alert = selectors.release_alert_for(request.user, alert_id)
    try:
        services.release_alert_dealt_with(actor=request.user, alert=alert)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The alert was marked as dealt with."))
    return redirect("marac:releases")

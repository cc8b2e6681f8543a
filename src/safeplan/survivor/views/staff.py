"""The professional page where an IDVA enters a survivor's share code (under /cases/, so 2FA applies)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.cases import selectors
from safeplan.survivor import forms, limits, staff_services
from safeplan.web.forms import add_service_errors

UNAVAILABLE = _(
    "This code cannot be used. It may be mistyped, used already, cancelled, or more than 72 hours old. "
    "Ask the person to make a new code in their space."
)


@require_http_methods(["GET", "POST"])
@login_required
def import_plan(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = selectors.editable_case_for(request.user, case_id)
    form = forms.ShareCodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        buckets = limits.share_buckets(request)
        if limits.is_limited(buckets):
            staff_services.share_refused(actor=request.user, case=case, reason="rate_limited")
            form.add_error("code", UNAVAILABLE)
        else:
            try:
                staff_services.share_redeem(actor=request.user, case=case, code=form.cleaned_data["code"])
            except staff_services.ShareUnavailable:
                limits.note_failure(buckets)
                staff_services.share_refused(actor=request.user, case=case, reason="unavailable")
                form.add_error("code", UNAVAILABLE)
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                return redirect("cases:detail", case_id=case.pk)
    return render(request, "survivor/staff_import.html", {"case": case, "form": form})

"""Referral pages: the referrer's (from the case, through its gate) and the coordinator's queue.

The referrer's pages find the case through cases.selectors.case_for / editable_case_for; the
coordinator's pages find a referral only among those to the MARACs they coordinate. Anyone
else gets 404, exactly as for a missing id.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.cases import selectors as case_selectors
from safeplan.marac.forms.referrals import ReferralForm, ReturnForm
from safeplan.marac.models import MaracReferral
from safeplan.marac.permissions import is_coordinator_role
from safeplan.marac.selectors import referrals as selectors
from safeplan.marac.services import referrals as services
from safeplan.risk.permissions import can_assess
from safeplan.web.forms import add_service_errors
from safeplan.web.pagination import paginate


@require_http_methods(["GET", "POST"])
@login_required
def refer(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    case = case_selectors.editable_case_for(user, case_id)
    if not can_assess(user, case):
        raise Http404
    areas = selectors.areas_to_refer_to(case)
    assessment = selectors.current_checklist(case)
    form = ReferralForm(request.POST if request.method == "POST" else None, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.referral_create(actor=user, case=case, area=form.chosen_area(), answers=form.answers())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The referral was sent to the MARAC coordinator."))
            return redirect("marac:case_referral", case_id=case.pk, referral_id=made.pk)
    facts = None
    if assessment is not None and areas:
        area = form.areas.get(str(form["area"].value() or ""), areas[0])
        facts = selectors.facts_display(selectors.referral_facts(case, assessment, area, today=timezone.localdate()))
    return render(
        request,
        "marac/referral_form.html",
        {"case": case, "form": form, "areas": areas, "assessment": assessment, "facts": facts},
    )


@require_safe
@login_required
def case_referral(request: AuthenticatedHttpRequest, case_id: int, referral_id: int) -> HttpResponse:
    case = case_selectors.case_for(request.user, case_id)
    referral = selectors.case_referral_for(case, referral_id)
    services.referral_viewed(actor=request.user, referral=referral)
    return render(
        request,
        "marac/referral_detail.html",
        {"case": case, "referral": referral, "facts": selectors.facts_display(referral.prefill), "queue": False},
    )


@require_safe
@login_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_coordinator_role(request.user):
        raise Http404
    status = request.GET.get("status", MaracReferral.Status.SUBMITTED)
    found = selectors.coordinator_queue(request.user, status=status)
    page = paginate(request, found)
    return render(
        request,
        "marac/referral_queue.html",
        {
            "page": page,
            "status": status,
            "statuses": MaracReferral.Status.choices,
        },
    )


@require_safe
@login_required
def queued_referral(request: AuthenticatedHttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.queued_referral_for(request.user, referral_id)
    services.referral_viewed(actor=request.user, referral=referral)
    return render(
        request,
        "marac/referral_detail.html",
        {
            "case": referral.case,
            "referral": referral,
            "facts": selectors.facts_display(referral.prefill),
            "queue": True,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def referral_return(request: AuthenticatedHttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.queued_referral_for(request.user, referral_id)
    form = ReturnForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_return(actor=request.user, referral=referral, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The referral was returned to the referrer."))
            return redirect("marac:queue")
    return render(request, "marac/referral_return.html", {"referral": referral, "form": form})

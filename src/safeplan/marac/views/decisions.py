"""MARAC pages: the decision to refer after an assessment.

Every view finds its case through cases.selectors.case_for, so an outsider gets
404; writes also need risk.permissions.can_assess, else 404.
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
from safeplan.cases import selectors as case_selectors
from safeplan.marac.forms.decisions import MaracDecisionForm
from safeplan.marac.models import MaracDecision
from safeplan.marac.services.decisions import marac_decision_record
from safeplan.risk import selectors as risk_selectors
from safeplan.risk.permissions import can_assess
from safeplan.web.forms import add_service_errors


@require_http_methods(["GET", "POST"])
@login_required
def decision(request: AuthenticatedHttpRequest, case_id: int, assessment_id: int) -> HttpResponse:
    user = request.user
    case = case_selectors.case_for(user, case_id)
    if not can_assess(user, case):
        raise Http404
    assessment = risk_selectors.assessment_for(case, assessment_id)
    form = MaracDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            marac_decision_record(actor=user, assessment=assessment, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.cleaned_data["decision"] == MaracDecision.Decision.REFER:
                messages.success(request, _("The decision was recorded. Now send the referral to the MARAC."))
                return redirect("marac:refer", case_id=case.pk)
            messages.success(request, _("The MARAC decision was recorded."))
            return redirect("risk:detail", case_id=case.pk, assessment_id=assessment.pk)
    return render(
        request,
        "marac/decision_form.html",
        {
            "case": case,
            "assessment": assessment,
            "form": form,
            "decisions": list(assessment.marac_decisions.all()),
        },
    )

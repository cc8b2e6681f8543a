"""Risk pages: history, the assessment form with drafts, and one assessment (the MARAC decision is in safeplan.marac).

Every view finds its case through cases.selectors.case_for, so an outsider gets
404; writes also need risk.permissions.can_assess, else 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.cases import selectors as case_selectors
from safeplan.cases.models import Case
from safeplan.content import instruments as instrument_content
from safeplan.content.instruments import Instrument, UnknownInstrumentError
from safeplan.risk import selectors, services
from safeplan.risk.chart import grade_chart
from safeplan.risk.forms import NO_JUDGEMENT, AssessmentForm
from safeplan.risk.models import CRITERION_LABELS, Assessment, Trigger
from safeplan.risk.permissions import can_assess
from safeplan.web.forms import add_service_errors
from safeplan.web.pagination import paginate

# Sent by risk/draft.mjs when it saves a draft in the background.
AUTOSAVE_HEADER = "X-Safeplan-Autosave"


def _assessable(request: AuthenticatedHttpRequest, case_id: int) -> Case:
    case = case_selectors.case_for(request.user, case_id)
    if not can_assess(request.user, case):
        raise Http404
    return case


def _instrument(instrument_id: str) -> Instrument:
    try:
        return instrument_content.instrument(instrument_id)
    except UnknownInstrumentError:
        raise Http404 from None


@require_safe
@login_required
def history(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    case = case_selectors.case_for(user, case_id)
    page = paginate(request, selectors.newest_first(case))
    entries = selectors.history(case, page.rows)
    services.history_viewed(actor=user, case=case)
    return render(
        request,
        "risk/history.html",
        {
            "case": case,
            "entries": entries,
            "page": page,
            "chart": grade_chart([entry.assessment for entry in reversed(entries)]),
            "instruments": selectors.instrument_titles(),
            "can_assess": can_assess(user, case),
        },
    )


def _initial(case: Case, draft_data: dict[str, str] | None) -> dict[str, object]:
    initial: dict[str, object] = {"judgement": NO_JUDGEMENT}
    if not Assessment.objects.filter(case=case).exists():
        initial["trigger"] = Trigger.INITIAL
    referral = selectors.known_last_referral(case)
    if referral is not None:
        initial["last_marac_referral"] = referral
    return {**initial, **(draft_data or {})}


@require_http_methods(["GET", "POST"])
@login_required
def assessment_new(request: AuthenticatedHttpRequest, case_id: int, instrument_id: str) -> HttpResponse:
    user = request.user
    case = _assessable(request, case_id)
    instrument = _instrument(instrument_id)
    here = reverse("risk:new", args=[case.pk, instrument.id])
    action = request.POST.get("action", "submit") if request.method == "POST" else ""
    if case.status != Case.Status.OPEN:
        return render(request, "risk/assessment_form.html", {"case": case, "instrument": instrument, "closed": True})

    if action == "discard":
        services.draft_discard(actor=user, case=case, instrument_id=instrument.id)
        messages.success(request, _("The draft was deleted."))
        return redirect(here)
    if action == "draft":
        data = AssessmentForm(instrument=instrument).draft_data(request.POST)
        try:
            saved = services.draft_save(actor=user, case=case, instrument_id=instrument.id, data=data)
        except ValidationError as error:
            if request.headers.get(AUTOSAVE_HEADER):
                return JsonResponse({"saved": False}, status=400)
            form = AssessmentForm(request.POST, instrument=instrument)
            form.is_valid()
            add_service_errors(form, error)
            return _form_page(request, case, instrument, form, None)
        saved_at = formats.time_format(timezone.localtime(saved.saved_at), "H:i")
        if request.headers.get(AUTOSAVE_HEADER):
            return JsonResponse({"saved": True, "saved_at": saved_at})
        messages.success(
            request,
            _("Draft saved at %(time)s. It is kept for %(days)s days, for you only.")
            % {"time": saved_at, "days": settings.RISK_DRAFT_DAYS},
        )
        return redirect(here)

    draft = selectors.draft_for(user, case, instrument.id)
    grade = selectors.case_grade(selectors.grade_rows(case)).level
    if request.method == "POST":
        form = AssessmentForm(request.POST, instrument=instrument, case_grade=grade)
        if form.is_valid():
            try:
                assessment = services.assessment_create(
                    actor=user, case=case, instrument_id=instrument.id, **form.service_arguments()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The assessment was saved."))
                return redirect("risk:detail", case_id=case.pk, assessment_id=assessment.pk)
    else:
        initial = _initial(case, draft.data if draft else None)
        event = request.GET.get("event", "")
        if event.isdigit():
            initial["trigger_event_id"] = int(event)
        form = AssessmentForm(initial=initial, instrument=instrument, case_grade=grade)
    return _form_page(request, case, instrument, form, draft)


def _form_page(
    request: AuthenticatedHttpRequest, case: Case, instrument: Instrument, form: AssessmentForm, draft: object
) -> HttpResponse:
    latest = (
        Assessment.objects.filter(case=case)
        .order_by("-created_at", "-pk")
        .only("level", "created_at", "instrument_id", "instrument_version")
        .first()
    )
    grade = selectors.case_grade(selectors.grade_rows(case)) if latest is not None else None
    return render(
        request,
        "risk/assessment_form.html",
        {
            "case": case,
            "instrument": instrument,
            "form": form,
            "draft": draft,
            "latest": latest,
            "case_grade": grade.level if grade else None,
            "draft_days": settings.RISK_DRAFT_DAYS,
        },
    )


@require_safe
@login_required
def assessment_detail(request: AuthenticatedHttpRequest, case_id: int, assessment_id: int) -> HttpResponse:
    user = request.user
    case = case_selectors.case_for(user, case_id)
    assessment = selectors.assessment_for(case, assessment_id)
    services.assessment_viewed(actor=user, assessment=assessment)
    regraded = assessment.regrade()
    previous = selectors.previous_of(assessment)
    change = selectors.change_between(previous, assessment)
    instrument = assessment.instrument
    questions = {factor.id: factor for factor in instrument.factors}
    before, after = selectors.neighbours(assessment)
    decisions = list(assessment.marac_decisions.all())
    return render(
        request,
        "risk/assessment_detail.html",
        {
            "case": case,
            "assessment": assessment,
            "instrument": instrument,
            "grading": regraded,
            "consistent": assessment.matches(regraded),
            "criteria": [(CRITERION_LABELS[c], reason) for c, reason in regraded.reasons.items()],
            "change": change,
            "newly_yes": [questions[f] for f in change.newly_yes if f in questions],
            "no_longer_yes": [questions[f] for f in change.no_longer_yes if f in questions],
            "answers": [
                (number, factor, assessment.answers.get(factor.id))
                for number, factor in enumerate(instrument.factors, 1)
            ],
            "answer_labels": {option.value: option.label for option in instrument.answers},
            "decisions": decisions,
            "decision": decisions[0] if decisions else None,
            "before": before,
            "after": after,
            "can_assess": can_assess(user, case),
            "view_above_grade": _view_above(assessment),
        },
    )


def _view_above(assessment: Assessment) -> bool:
    order = ("standard", "medium", "high")
    return assessment.victim_view in order and order.index(assessment.victim_view) > order.index(assessment.level)

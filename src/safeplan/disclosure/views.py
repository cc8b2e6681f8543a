"""Clare's Law pages. A request is found only among the user's team's: anyone else gets 404."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.content.disclosure import disclosure_rules
from safeplan.disclosure import forms as stage_forms
from safeplan.disclosure import permissions, selectors, services
from safeplan.disclosure.models import Disclosure, DisclosureRequest, Reassessment
from safeplan.disclosure.rules import rules_for
from safeplan.perpetrators.models import IndexEntry
from safeplan.perpetrators.selectors import index_lookup
from safeplan.web.forms import add_service_errors
from safeplan.web.pagination import paginate


@dataclass(frozen=True)
class Step:
    title: Any
    form: type[forms.Form]
    service: Callable[..., object]
    stage: str  # the stage it is recorded at ("" for any open request)
    approver: bool = False


STEPS: dict[str, Step] = {
    "initial-contact": Step(
        _("Initial contact and immediate-risk check"),
        stage_forms.InitialContactForm,
        services.initial_contact_record,
        "initial_contact",
    ),
    "face-to-face": Step(
        _("Face-to-face meeting"), stage_forms.FaceToFaceForm, services.face_to_face_record, "face_to_face"
    ),
    "checks": Step(_("Checks"), stage_forms.ChecksForm, services.checks_record, "checks"),
    "forum": Step(_("Multi-agency forum decision"), stage_forms.ForumForm, services.forum_record, "forum"),
    "disclose": Step(_("Disclosure in person"), stage_forms.DisclosureForm, services.disclosure_record, "disclose"),
    "reassess": Step(_("Risk after disclosure"), stage_forms.ReassessForm, services.reassessment_record, "reassess"),
    "close": Step(_("Close the request"), stage_forms.CloseForm, services.request_close, ""),
    "deviation": Step(
        _("Departure from the guidance"), stage_forms.DeviationForm, services.deviation_record, "", approver=True
    ),
}


def _home(user: Any) -> None:
    if not permissions.handles_disclosure(user):
        raise Http404


@require_safe
@login_required
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The team's Clare's Law requests, the nearest deadline first, with each one's clock."""
    _home(request.user)
    closed = request.GET.get("status") == "closed"
    page = paginate(request, selectors.requests_listed(request.user, closed=closed))
    rows = [{"request": r, "clock": selectors.clock(r)} for r in page]
    return render(request, "disclosure/list.html", {"page": page, "rows": rows, "closed": closed})


@require_http_methods(["GET", "POST"])
@login_required
def request_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Record a request received by the team: safe contact first, then the route, the applicant, the subject."""
    _home(request.user)
    team = request.user.team
    assert team is not None
    rules = rules_for(team.agency.nation).rules
    form = stage_forms.RequestForm(request.POST if request.method == "POST" else None, rules=rules)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.request_create(actor=request.user, team=team, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("disclosure:detail", request_id=created.pk)
    return render(request, "disclosure/new.html", {"form": form, "rules": rules}, status=400 if form.errors else 200)


@require_safe
@login_required
def request_detail(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    """One request: its clocks, what each stage recorded, and the next step."""
    found = selectors.request_for(request.user, request_id)
    services.request_viewed(actor=request.user, request=found)
    entry = IndexEntry.objects.select_related("perpetrator").filter(disclosure_id=found.pk).first()
    index = index_lookup(actor=request.user, entry=entry, case_id=None) if entry is not None else None
    rules = rules_for(found.nation).rules
    try:
        route = rules.route(found.route).label.get(None)
    except KeyError:
        route = found.route
    reassessments = list(Reassessment.objects.filter(request=found).select_related("assessed_by"))
    return render(
        request,
        "disclosure/detail.html",
        {
            "r": found,
            "route": route,
            "clock": selectors.clock(found),
            "index": index,
            "forum": getattr(found, "forum", None),
            "disclosures": list(Disclosure.objects.filter(request=found).select_related("disclosed_by")),
            "reassessments": reassessments,
            "deviations": list(found.deviations.select_related("approved_by")),
            "high_risk": bool(reassessments) and reassessments[-1].grade == "high",
            "can_approve": permissions.can_approve(request.user, found),
            "third_party_told": rules.third_party_told_outcome,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def step(request: AuthenticatedHttpRequest, request_id: int, name: str) -> HttpResponse:
    """Record one stage of the request. A stage not reached, or done, answers 404."""
    found = selectors.request_for(request.user, request_id)
    spec = STEPS[name]
    allowed = permissions.can_approve if spec.approver else permissions.can_work
    if not allowed(request.user, found) or found.closed_at is not None:
        raise Http404
    if spec.stage and found.stage != spec.stage:
        raise Http404
    form = spec.form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            spec.service(actor=request.user, request=found, **form.service_arguments())  # type: ignore[attr-defined]
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            return redirect("disclosure:detail", request_id=found.pk)
    return render(
        request,
        "disclosure/step.html",
        {"r": found, "form": form, "title": spec.title, "name": name, "clock": selectors.clock(found)},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def open_case(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    """Open a case from a request whose risk after disclosure is high, then go to it to refer to MARAC."""
    found = selectors.request_for(request.user, request_id)
    try:
        case = services.request_open_case(actor=request.user, request=found)
    except (ValidationError, PermissionDenied):
        raise Http404 from None
    return redirect("cases:detail", case_id=case.pk)


@require_safe
@login_required
def figures(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The agency's Clare's Law figures, without any request's content."""
    if not permissions.can_see_figures(request.user):
        raise Http404
    result = selectors.figures(request.user)
    record(actor=request.user, verb=Verb.DISCLOSURE_FIGURES_VIEWED)
    outcome_labels = dict(DisclosureRequest.Outcome.choices) | {"undecided": _("Not yet decided")}
    route_labels = {route.id: route.label.get(None) for rules in disclosure_rules().nations for route in rules.routes}
    return render(
        request,
        "disclosure/figures.html",
        {
            "f": result,
            "outcomes": [(outcome_labels.get(key, key), count) for key, count in result.by_outcome],
            "routes": [(route_labels.get(key, key), apps, made) for key, apps, made in result.by_route],
            "within_percent": round(100 * result.within_target) if result.within_target is not None else None,
            "repeated": paginate(request, selectors.repeated_subjects(request.user)),
        },
    )

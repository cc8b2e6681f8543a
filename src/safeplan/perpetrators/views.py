"""Person index pages. A suspect's page goes through the case gate; the lists are the user's team's or agency's."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.decorators import caseworker_required
from safeplan.cases.models import Case, Person
from safeplan.cases.permissions import can_edit
from safeplan.cases.selectors import case_for, editable_case_for
from safeplan.perpetrators import selectors, services
from safeplan.perpetrators.forms import AskForm, DecideForm, SerialReviewForm
from safeplan.perpetrators.selectors import IndexView, OtherRecord
from safeplan.web.forms import add_service_errors
from safeplan.web.pagination import paginate

STATUS_LABELS = {
    "match": gettext_lazy("same name and date of birth"),
    "possible": gettext_lazy("possible match: same name, a date of birth missing"),
    "confirmed": gettext_lazy("confirmed by someone in your agency"),
    "linked": gettext_lazy("linked through another record"),
}


def _label(other: OtherRecord) -> str:
    where = other.case_reference or other.team_name
    return _("%(where)s (%(status)s)") % {"where": where, "status": STATUS_LABELS[other.status]}


def _suspect(case: Case, person_id: int) -> Person:
    return get_object_or_404(Person, pk=person_id, case=case, role=Person.Role.SUSPECT)


def _page(
    request: AuthenticatedHttpRequest,
    case: Case,
    person: Person,
    decide: DecideForm | None = None,
    ask: AskForm | None = None,
    status: int = 200,
) -> HttpResponse:
    entry = selectors.entry_for_person(person)
    if entry is None:
        raise Http404
    view: IndexView = selectors.index_lookup(actor=request.user, entry=entry, case_id=case.pk)
    editable = can_edit(request.user, case)
    context: dict[str, Any] = {"case": case, "person": person, "view": view, "status_labels": STATUS_LABELS}
    if editable:
        decidable = [(r.entry_id, _label(r)) for r in view.records if r.decidable]
        askable = [(r.entry_id, r.team_name) for r in view.records if r.team_id != case.team_id]
        context["decide"] = decide or (DecideForm(records=decidable) if decidable else None)
        context["ask"] = ask or (AskForm(records=askable) if askable else None)
    context["form"] = decide if decide is not None and decide.errors else ask
    return render(request, "perpetrators/person.html", context, status=status)


@require_safe
@login_required
def person_index(request: AuthenticatedHttpRequest, case_id: int, person_id: int) -> HttpResponse:
    """The other records of one suspect: how many, how sure, which teams own them; never their content."""
    case = case_for(request.user, case_id)
    return _page(request, case, _suspect(case, person_id))


def _records(request: AuthenticatedHttpRequest, case: Case, person: Person, *, asking: bool) -> list[tuple[int, str]]:
    entry = selectors.entry_for_person(person)
    if entry is None:
        raise Http404
    view = selectors.index_lookup(actor=request.user, entry=entry, case_id=case.pk)
    if asking:
        return [(r.entry_id, r.team_name) for r in view.records if r.team_id != case.team_id]
    return [(r.entry_id, _label(r)) for r in view.records if r.decidable]


@require_POST
@login_required
def decide(request: AuthenticatedHttpRequest, case_id: int, person_id: int) -> HttpResponse:
    """Confirm or reject that another record is the same person."""
    case = editable_case_for(request.user, case_id)
    person = _suspect(case, person_id)
    form = DecideForm(request.POST, records=_records(request, case, person, asking=False))
    if form.is_valid():
        try:
            services.match_decide(
                actor=request.user,
                person=person,
                other_id=int(form.cleaned_data["record"]),
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("perpetrators:person", case_id=case.pk, person_id=person.pk)
    return _page(request, case, person, decide=form, status=400)


@require_POST
@login_required
def ask(request: AuthenticatedHttpRequest, case_id: int, person_id: int) -> HttpResponse:
    """Send a question to the team that owns another record of the person."""
    case = editable_case_for(request.user, case_id)
    person = _suspect(case, person_id)
    form = AskForm(request.POST, records=_records(request, case, person, asking=True))
    if form.is_valid():
        try:
            services.enquiry_send(
                actor=request.user,
                person=person,
                other_id=int(form.cleaned_data["record"]),
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("perpetrators:person", case_id=case.pk, person_id=person.pk)
    return _page(request, case, person, ask=form, status=400)


@require_safe
@login_required
@caseworker_required
def enquiries(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Questions other teams asked this team about its records of a person."""
    page = paginate(request, selectors.enquiries_to_team(request.user))
    return render(request, "perpetrators/enquiries.html", {"page": page})


@require_POST
@login_required
@caseworker_required
def enquiry_answered(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        enquiry_id = int(request.POST.get("enquiry", ""))
    except ValueError:
        raise Http404 from None
    try:
        services.enquiry_answer(actor=request.user, enquiry_id=enquiry_id)
    except PermissionDenied:
        raise Http404 from None
    return redirect("perpetrators:enquiries")


@require_safe
@login_required
def serial_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The supervisor's list of flagged serial perpetrators with a record in their agency."""
    if not selectors.can_supervise_serial(request.user):
        raise Http404
    page = paginate(request, selectors.flagged_in_agency(request.user))
    rows = [{"perpetrator": p, "due": selectors.review_due(p)} for p in page]
    record(actor=request.user, verb=Verb.SERIAL_LIST_VIEWED, detail={"shown": [p.pk for p in page]})
    return render(request, "perpetrators/serial_list.html", {"page": page, "rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def serial_review(request: AuthenticatedHttpRequest, perpetrator_id: int) -> HttpResponse:
    """Record a review of a flagged person: what was decided, why, and when to look again."""
    if not selectors.can_supervise_serial(request.user):
        raise Http404
    perpetrator = selectors.flagged_in_agency(request.user).filter(pk=perpetrator_id).first()
    if perpetrator is None:
        raise Http404
    form = SerialReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.serial_review_record(
                actor=request.user,
                perpetrator_id=perpetrator.pk,
                decision=form.cleaned_data["decision"],
                reasons=form.cleaned_data["reasons"],
                next_review_on=form.cleaned_data["next_review_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("perpetrators:serial")
    reviews = perpetrator.reviews.filter(agency_id=request.user.agency_id or 0).select_related("reviewed_by")[:10]
    status = 400 if form.errors else 200
    return render(
        request,
        "perpetrators/serial_review.html",
        {"perpetrator": perpetrator, "form": form, "reviews": reviews},
        status=status,
    )

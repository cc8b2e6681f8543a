"""Case pages. Every view finds its case through selectors.case_for, so outsiders get 404."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.accounts.models import Role
from safeplan.audit.selectors import events_for_case
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases import closing, facts, forms, home, panels, permissions, selectors, services
from safeplan.cases.conflicts import show_conflict
from safeplan.cases.decorators import caseworker_required
from safeplan.cases.freetext import redacted_initial
from safeplan.cases.models import Case, ConfidentialLocation, Person, SafeContact
from safeplan.versioned import NEW, StaleVersion
from safeplan.web.forms import add_service_errors
from safeplan.web.pagination import AUDIT_ORDER, Pages, keyset, paginate

LONDON = ZoneInfo("Europe/London")


def with_facts(pages: Pages[Case]) -> Pages[Case]:
    """Give each case on the page its grade, next due date and plan (cases.facts), one query per app."""
    pages.rows = facts.attach(pages.rows)
    return pages


# The home page lists this many cases in each part and links to the full list.
HOME_CASES = 10


@require_safe
@login_required
def staff_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Show a professional's day: tasks due and overdue, handovers, high-risk cases needing attention, cases.

    A supervisor can switch to the same view for the whole team (?view=team). Every part is read in a
    fixed number of queries and shows a few rows with a link to the full list.
    """
    user = request.user
    context: dict[str, Any] = {"handovers": selectors.pending_handovers(user)}
    if permissions.is_caseworker(user):
        team = request.GET.get("view") == "team" and user.role == Role.SUPERVISOR
        open_cases = (selectors.team_cases(user) if team else selectors.my_cases(user)).filter(status=Case.Status.OPEN)
        context.update(selectors.home_cases(open_cases, shown=HOME_CASES))
        context.update(
            {
                "team_view": team,
                "can_see_team": user.role == Role.SUPERVISOR,
                "sections": home.render_context(user, team=team),
            }
        )
    return render(request, "cases/staff_home.html", context)


@require_safe
@login_required
@caseworker_required
def case_list(request: AuthenticatedHttpRequest, scope: str = "mine") -> HttpResponse:
    user = request.user
    cases = {
        "mine": selectors.my_cases,
        "team": selectors.team_cases,
        "shared": selectors.shared_cases,
    }[scope](user)
    filters = forms.CaseFilterForm(request.GET, team_id=user.team_id)
    status, owner = "open", None
    if filters.is_valid():
        status = filters.cleaned_data["status"] or "open"
        owner = filters.cleaned_data["owner"] if scope == "team" else None
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    if owner is not None:
        cases = cases.filter(Q(responsible_officer=owner) | Q(spoc=owner))
    return render(
        request,
        "cases/case_list.html",
        {
            "cases": with_facts(paginate(request, filters.sorted(cases))),
            "scope": scope,
            "status": status,
            "filters": filters,
        },
    )


@require_safe
@login_required
@caseworker_required
def case_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        found = selectors.search_cases(request.user, form.cleaned_data["q"])
        results = with_facts(paginate(request, found.order_by("-created_at", "-pk")))
    return render(request, "cases/case_search.html", {"form": form, "results": results})


@require_http_methods(["GET", "POST"])
@login_required
@caseworker_required
def case_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.CaseCreateForm(request.POST if request.method == "POST" else None, team_id=request.user.team_id)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/case_form.html", {"form": form})


@require_safe
@login_required
def case_detail(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    case = selectors.case_for(user, case_id)
    services.case_viewed(actor=user, case=case)
    contact = getattr(case, "safe_contact", None)
    case_facts = facts.facts_for([case])[case.pk]
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "facts": case_facts,
            "review_overdue": case_facts.review_overdue(timezone.now()),
            "contact": contact,
            "locations": case.locations.all(),
            "handovers": case.handovers.select_related("from_user", "to_user")[:10],
            "shares": case.shares.select_related("team", "team__agency"),
            "break_glass": selectors.break_glass_history(case)[:10],
            "can_edit": permissions.can_edit(user, case),
            "can_reveal": permissions.can_reveal_location(user, case),
            "can_audit": permissions.can_view_audit(user, case),
            "panels": panels.render_context(case, user),
            "via_break_glass": case.team_id != user.team_id and permissions.has_active_break_glass(user, case),
        },
    )


def _form_page(
    request: AuthenticatedHttpRequest,
    case: Case,
    form: object,
    template: str,
    title: str,
    extra: dict[str, object] | None = None,
) -> HttpResponse:
    return render(request, template, {"case": case, "form": form, "title": title, **(extra or {})})


def _summary_form(data: Any, case: Case) -> forms.CaseSummaryForm:
    return forms.CaseSummaryForm(
        data, initial=redacted_initial(case, {"summary": case.summary, "version": case.version})
    )


@require_http_methods(["GET", "POST"])
@login_required
def case_edit(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = selectors.editable_case_for(request.user, case_id)
    form = _summary_form(request.POST if request.method == "POST" else None, case)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(actor=request.user, case=case, **form.cleaned_data)
        except StaleVersion as error:
            current = error.current if isinstance(error.current, Case) else None
            show_conflict(form, error, case=case, saved=_summary_form(None, current) if current else None)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("cases:detail", case_id=case.pk)
    return _form_page(request, case, form, "cases/simple_form.html", "summary")


@require_http_methods(["GET", "POST"])
@login_required
def case_close(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = selectors.editable_case_for(request.user, case_id)
    form = forms.CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("cases:detail", case_id=case.pk)
    return _form_page(request, case, form, "cases/simple_form.html", "close", {"open_items": closing.open_items(case)})


@require_http_methods(["GET", "POST"])
@login_required
def case_reopen(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = selectors.editable_case_for(request.user, case_id)
    form = forms.ReopenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_reopen(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("cases:detail", case_id=case.pk)
    return _form_page(request, case, form, "cases/simple_form.html", "reopen")


@require_http_methods(["GET", "POST"])
@login_required
def case_handover(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = selectors.editable_case_for(request.user, case_id)
    form = forms.HandoverForm(request.POST if request.method == "POST" else None, team_id=case.team_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_hand_over(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("cases:detail", case_id=case.pk)
    return _form_page(request, case, form, "cases/simple_form.html", "handover")


PERSON_FIELDS = ("role", "full_name", "other_names", "date_of_birth", "relationship", "language", "notes", "version")


def _person_form(data: Any, case: Case, person: Person | None) -> forms.PersonForm:
    if person is None:
        return forms.PersonAddForm(data, initial={"version": NEW})
    initial = {name: getattr(person, name) for name in PERSON_FIELDS}
    return forms.PersonForm(data, initial=redacted_initial(case, initial))


@require_http_methods(["GET", "POST"])
@login_required
def person_edit(request: AuthenticatedHttpRequest, case_id: int, person_id: int | None = None) -> HttpResponse:
    case = selectors.editable_case_for(request.user, case_id)
    person = get_object_or_404(Person, pk=person_id, case=case) if person_id is not None else None
    form = _person_form(request.POST if request.method == "POST" else None, case, person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_save(actor=request.user, case=case, person=person, **form.cleaned_data)
        except StaleVersion as error:
            current = error.current if isinstance(error.current, Person) else None
            show_conflict(form, error, case=case, saved=_person_form(None, case, current) if current else None)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("cases:detail", case_id=case.pk)
    return _form_page(request, case, form, "cases/simple_form.html", "person", {"person": person})


def _safe_contact_form(data: Any, case: Case, contact: SafeContact | None) -> forms.SafeContactForm:
    initial: dict[str, object] = {"version": NEW}
    if contact is not None:
        initial = {name: getattr(contact, name) for name in forms.SafeContactForm.base_fields}
    return forms.SafeContactForm(data, initial=redacted_initial(case, initial))


@require_http_methods(["GET", "POST"])
@login_required
def safe_contact_edit(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = selectors.editable_case_for(request.user, case_id)
    contact = getattr(case, "safe_contact", None)
    form = _safe_contact_form(request.POST if request.method == "POST" else None, case, contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.safe_contact_save(actor=request.user, case=case, **form.cleaned_data)
        except StaleVersion as error:
            current = error.current if isinstance(error.current, SafeContact) else None
            show_conflict(form, error, case=case, saved=_safe_contact_form(None, case, current) if current else None)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("cases:detail", case_id=case.pk)
    return _form_page(request, case, form, "cases/simple_form.html", "safe_contact")


@require_http_methods(["GET", "POST"])
@login_required
def location_add(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = selectors.editable_case_for(request.user, case_id)
    if not permissions.can_reveal_location(request.user, case):
        raise Http404
    form = forms.LocationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.location_add(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("cases:detail", case_id=case.pk)
    return _form_page(request, case, form, "cases/simple_form.html", "location")


@require_POST
@login_required
def location_reveal(request: AuthenticatedHttpRequest, case_id: int, location_id: int) -> HttpResponse:
    """Show a confidential location once, on a no-store page, after auditing the reveal."""
    case = selectors.case_for(request.user, case_id)
    location = get_object_or_404(ConfidentialLocation, pk=location_id, case=case)
    try:
        services.location_reveal(actor=request.user, location=location)
    except PermissionDenied:
        raise Http404 from None
    return render(request, "cases/location_reveal.html", {"case": case, "location": location})


@require_http_methods(["GET", "POST"])
@login_required
def case_share(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = selectors.editable_case_for(request.user, case_id)
    form = forms.ShareForm(request.POST if request.method == "POST" else None, exclude_team_id=case.team_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expires = datetime.combine(data["expires_on"], time(23, 59, 59), tzinfo=LONDON)
        try:
            services.case_share(
                actor=request.user,
                case=case,
                team=data["team"],
                reason=data["reason"],
                expires_at=expires,
                submission=data["submission"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "expires_at" in error.error_dict:
                error = ValidationError({**error.message_dict, "expires_on": error.message_dict["expires_at"]})
            add_service_errors(form, error)
        else:
            return redirect("cases:detail", case_id=case.pk)
    return _form_page(request, case, form, "cases/simple_form.html", "share")


@require_POST
@login_required
def share_revoke(request: AuthenticatedHttpRequest, case_id: int, share_id: int) -> HttpResponse:
    case = selectors.editable_case_for(request.user, case_id)
    share = get_object_or_404(case.shares, pk=share_id)
    services.share_revoke(actor=request.user, share=share)
    return redirect("cases:detail", case_id=case.pk)


@require_POST
@login_required
def handover_acknowledge(request: AuthenticatedHttpRequest, case_id: int, handover_id: int) -> HttpResponse:
    case = selectors.case_for(request.user, case_id)
    handover = get_object_or_404(case.handovers, pk=handover_id, to_user=request.user)
    services.handover_acknowledge(actor=request.user, handover=handover)
    return redirect("cases:detail", case_id=case.pk)


@require_http_methods(["GET", "POST"])
@login_required
def break_glass(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_break_glass(request.user):
        raise Http404
    form = forms.BreakGlassForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            access = services.break_glass_open(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("cases:detail", case_id=access.case_id)
    return render(request, "cases/break_glass.html", {"form": form})


@require_safe
@login_required
def case_audit(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_for(request.user, case_id)
    if not permissions.can_view_audit(request.user, case):
        raise Http404
    record(actor=request.user, verb=Verb.CASE_AUDIT_VIEWED, target=case, case_id=case.pk)
    events = keyset(
        request,
        events_for_case(case.pk),
        ordering=AUDIT_ORDER,
        previous_label=_("Later events"),
        next_label=_("Earlier events"),
    )
    return render(request, "cases/case_audit.html", {"case": case, "events": events, "show_reasons": True})

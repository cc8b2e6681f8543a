"""The perpetrator's orders, custody and management plan, reached from a case through the one case gate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case, Person
from safeplan.cases.permissions import can_edit
from safeplan.cases.selectors import case_for, editable_case_for
from safeplan.content.perpetrator_tactics import perpetrator_tactics
from safeplan.perpetrators import management
from safeplan.perpetrators.management_forms import BreachForm, CustodyForm, OrderForm, PlanForm, PlanReviewForm
from safeplan.perpetrators.models import Custody, Order, PerpetratorPlan, ReleaseTrigger
from safeplan.perpetrators.selectors import entry_for_person
from safeplan.web.forms import add_service_errors


def _suspect(case: Case, person_id: int) -> Person:
    return get_object_or_404(Person, pk=person_id, case=case, role=Person.Role.SUSPECT)


def management_context(user: Any, case: Case, person: Person) -> dict[str, Any]:
    """Return this case's orders against the person, and the agency's custody record and plan for them."""
    entry = entry_for_person(person)
    if entry is None:
        raise Http404
    agency_id = user.agency_id or 0
    orders = list(Order.objects.filter(case=case, person=person).prefetch_related("breaches"))
    custody = (
        Custody.objects.filter(perpetrator_id=entry.perpetrator_id, agency_id=agency_id)
        .prefetch_related("changes__changed_by")
        .first()
    )
    plan = (
        PerpetratorPlan.objects.filter(perpetrator_id=entry.perpetrator_id, agency_id=agency_id)
        .select_related("spoc")
        .prefetch_related("reviews__reviewed_by")
        .first()
    )
    labels = {t.id: t.label.get(get_language()) for t in perpetrator_tactics().tactics}
    today = timezone.localdate()
    return {
        "case": case,
        "person": person,
        "orders": [
            {
                "order": o,
                "expiry_due": management.expiry_due(o, today),
                "days_left": (o.expires_on - today).days if o.expires_on else None,
            }
            for o in orders
        ],
        "custody": custody,
        "plan": plan,
        "plan_tactics": [labels.get(t, t) for t in plan.tactics] if plan else [],
        "triggers": list(ReleaseTrigger.objects.filter(case=case, event_id__isnull=True).select_related("custody")),
        "can_edit": can_edit(user, case),
    }


@require_safe
@login_required
def overview(request: AuthenticatedHttpRequest, case_id: int, person_id: int) -> HttpResponse:
    """Orders, custody and release, and the management plan, for one suspect of the case."""
    case = case_for(request.user, case_id)
    person = _suspect(case, person_id)
    context = management_context(request.user, case, person)
    record(actor=request.user, verb=Verb.MANAGEMENT_VIEWED, target=person, case_id=case.pk)
    return render(request, "perpetrators/management.html", context)


def _form_page(
    request: AuthenticatedHttpRequest,
    case_id: int,
    person_id: int,
    *,
    title: Any,
    make: Callable[[Any, Case, Person], forms.Form],
    save: Callable[..., object],
    with_person: bool = True,
) -> HttpResponse:
    case = editable_case_for(request.user, case_id)
    person = _suspect(case, person_id)
    form = make(request.POST if request.method == "POST" else None, case, person)
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()  # type: ignore[attr-defined]
        try:
            if with_person:
                save(actor=request.user, case=case, person=person, **arguments)
            else:
                save(actor=request.user, case=case, **arguments)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            return redirect("perpetrators:management", case_id=case.pk, person_id=person.pk)
    return render(
        request,
        "perpetrators/management_form.html",
        {"case": case, "person": person, "form": form, "title": title},
    )


@require_http_methods(["GET", "POST"])
@login_required
def order_new(request: AuthenticatedHttpRequest, case_id: int, person_id: int) -> HttpResponse:
    return _form_page(
        request,
        case_id,
        person_id,
        title=_("Add an order"),
        make=lambda data, c, p: OrderForm(data),
        save=management.order_record,
    )


@require_http_methods(["GET", "POST"])
@login_required
def order_breach(request: AuthenticatedHttpRequest, case_id: int, person_id: int) -> HttpResponse:
    def make(data: Any, case: Case, person: Person) -> forms.Form:
        orders = Order.objects.filter(case=case, person=person)
        return BreachForm(data, orders=[(o.pk, f"{o.get_kind_display()} ({o.starts_on:%d %b %Y})") for o in orders])

    return _form_page(
        request,
        case_id,
        person_id,
        title=_("Record a breach"),
        make=make,
        save=management.order_breach_record,
        with_person=False,
    )


@require_http_methods(["GET", "POST"])
@login_required
def custody(request: AuthenticatedHttpRequest, case_id: int, person_id: int) -> HttpResponse:
    def make(data: Any, case: Case, person: Person) -> forms.Form:
        entry = entry_for_person(person)
        current = (
            Custody.objects.filter(perpetrator_id=entry.perpetrator_id, agency_id=request.user.agency_id or 0).first()
            if entry
            else None
        )
        initial = (
            {name: getattr(current, name) for name in CustodyForm.base_fields if name != "reason"} if current else {}
        )
        return CustodyForm(data, initial=initial)

    return _form_page(
        request, case_id, person_id, title=_("Custody, licence and release"), make=make, save=management.custody_save
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan(request: AuthenticatedHttpRequest, case_id: int, person_id: int) -> HttpResponse:
    def make(data: Any, case: Case, person: Person) -> forms.Form:
        entry = entry_for_person(person)
        current = (
            PerpetratorPlan.objects.filter(
                perpetrator_id=entry.perpetrator_id, agency_id=request.user.agency_id or 0
            ).first()
            if entry
            else None
        )
        initial = (
            {"spoc": current.spoc_id, "tactics": current.tactics, "links": current.links, "notes": current.notes}
            if current
            else {}
        )
        return PlanForm(data, initial=initial, agency_id=request.user.agency_id or 0)

    return _form_page(
        request, case_id, person_id, title=_("Perpetrator management plan"), make=make, save=management.plan_save
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_review(request: AuthenticatedHttpRequest, case_id: int, person_id: int) -> HttpResponse:
    return _form_page(
        request,
        case_id,
        person_id,
        title=_("Review the management plan"),
        make=lambda data, c, p: PlanReviewForm(data),
        save=management.plan_review,
    )


@require_POST
@login_required
def order_expiry(request: AuthenticatedHttpRequest, case_id: int, person_id: int) -> HttpResponse:
    """Make an order's coming end a trigger point on the case."""
    case = editable_case_for(request.user, case_id)
    person = _suspect(case, person_id)
    order = Order.objects.filter(pk=request.POST.get("order") or 0, case=case, person=person).first()
    if order is None:
        raise Http404
    try:
        management.order_expiry_record(actor=request.user, case=case, order=order)
    except PermissionDenied:
        raise Http404 from None
    return redirect("perpetrators:management", case_id=case.pk, person_id=person.pk)


@require_POST
@login_required
def release(request: AuthenticatedHttpRequest, case_id: int, person_id: int) -> HttpResponse:
    """Record on this case a release date that another team recorded."""
    case = editable_case_for(request.user, case_id)
    person = _suspect(case, person_id)
    trigger = ReleaseTrigger.objects.filter(
        pk=request.POST.get("trigger") or 0, case=case, event_id__isnull=True
    ).first()
    if trigger is None:
        raise Http404
    try:
        management.release_record(actor=request.user, case=case, trigger=trigger)
    except PermissionDenied:
        raise Http404 from None
    return redirect("perpetrators:management", case_id=case.pk, person_id=person.pk)

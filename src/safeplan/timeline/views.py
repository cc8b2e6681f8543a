"""Timeline pages. Every case page finds its case through cases.selectors.case_for, so outsiders get 404."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.accounts.selectors import undelivered_mail_for
from safeplan.accounts.services import undelivered_mail_resolve
from safeplan.cases import permissions
from safeplan.cases.decorators import caseworker_required
from safeplan.cases.freetext import text_revealed
from safeplan.cases.models import Case
from safeplan.cases.selectors import case_for, editable_case_for
from safeplan.content.events import event_rules
from safeplan.timeline import forms, selectors, services
from safeplan.timeline.models import CaseEvent, Obligation
from safeplan.timeline.permissions import can_act_on, mark_actions
from safeplan.web.forms import add_service_errors
from safeplan.web.pagination import keyset, paginate


def _service_errors(form: Any, error: ValidationError) -> None:
    """Put the service's errors on the form, moving errors about a moment onto its date field."""
    if hasattr(error, "error_dict"):
        error = ValidationError(
            {forms.MOMENT_FIELDS.get(key, key) or "__all__": messages for key, messages in error.message_dict.items()}
        )
    add_service_errors(form, error)


@require_safe
@login_required
@caseworker_required
def my_obligations(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's work queue: counts of overdue, due today and upcoming, and one of them a page at a time."""
    user = request.user
    now = timezone.now()
    filters = forms.QueueFilterForm(request.GET)
    rows = filters.narrow(selectors.my_queue(user))
    counts = selectors.queue_counts(rows, now)
    state = request.GET.get("state", "")
    if state not in selectors.QUEUE_STATES:
        state = next((s for s in selectors.QUEUE_STATES if counts[s]), "overdue")
    page = paginate(request, selectors.in_state(rows, state, now))
    mark_actions(user, page)
    can_see_team = selectors.can_see_team_overdue(user)
    return render(
        request,
        "timeline/my_obligations.html",
        {
            "page": page,
            "state": state,
            "counts": counts,
            "state_links": _state_links(request, counts, state),
            "filters": filters,
            "can_see_team": can_see_team,
            "undelivered_count": undelivered_mail_for(user).count() if can_see_team else 0,
        },
    )


UNDELIVERED_SHOWN = 10
STATE_LABELS = {"overdue": _("Overdue"), "due_today": _("Due today"), "upcoming": _("Upcoming")}


def _state_links(request: AuthenticatedHttpRequest, counts: dict[str, int], current: str) -> list[dict[str, Any]]:
    """Return a link per state that keeps the other filters and starts at the first page."""
    links = []
    for state in selectors.QUEUE_STATES:
        params = request.GET.copy()
        params.pop("page", None)
        params["state"] = state
        links.append(
            {
                "state": state,
                "label": STATE_LABELS[state],
                "count": counts[state],
                "query": params.urlencode(),
                "current": state == current,
            }
        )
    return links


@require_safe
@login_required
@caseworker_required
def team_overdue(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not selectors.can_see_team_overdue(user):
        raise Http404
    filters = forms.QueueFilterForm(request.GET, team_id=user.team_id)
    page = paginate(request, filters.narrow(selectors.team_overdue(user)))
    mark_actions(user, page)
    undelivered = undelivered_mail_for(user)
    return render(
        request,
        "timeline/team_overdue.html",
        {
            "page": page,
            "filters": filters,
            # The oldest first; once dealt with, the next come up. The page stays one size.
            "undelivered": list(undelivered[:UNDELIVERED_SHOWN]),
            "undelivered_total": undelivered.count(),
        },
    )


@require_POST
@login_required
@caseworker_required
def undelivered_resolve(request: AuthenticatedHttpRequest, mail_id: int) -> HttpResponse:
    """Mark mail to the team that could not be delivered as dealt with; anyone else's answers 404."""
    failure = undelivered_mail_for(request.user).filter(pk=mail_id).first()
    if failure is None:
        raise Http404
    undelivered_mail_resolve(actor=request.user, failure=failure)
    return redirect(reverse("timeline:team_overdue") + "#undelivered")


@require_safe
@login_required
def timeline(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    case = case_for(user, case_id)
    services.timeline_viewed(actor=user, case=case)
    can_edit = permissions.can_edit(user, case)
    filters = forms.TimelineFilterForm(request.GET)
    events = selectors.case_events(case)
    if filters.is_valid() and filters.cleaned_data["type"]:
        events = events.filter(type=filters.cleaned_data["type"])
    page = keyset(
        request,
        events,
        ordering=("-occurred_at", "-id"),
        previous_label=_("Later events"),
        next_label=_("Earlier events"),
    )
    mark_actions(user, [o for event in page for o in event.obligations.all()], can_edit_case=can_edit)
    return render(
        request,
        "timeline/timeline.html",
        {
            "case": case,
            "events": page,
            "filters": filters,
            "bail": selectors.current_bail(case),
            "can_edit": can_edit,
            "now": timezone.now(),
            **selectors.bail_breach_advice(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_new(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """Record an event in two steps that need no JavaScript: choose the type, then give its details."""
    case = editable_case_for(request.user, case_id)
    type_id = request.GET.get("type", "")
    try:
        event_type = event_rules().by_id(type_id)
    except KeyError:
        chooser = forms.EventTypeForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and chooser.is_valid():
            return redirect(reverse("timeline:event_new", args=[case.pk]) + f"?type={chooser.cleaned_data['type']}")
        return render(request, "timeline/event_type.html", {"case": case, "form": chooser})

    form = forms.EventForm(request.POST if request.method == "POST" else None, event_type=event_type)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_record(actor=request.user, case=case, type_id=type_id, **form.service_arguments())
        except ValidationError as error:
            _service_errors(form, error)
        else:
            if event.type == services.WITHDRAWAL:
                return redirect("timeline:withdrawal_checklist", case_id=case.pk, event_id=event.pk)
            return redirect("timeline:event_detail", case_id=case.pk, event_id=event.pk)
    return render(request, "timeline/event_form.html", {"case": case, "form": form, "event_type": event_type})


@require_http_methods(["GET", "POST"])
@login_required
def event_detail(request: AuthenticatedHttpRequest, case_id: int, event_id: int) -> HttpResponse:
    """Show an event; a POST shows its text with confidential locations unmasked, audited, to a need-to-know user."""
    user = request.user
    case = case_for(user, case_id)
    event = selectors.event_for(case, event_id)
    if event is None:
        raise Http404
    shown: dict[str, Any] = {}
    if request.method == "POST":
        try:
            shown["redactor"] = text_revealed(actor=user, case=case, target=event, what="event")
        except PermissionDenied:
            raise Http404 from None
    services.timeline_viewed(actor=user, case=case, event=event)
    mark_actions(user, event.obligations.all(), can_edit_case=permissions.can_edit(user, case))
    return render(
        request,
        "timeline/event_detail.html",
        {
            "case": case,
            "event": event,
            "is_bail": event.type in selectors.BAIL_SET,
            "is_withdrawal": event.type == services.WITHDRAWAL,
            "can_edit": permissions.can_edit(user, case),
            "can_reveal": permissions.can_reveal_location(user, case),
            "now": timezone.now(),
            **selectors.bail_breach_advice(),
            **shown,
        },
    )


def _obligation(request: AuthenticatedHttpRequest, case_id: int, obligation_id: int) -> tuple[Case, Obligation]:
    case = case_for(request.user, case_id)
    obligation = selectors.obligation_for(case, obligation_id)
    if obligation is None or not can_act_on(request.user, obligation):
        raise Http404
    return case, obligation


@require_http_methods(["GET", "POST"])
@login_required
def notify(request: AuthenticatedHttpRequest, case_id: int, obligation_id: int) -> HttpResponse:
    case, obligation = _obligation(request, case_id, obligation_id)
    if obligation.kind != Obligation.Kind.NOTIFY:
        raise Http404
    now = timezone.localtime()
    form = forms.NotificationForm(
        request.POST if request.method == "POST" else None,
        initial={"notified_on": now.date(), "notified_time": now.strftime("%H:%M")},
    )
    if request.method == "POST" and obligation.done_at is None and form.is_valid():
        try:
            services.notification_record(actor=request.user, obligation=obligation, **form.service_arguments())
        except ValidationError as error:
            _service_errors(form, error)
        else:
            return redirect("timeline:event_detail", case_id=case.pk, event_id=obligation.event_id)
    return render(
        request,
        "timeline/notify.html",
        {
            "case": case,
            "obligation": obligation,
            "form": form,
            "contact": getattr(case, "safe_contact", None),
            "can_edit": permissions.can_edit(request.user, case),
            "now": timezone.now(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def complete(request: AuthenticatedHttpRequest, case_id: int, obligation_id: int) -> HttpResponse:
    case, obligation = _obligation(request, case_id, obligation_id)
    form = forms.CompleteForm(request.POST if request.method == "POST" else None, kind=obligation.kind)
    if request.method == "POST" and obligation.done_at is None and form.is_valid():
        try:
            services.obligation_complete(actor=request.user, obligation=obligation, **form.cleaned_data)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            if obligation.event_id is None:
                return redirect("cases:detail", case_id=case.pk)
            return redirect("timeline:event_detail", case_id=case.pk, event_id=obligation.event_id)
    return render(
        request,
        "timeline/complete.html",
        {"case": case, "obligation": obligation, "form": form, "now": timezone.now()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def withdrawal_checklist(request: AuthenticatedHttpRequest, case_id: int, event_id: int) -> HttpResponse:
    case = editable_case_for(request.user, case_id)
    event = CaseEvent.objects.filter(case=case, pk=event_id, type=services.WITHDRAWAL).first()
    if event is None:
        raise Http404
    ticks = {tick.item_id: tick for tick in event.checklist_ticks.select_related("ticked_by")}
    withdrawal = event_rules().withdrawal
    checklist_items = withdrawal.statement.items + withdrawal.background_report.items
    items = [item.id for item in checklist_items]
    statement_ids = {item.id for item in withdrawal.statement.items}
    form = forms.ChecklistForm(
        request.POST if request.method == "POST" else None,
        initial={
            "statement": [i for i in items if i in ticks and i in statement_ids],
            "background_report": [i for i in items if i in ticks and i not in statement_ids],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.withdrawal_checklist_save(actor=request.user, event=event, ticked=form.ticked())
        except ValidationError as error:
            _service_errors(form, error)
        else:
            return redirect("timeline:event_detail", case_id=case.pk, event_id=event.pk)
    return render(
        request,
        "timeline/withdrawal_checklist.html",
        {
            "case": case,
            "event": event,
            "form": form,
            "ticks": [(item.text, ticks[item.id]) for item in checklist_items if item.id in ticks],
            "done": len(ticks),
            "total": len(items),
        },
    )

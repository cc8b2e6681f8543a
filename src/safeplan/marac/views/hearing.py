"""The chair's and coordinator's pages of a hearing: the case record, closure, the meeting held, the minutes.

And the case team's page for telling the victim what the meeting agreed. Every page finds its
object through the one gate of its kind (the coordinator's meetings, need to know, or the case's
own gate); anyone else gets 404, exactly as for a missing id.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.cases import selectors as case_selectors
from safeplan.cases.conflicts import show_conflict
from safeplan.cases.permissions import can_edit
from safeplan.marac.forms.hearing import VictimUpdateForm
from safeplan.marac.forms.research import ItemCloseForm, ItemRecordForm
from safeplan.marac.models import AgendaItem
from safeplan.marac.permissions import coordinates, is_representative
from safeplan.marac.selectors import access
from safeplan.marac.selectors import meetings as meeting_selectors
from safeplan.marac.selectors import minutes as minutes_selectors
from safeplan.marac.selectors import overdue as overdue_selectors
from safeplan.marac.services import hearing as services
from safeplan.versioned import StaleVersion
from safeplan.web.forms import add_service_errors
from safeplan.web.pagination import paginate


def _chaired_item(request: AuthenticatedHttpRequest, item_id: int) -> AgendaItem:
    item = access.item_for(request.user, item_id)
    if not coordinates(request.user, item.meeting.area):
        raise Http404
    return item


@require_http_methods(["GET", "POST"])
@login_required
def item_record(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = _chaired_item(request, item_id)
    initial = {"version": item.version, "summary": item.summary, "risks": item.risks}
    form = ItemRecordForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.item_record(
                actor=request.user, item=item, version=data["version"], summary=data["summary"], risks=data["risks"]
            )
        except StaleVersion as stale:
            now = stale.current
            saved = (
                ItemRecordForm(initial={"version": now.version, "summary": now.summary, "risks": now.risks})
                if isinstance(now, AgendaItem)
                else None
            )
            show_conflict(form, stale, case=item.case, saved=saved)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The summary and risks were saved."))
            return redirect("marac:shared_case", item_id=item.pk)
    return render(request, "marac/item_record.html", {"item": item, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def item_close(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = _chaired_item(request, item_id)
    form = ItemCloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_close(actor=request.user, item=item, note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The case was closed at MARAC."))
            return redirect("marac:shared_case", item_id=item.pk)
    return render(request, "marac/item_close.html", {"item": item, "form": form})


@require_POST
@login_required
def meeting_held(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_selectors.meeting_for(request.user, meeting_id)
    try:
        services.meeting_held(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting was recorded as held. Its minutes are now due."))
    return redirect("marac:meeting", meeting_id=meeting.pk)


@require_safe
@login_required
def minutes(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = minutes_selectors.minutes_meeting_for(request.user, meeting_id)
    if is_representative(request.user) and not access.acknowledged(request.user, meeting):
        raise Http404
    services.minutes_viewed(actor=request.user, meeting=meeting)
    return render(
        request,
        "marac/minutes.html",
        {
            "meeting": meeting,
            "coordinator": coordinates(request.user, meeting.area),
            **minutes_selectors.minutes(meeting),
        },
    )


@require_POST
@login_required
def minutes_issue(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_selectors.meeting_for(request.user, meeting_id)
    try:
        services.minutes_issue(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The minutes were issued."))
    return redirect("marac:meeting", meeting_id=meeting.pk)


@require_safe
@login_required
def overdue_actions(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not overdue_selectors.sees_overdue(request.user):
        raise Http404
    page = paginate(request, overdue_selectors.overdue_actions_for(request.user))
    return render(request, "marac/overdue_actions.html", {"page": page})


@require_http_methods(["GET", "POST"])
@login_required
def victim_update(request: AuthenticatedHttpRequest, case_id: int, item_id: int) -> HttpResponse:
    case = case_selectors.editable_case_for(request.user, case_id)
    if not can_edit(request.user, case):
        raise Http404
    item = AgendaItem.objects.select_related("meeting", "case").filter(pk=item_id, case=case).first()
    if item is None:
        raise Http404
    contact = getattr(case, "safe_contact", None)
    form = VictimUpdateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.victim_update_record(
                actor=request.user,
                item=item,
                told_at=form.told_at(),
                channel=data["channel"],
                passed_on=data["passed_on"],
                emergency=data["emergency"],
                emergency_reason=data["emergency_reason"],
                submission=data["submission"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("What the victim was told was recorded."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "marac/victim_update.html",
        {"case": case, "item": item, "form": form, "contact": contact, "updates": list(item.victim_updates.all())},
    )

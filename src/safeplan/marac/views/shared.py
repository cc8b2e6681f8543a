"""What a partner agency's representative sees of cases heard at MARAC: only while their agency needs to know.

Cases are found through safeplan.marac.selectors.access; the case's own pages stay closed to
partners. The agenda opens only after the representative acknowledges the meeting's
confidentiality statement, and every view of a case is audited.
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
from safeplan.content.marac_menu import marac_menu
from safeplan.marac.forms.actions import ActionForm, CloseForm
from safeplan.marac.permissions import coordinates, is_representative
from safeplan.marac.selectors import access
from safeplan.marac.selectors import meetings as meeting_selectors
from safeplan.marac.selectors import referrals as referral_selectors
from safeplan.marac.selectors import research as research_selectors
from safeplan.marac.services import actions as action_services
from safeplan.marac.services import meetings as services
from safeplan.web.forms import add_service_errors
from safeplan.web.pagination import paginate


@require_safe
@login_required
def shared_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_representative(request.user):
        raise Http404
    page = paginate(request, access.partner_items(request.user))
    return render(request, "marac/shared_list.html", {"page": page})


@require_safe
@login_required
def shared_case(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = access.item_for(request.user, item_id)
    if is_representative(request.user) and not access.acknowledged(request.user, item.meeting):
        return render(request, "marac/confidentiality.html", {"item": item})
    services.case_viewed(actor=request.user, item=item)
    actions = list(access.item_actions(item))
    # A place the owning team shared for an action shows only to that action's agency while it is open.
    revealed = [
        a
        for a in actions
        if a.shared_location_id is not None and a.state == a.State.OPEN and a.agency_id == request.user.agency_id
    ]
    action_services.shared_locations_viewed(actor=request.user, actions=revealed)
    return render(
        request,
        "marac/shared_case.html",
        {
            "item": item,
            "referral": item.referral,
            "facts": referral_selectors.facts_display(item.referral.prefill),
            "actions": actions,
            "revealed": {a.pk for a in revealed},
            "coordinator": coordinates(request.user, item.meeting.area),
            "shared_notes": list(research_selectors.shared_research(item)),
            "shared_yet": research_selectors.shared_at_meeting(item),
        },
    )


@require_POST
@login_required
def shared_acknowledge(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = access.item_for(request.user, item_id)
    services.confidentiality_acknowledge(actor=request.user, meeting=item.meeting)
    return redirect("marac:shared_case", item_id=item.pk)


@require_http_methods(["GET", "POST"])
@login_required
def action_new(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = access.item_for(request.user, item_id)
    if not coordinates(request.user, item.meeting.area):
        raise Http404
    grade = str(item.referral.prefill.get("assessment", {}).get("level", "high"))
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        menu=marac_menu().for_grade(grade),
        agencies=list(meeting_selectors.invited_agencies(item.meeting)),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action_services.action_add(
                actor=request.user,
                item=item,
                part=data["part"],
                menu_id=data["menu_id"] or "",
                text=data["text"],
                agency=form.chosen_agency(),
                owner=data["owner"],
                due_on=data["due_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action was added."))
            return redirect("marac:shared_case", item_id=item.pk)
    return render(request, "marac/action_form.html", {"item": item, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def action_close(request: AuthenticatedHttpRequest, action_id: int) -> HttpResponse:
    action = access.action_for(request.user, action_id)
    form = CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            action_services.action_close(
                actor=request.user, action=action, state=form.cleaned_data["state"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action was closed."))
            return redirect("marac:shared_case", item_id=action.item_id)
    return render(request, "marac/action_close.html", {"action": action, "form": form})

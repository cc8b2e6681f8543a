"""A coordinator's meeting pages: arrange a meeting, accept referrals onto it, invite, circulate, attendance.

Every page finds the meeting (or referral) among those of the MARACs the user coordinates;
anyone else gets 404, exactly as for a missing id.
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
from safeplan.marac.forms.meetings import AcceptForm, AttendanceForm, InviteForm, MeetingForm
from safeplan.marac.models import MaracReferral
from safeplan.marac.permissions import is_coordinator_role
from safeplan.marac.selectors import areas as area_selectors
from safeplan.marac.selectors import meetings as selectors
from safeplan.marac.selectors import referrals as referral_selectors
from safeplan.marac.services import meetings as services
from safeplan.web.forms import add_service_errors
from safeplan.web.pagination import paginate


@require_safe
@login_required
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_coordinator_role(request.user):
        raise Http404
    page = paginate(request, selectors.meetings_for(request.user))
    return render(request, "marac/meeting_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@login_required
def meeting_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_coordinator_role(request.user):
        raise Http404
    areas = list(area_selectors.areas_for(request.user).filter(coordinators=request.user))
    if not areas:
        raise Http404
    form = MeetingForm(request.POST if request.method == "POST" else None, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=request.user,
                area=form.chosen_area(),
                meets_at=form.meets_at(),
                venue=form.cleaned_data["venue"],
                chair=form.cleaned_data["chair"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting was arranged. Accept referrals onto its agenda next."))
            return redirect("marac:meeting", meeting_id=meeting.pk)
    return render(request, "marac/meeting_form.html", {"form": form})


@require_safe
@login_required
def meeting_detail(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, meeting_id)
    services.meeting_viewed(actor=request.user, meeting=meeting)
    return render(
        request,
        "marac/meeting_detail.html",
        {
            "meeting": meeting,
            "items": list(selectors.agenda(meeting)),
            "invitations": list(selectors.invitations(meeting)),
            "attendance": list(selectors.attendance(meeting)),
            "can_invite": selectors.invitable_agencies(meeting).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def referral_accept(request: AuthenticatedHttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_selectors.queued_referral_for(request.user, referral_id)
    if referral.status != MaracReferral.Status.SUBMITTED:
        raise Http404
    form = AcceptForm(
        request.POST if request.method == "POST" else None,
        meetings=list(selectors.meetings_to_accept_onto(referral)[:20]),
        neighbourhoods=list(referral.area.neighbourhoods.order_by("name")),
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.referral_accept(
                actor=request.user,
                referral=referral,
                meeting=form.chosen_meeting(),
                neighbourhood=form.chosen_neighbourhood(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if item.late:
                messages.success(request, _("The case was added to the agenda as a late addition."))
            else:
                messages.success(request, _("The case was added to the agenda."))
            return redirect("marac:meeting", meeting_id=item.meeting_id)
    return render(request, "marac/referral_accept.html", {"referral": referral, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def meeting_invite(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, meeting_id)
    form = InviteForm(
        request.POST if request.method == "POST" else None, agencies=list(selectors.invitable_agencies(meeting))
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_invite(actor=request.user, meeting=meeting, agency=form.chosen_agency())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agency was invited."))
            return redirect("marac:meeting", meeting_id=meeting.pk)
    return render(request, "marac/meeting_invite.html", {"meeting": meeting, "form": form})


@require_POST
@login_required
def meeting_circulate(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, meeting_id)
    try:
        services.agenda_circulate(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The agenda was circulated to the invited agencies."))
    return redirect("marac:meeting", meeting_id=meeting.pk)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_attendance(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, meeting_id)
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, agencies=list(selectors.invited_agencies(meeting))
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                actor=request.user,
                meeting=meeting,
                agency=form.chosen_agency(),
                name=form.cleaned_data["name"],
                status=form.cleaned_data["status"],
                information_sent=form.cleaned_data["information_sent"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The attendance was recorded."))
            return redirect("marac:meeting", meeting_id=meeting.pk)
    return render(request, "marac/meeting_attendance.html", {"meeting": meeting, "form": form})

"""A supervisor's view of what one user in their agency has done."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.accounts.models import Role, User
from safeplan.audit.selectors import events_by_user
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb


@require_safe
@login_required
def user_audit_view(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    viewer = request.user
    if viewer.role != Role.SUPERVISOR or not viewer.agency_id:
        raise Http404
    subject = get_object_or_404(User, pk=user_id, agency_id=viewer.agency_id)
    record(actor=viewer, verb=Verb.USER_AUDIT_VIEWED, target=subject)
    # Free-text reasons stay on each case's own audit page: this list spans cases the viewer cannot open.
    return render(
        request,
        "accounts/user_audit.html",
        {"subject": subject, "events": events_by_user(subject.pk)[:500], "show_reasons": False},
    )

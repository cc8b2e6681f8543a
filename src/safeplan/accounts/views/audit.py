"""A supervisor's views of the audit trail: what one user in their agency has done, and who in
their agency keeps being refused cases (an insider trying other cases' ids leaves a trace)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.accounts.models import Role, User
from safeplan.audit.selectors import events_by_user, refusals_by_actor
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.web.pagination import AUDIT_ORDER, keyset, paginate


@require_safe
@login_required
def user_audit_view(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    viewer = request.user
    if viewer.role != Role.SUPERVISOR or not viewer.agency_id:
        raise Http404
    subject = get_object_or_404(User, pk=user_id, agency_id=viewer.agency_id)
    record(actor=viewer, verb=Verb.USER_AUDIT_VIEWED, target=subject)
    # Free-text reasons stay on each case's own audit page: this list spans cases the viewer cannot open.
    events = keyset(
        request,
        events_by_user(subject.pk),
        ordering=AUDIT_ORDER,
        previous_label=_("Later events"),
        next_label=_("Earlier events"),
    )
    return render(request, "accounts/user_audit.html", {"subject": subject, "events": events, "show_reasons": False})


REFUSALS_DAYS = 30
# From this many refusals in the period a user is marked for the supervisor's attention.
REPEATED_REFUSALS = 3


@require_safe
@login_required
def refused_access_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request.user
    if viewer.role != Role.SUPERVISOR or not viewer.agency_id:
        raise Http404
    rows = refusals_by_actor(
        actor_ids=User.objects.filter(agency_id=viewer.agency_id).values("pk"),
        since=timezone.now() - timedelta(days=REFUSALS_DAYS),
    )
    page = paginate(request, rows)
    people = User.objects.in_bulk([row["actor_id"] for row in page])
    entries = [
        {**row, "user": people[row["actor_id"]], "repeated": row["refusals"] >= REPEATED_REFUSALS} for row in page
    ]
    record(actor=viewer, verb=Verb.REFUSALS_VIEWED)
    return render(
        request,
        "accounts/refused_access.html",
        {"page": page, "entries": entries, "days": REFUSALS_DAYS, "repeated": REPEATED_REFUSALS},
    )

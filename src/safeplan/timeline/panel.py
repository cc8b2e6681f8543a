"""The timeline's section of the case page: bail now, what is due, and the latest events."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.cases import permissions
from safeplan.cases.models import Case
from safeplan.timeline import selectors
from safeplan.timeline.models import Obligation
from safeplan.timeline.permissions import mark_actions
from safeplan.web.pagination import page_size

RECENT_EVENTS = 5


def timeline_panel_context(case: Case, user: User) -> dict[str, Any]:
    """Return the panel's context in a fixed number of queries, however long the timeline."""
    can_edit = permissions.can_edit(user, case)
    # The soonest due a page's worth: a busy case's hundreds of open obligations made the case page
    # the slowest in the force (make bench); the count says how many more there are.
    shown = page_size()
    obligations = list(selectors.open_obligations(case)[:shown])
    open_count = Obligation.objects.filter(case=case, done_at__isnull=True).count()
    mark_actions(user, obligations, can_edit_case=can_edit)
    recent = list(case.events.select_related("recorded_by").order_by("-occurred_at", "-pk")[: RECENT_EVENTS + 1])
    return {
        "bail": selectors.current_bail(case),
        "open_obligations": obligations,
        "open_count": open_count,
        "recent_events": recent[:RECENT_EVENTS],
        "more_events": len(recent) > RECENT_EVENTS,
        "can_edit": can_edit,
        "now": timezone.now(),
        **selectors.bail_breach_advice(),
    }

"""The timeline's section of the case page: bail now, what is due, and the latest events."""

from __future__ import annotations

from datetime import timedelta
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


# The home page shows this many tasks of each kind and links to the full list.
HOME_TASKS = 8


def home_tasks_context(user: User, team: bool) -> dict[str, Any]:
    """Return the home page's tasks: overdue and due today (the user's, or the supervisor's team's)."""
    now = timezone.now()
    if team:
        overdue = selectors.team_overdue(user, now)
        rows = {"overdue": list(overdue[:HOME_TASKS]), "due_today": []}
        counts = {"overdue": overdue.count(), "due_today": 0}
    else:
        queue = selectors.my_queue(user)
        counts = selectors.queue_counts(queue, now)
        rows = {state: list(selectors.in_state(queue, state, now)[:HOME_TASKS]) for state in ("overdue", "due_today")}
    for listed in rows.values():
        mark_actions(user, listed)
    return {"tasks": rows, "task_counts": counts, "tasks_team": team, "tasks_shown": HOME_TASKS}


RECENT_NOTES = 3
# A supervisor's home lists the contacts made against an arrangement in this many days.
AGAINST_DAYS = 30


def notes_panel_context(case: Case, user: User) -> dict[str, Any]:
    """Return the latest notes and contacts of the case, in two queries whatever their number."""
    return {
        "recent_notes": list(selectors.case_notes(case)[:RECENT_NOTES]),
        "recent_contacts": list(selectors.case_contacts(case)[:RECENT_NOTES]),
        "can_edit": permissions.can_edit(user, case),
    }


def home_against_context(user: User, team: bool) -> dict[str, Any]:
    """Return, for a supervisor, the recent emergency contacts against an arrangement on the team's cases."""
    if not selectors.can_see_team_overdue(user):
        return {"against_shown": False}
    rows = selectors.recent_against_arrangement(user, timezone.now() - timedelta(days=AGAINST_DAYS))
    return {
        "against_shown": True,
        "against": list(rows[:HOME_TASKS]),
        "against_total": rows.count(),
        "against_days": AGAINST_DAYS,
    }

"""MARAC meeting rules that need no database: the agenda cut-off, the need-to-know window, action states.

A partner agency sees a case heard at a MARAC only while it needs to (SafeLives; the issue's
"need to know"): from when the agenda is circulated to it until a set number of days after
the meeting, or while it holds an open action on the case. Actions are never deleted; an
action that was not done is closed with the reason, and the minutes say which of the two
kinds of "not done" it was (circumstances changed, or the agency did not do it).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from safeplan.domain.workdays import is_working_day, london_day, previous_working_day

OPEN = "open"
DONE = "done"
COULD_NOT = "could_not"  # could not be done: circumstances changed
NOT_DONE = "not_done"  # the agency did not do it
ACTION_STATES = (OPEN, DONE, COULD_NOT, NOT_DONE)
# A closing state that is not "done" needs its reason, for the review at the next meeting.
NEEDS_REASON = frozenset({COULD_NOT, NOT_DONE})

VICTIM = "victim"
CHILDREN = "children"
OTHER_ADULTS = "other_adults"
PERPETRATOR = "perpetrator"
# The four parts of a multi-agency risk management plan (SafeLives principle 6).
PLAN_PARTS = (VICTIM, CHILDREN, OTHER_ADULTS, PERPETRATOR)


class ActionError(ValueError):
    """A refused change of an action's state: ``field`` and ``code`` say why."""

    def __init__(self, message: str, *, field: str | None, code: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = code


def agenda_cutoff(meeting_on: date, working_days: int, nation: str) -> date:
    """Return the last day a case can join the agenda on time: N working days before the meeting day.

    0 means the meeting day itself (or the last working day before it when it is not one).
    Raise ValueError for a negative count.
    """
    if working_days < 0:
        raise ValueError(f"working_days must be 0 or more, got {working_days}")
    day = meeting_on if is_working_day(meeting_on, nation) else previous_working_day(meeting_on, nation)
    for _ in range(working_days):
        day = previous_working_day(day, nation)
    return day


def is_late(added_at: datetime, meeting_on: date, working_days: int, nation: str, *, circulated: bool) -> bool:
    """Return True when a case joins the agenda after the cut-off or after the agenda went out."""
    return circulated or london_day(added_at) > agenda_cutoff(meeting_on, working_days, nation)


def access_ends(meeting_at: datetime, days_after: int) -> datetime:
    """Return the moment an attending agency's access to the meeting's cases ends."""
    if days_after < 1:
        raise ValueError(f"days_after must be 1 or more, got {days_after}")
    return meeting_at + timedelta(days=days_after)


def in_window(now: datetime, *, circulated_at: datetime | None, meeting_at: datetime, days_after: int) -> bool:
    """Return True from the agenda's circulation until access ends; never before it is circulated."""
    return circulated_at is not None and circulated_at <= now <= access_ends(meeting_at, days_after)


def partner_may_see(
    now: datetime,
    *,
    signed: bool,
    invited: bool,
    circulated_at: datetime | None,
    meeting_at: datetime,
    days_after: int,
    open_actions: int,
) -> bool:
    """Return True when a partner agency may see a case heard at a meeting (need to know).

    It must have signed the area's protocol in force; then either it was invited and the
    window is open, or it holds an open action on the case.
    """
    if not signed:
        return False
    if open_actions > 0:
        return True
    return invited and in_window(now, circulated_at=circulated_at, meeting_at=meeting_at, days_after=days_after)


def check_transition(current: str, new: str, reason: str) -> None:
    """Refuse a change of action state that is not allowed: only an open action closes, and not silently."""
    if new not in ACTION_STATES or new == OPEN:
        raise ActionError("choose how the action ended", field="state", code="unknown_state")
    if current != OPEN:
        raise ActionError("the action is already closed", field=None, code="closed")
    if new in NEEDS_REASON and not reason.strip():
        raise ActionError("a reason is needed", field="reason", code="reason_needed")


def is_overdue(state: str, due_on: date, today: date) -> bool:
    """Return True for an open action past its due day."""
    return state == OPEN and due_on < today

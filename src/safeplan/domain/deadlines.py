"""The obligations a case event creates, with their owners and due times in UK working days.

A notifiable development (002, "Keeping the victim informed") creates a notify obligation; a
trigger point (002, "Trigger points") creates a reassessment and a safety plan review. The
rules are data (safeplan/content/events.yaml); this module only does the arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from safeplan.content.events import EventType, event_rules
from safeplan.domain.workdays import (
    check_nation,
    end_of_day,
    london_day,
    previous_working_day,
    working_day_deadline,
)

ObligationKind = Literal["notify", "reassess", "review_plan"]
# "responsible_officer" owns risk assessment and safety planning on the case; notify
# obligations are owned as the event rule says ("spoc" or "witness_care").
OwnerRole = Literal["spoc", "witness_care", "responsible_officer"]


@dataclass(frozen=True, slots=True)
class ObligationSpec:
    """An obligation to create: what, whose, and by when."""

    kind: ObligationKind
    owner_role: OwnerRole
    due_at: datetime
    # The working days the rule allows, for display ("within 1 working day"); due_at may be
    # sooner when the event has a date the obligation must come before.
    working_days: int


def obligations_for_event(
    event_type_id: str,
    occurred_at: datetime,
    nation: str,
    enhanced_rights: bool = True,
    *,
    received_at: datetime | None = None,
    details: Mapping[str, object] | None = None,
) -> list[ObligationSpec]:
    """Return the obligations an event creates, notify first, then reassess, then review_plan.

    occurred_at is when the event happened (timezone-aware); nation is the jurisdiction whose
    bank holidays count ("england-and-wales", "scotland" or "northern-ireland").
    enhanced_rights selects the Victims' Code enhanced deadline, which victims of domestic
    abuse are entitled to; pass False only for a victim with standard rights.

    received_at is when the owner received the result from the court. The notify deadline of
    an event whose rule counts from "information_received" runs from it; without it, or for
    any other event, the deadline runs from occurred_at, which is never later.

    details holds the event's recorded fields. When the event type names a due_before date
    field (a release date, an expiry date, a trial date) and details gives that date, every
    obligation is due by the end of the last working day before it, if that is sooner. If
    that day has already passed when the event happened, the obligation is due by the end of
    the first working day on or after the event day: as soon as possible, never in the past.

    Raise ValueError for an unknown event type, a naive datetime, an unknown nation or a
    received_at before occurred_at; TypeError when the due_before detail is not a date.
    """
    event = _event_type(event_type_id)
    london_day(occurred_at)  # reject a naive datetime before anything else
    check_nation(nation)
    limit = _due_before_limit(event, occurred_at, nation, details or {})
    obligations: list[ObligationSpec] = []

    if event.notify is not None:
        rule = event.notify
        days = rule.working_days_enhanced if enhanced_rights else rule.working_days_standard
        start = occurred_at
        if received_at is not None:
            london_day(received_at)
            if received_at < occurred_at:
                raise ValueError("received_at is before occurred_at: a result cannot arrive before the event")
            if rule.counted_from == "information_received":
                start = received_at
        obligations.append(_spec("notify", rule.owner, start, days, nation, limit))

    if event.trigger_point:
        # The content model guarantees both windows are set on a trigger point.
        assert event.reassess_within_working_days is not None
        assert event.review_plan_within_working_days is not None
        reviews: tuple[tuple[ObligationKind, int], ...] = (
            ("reassess", event.reassess_within_working_days),
            ("review_plan", event.review_plan_within_working_days),
        )
        for kind, days in reviews:
            obligations.append(_spec(kind, "responsible_officer", occurred_at, days, nation, limit))
    return obligations


def _event_type(event_type_id: str) -> EventType:
    try:
        return event_rules().by_id(event_type_id)
    except KeyError:
        raise ValueError(f"unknown event type {event_type_id!r}") from None


def _due_before_limit(
    event: EventType, occurred_at: datetime, nation: str, details: Mapping[str, object]
) -> datetime | None:
    """Return the latest due time the event's due_before date allows, or None if there is none."""
    if event.due_before is None or details.get(event.due_before) is None:
        return None
    before = details[event.due_before]
    if isinstance(before, datetime) or not isinstance(before, date):
        raise TypeError(f"{event.id}.{event.due_before} must be a date, got {type(before).__name__}")
    limit = end_of_day(previous_working_day(before, nation))
    if limit < occurred_at:
        # Too late to act before the date: act now rather than carry a deadline already missed.
        return working_day_deadline(occurred_at, 0, nation)
    return limit


def _spec(
    kind: ObligationKind,
    owner_role: OwnerRole,
    start: datetime,
    working_days: int,
    nation: str,
    limit: datetime | None,
) -> ObligationSpec:
    due_at = working_day_deadline(start, working_days, nation)
    if limit is not None and limit < due_at:
        due_at = limit
    return ObligationSpec(kind=kind, owner_role=owner_role, due_at=due_at, working_days=working_days)

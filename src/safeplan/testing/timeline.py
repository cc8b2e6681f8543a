"""Timeline records for tests, made through the real services: valid events of any type, shared ids."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.cases.models import Case
from safeplan.content.events import EventType, event_rules
from safeplan.timeline.models import CaseEvent
from safeplan.timeline.notes import note_write
from safeplan.timeline.services import event_record

if TYPE_CHECKING:
    from safeplan.personas import World

BAIL_CONDITIONS = "Must not go to Rose Street or contact Vicky in any way. Home by 9pm every night."


def timeline_ids(world: World) -> dict[str, int]:
    """Return ids of a withdrawal event ("event_id") and an open notify obligation ("obligation_id") in world.case.

    The records are made on the first call and kept on the world, so repeated calls create nothing.
    """
    cache: dict[str, int] = world.__dict__.setdefault("_timeline_ids", {})
    if not cache:
        earlier = timezone.now() - timedelta(hours=2)
        withdrawal = event_record(
            actor=world.alice,
            case=world.case,
            type_id="withdrawal_of_support",
            occurred_at=earlier,
            fields={"pressure_suspected": "not_known"},
        )
        arrest = event_record(actor=world.alice, case=world.case, type_id="arrest", occurred_at=earlier)
        cache["note_id"] = note_write(actor=world.alice, case=world.case, text="A synthetic case note.").pk
        cache["event_id"] = withdrawal.pk
        cache["obligation_id"] = arrest.obligations.get(kind="notify").pk
    return cache


def valid_fields(event_type: EventType) -> dict[str, Any]:
    """Return a valid value for every field of the type, as the service takes them."""
    values: dict[str, Any] = {}
    for field in event_type.fields:
        values[field.id] = {
            "text": f"Synthetic {field.id}",
            "date": date.today() + timedelta(days=10),
            "time": time(10, 0),
            "choice": field.choices[0].id if field.choices else None,
            "yes_no": True,
        }[field.kind]
    return values


def valid_post(event_type: EventType, occurred: datetime | None = None) -> dict[str, str]:
    """Return form data that records the type through the page (one showing of the form: a fresh token)."""
    occurred = timezone.localtime(occurred or timezone.now() - timedelta(hours=3))
    data = {
        "occurred_on": occurred.strftime("%Y-%m-%d"),
        "occurred_time": occurred.strftime("%H:%M"),
        "submission": str(uuid4()),
    }
    for key, value in valid_fields(event_type).items():
        if isinstance(value, bool):
            data[key] = "yes" if value else "no"
        elif hasattr(value, "strftime"):
            data[key] = value.strftime("%H:%M") if hasattr(value, "hour") else value.strftime("%Y-%m-%d")
        else:
            data[key] = str(value)
    return data


def record(user: User, case: Case, type_id: str, *, ago: timedelta = timedelta(hours=3), **fields: Any) -> CaseEvent:
    """Record an event of the type with valid fields (overridden by ``fields``), ``ago`` in the past."""
    values = valid_fields(event_rules().by_id(type_id))
    values.update(fields)
    return event_record(actor=user, case=case, type_id=type_id, occurred_at=timezone.now() - ago, fields=values)

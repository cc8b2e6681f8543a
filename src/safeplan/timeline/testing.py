"""Helpers for other apps' tests: timeline records in the shared test world, made once per world."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from safeplan.timeline.services import event_record

if TYPE_CHECKING:
    from safeplan.conftest import World


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
        cache["event_id"] = withdrawal.pk
        cache["obligation_id"] = arrest.obligations.get(kind="notify").pk
    return cache

"""Helpers for other apps' tests: an incident and an exhibit in the shared test world, made once per world."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from safeplan.evidence.services import attachment_add, incident_record

if TYPE_CHECKING:
    from safeplan.conftest import World

# A 1x1 PNG: the smallest exhibit the type check accepts as an image.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def evidence_ids(world: World) -> dict[str, int]:
    """Return ids of an incident ("incident_id") and its exhibit ("attachment_id") in world.case.

    The records are made on the first call and kept on the world, so repeated calls create nothing.
    """
    cache: dict[str, int] = world.__dict__.setdefault("_evidence_ids", {})
    if not cache:
        incident = incident_record(
            actor=world.alice,
            case=world.case,
            data={"occurred_at": timezone.now() - timedelta(days=2), "summary": "Synthetic test incident."},
        )
        exhibit = attachment_add(
            actor=world.alice,
            case=world.case,
            incident=incident,
            upload=io.BytesIO(TINY_PNG),
            name="screenshot.png",
            size=len(TINY_PNG),
        )
        cache["incident_id"] = incident.pk
        cache["attachment_id"] = exhibit.pk
    return cache

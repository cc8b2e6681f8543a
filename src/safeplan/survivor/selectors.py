"""Reads for the survivor space."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from safeplan.survivor.document import PlanSpace
from safeplan.survivor.models import VaultShare
from safeplan.survivor.services import format_share_code


@dataclass(frozen=True)
class ShareStatus:
    id: int
    code: str
    status: str  # "active", "used", "revoked" or "expired"
    expires_at: datetime | None


def share_statuses(document: PlanSpace) -> list[ShareStatus]:
    """Return the state of every share code the space made, newest first."""
    recorded = document.shares
    rows = {share.pk: share for share in VaultShare.objects.filter(pk__in=[entry.id for entry in recorded])}
    now = timezone.now()
    statuses = []
    for entry in reversed(recorded):
        row = rows.get(entry.id)
        if row is None or row.revoked_at is not None:
            status = "revoked"
        elif row.used_at is not None:
            status = "used"
        elif row.expires_at <= now:
            status = "expired"
        else:
            status = "active"
        statuses.append(
            ShareStatus(
                id=entry.id,
                code=format_share_code(entry.code),
                status=status,
                expires_at=row.expires_at if row is not None else None,
            )
        )
    return statuses

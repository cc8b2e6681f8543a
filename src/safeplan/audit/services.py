"""Write to the audit trail. Call record() inside the transaction of the write it describes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from safeplan.audit.models import AuditChainHead, AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.domain.hashchain import GENESIS_HASH, link_hash

CHAIN_KIND = "entry"


def record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    verb: Verb,
    target: models.Model | None = None,
    case_id: int | None = None,
    detail: Mapping[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append an event to the audit chain and return it.

    Runs in the caller's transaction, so the event and the write it describes are
    committed together or not at all.
    """
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            id=1, defaults={"sequence": 0, "hash": GENESIS_HASH}
        )
        event = AuditEvent(
            sequence=head.sequence + 1,
            occurred_at=timezone.now(),
            actor=user,  # type: ignore[misc]
            actor_label=actor_label or (user.get_username() if user is not None else ""),
            verb=verb,
            target_type=(target._meta.model_name or "") if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            case_id=case_id,
            detail=dict(detail or {}),
            previous_hash=head.hash,
        )
        event.hash = link_hash(head.hash, CHAIN_KIND, event.chain_payload())
        event.save()
        AuditChainHead.objects.filter(id=1).update(sequence=event.sequence, hash=event.hash)
    return event

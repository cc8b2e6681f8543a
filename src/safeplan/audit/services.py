"""Write to the audit trail. Call record() inside the transaction of the write it describes."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from safeplan.audit.models import SEALED, AuditChainHead, AuditEvent, SealedDetail
from safeplan.audit.verbs import Verb
from safeplan.domain.auditchain import chain_for, keyed_link
from safeplan.domain.fieldcrypto import Keyring
from safeplan.domain.hashchain import GENESIS_HASH
from safeplan.domain.signing import SigningKeys

logger = logging.getLogger("safeplan.access")


def audit_keys() -> Keyring:
    """Return the audit chain keyring (SAFEPLAN_AUDIT_KEY, read and checked once, in settings)."""
    ring: Keyring = settings.AUDIT_KEYRING
    return ring


def access_refused(*, actor: AbstractBaseUser, case_id: int, case_exists: bool, wanted: str) -> AuditEvent:
    """Record that actor was answered 404 for a case id: not theirs, or no such case.

    Both go the same way (the same queries and the same write), so the time a refusal takes
    says no more than its page. The event names the case when it exists, so the case's own
    trail shows who tried to open it.
    """
    logger.warning("case access refused: user %s, case id %s (%s)", actor.pk, case_id, wanted)
    return record(
        actor=actor,
        verb=Verb.CASE_ACCESS_REFUSED,
        case_id=case_id if case_exists else None,
        detail={"requested": case_id, "exists": case_exists, "wanted": wanted},
    )


def signing_keys() -> SigningKeys:
    """Return the deployment's Ed25519 keys, which sign checkpoints (SAFEPLAN_SIGNING_KEY)."""
    keys: SigningKeys = settings.SIGNING_KEYS
    return keys


def _locked_head(chain: int) -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:
        # A chain's first event: create its head once; a writer racing to do the same is ignored.
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(chain=chain, sequence=0, hash=GENESIS_HASH)], ignore_conflicts=True
        )
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
    return head


def record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    verb: Verb,
    target: models.Model | None = None,
    case_id: int | None = None,
    detail: Mapping[str, Any] | None = None,
    sealed: Mapping[str, str] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append an event to its actor's audit chain and return it.

    Runs in the caller's transaction, so the event and the write it describes are
    committed together or not at all. Only the actor's chain head is locked, so writers
    acting for other people do not wait.

    sealed holds free text (a reason) that must not be stored in the clear: it is encrypted in a
    SealedDetail row and the event's detail names its keys; the keyed link covers it as if it
    were in the detail.
    """
    clear = dict(detail or {})
    secret = {name: value for name, value in (sealed or {}).items() if value}
    if SEALED in clear or set(clear) & set(secret):
        raise ValueError("a sealed detail key is also in the clear detail")
    if secret:
        clear[SEALED] = sorted(secret)
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    label = actor_label or (user.get_username() if user is not None else "")
    ring = audit_keys()
    chain = chain_for(user.pk if user is not None else None, label, settings.AUDIT_CHAINS)
    with transaction.atomic():
        head = _locked_head(chain)
        event = AuditEvent(
            chain=chain,
            sequence=head.sequence + 1,
            occurred_at=timezone.now(),
            actor=user,  # type: ignore[misc]
            actor_label=label,
            verb=verb,
            target_type=(target._meta.model_name or "") if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            case_id=case_id,
            detail=clear,
            key_id=ring.current,
            previous_hash=head.hash,
        )
        if secret:
            event.sealed = SealedDetail(values=secret)
        event.hash = keyed_link(ring.key(ring.current), head.hash, event.chain_payload())
        event.save()
        if secret:
            event.sealed.save()
        AuditChainHead.objects.filter(chain=chain).update(sequence=event.sequence, hash=event.hash)
    return event

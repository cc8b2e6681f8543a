"""Check the audit chain end to end, naming the first broken link."""

from __future__ import annotations

from dataclasses import dataclass

from safeplan.audit.models import AuditChainHead, AuditEvent
from safeplan.audit.services import CHAIN_KIND
from safeplan.domain.hashchain import GENESIS_HASH, link_hash


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    events: int
    message: str
    broken_sequence: int | None = None


def verify_chain(*, batch_size: int = 2000) -> ChainCheck:
    """Recompute every event's hash in order; stop at the first that does not match."""
    previous = GENESIS_HASH
    expected_sequence = 1
    count = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=batch_size):
        if event.sequence != expected_sequence:
            return ChainCheck(
                False, count, f"event #{expected_sequence} is missing (next is #{event.sequence})", expected_sequence
            )
        if event.previous_hash != previous:
            return ChainCheck(
                False, count, f"event #{event.sequence} does not follow the event before it", event.sequence
            )
        if link_hash(previous, CHAIN_KIND, event.chain_payload()) != event.hash:
            return ChainCheck(
                False, count, f"event #{event.sequence} has been changed since it was written", event.sequence
            )
        previous = event.hash
        expected_sequence += 1
        count += 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.sequence != count or head.hash != previous):
        return ChainCheck(False, count, f"the chain ends at #{count} but the head says #{head.sequence}", count + 1)
    return ChainCheck(True, count, f"the audit chain is intact: {count} events")

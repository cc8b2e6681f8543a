"""Check the audit chains end to end, naming the first broken link, and against the checkpoints
written outside the database (truncation, deletion, renumbering and recomputation)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from safeplan.audit.models import AuditChainHead, AuditEvent, SealedDetail
from safeplan.audit.services import audit_keys, signing_keys
from safeplan.domain import signing
from safeplan.domain.auditchain import LEGACY_KEY_ID, Checkpoint, CheckpointError, keyed_link, parse_checkpoint
from safeplan.domain.fieldcrypto import Keyring, UnknownKeyError
from safeplan.domain.hashchain import ENTRY, GENESIS_HASH, CanonicalError, link_hash


@dataclass(frozen=True)
class ChainCheck:
    """The outcome: ok, or every problem found, the first broken link first."""

    ok: bool
    events: int
    message: str
    broken_sequence: int | None = None
    broken_chain: int | None = None
    problems: list[str] = field(default_factory=list)
    checkpoints: int = 0


@dataclass
class _ChainState:
    length: int = 0
    head: str = GENESIS_HASH
    broken: str = ""
    broken_sequence: int | None = None
    # The links at the sequences some checkpoint names: (chain, sequence) -> link.
    seen: dict[int, str] = field(default_factory=dict)


def _expected_link(event: AuditEvent, previous: str, ring: Keyring) -> str:
    if event.key_id == LEGACY_KEY_ID:
        return link_hash(previous, ENTRY, event.legacy_payload())
    return keyed_link(ring.key(event.key_id), previous, event.chain_payload())


def _check_event(event: AuditEvent, state: _ChainState, ring: Keyring) -> str:
    """Return why the event breaks its chain, or "" if it follows on correctly."""
    expected_sequence = state.length + 1
    if event.sequence != expected_sequence:
        return f"chain {event.chain} event #{expected_sequence} is missing (next is #{event.sequence})"
    if event.previous_hash != state.head:
        return f"{event.link_name} does not follow the event before it"
    try:
        expected = _expected_link(event, state.head, ring)
    except UnknownKeyError:
        return f"{event.link_name} is keyed with {event.key_id!r}, which is not in SAFEPLAN_AUDIT_KEY"
    except CanonicalError as error:
        return f"{event.link_name} cannot be read: {error}"
    except SealedDetail.DoesNotExist:
        return f"{event.link_name} has lost its sealed detail (its reason was deleted)"
    except (KeyError, ValueError):
        return f"{event.link_name} has a sealed detail that does not open or does not match it"
    if expected != event.hash:
        return f"{event.link_name} has been changed since it was written (its keyed link does not match)"
    return ""


def _walk(batch_size: int, wanted: dict[int, set[int]]) -> tuple[dict[int, _ChainState], int]:
    ring = audit_keys()
    states: dict[int, _ChainState] = {}
    count = 0
    events = AuditEvent.objects.select_related("sealed").order_by("chain", "sequence").iterator(chunk_size=batch_size)
    for event in events:
        count += 1
        state = states.setdefault(event.chain, _ChainState())
        if state.broken:
            continue
        problem = _check_event(event, state, ring)
        if problem:
            state.broken, state.broken_sequence = problem, state.length + 1 if "missing" in problem else event.sequence
            continue
        state.length, state.head = event.sequence, event.hash
        if event.sequence in wanted.get(event.chain, ()):
            state.seen[event.sequence] = event.hash
    return states, count


def read_checkpoints(lines: Iterable[str], keys: signing.SigningKeys) -> tuple[list[Checkpoint], list[str]]:
    """Return the checkpoints in a sink's lines, and every problem with the sink itself.

    Each must be signed by the deployment, numbered one after the other and chained to the one
    before; a chain's head never moves back from one checkpoint to the next.
    """
    checkpoints: list[Checkpoint] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            checkpoints.append(parse_checkpoint(line, keys))
        except CheckpointError as error:
            problems.append(f"checkpoint file line {number}: {error}")
    for before, after in itertools.pairwise(checkpoints):
        if after.number != before.number + 1 or after.previous != before.digest():
            problems.append(
                f"checkpoint #{after.number} does not follow checkpoint #{before.number}: "
                "checkpoints were removed from the sink, or it was edited"
            )
        earlier = {head.chain: head.sequence for head in before.heads}
        for head in after.heads:
            if head.sequence < earlier.get(head.chain, 0):
                problems.append(
                    f"checkpoint #{after.number} puts chain {head.chain} back to #{head.sequence} "
                    f"from #{earlier[head.chain]}"
                )
    return checkpoints, problems


def _against_checkpoints(states: dict[int, _ChainState], checkpoints: list[Checkpoint]) -> list[str]:
    problems = []
    for checkpoint in checkpoints:
        when = f"checkpoint #{checkpoint.number} of {checkpoint.written_at}"
        for head in checkpoint.heads:
            state = states.get(head.chain, _ChainState())
            if head.sequence == 0:
                continue
            if state.broken and (state.broken_sequence or 0) <= head.sequence:
                continue  # already reported as a broken link
            if state.length < head.sequence:
                problems.append(
                    f"chain {head.chain} ends at #{state.length}, but {when} recorded it at #{head.sequence}: "
                    f"events #{state.length + 1} to #{head.sequence} were deleted (the chain was truncated)"
                )
            elif state.seen.get(head.sequence) != head.hash:
                problems.append(
                    f"chain {head.chain} event #{head.sequence} is not the event {when} recorded: "
                    "the chain was rewritten (events changed, deleted and renumbered, or recomputed)"
                )
    return problems


def verify_chain(*, batch_size: int = 2000, checkpoint_lines: Iterable[str] | None = None) -> ChainCheck:
    """Recompute every chain's links in order, naming each chain's first broken link; then, with
    checkpoint_lines (the sink's lines), check every checkpoint against the chains."""
    checkpoints: list[Checkpoint] = []
    problems: list[str] = []
    if checkpoint_lines is not None:
        checkpoints, problems = read_checkpoints(checkpoint_lines, signing_keys())
    wanted: dict[int, set[int]] = {}
    for checkpoint in checkpoints:
        for head in checkpoint.heads:
            wanted.setdefault(head.chain, set()).add(head.sequence)
    states, count = _walk(batch_size, wanted)
    broken = sorted((chain, state) for chain, state in states.items() if state.broken)
    link_problems = [state.broken for _, state in broken]
    for row in AuditChainHead.objects.order_by("chain"):
        state = states.get(row.chain, _ChainState())
        if not state.broken and (row.sequence != state.length or row.hash != state.head):
            link_problems.append(f"chain {row.chain} ends at #{state.length} but its head says #{row.sequence}")
    problems = link_problems + problems + _against_checkpoints(states, checkpoints)
    if problems:
        first_chain, first_state = broken[0] if broken else (None, None)
        return ChainCheck(
            ok=False,
            events=count,
            message=problems[0],
            broken_sequence=first_state.broken_sequence if first_state else None,
            broken_chain=first_chain,
            problems=problems,
            checkpoints=len(checkpoints),
        )
    anchored = f"; {len(checkpoints)} checkpoints match" if checkpoint_lines is not None else ""
    latest = f" (the latest of {checkpoints[-1].written_at})" if checkpoints else ""
    return ChainCheck(
        ok=True,
        events=count,
        message=f"the audit chain is intact: {count} events in {len(states)} chains{anchored}{latest}",
        checkpoints=len(checkpoints),
    )

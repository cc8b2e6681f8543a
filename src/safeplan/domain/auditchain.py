"""The rules of the audit trail's keyed chains and their signed checkpoints (pure Python).

The audit trail is split into N independent chains (partitions), so that concurrent writers do
not all wait on one head row. Each chain is append-only: every event carries its chain, its
sequence in that chain (from 1), the previous event's link and its own link,

    link = HMAC-SHA256(audit key, domain | previous link | canonical JSON of the event),

with the key (SAFEPLAN_AUDIT_KEY) held outside the database, so someone who holds only the
database cannot recompute a link after changing, deleting or renumbering events. Events written
before keyed chains keep their plain SHA-256 link (key id "") in chain 1; the first keyed event
after them binds their head under the key.

A checkpoint binds every chain's head (chain, sequence, link) at one moment, is numbered and
chained to the checkpoint before it, and is signed with the deployment's Ed25519 key. Written
outside the database on a schedule, checkpoints expose what the key alone cannot: truncation
(the newest events deleted and the heads moved back) and a rewrite by someone who also stole the
audit key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from safeplan.domain import signing
from safeplan.domain.hashchain import GENESIS_HASH, canonical_json, is_sha256_hex

_DOMAIN: Final = b"safeplan/audit/v2"
LEGACY_KEY_ID: Final = ""
CHECKPOINT_FORMAT: Final = "safeplan-audit-checkpoint"
CHECKPOINT_VERSION: Final = 1


def _field(data: bytes) -> bytes:
    return len(data).to_bytes(8, "big") + data


def keyed_link(key: bytes, previous_hash: str, payload: Mapping[str, Any]) -> str:
    """Return the HMAC-SHA256 link of an event's payload to the previous link, under key."""
    if not is_sha256_hex(previous_hash):
        raise ValueError("previous_hash must be 64 lowercase hexadecimal characters")
    if len(key) < 32:
        raise ValueError("an audit key must be at least 32 bytes")
    message = _field(_DOMAIN) + _field(previous_hash.encode("ascii")) + _field(canonical_json(payload))
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def chain_for(actor_id: int | None, actor_label: str, chains: int) -> int:
    """Return the chain (1 to chains) an actor's events go to.

    By actor, so that one request (one actor) appends to one chain and two transactions never
    wait on each other's heads in opposite orders; consecutive user ids spread evenly.
    """
    if chains < 1:
        raise ValueError("there must be at least one chain")
    if actor_id is not None:
        return 1 + actor_id % chains
    digest = hashlib.sha256(actor_label.encode("utf-8")).digest()
    return 1 + int.from_bytes(digest[:8], "big") % chains


@dataclass(frozen=True)
class Head:
    """Where one chain ends: its last sequence and that event's link."""

    chain: int
    sequence: int
    hash: str


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement of every chain's head at one time."""

    number: int
    written_at: str
    previous: str
    heads: tuple[Head, ...]
    events: int
    key: str
    signature: str = ""

    def body(self) -> dict[str, Any]:
        """Return what the signature covers."""
        return {
            "format": CHECKPOINT_FORMAT,
            "version": CHECKPOINT_VERSION,
            "number": self.number,
            "written_at": self.written_at,
            "previous": self.previous,
            "chains": [[head.chain, head.sequence, head.hash] for head in self.heads],
            "events": self.events,
            "key": self.key,
        }

    def line(self) -> str:
        """Return the checkpoint as one line of canonical JSON, signature included."""
        return canonical_json({**self.body(), "signature": self.signature}).decode("utf-8")

    def digest(self) -> str:
        """Return the SHA-256 of the line: the next checkpoint's `previous`."""
        return hashlib.sha256(self.line().encode("utf-8")).hexdigest()


def make_checkpoint(
    *,
    number: int,
    written_at: datetime,
    previous: str | None,
    heads: Sequence[Head],
    events: int,
    keys: signing.SigningKeys,
) -> Checkpoint:
    """Return checkpoint number `number` of heads, chained to the previous one's digest and signed."""
    unsigned = Checkpoint(
        number=number,
        written_at=canonical_json(written_at).decode("ascii").strip('"'),
        previous=previous or GENESIS_HASH,
        heads=tuple(sorted(heads, key=lambda head: head.chain)),
        events=events,
        key=keys.current_fingerprint,
    )
    signature = keys.sign(canonical_json(unsigned.body()))
    return Checkpoint(**{**unsigned.__dict__, "signature": base64.b64encode(signature).decode("ascii")})


class CheckpointError(ValueError):
    """A line of a checkpoint sink is not a checkpoint, or its signature does not hold."""


def _int(value: object, what: str) -> int:
    if type(value) is not int or value < 0:
        raise CheckpointError(f"{what} must be a non-negative whole number")
    return value


def parse_checkpoint(line: str, keys: signing.SigningKeys) -> Checkpoint:
    """Return the checkpoint in line (syslog prefixes before the JSON are ignored), its signature checked."""
    start = line.find("{")
    if start < 0:
        raise CheckpointError("it holds no checkpoint")
    try:
        data = json.loads(line[start:].rstrip("\x00\r\n "))
    except (ValueError, RecursionError):
        raise CheckpointError("it is not valid JSON") from None
    if not isinstance(data, dict) or data.get("format") != CHECKPOINT_FORMAT:
        raise CheckpointError("it is not an audit checkpoint")
    if data.get("version") != CHECKPOINT_VERSION:
        raise CheckpointError(f"checkpoint version {data.get('version')!r} is not supported")
    try:
        chains = data["chains"]
        heads = tuple(
            Head(chain=_int(item[0], "a chain"), sequence=_int(item[1], "a sequence"), hash=str(item[2]))
            for item in chains
        )
        checkpoint = Checkpoint(
            number=_int(data["number"], "number"),
            written_at=str(data["written_at"]),
            previous=str(data["previous"]),
            heads=heads,
            events=_int(data["events"], "events"),
            key=str(data["key"]),
            signature=str(data["signature"]),
        )
        signature = base64.b64decode(checkpoint.signature, validate=True)
    except (KeyError, IndexError, TypeError, binascii.Error, ValueError) as error:
        if isinstance(error, CheckpointError):
            raise
        raise CheckpointError("it is missing a field or has one of the wrong kind") from None
    signed_by = keys.signer_of(canonical_json(checkpoint.body()), signature)
    if signed_by is None:
        raise CheckpointError(
            f"checkpoint #{checkpoint.number}'s signature does not hold under this deployment's keys: "
            "it was forged or changed"
        )
    return checkpoint

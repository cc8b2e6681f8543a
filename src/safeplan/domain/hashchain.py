"""Keep an append-only, tamper-evident chain of diary entries and their amendments.

Each link stores the SHA-256 of (the previous link's hash, its kind, its canonical payload), so
changing, removing, reordering or inserting any earlier link breaks every later hash. The first
link chains from GENESIS_HASH. A chain proves nothing on its own about its end: someone who can
rewrite the store can drop the newest links, so callers keep the head (the newest hash) somewhere
else too (the audit log, an exported manifest) and pass it to `verify` as `expected_head`.

Canonical form of a payload (version 1, never change it: stored chains depend on it):
- JSON with keys sorted by code point, no insignificant whitespace, UTF-8, non-ASCII unescaped;
- only str, int, bool, None, lists/tuples and mappings with str keys are accepted, plus
  timezone-aware datetimes (written as UTC, "YYYY-MM-DDTHH:MM:SS.ffffffZ") and dates
  ("YYYY-MM-DD");
- floats (NaN, infinities, and finite ones too, whose text form differs between languages),
  Decimals, enums, subclasses of the basic types and naive datetimes are refused.
Strings are hashed exactly as given: no Unicode normalisation, because the text is evidence.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

GENESIS_HASH: Final = "0" * 64
ENTRY: Final = "entry"
AMENDMENT: Final = "amendment"
KINDS: Final = frozenset({ENTRY, AMENDMENT})
# Key of an amendment's payload naming the entry it amends: its sequence (int) or its hash (str).
AMENDS_KEY: Final = "amends"

_DOMAIN: Final = b"safeplan/hashchain/v1"
_HEX_DIGITS: Final = frozenset("0123456789abcdef")


class CanonicalError(ValueError):
    """A value cannot be put into canonical JSON."""


class ChainError(ValueError):
    """A link cannot be appended to the chain."""


class BreakReason(StrEnum):
    """Why verification stopped at a link."""

    SEQUENCE_GAP = "sequence gap"
    UNKNOWN_KIND = "unknown kind"
    PREVIOUS_HASH_MISMATCH = "previous-hash mismatch"
    UNREADABLE_PAYLOAD = "payload cannot be serialised"
    HASH_MISMATCH = "hash mismatch"
    AMENDMENT_TARGET_MISSING = "amended entry missing"
    HEAD_MISMATCH = "head mismatch"


def is_sha256_hex(value: object) -> bool:
    """Return True if value is a 64-character lowercase hexadecimal string."""
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX_DIGITS


def to_json_value(value: object) -> Any:
    """Return value as plain JSON data (dict, list, str, int, bool, None), or raise CanonicalError."""
    return _to_json(value, "payload")


def _to_json(value: object, where: str) -> Any:
    # Exact type checks: a subclass (an enum, a bool posing as an int key...) could serialise
    # differently from one library version to the next.
    kind = type(value)
    if value is None or kind in (str, int, bool):
        return value
    if kind is float:
        raise CanonicalError(f"{where}: floats are not accepted (use an int or a string)")
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise CanonicalError(f"{where}: a datetime must be timezone-aware")
        try:
            utc = value.astimezone(UTC)
        except OverflowError:
            raise CanonicalError(f"{where}: the datetime is out of range in UTC") from None
        return utc.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"
    if isinstance(value, date) and kind is date:
        return value.isoformat()
    if isinstance(value, Mapping):
        result: dict[str, Any] = {}
        for key, item in value.items():
            if type(key) is not str:
                raise CanonicalError(f"{where}: keys must be strings, not {type(key).__name__}")
            result[key] = _to_json(item, f"{where}.{key}")
        return result
    if isinstance(value, list | tuple) and kind in (list, tuple):
        return [_to_json(item, f"{where}[{index}]") for index, item in enumerate(value)]
    raise CanonicalError(f"{where}: {kind.__name__} values are not accepted")


def canonical_json(value: object) -> bytes:
    """Return the canonical JSON encoding of value (see the module docstring), or raise CanonicalError."""
    text = json.dumps(to_json_value(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise CanonicalError("payload: a string contains a lone surrogate, which is not valid Unicode") from None


def _field(data: bytes) -> bytes:
    # Length-prefixing makes the concatenation unambiguous whatever bytes each part holds.
    return len(data).to_bytes(8, "big") + data


def link_hash(previous_hash: str, kind: str, payload: Mapping[str, Any]) -> str:
    """Return the SHA-256 hex digest binding a link's kind and payload to the previous link's hash."""
    if not is_sha256_hex(previous_hash):
        raise ValueError("previous_hash must be 64 lowercase hexadecimal characters")
    if type(kind) is not str or kind not in KINDS:
        raise ValueError(f"kind must be one of {sorted(KINDS)}, not {kind!r}")
    if not isinstance(payload, Mapping):
        raise CanonicalError("payload must be a mapping")
    message = (
        _field(_DOMAIN)
        + _field(previous_hash.encode("ascii"))
        + _field(kind.encode("ascii"))
        + _field(canonical_json(payload))
    )
    return hashlib.sha256(message).hexdigest()


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({key: _freeze(item) for key, item in value.items()})
    if type(value) in (list, tuple):
        return tuple(_freeze(item) for item in value)
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _thaw(item) for key, item in value.items()}
    if type(value) is tuple:
        return [_thaw(item) for item in value]
    return value


@dataclass(frozen=True)
class Link:
    """One link of the chain: a diary entry or an amendment to an earlier entry.

    sequence counts from 0 and equals the link's position in the chain. The payload is held as
    a read-only copy so that a link cannot change after its hash was computed.
    """

    sequence: int
    kind: str
    payload: Mapping[str, Any] = field(hash=False)
    previous_hash: str
    hash: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "payload", _freeze(self.payload))

    def plain_payload(self) -> dict[str, Any]:
        """Return the payload as ordinary dicts and lists, for storage in a JSON column."""
        result: dict[str, Any] = _thaw(self.payload)
        return result


def chain_head(links: Sequence[Link]) -> str:
    """Return the hash of the newest link, or GENESIS_HASH for an empty chain."""
    return links[-1].hash if links else GENESIS_HASH


def _amended_index(links: Sequence[Link], before: int, reference: object) -> int | None:
    """Return the index of the entry that reference names among links[:before], or None."""
    if type(reference) is int:
        if 0 <= reference < before and links[reference].sequence == reference and links[reference].kind == ENTRY:
            return reference
        return None
    if is_sha256_hex(reference):
        for index in range(before):
            if links[index].hash == reference:
                return index if links[index].kind == ENTRY else None
    return None


def append(chain: Sequence[Link], kind: str, payload: Mapping[str, Any]) -> Link:
    """Return the link that follows chain with this kind and payload; the caller stores it.

    An amendment's payload must name, under AMENDS_KEY, an earlier entry (not an amendment) by
    its sequence or its hash; an entry's payload must not use that key. Datetimes in the payload
    are stored as their canonical UTC strings. The chain is not re-verified here (that is O(n));
    only its last link is checked for a consistent position.
    """
    if type(kind) is not str or kind not in KINDS:
        raise ChainError(f"kind must be one of {sorted(KINDS)}, not {kind!r}")
    if not isinstance(payload, Mapping):
        raise ChainError("payload must be a mapping")
    if chain and chain[-1].sequence != len(chain) - 1:
        raise ChainError(f"the chain's last link has sequence {chain[-1].sequence!r}, expected {len(chain) - 1}")
    try:
        plain = to_json_value(payload)
    except CanonicalError as error:
        raise ChainError(str(error)) from None
    if kind == AMENDMENT:
        if AMENDS_KEY not in plain:
            raise ChainError(f"an amendment's payload must name the amended entry under {AMENDS_KEY!r}")
        if _amended_index(chain, len(chain), plain[AMENDS_KEY]) is None:
            raise ChainError(f"the amended entry {plain[AMENDS_KEY]!r} is not an earlier entry of this chain")
    elif AMENDS_KEY in plain:
        raise ChainError(f"{AMENDS_KEY!r} is reserved for amendments")
    previous = chain_head(chain)
    return Link(
        sequence=len(chain),
        kind=kind,
        payload=plain,
        previous_hash=previous,
        hash=link_hash(previous, kind, plain),
    )


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of verifying a chain: ok, or the first broken link and why."""

    ok: bool
    length: int
    broken_index: int | None = None
    reason: BreakReason | None = None
    detail: str = ""

    @property
    def summary(self) -> str:
        """Return one plain sentence describing the outcome."""
        if self.ok:
            return f"The chain of {self.length} links is intact."
        return f"The chain is broken at link {self.broken_index} ({self.reason}): {self.detail}"


def _broken(links: Sequence[Link], index: int, reason: BreakReason, detail: str) -> VerifyResult:
    return VerifyResult(ok=False, length=len(links), broken_index=index, reason=reason, detail=detail)


def verify(links: Sequence[Link], *, expected_head: str | None = None) -> VerifyResult:
    """Return whether links form an unbroken chain from genesis, naming the first broken link.

    Checks each link in order: its sequence equals its position, its kind is known, its
    previous_hash is the hash of the link before (GENESIS_HASH for the first), its hash matches
    its content, and an amendment names an earlier entry. With expected_head, also checks that
    the chain ends exactly at that hash: links missing from the end are reported at the index
    where they should be, links added after it at the first added one.
    """
    expected_previous = GENESIS_HASH
    for index, link in enumerate(links):
        if type(link.sequence) is not int or link.sequence != index:
            return _broken(links, index, BreakReason.SEQUENCE_GAP, f"sequence is {link.sequence!r}, expected {index}")
        if type(link.kind) is not str or link.kind not in KINDS:
            return _broken(links, index, BreakReason.UNKNOWN_KIND, f"kind {link.kind!r} is not one of {sorted(KINDS)}")
        if link.previous_hash != expected_previous:
            return _broken(
                links, index, BreakReason.PREVIOUS_HASH_MISMATCH, "previous_hash is not the hash of the link before"
            )
        try:
            recomputed = link_hash(expected_previous, link.kind, link.payload)
        except CanonicalError as error:
            return _broken(links, index, BreakReason.UNREADABLE_PAYLOAD, str(error))
        if link.hash != recomputed:
            return _broken(links, index, BreakReason.HASH_MISMATCH, "the stored hash does not match the link's content")
        if link.kind == AMENDMENT and _amended_index(links, index, link.payload.get(AMENDS_KEY)) is None:
            return _broken(
                links,
                index,
                BreakReason.AMENDMENT_TARGET_MISSING,
                f"the amended entry {link.payload.get(AMENDS_KEY)!r} is not an earlier entry",
            )
        expected_previous = link.hash
    if expected_head is None or expected_previous == expected_head:
        return VerifyResult(ok=True, length=len(links))
    if expected_head == GENESIS_HASH:
        return _broken(links, 0, BreakReason.HEAD_MISMATCH, "the chain should be empty but has links")
    for index, link in enumerate(links):
        if link.hash == expected_head:
            return _broken(links, index + 1, BreakReason.HEAD_MISMATCH, "links were added after the expected head")
    return _broken(
        links, len(links), BreakReason.HEAD_MISMATCH, "the chain ends before the expected head: links are missing"
    )

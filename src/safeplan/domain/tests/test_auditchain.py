"""Keyed audit links, the choice of chain, and signed checkpoints."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplan.domain.auditchain import CheckpointError, Head, chain_for, keyed_link, make_checkpoint, parse_checkpoint
from safeplan.domain.hashchain import GENESIS_HASH
from safeplan.domain.signing import SigningKeys, generate_private_key

KEY = b"k" * 32
KEYS = SigningKeys(current=generate_private_key())
PAYLOAD = {"chain": 3, "sequence": 9, "verb": "case.viewed", "detail": {"reason": "urgent"}}


@given(st.text(max_size=40), st.sampled_from(sorted(PAYLOAD)))
def test_changing_any_field_or_the_key_changes_the_link(value: str, name: str) -> None:
    link = keyed_link(KEY, GENESIS_HASH, PAYLOAD)
    changed = {**PAYLOAD, name: value}
    if changed != PAYLOAD:
        assert keyed_link(KEY, GENESIS_HASH, changed) != link
    assert keyed_link(b"j" * 32, GENESIS_HASH, PAYLOAD) != link
    assert keyed_link(KEY, "1" * 64, PAYLOAD) != link


def test_a_short_key_or_a_bad_previous_link_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        keyed_link(b"short", GENESIS_HASH, PAYLOAD)
    with pytest.raises(ValueError, match="previous_hash"):
        keyed_link(KEY, "nope", PAYLOAD)


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=1024), st.text(max_size=20))
def test_every_actor_has_one_chain_in_range(actor_id: int, chains: int, label: str) -> None:
    assert 1 <= chain_for(actor_id, label, chains) <= chains
    assert chain_for(actor_id, label, chains) == chain_for(actor_id, "", chains)
    assert 1 <= chain_for(None, label, chains) <= chains
    assert chain_for(None, label, chains) == chain_for(None, label, chains)


def test_consecutive_users_spread_over_every_chain() -> None:
    assert {chain_for(user, "", 16) for user in range(100, 116)} == set(range(1, 17))


def checkpoint(number: int = 1) -> str:
    return make_checkpoint(
        number=number,
        written_at=datetime(2026, 12, 5, 12, tzinfo=UTC),
        previous=None,
        heads=[Head(2, 5, "a" * 64), Head(1, 9, "b" * 64)],
        events=14,
        keys=KEYS,
    ).line()


def test_a_checkpoint_reads_back_with_its_signature_checked_and_heads_in_chain_order() -> None:
    read = parse_checkpoint("Dec  5 app safeplan-audit-checkpoint: " + checkpoint(), KEYS)
    assert [(head.chain, head.sequence) for head in read.heads] == [(1, 9), (2, 5)]
    assert read.previous == GENESIS_HASH
    assert read.written_at == "2026-12-05T12:00:00.000000Z"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda line: line.replace('"events":14', '"events":13'), "signature does not hold"),
        (lambda line: line.replace("[1,9,", "[1,8,"), "signature does not hold"),
        (lambda line: line[:-5], "not valid JSON"),
        (lambda line: "no checkpoint here", "holds no checkpoint"),
        (lambda line: line.replace('"version":1', '"version":2'), "not supported"),
        (lambda line: line.replace('"chains":', '"chainz":'), "missing a field"),
    ],
)
def test_an_edited_or_broken_checkpoint_is_refused(edit: object, message: str) -> None:
    with pytest.raises(CheckpointError, match=message):
        parse_checkpoint(edit(checkpoint()), KEYS)  # type: ignore[operator]


def test_a_checkpoint_signed_by_another_key_is_refused_and_a_retired_key_is_accepted() -> None:
    other = SigningKeys(current=generate_private_key())
    with pytest.raises(CheckpointError, match="signature does not hold"):
        parse_checkpoint(checkpoint(), other)
    rotated = SigningKeys(current=other.current, retired=(KEYS.current.public_key(),))
    assert parse_checkpoint(checkpoint(), rotated).number == 1

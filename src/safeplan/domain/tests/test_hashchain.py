"""The diary's hash chain: built by append it verifies; any change to any link is found, at that link."""

from __future__ import annotations

import dataclasses
import hashlib
import math
import random
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from safeplan.domain.hashchain import (
    AMENDMENT,
    AMENDS_KEY,
    ENTRY,
    GENESIS_HASH,
    BreakReason,
    CanonicalError,
    ChainError,
    Link,
    append,
    canonical_json,
    chain_head,
    link_hash,
    verify,
)

LONDON = ZoneInfo("Europe/London")

scalars = st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.text(max_size=12)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=8,
)
payloads = st.dictionaries(st.text(max_size=8), values, max_size=4).filter(lambda payload: AMENDS_KEY not in payload)


@st.composite
def chains(draw: st.DrawFn, min_size: int = 1, max_size: int = 7) -> list[Link]:
    """Draw a chain of entries and amendments built only through append."""
    links: list[Link] = []
    for _ in range(draw(st.integers(min_value=min_size, max_value=max_size))):
        entries = [link for link in links if link.kind == ENTRY]
        if entries and draw(st.booleans()):
            target = draw(st.sampled_from(entries))
            reference = target.sequence if draw(st.booleans()) else target.hash
            links.append(append(links, AMENDMENT, {**draw(payloads), AMENDS_KEY: reference}))
        else:
            links.append(append(links, ENTRY, draw(payloads)))
    return links


def shuffled(value: Any, rng: random.Random) -> Any:
    """Return value with every dict rebuilt in a random key order."""
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {key: shuffled(item, rng) for key, item in items}
    if isinstance(value, list):
        return [shuffled(item, rng) for item in value]
    return value


# --- building and verifying ---------------------------------------------------------------


@settings(max_examples=100)
@given(chains(min_size=0))
def test_a_chain_built_by_append_always_verifies(links: list[Link]) -> None:
    result = verify(links, expected_head=chain_head(links))
    assert result.ok, result.summary
    assert result.broken_index is None
    assert result.length == len(links)


def test_the_first_link_chains_from_genesis_and_each_link_from_the_one_before() -> None:
    first = append([], ENTRY, {"what": "He came to the house"})
    second = append([first], AMENDMENT, {AMENDS_KEY: 0, "correction": "It was 9pm, not 8pm"})
    assert (first.sequence, first.previous_hash) == (0, GENESIS_HASH)
    assert (second.sequence, second.previous_hash) == (1, first.hash)
    assert chain_head([]) == GENESIS_HASH
    assert chain_head([first, second]) == second.hash


def test_link_hash_follows_the_documented_encoding() -> None:
    payload = {"b": 1, "a": "caf\u00e9"}
    canonical = '{"a":"caf\u00e9","b":1}'.encode()
    parts = [b"safeplan/hashchain/v1", GENESIS_HASH.encode(), b"entry", canonical]
    expected = hashlib.sha256(b"".join(len(part).to_bytes(8, "big") + part for part in parts)).hexdigest()
    assert link_hash(GENESIS_HASH, ENTRY, payload) == expected
    # Pinned so that a change to the encoding, which would orphan every stored chain, fails here.
    assert expected == "94fb2bbf557abda6d89ca76cd17bfc827b608415e965aa49d6f0c0f0b177adc1"


def test_link_hash_depends_on_the_previous_hash_and_the_kind() -> None:
    payload = {"note": "same words"}
    other_previous = "f" * 64
    assert link_hash(GENESIS_HASH, ENTRY, payload) != link_hash(other_previous, ENTRY, payload)
    assert link_hash(GENESIS_HASH, ENTRY, payload) != link_hash(GENESIS_HASH, AMENDMENT, payload)


@pytest.mark.parametrize(
    ("previous", "kind"),
    [("0" * 63, ENTRY), ("G" * 64, ENTRY), ("0" * 64, "note"), ("A" * 64, ENTRY)],
)
def test_link_hash_refuses_a_bad_previous_hash_or_kind(previous: str, kind: str) -> None:
    with pytest.raises(ValueError, match=r"previous_hash|kind"):
        link_hash(previous, kind, {})


# --- canonical serialisation --------------------------------------------------------------


@settings(max_examples=100)
@given(payloads, st.randoms(use_true_random=False))
def test_serialisation_is_the_same_whatever_the_key_order(payload: dict[str, Any], rng: random.Random) -> None:
    reordered = shuffled(payload, rng)
    assert canonical_json(reordered) == canonical_json(payload)
    assert link_hash(GENESIS_HASH, ENTRY, reordered) == link_hash(GENESIS_HASH, ENTRY, payload)


def test_serialisation_is_compact_sorted_utf8() -> None:
    assert canonical_json({"z": [1, True, None], "a": {"y": "\u00e9", "b": ""}}) == (
        '{"a":{"b":"","y":"\u00e9"},"z":[1,true,null]}'.encode()
    )


def test_datetimes_are_written_in_utc_whatever_their_timezone() -> None:
    summer_evening = datetime(2026, 6, 15, 21, 30, tzinfo=LONDON)
    same_instant = datetime(2026, 6, 15, 20, 30, tzinfo=UTC)
    assert canonical_json({"at": summer_evening}) == b'{"at":"2026-06-15T20:30:00.000000Z"}'
    assert canonical_json({"at": summer_evening}) == canonical_json({"at": same_instant})
    assert canonical_json({"on": date(2026, 6, 15)}) == b'{"on":"2026-06-15"}'


class Colour(Enum):
    RED = "red"


@pytest.mark.parametrize(
    "value",
    [
        1.5,
        math.nan,
        math.inf,
        -math.inf,
        Decimal("1.5"),
        datetime(2026, 6, 15, 21, 30),  # naive
        {1: "int key"},
        {True: "bool key"},
        {"x"},
        b"bytes",
        Colour.RED,
        "\ud800",  # a lone surrogate is not Unicode text
    ],
)
def test_values_without_one_exact_json_form_are_refused(value: object) -> None:
    with pytest.raises(CanonicalError):
        canonical_json({"value": value})


def test_an_int_and_its_string_are_not_the_same() -> None:
    assert canonical_json({"n": 1}) != canonical_json({"n": "1"})
    assert canonical_json({"n": True}) != canonical_json({"n": 1})


# --- append's rules -----------------------------------------------------------------------


def test_append_stores_the_canonical_form_and_leaves_the_chain_verifiable() -> None:
    at = datetime(2026, 11, 21, 14, 5, tzinfo=LONDON)
    link = append([], ENTRY, {"occurred_at": at, "tags": ("phone", "threat")})
    assert link.plain_payload() == {"occurred_at": "2026-11-21T14:05:00.000000Z", "tags": ["phone", "threat"]}
    assert verify([link]).ok


def test_a_link_cannot_be_changed_after_it_is_made() -> None:
    source = {"what": "original", "nested": {"k": [1]}}
    link = append([], ENTRY, source)
    source["what"] = "changed afterwards"
    with pytest.raises(dataclasses.FrozenInstanceError):
        link.kind = AMENDMENT  # type: ignore[misc]
    with pytest.raises(TypeError):
        link.payload["what"] = "changed"  # type: ignore[index]
    with pytest.raises(TypeError):
        link.payload["nested"]["k"] = [2]
    assert link.payload["what"] == "original"
    assert verify([link]).ok


def test_an_amendment_must_name_an_earlier_entry() -> None:
    entry = append([], ENTRY, {"what": "first"})
    amendment = append([entry], AMENDMENT, {AMENDS_KEY: entry.hash, "note": "by hash"})
    by_sequence = append([entry, amendment], AMENDMENT, {AMENDS_KEY: 0, "note": "by sequence"})
    assert verify([entry, amendment, by_sequence]).ok
    chain = [entry, amendment, by_sequence]
    for bad in (3, 99, -1, "a" * 64, amendment.hash, 1, None, True):
        with pytest.raises(ChainError, match="amend"):
            append(chain, AMENDMENT, {AMENDS_KEY: bad})
    with pytest.raises(ChainError, match="must name the amended entry"):
        append(chain, AMENDMENT, {"note": "no reference"})


def test_an_entry_may_not_use_the_amendment_key() -> None:
    with pytest.raises(ChainError, match="reserved"):
        append([], ENTRY, {AMENDS_KEY: 0})


@pytest.mark.parametrize("kind", ["note", "", "Entry"])
def test_append_refuses_an_unknown_kind(kind: str) -> None:
    with pytest.raises(ChainError, match="kind"):
        append([], kind, {})


def test_append_refuses_a_payload_that_is_not_canonical() -> None:
    with pytest.raises(ChainError, match="float"):
        append([], ENTRY, {"score": 0.5})


def test_append_refuses_a_chain_whose_last_link_is_out_of_place() -> None:
    first = append([], ENTRY, {"n": 0})
    with pytest.raises(ChainError, match="sequence"):
        append([dataclasses.replace(first, sequence=4)], ENTRY, {"n": 1})


# --- tampering: the first broken link is exactly the changed one -----------------------------


@st.composite
def chain_and_index(draw: st.DrawFn, min_size: int = 1) -> tuple[list[Link], int]:
    links = draw(chains(min_size=min_size))
    return links, draw(st.integers(min_value=0, max_value=len(links) - 1))


@settings(max_examples=100)
@given(chain_and_index(), payloads)
def test_changing_a_payload_is_found_at_that_link(case: tuple[list[Link], int], payload: dict[str, Any]) -> None:
    links, index = case
    new_payload = (
        {**payload, AMENDS_KEY: links[index].payload[AMENDS_KEY]} if links[index].kind == AMENDMENT else payload
    )
    assume(canonical_json(new_payload) != canonical_json(links[index].payload))
    links[index] = dataclasses.replace(links[index], payload=new_payload)
    result = verify(links)
    assert (result.ok, result.broken_index, result.reason) == (False, index, BreakReason.HASH_MISMATCH)


@settings(max_examples=100)
@given(chain_and_index(), st.data())
def test_changing_one_value_deep_in_a_payload_is_found_at_that_link(
    case: tuple[list[Link], int], data: st.DataObject
) -> None:
    links, index = case
    payload = links[index].plain_payload()
    key = data.draw(st.sampled_from(sorted(payload)) if payload else st.just("added"))
    payload[key] = data.draw(
        values.filter(lambda value: canonical_json({"v": value}) != canonical_json({"v": payload.get(key, "\0")}))
    )
    assume(canonical_json(payload) != canonical_json(links[index].payload))
    links[index] = dataclasses.replace(links[index], payload=payload)
    result = verify(links)
    assert not result.ok
    assert result.broken_index == index


@settings(max_examples=100)
@given(chain_and_index())
def test_changing_a_kind_is_found_at_that_link(case: tuple[list[Link], int]) -> None:
    links, index = case
    other = AMENDMENT if links[index].kind == ENTRY else ENTRY
    links[index] = dataclasses.replace(links[index], kind=other)
    result = verify(links)
    assert (result.ok, result.broken_index, result.reason) == (False, index, BreakReason.HASH_MISMATCH)


@settings(max_examples=100)
@given(chain_and_index(), st.sampled_from(["sequence", "previous_hash", "hash", "kind"]), st.data())
def test_changing_any_other_field_is_found_at_that_link(
    case: tuple[list[Link], int], name: str, data: st.DataObject
) -> None:
    links, index = case
    original = getattr(links[index], name)
    if name == "sequence":
        new: Any = data.draw(st.integers(min_value=-5, max_value=50).filter(lambda value: value != original))
    elif name == "kind":
        new = data.draw(st.text(max_size=10).filter(lambda value: value != original))
    else:
        new = data.draw(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64).filter(lambda v: v != original))
    links[index] = dataclasses.replace(links[index], **{name: new})
    result = verify(links)
    assert not result.ok
    assert result.broken_index == index


@settings(max_examples=100)
@given(chains(min_size=2), st.data())
def test_reordering_links_is_found_at_the_first_moved_link(links: list[Link], data: st.DataObject) -> None:
    first = data.draw(st.integers(min_value=0, max_value=len(links) - 2))
    second = data.draw(st.integers(min_value=first + 1, max_value=len(links) - 1))
    links[first], links[second] = links[second], links[first]
    result = verify(links)
    assert (result.ok, result.broken_index) == (False, first)


@settings(max_examples=100)
@given(chains(min_size=2), st.data())
def test_reordering_and_renumbering_links_is_still_found_at_the_first_moved_link(
    links: list[Link], data: st.DataObject
) -> None:
    first = data.draw(st.integers(min_value=0, max_value=len(links) - 2))
    second = data.draw(st.integers(min_value=first + 1, max_value=len(links) - 1))
    links[first], links[second] = (
        dataclasses.replace(links[second], sequence=first),
        dataclasses.replace(links[first], sequence=second),
    )
    result = verify(links)
    assert (result.ok, result.broken_index) == (False, first)


@settings(max_examples=100)
@given(chain_and_index(min_size=2))
def test_deleting_a_link_is_found_at_the_link_after_it(case: tuple[list[Link], int]) -> None:
    links, index = case
    head = chain_head(links)
    del links[index]
    result = verify(links, expected_head=head)
    assert (result.ok, result.broken_index) == (False, index)


def test_deleting_the_newest_links_is_found_only_with_the_head_kept_elsewhere() -> None:
    links: list[Link] = []
    for number in range(4):
        links.append(append(links, ENTRY, {"n": number}))
    head = chain_head(links)
    truncated = links[:2]
    # On its own a shortened chain is still a valid chain: that is why the head is kept elsewhere.
    assert verify(truncated).ok
    result = verify(truncated, expected_head=head)
    assert (result.ok, result.broken_index, result.reason) == (False, 2, BreakReason.HEAD_MISMATCH)
    emptied = verify([], expected_head=head)
    assert (emptied.ok, emptied.broken_index) == (False, 0)


@settings(max_examples=100)
@given(chains(min_size=1), st.data())
def test_inserting_a_copied_link_is_found_where_the_chain_first_differs(links: list[Link], data: st.DataObject) -> None:
    original = list(links)
    position = data.draw(st.integers(min_value=0, max_value=len(links)))
    copy = data.draw(st.sampled_from(links))
    head = chain_head(links)
    links.insert(position, copy)
    # A copy put just before its own original is indistinguishable from it: the extra one is the second.
    first_difference = next(
        index for index, link in enumerate(links) if index >= len(original) or link != original[index]
    )
    assert first_difference == (position + 1 if position < len(original) and copy == original[position] else position)
    result = verify(links, expected_head=head)
    assert (result.ok, result.broken_index) == (False, first_difference)


@settings(max_examples=100)
@given(chains(min_size=1), st.data(), payloads)
def test_inserting_a_well_forged_link_is_found_no_later_than_the_link_after_it(
    links: list[Link], data: st.DataObject, payload: dict[str, Any]
) -> None:
    # A forger can compute a valid link for any position; what they cannot do without
    # rewriting everything after it is make the next link (or the kept head) agree.
    position = data.draw(st.integers(min_value=0, max_value=len(links)))
    head = chain_head(links)
    forged = append(links[:position], ENTRY, payload)
    links.insert(position, forged)
    result = verify(links, expected_head=head)
    assert not result.ok
    expected = position if position == len(links) - 1 else position + 1
    assert result.broken_index == expected


def test_adding_links_after_the_kept_head_is_found_at_the_first_added() -> None:
    links: list[Link] = []
    for number in range(3):
        links.append(append(links, ENTRY, {"n": number}))
    head = chain_head(links)
    links.append(append(links, ENTRY, {"n": "added later"}))
    result = verify(links, expected_head=head)
    assert (result.ok, result.broken_index, result.reason) == (False, 3, BreakReason.HEAD_MISMATCH)
    assert verify(links[:1], expected_head=GENESIS_HASH).broken_index == 0


def test_a_forged_amendment_of_an_amendment_is_found() -> None:
    entry = append([], ENTRY, {"what": "first"})
    amendment = append([entry], AMENDMENT, {AMENDS_KEY: 0})
    # Valid hashes, but it amends an amendment, which append would never allow.
    payload = {AMENDS_KEY: amendment.hash}
    forged = Link(2, AMENDMENT, payload, amendment.hash, link_hash(amendment.hash, AMENDMENT, payload))
    result = verify([entry, amendment, forged])
    assert (result.ok, result.broken_index, result.reason) == (False, 2, BreakReason.AMENDMENT_TARGET_MISSING)


def test_a_payload_that_cannot_be_serialised_is_reported_not_raised() -> None:
    entry = append([], ENTRY, {"n": 1})
    tampered = dataclasses.replace(entry, payload={"n": 1.0})
    result = verify([tampered])
    assert (result.ok, result.broken_index, result.reason) == (False, 0, BreakReason.UNREADABLE_PAYLOAD)


def test_the_summary_names_the_broken_link_and_why() -> None:
    links: list[Link] = []
    for number in range(3):
        links.append(append(links, ENTRY, {"n": number}))
    assert verify(links).summary == "The chain of 3 links is intact."
    links[1] = dataclasses.replace(links[1], payload={"n": 100})
    summary = verify(links).summary
    assert summary.startswith("The chain is broken at link 1 (hash mismatch)")


def test_datetimes_in_a_stored_payload_verify_after_a_round_trip() -> None:
    at = datetime(2026, 3, 29, 0, 30, tzinfo=timezone(timedelta(hours=-5)))
    link = append([], ENTRY, {"at": at})
    stored = Link(link.sequence, link.kind, link.plain_payload(), link.previous_hash, link.hash)
    assert verify([stored]).ok

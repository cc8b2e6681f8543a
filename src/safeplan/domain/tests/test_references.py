"""References for cases and Clare's Law requests: one generator, readable aloud, never reused."""

from __future__ import annotations

import re

import pytest

from safeplan.domain.references import ALPHABET, new_reference


def test_a_reference_is_the_prefix_and_two_groups_of_unambiguous_characters() -> None:
    reference = new_reference("SP", lambda _reference: False)
    assert re.fullmatch(rf"SP-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", reference)
    assert not set("0O1IL2Z5S8U") & set(ALPHABET)


def test_a_taken_reference_is_never_given_and_a_full_space_is_an_error() -> None:
    seen: list[str] = []

    def taken(reference: str) -> bool:
        seen.append(reference)
        return len(seen) < 3

    assert new_reference("CL", taken) == seen[2]
    with pytest.raises(RuntimeError, match="free CL reference"):
        new_reference("CL", lambda _reference: True)

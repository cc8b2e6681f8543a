"""Counting what a reader sees, not code points."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from safeplan.domain.text import visible_length, visible_text


def test_it_counts_nothing_in_zero_width_and_format_characters() -> None:
    assert visible_length("\u200b" * 25) == 0
    assert visible_length("\u200b\u200c\u200d\u2060\ufeff\u00ad\u202e\u2066") == 0


def test_it_counts_blank_looking_letters_as_nothing() -> None:
    assert visible_length("\u3164" * 30 + "\u2800" * 30 + "\u115f") == 0


def test_it_takes_any_run_of_whitespace_as_one_space() -> None:
    assert visible_text("  urgent \n\n\t  call\u00a0\u3000 now  ") == "urgent call now"
    assert visible_length(" \n" * 40) == 0


def test_it_counts_a_letter_with_its_accents_once() -> None:
    assert visible_length("e" + "\u0301" * 20) == 1
    assert visible_length("Zoë") == 3


def test_it_folds_compatibility_forms() -> None:
    assert visible_text("ｕｒｇｅｎｔ") == "urgent"


def test_ordinary_text_counts_as_it_reads() -> None:
    assert visible_length("Victim reported missing tonight") == 31


@given(st.text())
def test_it_is_idempotent_and_never_counts_more_than_the_text_has(text: str) -> None:
    once = visible_text(text)
    assert visible_text(once) == once
    assert visible_length(text) <= len(unicodedata.normalize("NFKC", text))

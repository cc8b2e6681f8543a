"""Survivor passphrases: drawn from the shipped EFF wordlist, forgiving about how they are typed."""

from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from safeplan.content.loader import CONTENT_DIR, LOADERS, ContentError
from safeplan.domain import passphrase
from safeplan.domain.passphrase import (
    generate_passphrase,
    looks_like_passphrase,
    normalise_passphrase,
    passphrase_entropy_bits,
    wordlist,
)

WORDLIST_PATH = CONTENT_DIR / "wordlist" / "eff_large_wordlist.txt"
# SHA-256 of the EFF list with its dice numbers removed (see wordlist/ATTRIBUTION.md).
WORDLIST_SHA256 = "6d557f0693958fb5e650b68b5bee585eb82cf4da32965505c789e924743bc522"

WORDS = wordlist()
list_words = st.sampled_from(WORDS)
# What phones and people put between words: spaces, ". " after a double space, dashes, commas.
separators = st.sampled_from(
    [" ", "  ", "\t", "\n", "-", "--", "\u2013", "\u2014", ".", ". ", ",", ", ", " - ", "\u00a0"]
)


def recased(text: str, upper: list[bool]) -> str:
    return "".join(c.upper() if flip else c for c, flip in zip(text, upper + [False] * len(text), strict=False))


# The shipped list


def test_the_shipped_wordlist_is_the_eff_large_list_unmodified_but_for_dice_numbers() -> None:
    assert hashlib.sha256(WORDLIST_PATH.read_bytes()).hexdigest() == WORDLIST_SHA256
    assert (WORDS[0], WORDS[-1]) == ("abacus", "zoom")


def test_the_wordlist_has_7776_unique_lowercase_words_one_per_line() -> None:
    raw = WORDLIST_PATH.read_text(encoding="ascii")
    assert raw == "\n".join(WORDS) + "\n"
    assert len(WORDS) == 7776
    assert len(set(WORDS)) == 7776
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", word) for word in WORDS)


def test_the_wordlist_ships_with_its_attribution_and_licence() -> None:
    attribution = (CONTENT_DIR / "wordlist" / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "Electronic Frontier Foundation" in attribution
    assert "https://www.eff.org/files/2016/07/18/eff_large_wordlist.txt" in attribution
    assert "CC BY 3.0 US" in attribution
    assert "https://creativecommons.org/licenses/by/3.0/us/" in attribution
    assert WORDLIST_SHA256 in attribution


def test_the_wordlist_is_validated_at_start_up() -> None:
    assert LOADERS["wordlist"] is wordlist


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("\n".join(WORDS[:-1]) + "\n", "7775 words, expected 7776"),
        ("\n".join((*WORDS[:-1], WORDS[0])) + "\n", "not unique"),
        ("\n".join((*WORDS[:-1], "Zoom")) + "\n", "not lowercase words"),
        ("\n".join((*WORDS[:-1], "zoom ")) + "\n", "not lowercase words"),
        ("", "0 words"),
    ],
)
def test_a_broken_wordlist_is_a_content_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, problem: str
) -> None:
    (tmp_path / "wordlist").mkdir()
    (tmp_path / "wordlist" / "eff_large_wordlist.txt").write_text(content, encoding="ascii")
    monkeypatch.setattr(passphrase, "CONTENT_DIR", tmp_path)
    with pytest.raises(ContentError, match=problem):
        wordlist.__wrapped__()  # type: ignore[attr-defined]


def test_a_missing_wordlist_is_a_content_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passphrase, "CONTENT_DIR", tmp_path)
    with pytest.raises(ContentError, match="cannot read"):
        wordlist.__wrapped__()  # type: ignore[attr-defined]


def test_no_hyphenated_word_starts_with_a_word_of_the_list() -> None:
    # Normalising turns "t-shirt" into "t shirt". Because no first part ("t", "drop", "felt",
    # "yo") is a word on its own, a normalised passphrase still splits into words one way only,
    # so distinct generated passphrases stay distinct and keep their full entropy.
    hyphenated = [word for word in WORDS if "-" in word]
    assert hyphenated == ["drop-down", "felt-tip", "t-shirt", "yo-yo"]
    assert not [word for word in hyphenated if word.split("-")[0] in set(WORDS)]


# Generating


def test_it_generates_six_words_from_the_list_separated_by_single_spaces() -> None:
    phrase = generate_passphrase()
    words = phrase.split(" ")
    assert len(words) == 6
    assert all(word in WORDS for word in words)


def test_it_generates_as_many_words_as_asked() -> None:
    assert len(generate_passphrase(9).split(" ")) == 9


@pytest.mark.parametrize("count", [-1, 0, 1, 5])
def test_it_refuses_to_generate_fewer_than_six_words(count: int) -> None:
    with pytest.raises(ValueError, match="at least 6 words"):
        generate_passphrase(count)


def test_it_draws_with_the_random_generator_it_is_given() -> None:
    class Counting(secrets.SystemRandom):
        calls = 0

        def choice(self, seq):  # type: ignore[no-untyped-def]
            Counting.calls += 1
            return seq[-1]

    assert generate_passphrase(6, Counting()) == "zoom zoom zoom zoom zoom zoom"
    assert Counting.calls == 6


def test_generated_passphrases_are_distinct_and_use_the_whole_list() -> None:
    phrases = [generate_passphrase() for _ in range(2000)]
    assert len(set(phrases)) == len(phrases)
    # 12,000 uniform draws from 7776 words reach about 6,100 distinct words (sd about 25); a
    # generator stuck on part of the list would fall far short.
    drawn = {word for phrase in phrases for word in phrase.split(" ")}
    assert len(drawn) > 5800


def test_six_words_carry_about_77_and_a_half_bits() -> None:
    assert passphrase_entropy_bits() == pytest.approx(77.55, abs=0.01)
    assert passphrase_entropy_bits(6) == pytest.approx(6 * 12.925, abs=0.01)
    assert passphrase_entropy_bits(0) == 0


def test_entropy_of_a_negative_word_count_is_an_error() -> None:
    with pytest.raises(ValueError, match="negative"):
        passphrase_entropy_bits(-1)


# Normalising


@pytest.mark.parametrize(
    "typed",
    [
        "correct horse battery",
        "Correct  Horse-battery",
        "Correct horse. Battery.",
        "  CORRECT\tHORSE\nBATTERY  ",
        "correct\u2014horse\u2013battery",
        "correct, horse, battery",
        "correct\u00a0horse\u3000battery",
        "\uff23\uff2f\uff32\uff32\uff25\uff23\uff34 horse battery",
        "cor\u00adrect horse\u200b battery",
        "correct -- horse - battery",
    ],
)
def test_it_normalises_what_a_phone_or_a_person_types(typed: str) -> None:
    assert normalise_passphrase(typed) == "correct horse battery"


def test_it_turns_hyphenated_list_words_into_their_spaced_form() -> None:
    assert normalise_passphrase("T-Shirt yo-yo") == "t shirt yo yo"


def test_separators_alone_normalise_to_nothing() -> None:
    assert normalise_passphrase(" .,- \u2014 ") == ""


@settings(max_examples=200)
@given(st.text())
def test_normalising_is_idempotent(text: str) -> None:
    once = normalise_passphrase(text)
    assert normalise_passphrase(once) == once


@settings(max_examples=200)
@given(
    st.lists(list_words, min_size=1, max_size=8),
    st.data(),
)
def test_normalising_ignores_case_spacing_and_separators(words: list[str], data: st.DataObject) -> None:
    between = [data.draw(separators) for _ in range(len(words) - 1)]
    typed = data.draw(st.sampled_from(["", " ", ". "])) + words[0]
    for separator, word in zip(between, words[1:], strict=True):
        typed += separator + word
    typed += data.draw(st.sampled_from(["", " ", ".", "\n"]))
    typed = recased(typed, data.draw(st.lists(st.booleans(), max_size=len(typed))))
    assert normalise_passphrase(typed) == normalise_passphrase(" ".join(words))


@settings(max_examples=200)
@given(st.lists(list_words, min_size=6, max_size=6), st.lists(list_words, min_size=6, max_size=6))
def test_different_passphrases_normalise_differently(first: list[str], second: list[str]) -> None:
    assume(first != second)
    assert normalise_passphrase(" ".join(first)) != normalise_passphrase(" ".join(second))


# Recognising


def test_a_generated_passphrase_looks_like_a_passphrase() -> None:
    assert looks_like_passphrase(generate_passphrase())


def test_hyphenated_words_are_recognised_however_they_are_typed() -> None:
    assert looks_like_passphrase("T-Shirt yo yo drop down felt-tip abacus zoom")


@pytest.mark.parametrize(
    "typed",
    ["", "  . ", "corect horse battery", "abacus zoomm", "t", "drop", "abacus yo", "abacus 42"],
)
def test_text_with_a_word_not_on_the_list_does_not_look_like_a_passphrase(typed: str) -> None:
    assert not looks_like_passphrase(typed)


@settings(max_examples=200)
@given(st.lists(list_words, min_size=1, max_size=8), st.data())
def test_list_words_with_any_separators_look_like_a_passphrase(words: list[str], data: st.DataObject) -> None:
    typed = "".join(word + data.draw(separators) for word in words)
    assert looks_like_passphrase(typed.upper())


@settings(max_examples=200)
@given(st.lists(list_words, min_size=2, max_size=8), st.integers(min_value=0), st.sampled_from(["x", "q", "zz"]))
def test_one_mistyped_word_is_noticed(words: list[str], position: int, extra: str) -> None:
    index = position % len(words)
    mistyped = words[index] + extra
    assume(mistyped not in WORDS)
    words[index] = mistyped
    assert not looks_like_passphrase(" ".join(words))

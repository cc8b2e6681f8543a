"""Whether two records name the same person: names as a reader compares them, then the date of birth."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplan.domain.people import name_key, same_person

BORN = date(1990, 5, 17)
OTHER_DAY = date(1990, 5, 18)

# (names a, names b, why) -- names that must agree.
SAME_NAMES = [
    (["SMITH John"], ["John Smith"], "word order and case"),
    (["O'Brien"], ["OBrien"], "an apostrophe joins"),
    (["Siobhan O’Brien"], ["siobhan obrien"], "a curly apostrophe joins too"),
    (["Zoë Smith-Jones"], ["Zoe Smith Jones"], "accents and a hyphen"),
    (["ZOË SMITH-JONES"], ["jones, zoe smith"], "a comma and upper-case accents"),
    (["Zoe\u0308 Smith"], ["Zoë Smith"], "a combining accent is the precomposed one"),
    (["Straße"], ["STRASSE"], "case folding of ß"),
    (["Søren Kierkegaard"], ["Soren Kierkegaard"], "ø reads as o"),
    (["  John   Smith "], ["John Smith"], "extra spaces"),
    (["J. Smith"], ["J Smith"], "a full stop after an initial"),
    (["Johnny Smith", "John Smith"], ["Smith John"], "an alias agrees"),
]

DIFFERENT_NAMES = [
    (["John Smith"], ["Jon Smith"], "a different spelling"),
    (["John Smith"], ["John Paul Smith"], "a middle name makes a different name"),
    (["John Smith"], ["John Smith Smith"], "a repeated word counts"),
    (["Smith-Jones"], ["SmithJones"], "a hyphen separates words; it does not join them"),
    ([""], [""], "two blank names agree with nothing"),
    (["-"], ["'"], "punctuation alone is no name"),
    ([], ["John Smith"], "no names at all"),
]


@pytest.mark.parametrize(("a", "b", "why"), SAME_NAMES, ids=[why for _, _, why in SAME_NAMES])
def test_it_matches_the_same_name_written_differently(a: list[str], b: list[str], why: str) -> None:
    assert same_person((a, BORN), (b, BORN)) == "match"
    assert same_person((a, None), (b, BORN)) == "possible"
    assert same_person((a, BORN), (b, None)) == "possible"
    assert same_person((a, None), (b, None)) == "possible"
    assert same_person((a, BORN), (b, OTHER_DAY)) == "no"


@pytest.mark.parametrize(("a", "b", "why"), DIFFERENT_NAMES, ids=[why for _, _, why in DIFFERENT_NAMES])
def test_it_does_not_match_a_different_name(a: list[str], b: list[str], why: str) -> None:
    assert same_person((a, BORN), (b, BORN)) == "no"
    assert same_person((a, None), (b, None)) == "no"


def test_a_different_date_of_birth_is_a_different_person_even_with_the_same_name() -> None:
    assert same_person((["John Smith"], date(1980, 1, 1)), (["John Smith"], date(1981, 1, 1))) == "no"


def test_it_takes_names_as_any_sequence() -> None:
    assert same_person((("John Smith",), BORN), (["Smith John"], BORN)) == "match"


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        ((["John Smith"], datetime(1990, 5, 17)), (["John Smith"], BORN), "date of birth"),
        ((["John Smith"], "1990-05-17"), (["John Smith"], BORN), "date of birth"),
        (("John Smith", BORN), (["John Smith"], BORN), "single string"),
        (([None], BORN), (["John Smith"], BORN), "must be a string"),
    ],
)
def test_it_refuses_what_is_not_a_name_or_a_date(
    a: tuple[Sequence[str], date | None], b: tuple[Sequence[str], date | None], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        same_person(a, b)
    with pytest.raises(ValueError, match=message):
        same_person(b, a)


NAME = st.text(alphabet=st.sampled_from("abcABCéÉ '-.,öÖ"), max_size=12)
PERSON = st.tuples(
    st.lists(NAME, max_size=3), st.none() | st.dates(min_value=date(1950, 1, 1), max_value=date(1952, 1, 1))
)


@given(PERSON, PERSON)
def test_it_is_symmetric(a: tuple[list[str], date | None], b: tuple[list[str], date | None]) -> None:
    assert same_person(a, b) == same_person(b, a)


@given(st.lists(st.text(alphabet="abcdefgh", min_size=1, max_size=6), min_size=1, max_size=4), st.randoms())
def test_word_order_case_and_punctuation_never_matter(words: list[str], rng: Random) -> None:
    shuffled = list(words)
    rng.shuffle(shuffled)
    written = "-".join(word.upper() for word in shuffled)
    assert same_person(([" ".join(words)], BORN), ([written], BORN)) == "match"


@given(NAME)
def test_a_name_with_words_matches_itself(name: str) -> None:
    expected = "match" if name_key(name) else "no"
    assert same_person(([name], BORN), ([name], BORN)) == expected

"""Confidential locations named in free text: found whatever the writing, and nothing else."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplan.domain.redaction import find_confidential, parse_location, redact

REFUGE = "Flat 9, 1 Hidden Lane, Townsville, AB1 2CD"


def found(text: str, locations: list[str]) -> list[str]:
    return [text[start:end] for start, end in find_confidential(text, locations)]


# (text, the pieces of it that must be found) for the refuge above.
REFUGE_TEXTS = [
    ("1 Hidden Lane", ["1 Hidden Lane"]),
    ("she is at 1 hidden lane now", ["1 hidden lane"]),
    ("1 HIDDEN LN", ["1 HIDDEN LN"]),
    ("1 Hidden Ln. by the park", ["1 Hidden Ln"]),
    ("1, Hidden Lane", ["1, Hidden Lane"]),
    ("no.1 Hidden-Lane", ["1 Hidden-Lane"]),
    ("1\nHidden Lane", ["1\nHidden Lane"]),
    ("Flat 9, 1 Hidden Lane", ["Flat 9, 1 Hidden Lane"]),
    ("flat 9 1 hidden lane", ["flat 9 1 hidden lane"]),
    ("AB1 2CD", ["AB1 2CD"]),
    ("ab12cd", ["ab12cd"]),
    ("Ab1   2cD.", ["Ab1   2cD"]),
    ("AB1\n2CD", ["AB1\n2CD"]),
    ("(AB1 2CD)", ["AB1 2CD"]),
    ("1 Hidden Lane, AB1 2CD", ["1 Hidden Lane", "AB1 2CD"]),
    ("1 Hidden Lane AB1 2CD", ["1 Hidden Lane", "AB1 2CD"]),
    ("1 Hidden Lane and 1 Hidden Lane", ["1 Hidden Lane", "1 Hidden Lane"]),
    # Not the place: another number in the same street, the same number in another street,
    # the street or the town alone, half a postcode or another one.
    ("9 Hidden Lane", []),
    ("21 Hidden Lane", []),
    ("11 Hidden Lane", []),
    ("1A Hidden Lane", []),
    ("1 A Hidden Lane", []),
    ("1 Hidden Road", []),
    ("1 Hidden Close", []),
    ("1 Hidden", []),
    ("Hidden Lane", []),
    ("not to enter Townsville", []),
    ("AB1", []),
    ("AB1 2CE", []),
    ("XAB1 2CD", []),
    ("AB1 2CDE", []),
    ("AB12 2CD", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), REFUGE_TEXTS, ids=[text or "empty" for text, _ in REFUGE_TEXTS])
def test_it_finds_the_refuge_in_text_and_nothing_else(text: str, expected: list[str]) -> None:
    assert found(text, [REFUGE]) == expected


# (location, text that names it) for the common abbreviations of UK street words.
ABBREVIATIONS = [
    ("12 High Street", "12 High St"),
    ("12 High Street", "12 high st."),
    ("12 High St", "12 HIGH STREET"),
    ("3 Station Road", "3 Station Rd"),
    ("3 Station Rd.", "3 station road"),
    ("5 Park Avenue", "5 Park Ave"),
    ("7 Mill Lane", "7 Mill Ln"),
    ("8 Oak Close", "8 Oak Cl"),
    ("10 Kings Court", "10 King's Ct"),
    ("11 Moon Crescent", "11 Moon Cres"),
    ("14 Hill Drive", "14 Hill Dr"),
    ("15 Rose Gardens", "15 Rose Gdns"),
    ("16 Ash Grove", "16 Ash Gr"),
    ("17 Market Place", "17 Market Pl"),
    ("18 Queen Square", "18 Queen Sq"),
    ("19 Sea Terrace", "19 Sea Tce"),
    ("19 Sea Terrace", "19 Sea Terr"),
    ("20 St John's Road", "20 Saint Johns Rd"),
    ("20 Saint John's Road", "20 St. John's Rd"),
    ("21 Upper Park Road", "21 Upr Park Rd"),
    ("26 Park View Road, Townsville", "26 Park Vw Rd"),
    ("22 East Street", "22 E St"),
    ("23 Church Mews", "23 church mws"),
    ("24 Rectory Green", "24 Rectory Grn"),
    ("25 Canal Walk", "25 Canal Wlk"),
    ("4 Chemin Élise Road", "4 chemin elise rd"),
    ("6 O'Connell Street", "6 OConnell St"),
]


@pytest.mark.parametrize(("location", "text"), ABBREVIATIONS)
def test_it_reads_common_abbreviations_of_street_words(location: str, text: str) -> None:
    assert found(f"seen at {text} on Monday", [location]) == [text.rstrip(".")]


@pytest.mark.parametrize(
    ("location", "text", "expected"),
    [
        # Written without commas: the street ends at its street word.
        ("1 Hidden Lane Townsville AB1 2CD", "1 Hidden Lane", ["1 Hidden Lane"]),
        ("1 Church Street East Townsville", "1 Church St", ["1 Church St"]),
        # Over several lines.
        ("1 Hidden Lane\nTownsville\nAB1 2CD", "went to 1 hidden lane", ["1 hidden lane"]),
        # The number on its own part.
        ("1, Hidden Lane, Townsville", "1 Hidden Lane", ["1 Hidden Lane"]),
        # A flat in a named building: its number goes with the building.
        ("Flat 3, Rose Court, Hidden Lane", "Flat 3, Rose Court", ["Flat 3, Rose Court"]),
        ("Flat 3, Rose Court, Hidden Lane", "3 Rose Ct", ["3 Rose Ct"]),
        ("Flat 3, Rose Court, Hidden Lane", "4 Rose Court", []),
        # A house number with a letter.
        ("12A Hidden Lane", "12a Hidden Lane", ["12a Hidden Lane"]),
        ("12A Hidden Lane", "12 A Hidden Lane", ["12 A Hidden Lane"]),
        ("12A Hidden Lane", "12 Hidden Lane", []),
        ("12A Hidden Lane", "12B Hidden Lane", []),
        # A range of numbers: the range and either end.
        ("1-3 Hidden Lane", "1-3 Hidden Lane", ["1-3 Hidden Lane"]),
        ("1-3 Hidden Lane", "3 Hidden Lane", ["3 Hidden Lane"]),
        ("1-3 Hidden Lane", "2 Hidden Lane", []),
        # A street with no street word needs its whole name.
        ("7 Broadway", "7 Broadway", ["7 Broadway"]),
        ("7 Broadway", "8 Broadway", []),
        # Only a postcode, or nothing to find.
        ("AB1 2CD", "ab1 2cd", ["ab1 2cd"]),
        ("a refuge in Townsville", "a refuge in Townsville", []),
        ("", "anything", []),
    ],
)
def test_it_parses_the_address_however_it_was_stored(location: str, text: str, expected: list[str]) -> None:
    assert found(text, [location]) == expected


def test_it_returns_sorted_spans_once_when_two_locations_name_the_same_place() -> None:
    text = "From 5 Oak Close to 1 Hidden Lane, AB1 2CD."
    spans = find_confidential(text, [REFUGE, "5 Oak Close", "1 Hidden Lane AB1 2CD"])
    assert spans == [(5, 16), (20, 33), (35, 42)]
    assert redact(text, [REFUGE, "5 Oak Close"]) == "From [confidential] to [confidential], [confidential]."


def test_it_redacts_with_a_chosen_mask() -> None:
    assert redact("at 1 Hidden Lane today", [REFUGE], mask="▇") == "at ▇ today"


def test_it_leaves_text_without_a_match_unchanged() -> None:
    assert redact("nothing here", [REFUGE]) == "nothing here"
    assert redact("1 Hidden Lane", []) == "1 Hidden Lane"


def test_an_empty_mask_cannot_join_two_halves_into_a_new_match() -> None:
    # Removing the postcode leaves "1  Hidden Lane", which is redacted in turn.
    assert find_confidential("1 AB1 2CD Hidden Lane", ["1 Hidden Lane, AB1 2CD"]) == [(2, 9)]
    assert redact("1 AB1 2CD Hidden Lane", ["1 Hidden Lane, AB1 2CD"], mask="") == ""


def test_a_mask_that_names_the_place_is_refused() -> None:
    with pytest.raises(ValueError, match="mask"):
        redact("1 Hidden Lane", [REFUGE], mask="AB1 2CD")


@pytest.mark.parametrize(
    ("text", "locations", "message"),
    [
        (None, [REFUGE], "text must be a string"),
        ("text", REFUGE, "single string"),
        ("text", [None], "must be a string"),
    ],
)
def test_it_refuses_what_is_not_text(text: str, locations: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        find_confidential(text, locations)


def test_it_parses_postcodes_and_premises() -> None:
    parsed = parse_location(REFUGE)
    assert parsed.postcodes == ("AB12CD",)
    assert [(p.number, p.street) for p in parsed.premises] == [(("1",), ("hidden", "lane"))]
    assert parsed.identifiable
    assert not parse_location("somewhere in Townsville").identifiable


# --- properties

LOCATIONS = [REFUGE, "12A Station Road, Oldtown, ZZ9 9ZZ", "7 Broadway"]
FILLER = st.text(alphabet=st.sampled_from("abcxyz .,\n"), max_size=20)


@given(st.text(max_size=200))
def test_spans_are_sorted_non_overlapping_and_inside_the_text(text: str) -> None:
    spans = find_confidential(text, LOCATIONS)
    for start, end in spans:
        assert 0 <= start < end <= len(text)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end < start


@st.composite
def refuge_written(draw: st.DrawFn) -> str:
    """The refuge as someone might type it: any case, abbreviation, punctuation or spacing."""

    def case(word: str) -> str:
        return draw(st.sampled_from([word, word.lower(), word.upper(), word.title()]))

    kind = draw(st.sampled_from(["premises", "postcode", "flat"]))
    if kind == "postcode":
        gaps = draw(st.lists(st.sampled_from(["", " ", "  ", "\n"]), min_size=5, max_size=5))
        return "".join(char + gap for char, gap in zip("AB12C", gaps, strict=True)) + case("D")
    lane = draw(st.sampled_from(["Lane", "Ln", "Ln.", "LANE"]))
    separator = draw(st.sampled_from([" ", ", ", "  ", "\n", " - "]))
    premises = f"1{separator}{case('Hidden')} {case(lane)}"
    if kind == "flat":
        return f"{case('Flat')} 9{draw(st.sampled_from([', ', ' ', ' - ']))}{premises}"
    return premises


@given(FILLER, refuge_written(), FILLER)
def test_the_refuge_is_found_however_it_is_written(before: str, written: str, after: str) -> None:
    text = f"{before} {written} {after}"
    start = len(before) + 1
    end = start + len(written.rstrip("."))
    assert any(s <= start and end <= e for s, e in find_confidential(text, LOCATIONS)), written


@given(FILLER, st.integers(min_value=0, max_value=999).filter(lambda n: n != 1), FILLER)
def test_another_number_in_the_same_street_is_never_found(before: str, number: int, after: str) -> None:
    assert find_confidential(f"{before} {number} Hidden Lane {after}", LOCATIONS) == []


@given(st.lists(FILLER | refuge_written(), max_size=6), st.sampled_from(["[confidential]", "", "x", "▇▇"]))
def test_redacting_removes_every_match(pieces: list[str], mask: str) -> None:
    text = " ".join(pieces)
    redacted = redact(text, LOCATIONS, mask=mask)
    assert find_confidential(redacted, LOCATIONS) == []
    if not find_confidential(text, LOCATIONS):
        assert redacted == text

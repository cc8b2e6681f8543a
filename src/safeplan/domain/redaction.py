"""Find where free text names a confidential location, and redact it.

A victim's address typed into an incident's "where" field, a note or a bail
condition leaks it to everyone who can read that text, whatever the location
record itself hides. A location is stored as free text ("Flat 9, 1 Hidden Lane,
Townsville, AB1 2CD"); what identifies it in other text is its postcode (in any
case or spacing) or its house number together with its street, however it is
written: "1 hidden ln.", "1, Hidden Lane", "Flat 9 1 HIDDEN LANE". A town, a
street without the number, or another number in the same street do not single
out the place and are not matches.

Words are compared after folding case and accents and dropping punctuation,
with common UK abbreviations of street words taken as the words themselves
(St/Street, Rd/Road, Ave/Avenue...). Where a location's street has no street
word at all ("1 Broadway"), its number and whole street must appear.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

DEFAULT_MASK = "[confidential]"

# A word: letters or digits (with combining accents), apostrophes inside it joining its halves.
_WORD = r"(?:[^\W_]|[\u0300-\u036f])+"
_TOKEN = re.compile(rf"{_WORD}(?:['’‘`ʼ]{_WORD})*")
_APOSTROPHES = re.compile(r"['’‘`ʼ]")
_PLAIN_LETTERS = str.maketrans(
    {"ø": "o", "đ": "d", "ð": "d", "ł": "l", "ħ": "h", "ı": "i", "þ": "th", "æ": "ae", "œ": "oe"}
)
# A UK postcode: outward code (A9, A99, AA9, AA99, A9A, AA9A) and inward code (9AA).
_POSTCODE = re.compile(r"(?<![^\W_])([a-z]{1,2}\d[a-z\d]?)\s*(\d[a-z]{2})(?![^\W_])", re.IGNORECASE)
_HOUSE_NUMBER = re.compile(r"\d+[a-z]?")
# Where a house number can start in text: digits that do not continue a word.
_NUMBER = re.compile(r"(?<![^\W_])\d+")
# How far before a house number to look for "Flat 9, " to take into the match.
_FLAT_LOOKBACK = 40
_PARTS = re.compile(r"[,;\n\r|]+")

# Words that introduce the number of a flat within a building ("Flat 9, 1 Hidden Lane").
FLAT_WORDS = frozenset({"flat", "apartment", "apt", "unit", "room", "maisonette", "suite"})

# Each group: the word, then the ways it is commonly abbreviated in UK addresses.
_ABBREVIATIONS: tuple[tuple[str, ...], ...] = (
    ("street", "st", "str", "saint"),
    ("road", "rd"),
    ("avenue", "ave", "av", "avn"),
    ("lane", "ln"),
    ("close", "cl"),
    ("court", "ct", "crt"),
    ("crescent", "cres", "cresc", "cr"),
    ("drive", "dr", "drv"),
    ("gardens", "gdns", "gdn"),
    ("grove", "gr", "grv"),
    ("place", "pl"),
    ("square", "sq"),
    ("terrace", "terr", "ter", "tce"),
    ("park", "pk"),
    ("parade", "pde"),
    ("green", "grn", "gn"),
    ("mews", "mws"),
    ("walk", "wlk", "wk"),
    ("hill", "hl"),
    ("mount", "mt"),
    ("heights", "hts"),
    ("cottages", "cotts"),
    ("buildings", "bldgs"),
    ("house", "hse"),
    ("estate", "est"),
    ("boulevard", "blvd"),
    ("broadway", "bdwy"),
    ("approach", "appr"),
    ("highway", "hwy"),
    ("yard", "yd"),
    ("wharf", "whf"),
    ("view", "vw"),
    ("upper", "upr"),
    ("lower", "lwr"),
    ("great", "gt"),
    ("little", "lt"),
    ("north", "n"),
    ("south", "s"),
    ("east", "e"),
    ("west", "w"),
)
_CANONICAL = {variant: group[0] for group in _ABBREVIATIONS for variant in group}
# Words that end a street's name: the name is cut after the first one that is not its first word,
# so that "1 Hidden Lane Townsville" (no commas) still yields the street "Hidden Lane".
STREET_WORDS = frozenset(
    {
        "street",
        "road",
        "avenue",
        "lane",
        "close",
        "court",
        "crescent",
        "drive",
        "gardens",
        "grove",
        "place",
        "square",
        "terrace",
        "park",
        "parade",
        "green",
        "mews",
        "walk",
        "hill",
        "heights",
        "cottages",
        "buildings",
        "boulevard",
        "approach",
        "highway",
        "yard",
        "wharf",
        "view",
        "way",
        "row",
        "rise",
        "gate",
        "vale",
        "chase",
        "circus",
        "end",
        "side",
        "wynd",
        "brae",
    }
)


@dataclass(frozen=True)
class Premises:
    """A house number and the street it is in, as canonical words."""

    # One word ("12", "12a"), or two for a range of numbers ("1", "3" for 1-3).
    number: tuple[str, ...]
    street: tuple[str, ...]


@dataclass(frozen=True)
class ParsedLocation:
    """What identifies one confidential location in other text."""

    # Upper case, no spaces: "AB12CD".
    postcodes: tuple[str, ...]
    premises: tuple[Premises, ...]

    @property
    def identifiable(self) -> bool:
        """Return True if the location has something find_confidential can look for."""
        return bool(self.postcodes or self.premises)


@dataclass(frozen=True)
class _Token:
    word: str  # folded, unaccented, no apostrophes
    canonical: str  # word, with an abbreviation taken as the word it stands for
    start: int
    end: int


def normalise_postcode(postcode: str) -> str:
    """Return a postcode in upper case with no spaces ("ab1  2cd" -> "AB12CD")."""
    return "".join(postcode.split()).upper()


def parse_location(address: str) -> ParsedLocation:
    """Return the postcodes and the house numbers with their streets found in an address.

    The address is free text, parts separated by commas or new lines. A part that
    starts with a house number (after an optional "Flat 9") gives that number and
    the rest of the part as the street; a part that is only a number, or only
    "Flat 9", takes its street from the next part. A number followed by a lone
    letter ("12 A Hidden Lane") is read both as 12A of Hidden Lane and as 12 of
    "A Hidden Lane", and a range ("1-3") gives the range and each end of it,
    because matching too much text is safer than missing the place.
    """
    if not isinstance(address, str):
        raise ValueError(f"a location must be a string, not {address!r}")
    postcodes = tuple(dict.fromkeys(normalise_postcode(m.group(1) + m.group(2)) for m in _POSTCODE.finditer(address)))
    rest = _POSTCODE.sub(",", address)
    parts = [tokens for tokens in map(_tokens, _PARTS.split(rest)) if tokens]
    premises: list[Premises] = []
    for index, part in enumerate(parts):
        following = parts[index + 1] if index + 1 < len(parts) else []
        premises.extend(_premises_in(part, following))
    return ParsedLocation(postcodes=postcodes, premises=tuple(dict.fromkeys(premises)))


def find_confidential(text: str, locations: Iterable[str]) -> list[tuple[int, int]]:
    """Return the sorted, non-overlapping (start, end) spans of text that name a confidential location.

    A span names a location by its postcode (any case or spacing), or by its
    house number followed by its street, whatever the case, punctuation and
    common abbreviations; a flat number written before it ("Flat 9, ") is part
    of the span. Another house number in the same street, or the same number in
    another street, is not a match. Spans that overlap or touch are merged.
    Raise ValueError when text or a location is not a string.
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, not {text!r}")
    parsed = [parse_location(location) for location in _locations(locations)]
    spans: list[tuple[int, int]] = []
    postcodes = {postcode for location in parsed for postcode in location.postcodes}
    for postcode in sorted(postcodes):
        spans.extend(match.span() for match in _postcode_pattern(postcode).finditer(text))
    premises: dict[str, list[Premises]] = {}
    for location in parsed:
        for item in location.premises:
            premises.setdefault(_digits(item.number[0]), []).append(item)
    if premises:
        longest = max(len(item.number) + len(item.street) for items in premises.values() for item in items) + 1
        # Only the words after a wanted number are read, so a long imported message costs little.
        for number in _NUMBER.finditer(text):
            candidates = premises.get(number.group())
            if not candidates:
                continue
            tokens = list(islice(_token_iter(text, number.start()), longest))
            for item in candidates:
                end = _match_premises(tokens, item, text)
                if end is not None:
                    spans.append((_flat_start(text, number.start()), tokens[end - 1].end))
    return _merged(spans)


def redact(text: str, locations: Iterable[str], mask: str = DEFAULT_MASK) -> str:
    """Return text with every span that find_confidential returns replaced by mask.

    Replacing can, with an unusual mask such as "", join two pieces of text into
    a new match ("1 AB1 2CD Hidden Lane" -> "1  Hidden Lane"); those are replaced
    too, until none is left. Raise ValueError if the mask itself names a location.
    """
    kept = list(_locations(locations))
    if find_confidential(mask, kept):
        raise ValueError("the mask names a confidential location")
    spans = find_confidential(text, kept)
    # Each pass removes at least one character of a match or ends; the bound only guards that reasoning.
    for _ in range(len(text) + 1):
        if not spans:
            return text
        pieces: list[str] = []
        position = 0
        for start, end in spans:
            pieces += [text[position:start], mask]
            position = end
        pieces.append(text[position:])
        redacted = "".join(pieces)
        if redacted == text:
            break
        text = redacted
        spans = find_confidential(text, kept)
    if spans:
        raise ValueError("the mask keeps making new matches")
    return text


def _locations(locations: Iterable[str]) -> Iterable[str]:
    if isinstance(locations, str):
        # One string is one address, not a list of one-letter locations.
        raise ValueError("locations must be a list of addresses, not a single string")
    for location in locations:
        if not isinstance(location, str):
            raise ValueError(f"a location must be a string, not {location!r}")
        yield location


def _fold(word: str) -> str:
    if word.isascii():
        # The common case, and long imported messages are mostly it: no accents to remove.
        return word.lower().replace("'", "").replace("`", "")
    decomposed = unicodedata.normalize("NFKD", word)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _APOSTROPHES.sub("", plain.casefold().translate(_PLAIN_LETTERS))


def _tokens(text: str) -> list[_Token]:
    return list(_token_iter(text, 0))


def _token_iter(text: str, start: int) -> Iterator[_Token]:
    for match in _TOKEN.finditer(text, start):
        word = _fold(match.group())
        if word:
            yield _Token(word, _CANONICAL.get(word, word), match.start(), match.end())


def _is_number(word: str) -> bool:
    return _HOUSE_NUMBER.fullmatch(word) is not None


def _digits(word: str) -> str:
    return word.rstrip("abcdefghijklmnopqrstuvwxyz")


def _has_letters(words: Sequence[str]) -> bool:
    return any(not word.isdigit() for word in words)


def _street(words: Sequence[str]) -> tuple[str, ...]:
    """Return the street name from the words after a house number, cut after its street words."""
    for position, word in enumerate(words):
        if position > 0 and word in STREET_WORDS:
            end = position + 1
            # "Upper Park Road": a run of street words belongs to the name.
            while end < len(words) and words[end] in STREET_WORDS:
                end += 1
            return tuple(words[:end])
    return tuple(words)


def _premises_in(part: list[_Token], following: list[_Token]) -> list[Premises]:
    """Return the premises a part of an address names (numbers by their words, streets by canonical words)."""
    rest = part
    flat_number: str | None = None
    if len(rest) >= 2 and rest[0].word in FLAT_WORDS:
        flat_number, rest = rest[1].word, rest[2:]
    after = [token.canonical for token in following]
    if not rest:
        # "Flat 9" on its own: its street is the next part, unless that part has its own house number.
        if flat_number is not None and following and not _is_number(following[0].word):
            return _premises_with((flat_number,), after)
        return []
    first = rest[0].word
    if not _is_number(first):
        return []
    if len(rest) == 1:
        return _premises_with((first,), after) if following and not _is_number(following[0].word) else []
    second = rest[1].word
    if _is_number(second):
        # A range: "1-3 Hidden Lane" is also "1 Hidden Lane" and "3 Hidden Lane".
        street = [token.canonical for token in rest[2:]]
        return [
            *_premises_with((first, second), street),
            *_premises_with((first,), street),
            *_premises_with((second,), street),
        ]
    found = _premises_with((first,), [token.canonical for token in rest[1:]])
    if first.isdigit() and len(second) == 1 and second.isalpha() and len(rest) > 2:
        found += _premises_with((first + second,), [token.canonical for token in rest[2:]])
    return found


def _premises_with(number: tuple[str, ...], words: Sequence[str]) -> list[Premises]:
    street = _street(words)
    return [Premises(number=number, street=street)] if _has_letters(street) else []


def _postcode_pattern(postcode: str) -> re.Pattern[str]:
    spaced = r"\s*".join(re.escape(char) for char in postcode)
    return re.compile(rf"(?<![^\W_]){spaced}(?![^\W_])", re.IGNORECASE)


def _match_premises(tokens: Sequence[_Token], item: Premises, text: str) -> int | None:
    """Return the index after the last token of item when tokens start with it, else None."""
    position = 0
    for number in item.number:
        position_after = _match_number(tokens, position, number, text)
        if position_after is None:
            return None
        position = position_after
    if position + len(item.street) > len(tokens):
        return None
    for offset, word in enumerate(item.street):
        if tokens[position + offset].canonical != word:
            return None
    return position + len(item.street)


def _match_number(tokens: Sequence[_Token], index: int, number: str, text: str) -> int | None:
    if index >= len(tokens):
        return None
    if tokens[index].word == number:
        return index + 1
    # "12 A" in the text for the location's "12A": the letter must follow with only spaces between.
    digits = _digits(number)
    if digits != number and tokens[index].word == digits and index + 1 < len(tokens):
        letter = tokens[index + 1]
        gap = text[tokens[index].end : letter.start]
        if letter.word == number[len(digits) :] and gap.isspace() and len(gap) <= 2:
            return index + 2
    return None


def _flat_start(text: str, start: int) -> int:
    """Return where a match at start begins, taking in a "Flat 9" written just before it."""
    window_start = max(0, start - _FLAT_LOOKBACK)
    before = _tokens(text[window_start:start])[-2:]
    for token in reversed(before):
        if token.word in FLAT_WORDS:
            return window_start + token.start
    return start


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged

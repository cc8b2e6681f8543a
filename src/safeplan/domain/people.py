"""Decide whether two records name the same person, for the person index.

Names are compared the way a practitioner reading two records would: case,
accents, punctuation and word order do not matter ("SMITH John" is "John
Smith", "O'Brien" is "OBrien", "Zoë Smith-Jones" is "Zoe Smith Jones"). A name
agreeing is not enough on its own: the date of birth decides between a match
and a possible match, and a different date of birth is a different person.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime

MATCH = "match"
POSSIBLE = "possible"
NO = "no"

# Letters that Unicode decomposition leaves alone but a reader takes as plain ones.
_PLAIN_LETTERS = str.maketrans(
    {"ø": "o", "đ": "d", "ð": "d", "ł": "l", "ħ": "h", "ı": "i", "þ": "th", "æ": "ae", "œ": "oe", "ŋ": "n"}
)
# Marks inside a word that join its halves ("O'Brien", "D’Souza") rather than separate words.
_JOINERS = re.compile(r"['’‘`´ʼ]")
_NOT_WORD = re.compile(r"[\W_]+")


def name_key(name: str) -> tuple[str, ...]:
    """Return a name's words after folding case, removing accents and punctuation, in sorted order.

    Apostrophes join ("O'Brien" -> "obrien"); hyphens and other punctuation separate
    ("Smith-Jones" -> "smith", "jones"). An empty tuple means the name has no words.
    """
    if not isinstance(name, str):
        raise ValueError(f"a name must be a string, not {name!r}")
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    folded = plain.casefold().translate(_PLAIN_LETTERS)
    words = _NOT_WORD.sub(" ", _JOINERS.sub("", folded)).split()
    return tuple(sorted(words))


def names_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    """Return True when some name or alias of a is the same as some name or alias of b."""
    keys_a = {key for key in map(name_key, _names(a)) if key}
    keys_b = {key for key in map(name_key, _names(b)) if key}
    return not keys_a.isdisjoint(keys_b)


def same_person(a: tuple[Sequence[str], date | None], b: tuple[Sequence[str], date | None]) -> str:
    """Return "match", "possible" or "no" for two people given as (names and aliases, date of birth).

    "match" when a name agrees and both dates of birth agree; "possible" when a
    name agrees and a date is missing; otherwise "no" (no name agrees, or the
    dates differ). A name with no letters or digits agrees with nothing. Raise
    ValueError when a name is not a string or a date of birth is not a date.
    """
    names_a, born_a = a
    names_b, born_b = b
    for born in (born_a, born_b):
        if born is not None and (isinstance(born, datetime) or not isinstance(born, date)):
            raise ValueError(f"a date of birth must be a date or None, not {born!r}")
    if not names_agree(names_a, names_b):
        return NO
    if born_a is None or born_b is None:
        return POSSIBLE
    return MATCH if born_a == born_b else NO


def _names(names: Sequence[str]) -> Sequence[str]:
    # A bare string is a sequence of letters; taking it as one name per letter would match "J" to "J".
    if isinstance(names, str):
        raise ValueError(f"names must be a sequence of names, not the single string {names!r}")
    return names

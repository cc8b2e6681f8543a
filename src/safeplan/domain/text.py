"""What a person can actually read in a piece of text.

A rule such as "explain in at least 20 characters" is about what a reader sees. Counting
code points lets 25 zero-width spaces, a run of blank lines or a letter carrying twenty
combining accents pass for an explanation. These functions fold the text to what is
visible first: NFKC (so compatibility forms count once), format characters (category Cf:
zero-width spaces and joiners, direction marks, soft hyphens) and other blank-looking
letters dropped, and every run of whitespace taken as a single space.
"""

from __future__ import annotations

import unicodedata

# Letters and symbols that render as nothing yet are not in category Cf or whitespace:
# Hangul fillers, the blank Braille pattern, the Mongolian vowel separator (Cf since Unicode 6.3,
# listed for older tables) and the combining grapheme joiner.
_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u034f")
# Combining marks add to the character before them; they are not characters of their own.
_NOT_COUNTED = frozenset({"Mn", "Me"})


def visible_text(text: str) -> str:
    """Return the text as a reader sees it: NFKC, invisible characters dropped, whitespace collapsed.

    Leading and trailing whitespace goes; applying it twice changes nothing.
    """
    composed = unicodedata.normalize("NFKC", text)
    kept = "".join(
        character
        for character in composed
        if character.isspace() or (character not in _BLANK and unicodedata.category(character) not in {"Cf", "Cc"})
    )
    return unicodedata.normalize("NFKC", " ".join(kept.split()))


def visible_length(text: str) -> int:
    """Return how many characters a reader sees in the text (combining accents are part of their letter)."""
    return sum(1 for character in visible_text(text) if unicodedata.category(character) not in _NOT_COUNTED)

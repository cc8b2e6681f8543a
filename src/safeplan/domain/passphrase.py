"""Survivor vault passphrases: generate them from the shipped wordlist, and normalise what is typed.

A passphrase is drawn word by word with the operating system's random generator from the EFF
large wordlist (7776 words, see ``safeplan/content/wordlist/ATTRIBUTION.md``), so six words
carry 6 x log2(7776), about 77.5 bits. Everything that turns a passphrase into a lookup key or
an encryption key goes through ``normalise_passphrase`` first, so that what a survivor types on
a phone (a capital first letter, a double space turned into ". ", hyphens for spaces) opens the
same vault.
"""

from __future__ import annotations

import functools
import math
import re
import secrets
import unicodedata
from collections.abc import Sequence

from safeplan.content.loader import CONTENT_DIR, ContentError, content_loader

WORDLIST_FILE = "wordlist/eff_large_wordlist.txt"
WORDLIST_SIZE = 7776
DEFAULT_WORDS = 6
# The lookup key is a fast keyed hash, so against someone holding both the database and the
# pepper the passphrase's own entropy is the only defence: never generate fewer than six words.
MINIMUM_WORDS = 6

_WORD = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
# Phones turn "-" and "--" into en and em dashes and put ". " after a double space.
_EXTRA_SEPARATORS = frozenset(".,\u2212")


@content_loader("wordlist")
def wordlist() -> tuple[str, ...]:
    """Return the passphrase words, in the wordlist's order."""
    path = CONTENT_DIR / WORDLIST_FILE
    try:
        text = path.read_text(encoding="ascii")
    except OSError as error:
        raise ContentError(f"{WORDLIST_FILE}: cannot read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ContentError(f"{WORDLIST_FILE}: not ASCII") from None
    words = tuple(text.splitlines())
    malformed = [number for number, word in enumerate(words, start=1) if not _WORD.match(word)]
    if malformed:
        raise ContentError(f"{WORDLIST_FILE}: lines {malformed[:5]} are not lowercase words")
    if len(set(words)) != len(words):
        raise ContentError(f"{WORDLIST_FILE}: words are not unique")
    if len(words) != WORDLIST_SIZE:
        raise ContentError(f"{WORDLIST_FILE}: {len(words)} words, expected {WORDLIST_SIZE}")
    return words


def generate_passphrase(
    words: int = DEFAULT_WORDS,
    rng: secrets.SystemRandom | None = None,
    *,
    vocabulary: Sequence[str] | None = None,
) -> str:
    """Return a new passphrase of ``words`` words, separated by single spaces.

    Each word is drawn independently and uniformly, with the operating system's cryptographic
    random generator, from ``vocabulary`` (by default the whole wordlist; the survivor space
    passes the list without its blocked words). Fewer than ``MINIMUM_WORDS`` words, or an
    empty vocabulary, raises ValueError.
    """
    if words < MINIMUM_WORDS:
        raise ValueError(f"a passphrase needs at least {MINIMUM_WORDS} words")
    choices = wordlist() if vocabulary is None else vocabulary
    if not choices:
        raise ValueError("a passphrase needs words to choose from")
    generator = rng if rng is not None else secrets.SystemRandom()
    return " ".join(generator.choice(choices) for _ in range(words))


def normalise_passphrase(text: str) -> str:
    """Return the passphrase as it is hashed: NFKC, case-folded, words separated by single spaces.

    Invisible formatting characters (zero-width spaces, soft hyphens) are dropped; any run of
    whitespace, dashes, full stops and commas becomes one space; leading and trailing
    separators go. A hyphenated list word such as "t-shirt" therefore becomes "t shirt", the
    same as if it were typed with a space. Applying it twice changes nothing.
    """
    visible = "".join(character for character in text if unicodedata.category(character) != "Cf")
    # Case folding can produce text that is no longer in NFKC, so compose again afterwards.
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", visible).casefold())
    spaced = "".join(" " if _is_separator(character) else character for character in folded)
    return " ".join(spaced.split())


def passphrase_entropy_bits(words: int = DEFAULT_WORDS) -> float:
    """Return the entropy in bits of a generated passphrase of ``words`` words."""
    if words < 0:
        raise ValueError("the number of words cannot be negative")
    return words * math.log2(WORDLIST_SIZE)


def looks_like_passphrase(text: str) -> bool:
    """Return True if, once normalised, the text is one or more words of the wordlist.

    Meant for gentle feedback ("one of the words is not one we use") before an unlock attempt;
    it says nothing about whether a vault exists.
    """
    tokens = normalise_passphrase(text).split()
    if not tokens:
        return False
    forms = _normalised_word_forms()
    longest = max(len(form) for form in forms)
    # reachable[i]: the first i tokens split exactly into words (a hyphenated word is two tokens).
    reachable = [True] + [False] * len(tokens)
    for start in range(len(tokens)):
        if not reachable[start]:
            continue
        for length in range(1, min(longest, len(tokens) - start) + 1):
            if tuple(tokens[start : start + length]) in forms:
                reachable[start + length] = True
    return reachable[-1]


@functools.cache
def _normalised_word_forms() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(normalise_passphrase(word).split()) for word in wordlist())


def _is_separator(character: str) -> bool:
    return character.isspace() or character in _EXTRA_SEPARATORS or unicodedata.category(character) == "Pd"

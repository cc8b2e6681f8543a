"""Passphrases for survivor spaces: six words from the EFF list, leaving out words that could alarm.

A passphrase is on screen when it is created and may be written down, so a word such as
"strangle" or "prison" could upset a survivor, or alarm someone who sees it. The words we never
generate are data, in ``content/blocked_words.txt``; every other word is drawn uniformly with the
operating system's random generator (``safeplan.domain.passphrase.generate_passphrase``).

Entropy: with ``n`` blocked words each word carries log2(7776 - n) bits. Six words carry
``passphrase_entropy_bits()``, which must stay above 77 bits (a test checks it): that allows up
to 478 blocked words (2 ** (77 / 6) is about 7298). A passphrase typed in is not checked against
the block list: any passphrase the generator once produced still opens its space.
"""

from __future__ import annotations

import functools
import math
import secrets
from pathlib import Path

from safeplan.content.loader import ContentError, content_loader
from safeplan.domain import passphrase
from safeplan.domain.passphrase import DEFAULT_WORDS, wordlist

MINIMUM_ENTROPY_BITS = 77.0
BLOCKED_FILE = Path(__file__).resolve().parent / "content" / "blocked_words.txt"


@content_loader("survivor_blocked_words")
def blocked_words() -> frozenset[str]:
    """Return the words passphrases never use; raise ContentError for a word named twice or not in the list."""
    try:
        lines = BLOCKED_FILE.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ContentError(f"{BLOCKED_FILE.name}: cannot read: {error.strerror}") from None
    words = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    known = set(wordlist())
    unknown = sorted(word for word in words if word not in known)
    if unknown:
        raise ContentError(f"{BLOCKED_FILE.name}: not in the wordlist: {', '.join(unknown[:10])}")
    if len(set(words)) != len(words):
        twice = sorted({word for word in words if words.count(word) > 1})
        raise ContentError(f"{BLOCKED_FILE.name}: listed twice: {', '.join(twice[:10])}")
    return frozenset(words)


@functools.cache
def allowed_words() -> tuple[str, ...]:
    """Return the words passphrases are generated from: the EFF list without the blocked words."""
    blocked = blocked_words()
    return tuple(word for word in wordlist() if word not in blocked)


def passphrase_entropy_bits(words: int = DEFAULT_WORDS) -> float:
    """Return the entropy in bits of a passphrase of ``words`` words from the allowed words."""
    return words * math.log2(len(allowed_words()))


def generate_passphrase(words: int = DEFAULT_WORDS, rng: secrets.SystemRandom | None = None) -> str:
    """Return a new passphrase of ``words`` allowed words, separated by single spaces."""
    return passphrase.generate_passphrase(words, rng, vocabulary=allowed_words())

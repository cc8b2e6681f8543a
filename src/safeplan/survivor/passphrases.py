"""Passphrases for survivor spaces: six words from the EFF list, leaving out words that could alarm.

A passphrase is on screen when it is created and may be written down, so a word such as
"strangle" or "prison" could upset a survivor, or alarm someone who sees it. ``BLOCKED`` lists
the words of the EFF large wordlist we never generate; every other word is drawn uniformly
with the operating system's random generator.

Entropy: with ``n`` blocked words each word carries log2(7776 - n) bits. With the list below
(``len(BLOCKED)`` words, well under 400) six words carry ``passphrase_entropy_bits()``, above
77 bits; it would stay above 77 bits up to 478 blocked words (2 ** (77 / 6) is about 7298).
A passphrase typed in is not checked against the block-list: any passphrase the generator once
produced still opens its space.
"""

from __future__ import annotations

import functools
import math
import secrets

from safeplan.domain.passphrase import DEFAULT_WORDS, MINIMUM_WORDS, wordlist

MINIMUM_ENTROPY_BITS = 77.0

# Words about violence, weapons, injury, death, captivity, the police and courts, fear and
# control. Each must be a word of the EFF list (a test checks this, to catch typos).
BLOCKED: frozenset[str] = frozenset(
    [
        "afraid",
        "agony",
        "aflame",
        "alarm",
        "ambulance",
        "ambush",
        "anger",
        "anguished",
        "armed",
        "arrest",
        "arson",
        "ashamed",
        "backstab",
        "backlash",
        "backfire",
        "bash",
        "battered",
        "battering",
        "battle",
        "bonfire",
        "broken",
        "browbeat",
        "bruising",
        "buckshot",
        "bullwhip",
        "bully",
        "cage",
        "captive",
        "captivity",
        "chase",
        "chokehold",
        "choking",
        "clash",
        "constable",
        "control",
        "cruelly",
        "cruelness",
        "cruelty",
        "crushed",
        "crusher",
        "crushing",
        "crying",
        "custodian",
        "custody",
        "danger",
        "despise",
        "detached",
        "divorcee",
        "dreaded",
        "dreadful",
        "dropkick",
        "drown",
        "earshot",
        "emergency",
        "endanger",
        "enrage",
        "entrap",
        "estranged",
        "evict",
        "evil",
        "fled",
        "flinch",
        "flogging",
        "fracture",
        "gag",
        "gore",
        "gory",
        "graves",
        "graveyard",
        "graveness",
        "grief",
        "grimace",
        "grimacing",
        "grudge",
        "gag",
        "handcuff",
        "handgun",
        "harmful",
        "hate",
        "hatred",
        "helpless",
        "humiliate",
        "hunter",
        "hunting",
        "huntress",
        "huntsman",
        "hurt",
        "imprison",
        "jackknife",
        "jailbird",
        "jailbreak",
        "jailer",
        "jailhouse",
        "judge",
        "kick",
        "lash",
        "lurk",
        "maimed",
        "mangle",
        "mourner",
        "mournful",
        "mutilated",
        "mutilator",
        "obedience",
        "obedient",
        "obsessed",
        "obsession",
        "obsessive",
        "outrage",
        "overkill",
        "panic",
        "penknife",
        "poison",
        "police",
        "predator",
        "pregnancy",
        "pregnant",
        "prison",
        "prowler",
        "prowling",
        "pummel",
        "punch",
        "punisher",
        "rage",
        "raider",
        "repossess",
        "revenge",
        "ribcage",
        "robbing",
        "ruined",
        "sadden",
        "sadly",
        "sadness",
        "savage",
        "scalded",
        "scalding",
        "scared",
        "scarily",
        "scariness",
        "scarring",
        "scary",
        "scolding",
        "shame",
        "shock",
        "shout",
        "shove",
        "shriek",
        "shudder",
        "sinister",
        "siren",
        "skeleton",
        "slam",
        "slapping",
        "slashed",
        "slashing",
        "slingshot",
        "smother",
        "stabilize",
        "strangle",
        "strangely",
        "stranger",
        "strike",
        "stung",
        "stunned",
        "sufferer",
        "suffering",
        "suffocate",
        "taunt",
        "thrash",
        "threaten",
        "traitor",
        "trapped",
        "trapper",
        "trapping",
        "traps",
        "tremble",
        "trembling",
        "unafraid",
        "undead",
        "unloved",
        "unsafe",
        "unshackle",
        "verdict",
        "vengeful",
        "violate",
        "widow",
        "wound",
        "wrath",
        "wreckage",
        "wrecker",
        "wrecking",
        "yelling",
        "zombie",
    ]
)


@functools.cache
def allowed_words() -> tuple[str, ...]:
    """Return the words passphrases are generated from: the EFF list without the blocked words."""
    return tuple(word for word in wordlist() if word not in BLOCKED)


def passphrase_entropy_bits(words: int = DEFAULT_WORDS) -> float:
    """Return the entropy in bits of a passphrase of ``words`` words from the allowed words."""
    return words * math.log2(len(allowed_words()))


def generate_passphrase(words: int = DEFAULT_WORDS, rng: secrets.SystemRandom | None = None) -> str:
    """Return a new passphrase of ``words`` allowed words, separated by single spaces."""
    if words < MINIMUM_WORDS:
        raise ValueError(f"a passphrase needs at least {MINIMUM_WORDS} words")
    generator = rng if rng is not None else secrets.SystemRandom()
    choices = allowed_words()
    return " ".join(generator.choice(choices) for _ in range(words))

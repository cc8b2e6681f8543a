from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeplan.content.loader import ContentError
from safeplan.domain.passphrase import WORDLIST_SIZE, generate_passphrase, wordlist
from safeplan.survivor import passphrases


def test_every_blocked_word_is_a_word_of_the_list() -> None:
    assert set(wordlist()) >= passphrases.blocked_words()


def test_the_block_list_leaves_more_than_77_bits_in_six_words() -> None:
    allowed = WORDLIST_SIZE - len(passphrases.blocked_words())
    assert len(passphrases.allowed_words()) == allowed
    assert passphrases.passphrase_entropy_bits() == 6 * math.log2(allowed)
    assert passphrases.passphrase_entropy_bits() > passphrases.MINIMUM_ENTROPY_BITS


def test_alarming_words_named_in_the_brief_are_blocked() -> None:
    for word in (
        "strangle",
        "chokehold",
        "choking",
        "bruising",
        "punch",
        "hurt",
        "threaten",
        "captive",
        "trapped",
        "prison",
        "police",
        "custody",
        # The words issue 15 found still generated.
        "carnage",
        "gallows",
        "mortuary",
        "dagger",
        "riot",
        "sedative",
    ):
        assert word in passphrases.blocked_words()
    # These are not in the EFF list at all, so they can never be generated.
    for word in ("kill", "knife", "gun", "blood", "abuse", "victim", "dead"):
        assert word not in wordlist()


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=2**32))
def test_a_generated_passphrase_is_six_allowed_words(seed: int) -> None:
    rng = random.Random(seed)
    words = passphrases.generate_passphrase(rng=rng).split()  # type: ignore[arg-type]
    assert len(words) == 6
    assert not set(words) & passphrases.blocked_words()
    assert set(words) <= set(passphrases.allowed_words())


def test_the_block_list_is_a_data_file_checked_at_start_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load = passphrases.blocked_words.__wrapped__  # type: ignore[attr-defined]
    assert load() == passphrases.blocked_words()
    for text, problem in (("# a comment\nstrangle\nnotaword\n", "not in the wordlist"), ("prison\nprison\n", "twice")):
        data = tmp_path / "blocked.txt"
        data.write_text(text)
        monkeypatch.setattr(passphrases, "BLOCKED_FILE", data)
        with pytest.raises(ContentError, match=problem):
            load()


def test_generating_from_a_vocabulary_uses_only_its_words() -> None:
    assert set(generate_passphrase(vocabulary=("kettle", "teapot")).split()) <= {"kettle", "teapot"}
    with pytest.raises(ValueError, match="words to choose from"):
        generate_passphrase(vocabulary=())

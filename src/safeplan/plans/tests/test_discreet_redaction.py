"""The discreet copy's redaction of names typed into the plan."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from safeplan.plans.checks import missing_labels
from safeplan.plans.presentation import REDACTED, discreet_terms, redactor


def test_full_names_and_their_parts_go_whatever_the_case() -> None:
    redact = redactor(discreet_terms(names=["Vicky Victim", "Sam O'Neill-Smith"], others=["SP-ABCD-EFGH"]))
    text = "VICKY's sister; sam o'neill-smith; Smith; ref sp-abcd-efgh; Vicky Victim."
    result = redact(text)
    for gone in ("VICKY", "sam", "Smith", "sp-abcd", "Victim"):
        assert gone.lower() not in result.lower()
    assert result.count(REDACTED) >= 5


def test_words_that_merely_contain_a_name_stay() -> None:
    redact = redactor(discreet_terms(names=["Ann Lee"], others=[]))
    assert redact("Annual leave, fleet, planned") == "Annual leave, fleet, planned"


def test_short_fragments_are_not_redacted_everywhere() -> None:
    redact = redactor(discreet_terms(names=["Jo Li"], others=[]))
    assert redact("Jo Li is going to the job") == f"{REDACTED} is going to the job"


@given(st.text(alphabet="abcdefg ABC'-", max_size=40))
def test_a_redacted_text_never_contains_a_name(text: str) -> None:
    redact = redactor(discreet_terms(names=["Abbe Cade"], others=[]))
    result = redact(text + " Abbe Cade " + text)
    assert re.search(r"(?<!\w)(abbe|cade)(?!\w)", result, re.IGNORECASE) is None


def test_every_code_has_a_label() -> None:
    assert missing_labels() == []

"""Safe contact: which never entries rule out which channels, and arrangements that contradict themselves."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from safeplan.domain.contact import (
    NEVER_RULES,
    Channel,
    Never,
    channel_decision,
    contradictions,
    forbidding_rules,
)

channels = st.sets(st.sampled_from([c.value for c in Channel]))
nevers = st.sets(st.sampled_from([n.value for n in Never]))


def test_it_gives_each_forbidding_never_entry_its_own_reason() -> None:
    assert len({rule.never for rule in NEVER_RULES}) == len(NEVER_RULES)
    assert all(rule.reason.startswith("the victim has said never to") for rule in NEVER_RULES)


def test_it_finds_a_voicemail_allowed_and_forbidden_as_a_contradiction() -> None:
    found = contradictions(["phone_call", "voicemail"], ["voicemail", "marked_cars"])
    assert [(rule.never, rule.forbids) for rule in found] == [(Never.VOICEMAIL, Channel.VOICEMAIL)]


def test_a_never_entry_that_rules_out_no_channel_is_no_contradiction() -> None:
    assert contradictions(["phone_call", "home_visit"], ["uniformed_officers", "withheld_number"]) == []


@given(allowed=channels, never=nevers)
def test_an_arrangement_without_contradictions_allows_every_channel_it_lists(
    allowed: set[str], never: set[str]
) -> None:
    decisions = {
        c: channel_decision(c, allowed_channels=allowed, never=never, arrangement_recorded=True) for c in allowed
    }
    if not contradictions(allowed, never):
        assert all(decision.allowed for decision in decisions.values())
    else:
        assert any(not decision.allowed for decision in decisions.values())


@given(channel=st.sampled_from(list(Channel)), allowed=channels, never=nevers)
def test_a_channel_is_allowed_exactly_when_agreed_and_not_ruled_out(
    channel: Channel, allowed: set[str], never: set[str]
) -> None:
    decision = channel_decision(channel, allowed_channels=allowed, never=never, arrangement_recorded=True)
    assert decision.allowed == (channel.value in allowed and not forbidding_rules(channel, never))


def test_with_no_arrangement_every_channel_is_refused() -> None:
    for channel in Channel:
        decision = channel_decision(channel, allowed_channels=list(Channel), never=(), arrangement_recorded=False)
        assert not decision.allowed
        assert "no safe contact arrangement" in decision.reason

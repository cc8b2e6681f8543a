"""Safe contact rules: which channels an arrangement allows, and why not when it does not.

A channel on the victim's "never" list is refused, not merely warned about: an
abuser who hears a voicemail or opens a letter learns that the victim sought help.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum


class Channel(StrEnum):
    PHONE_CALL = "phone_call"
    TEXT_MESSAGE = "text_message"
    VOICEMAIL = "voicemail"
    EMAIL = "email"
    LETTER = "letter"
    HOME_VISIT = "home_visit"
    VIA_THIRD_PARTY = "via_third_party"
    AT_WORK = "at_work"
    IN_PERSON_ELSEWHERE = "in_person_elsewhere"


class Never(StrEnum):
    VOICEMAIL = "voicemail"
    LETTERS_HOME = "letters_home"
    LANDLINE = "landline"
    HOME_VISITS = "home_visits"
    UNIFORMED_OFFICERS = "uniformed_officers"
    MARKED_CARS = "marked_cars"
    TEXT_MESSAGES = "text_messages"
    CONTACT_AT_WORK = "contact_at_work"
    WITHHELD_NUMBER = "withheld_number"


# Which "never" entries rule out a channel outright.
FORBIDDEN_BY: dict[Channel, frozenset[Never]] = {
    Channel.VOICEMAIL: frozenset({Never.VOICEMAIL}),
    Channel.LETTER: frozenset({Never.LETTERS_HOME}),
    Channel.HOME_VISIT: frozenset({Never.HOME_VISITS}),
    Channel.TEXT_MESSAGE: frozenset({Never.TEXT_MESSAGES}),
    Channel.AT_WORK: frozenset({Never.CONTACT_AT_WORK}),
}

NEVER_REASONS: dict[Never, str] = {
    Never.VOICEMAIL: "the victim has said never to leave a voicemail",
    Never.LETTERS_HOME: "the victim has said never to send letters home",
    Never.HOME_VISITS: "the victim has said never to visit the home",
    Never.TEXT_MESSAGES: "the victim has said never to send text messages",
    Never.CONTACT_AT_WORK: "the victim has said never to make contact at work",
}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str


def channel_decision(
    channel: Channel | str, *, allowed_channels: Collection[str], never: Collection[str], arrangement_recorded: bool
) -> Decision:
    """Return whether the channel may be used under the victim's arrangement, with the reason."""
    channel = Channel(channel)
    if not arrangement_recorded:
        return Decision(False, "no safe contact arrangement is recorded: agree one with the victim first")
    for rule in FORBIDDEN_BY.get(channel, frozenset()):
        if rule.value in never:
            return Decision(False, NEVER_REASONS[rule])
    if channel.value not in allowed_channels:
        return Decision(False, "the victim has not agreed to contact by this channel")
    return Decision(True, "the victim has agreed to contact by this channel")

"""Safe contact rules: which channels an arrangement allows, and why not when it does not.

A channel on the victim's "never" list is refused, not merely warned about: an
abuser who hears a voicemail or opens a letter learns that the victim sought help.
This module is the one place that says which "never" entry rules out which channel.
Both places that act on it call it: saving an arrangement refuses one that allows a
channel its own never list rules out (``contradictions``), and recording a contact
refuses a channel the arrangement does not allow (``channel_decision``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum


def gettext_noop(message: str) -> str:
    """Return the message unchanged. The name marks it for makemessages; the app translates it when shown."""
    return message


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


@dataclass(frozen=True)
class NeverRule:
    """A "never" entry that rules out a channel outright, and the reason given when it does."""

    never: Never
    forbids: Channel
    reason: str


NEVER_RULES: tuple[NeverRule, ...] = (
    NeverRule(Never.VOICEMAIL, Channel.VOICEMAIL, gettext_noop("the victim has said never to leave a voicemail")),
    NeverRule(Never.LETTERS_HOME, Channel.LETTER, gettext_noop("the victim has said never to send letters home")),
    NeverRule(Never.HOME_VISITS, Channel.HOME_VISIT, gettext_noop("the victim has said never to visit the home")),
    NeverRule(
        Never.TEXT_MESSAGES, Channel.TEXT_MESSAGE, gettext_noop("the victim has said never to send text messages")
    ),
    NeverRule(
        Never.CONTACT_AT_WORK, Channel.AT_WORK, gettext_noop("the victim has said never to make contact at work")
    ),
)

NO_ARRANGEMENT = gettext_noop("no safe contact arrangement is recorded: agree one with the victim first")
NOT_AGREED = gettext_noop("the victim has not agreed to contact by this channel")
AGREED = gettext_noop("the victim has agreed to contact by this channel")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str


def forbidding_rules(channel: Channel | str, never: Collection[str]) -> list[NeverRule]:
    """Return the rules on this never list that rule the channel out, in NEVER_RULES order."""
    channel = Channel(channel)
    return [rule for rule in NEVER_RULES if rule.forbids == channel and rule.never.value in never]


def contradictions(allowed_channels: Collection[str], never: Collection[str]) -> list[NeverRule]:
    """Return the rules by which the never list rules out a channel the same arrangement allows.

    An arrangement with any is contradictory and must not be saved.
    """
    return [rule for channel in allowed_channels for rule in forbidding_rules(channel, never)]


def channel_decision(
    channel: Channel | str, *, allowed_channels: Collection[str], never: Collection[str], arrangement_recorded: bool
) -> Decision:
    """Return whether the channel may be used under the victim's arrangement, with the reason."""
    channel = Channel(channel)
    if not arrangement_recorded:
        return Decision(False, NO_ARRANGEMENT)
    forbidden = forbidding_rules(channel, never)
    if forbidden:
        return Decision(False, forbidden[0].reason)
    if channel.value not in allowed_channels:
        return Decision(False, NOT_AGREED)
    return Decision(True, AGREED)

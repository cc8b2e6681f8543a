"""Safe contact rules: which channels an arrangement allows, and why not when it does not.

A channel on the victim's "never" list is refused, not merely warned about: an
abuser who hears a voicemail or opens a letter learns that the victim sought help.
This module is the one place that says which "never" entry rules out which channel.
Both places that act on it call it: saving an arrangement refuses one that allows a
channel its own never list rules out (``contradictions``), and recording a contact
refuses a channel the arrangement does not allow (``channel_decision``).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, time
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


# Safe times: when the victim can take contact. Written as days and time ranges, for example
# "Mon-Fri 10:00-14:00; Sat 09:30-11:00", kept as SafeWindow values, and checked at every contact:
# a text at 06:15 on a Saturday against "weekdays 10:00-12:00" is refused like a forbidden channel.

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_WORDS: dict[str, tuple[int, ...]] = {
    **{name.lower(): (index,) for index, name in enumerate(DAY_NAMES)},
    **{
        full: (index,)
        for index, full in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
    },
    "tues": (1,),
    "weds": (2,),
    "thur": (3,),
    "thurs": (3,),
    "weekdays": (0, 1, 2, 3, 4),
    "weekday": (0, 1, 2, 3, 4),
    "weekends": (5, 6),
    "weekend": (5, 6),
    "daily": (0, 1, 2, 3, 4, 5, 6),
    "everyday": (0, 1, 2, 3, 4, 5, 6),
}
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")
_RANGE = re.compile(r"(.*?)\s*(\d{1,2}(?::\d{2})?\s*(?:am|pm)?)\s*(?:-|–|to)\s*(\d{1,2}(?::\d{2})?\s*(?:am|pm)?)\s*$")

OUTSIDE_SAFE_TIMES = gettext_noop("it is outside the victim's safe times")
NO_SAFE_TIMES = gettext_noop("no safe times are recorded")
WITHIN_SAFE_TIMES = gettext_noop("it is within the victim's safe times")


@dataclass(frozen=True)
class SafeWindow:
    """Days of the week (0 is Monday) and a time range within the day, start included, end excluded."""

    days: tuple[int, ...]
    start: time
    end: time

    def contains(self, moment: datetime) -> bool:
        """Whether a local (wall clock) moment falls in the window."""
        return moment.weekday() in self.days and self.start <= moment.time().replace(tzinfo=None) < self.end

    def as_data(self) -> dict[str, object]:
        return {"days": list(self.days), "start": self.start.strftime("%H:%M"), "end": self.end.strftime("%H:%M")}

    @classmethod
    def from_data(cls, data: dict[str, object]) -> SafeWindow:
        days = data["days"]
        if not isinstance(days, list):
            raise ValueError("days must be a list")
        return cls(
            tuple(int(day) for day in days),
            time.fromisoformat(str(data["start"])),
            time.fromisoformat(str(data["end"])),
        )

    def __str__(self) -> str:
        return f"{describe_days(self.days)} {self.start:%H:%M}–{self.end:%H:%M}"


class SafeTimesError(ValueError):
    """Safe times that cannot be read; the message (a gettext_noop text) and its params say why."""

    def __init__(self, message: str, **params: str) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


def describe_days(days: Collection[int]) -> str:
    """Return days as a short text: "Mon–Fri", "Sat–Sun", "Mon, Wed"; runs of three or more as ranges."""
    ordered = sorted(set(days))
    runs: list[list[int]] = []
    for day in ordered:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]]}–{DAY_NAMES[run[-1]]}")
        else:
            parts.extend(DAY_NAMES[day] for day in run)
    return ", ".join(parts)


def _clock(text: str) -> time:
    match = _TIME.match(text.strip().lower())
    if not match:
        raise SafeTimesError(gettext_noop("“%(time)s” is not a time: write it as 10:00 or 2pm"), time=text.strip())
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise SafeTimesError(gettext_noop("“%(time)s” is not a time: write it as 10:00 or 2pm"), time=text.strip())
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour == 24 and minute == 0:
        return time.max
    if hour > 23 or minute > 59:
        raise SafeTimesError(gettext_noop("“%(time)s” is not a time: write it as 10:00 or 2pm"), time=text.strip())
    return time(hour, minute)


def _days(text: str) -> tuple[int, ...]:
    words = re.sub(r"\bevery\s+day\b", "everyday", text.lower())
    words = re.sub(r"\s*[-–]\s*", "-", re.sub(r"\band\b", " ", words))
    found: set[int] = set()
    for part in re.split(r"[,\s/&]+", words.strip()):
        if not part:
            continue
        ends = part.split("-")
        if len(ends) == 2 and all(len(_DAY_WORDS.get(end, ())) == 1 for end in ends):
            first, last = _DAY_WORDS[ends[0]][0], _DAY_WORDS[ends[1]][0]
            found.update(range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)])
        elif part in _DAY_WORDS:
            found.update(_DAY_WORDS[part])
        else:
            raise SafeTimesError(gettext_noop("“%(days)s” is not a day of the week"), days=part)
    return tuple(sorted(found))


def parse_safe_times(text: str) -> list[SafeWindow]:
    """Read safe times written as days and time ranges, one per line or separated by ";".

    "Mon-Fri 10:00-14:00; Sat 9:30am-11am" gives two windows; days may be names (Mon, Monday), ranges
    (Mon-Fri), lists (Mon, Wed) or weekdays / weekends / every day; without days, every day. A range that
    runs past midnight must be written as two. Empty text gives no windows. Anything else raises
    SafeTimesError with a message for the person typing it.
    """
    windows: list[SafeWindow] = []
    for segment in re.split(r"[;\n]+", text):
        segment = segment.strip().rstrip(".")
        if not segment:
            continue
        match = _RANGE.fullmatch(segment.lower())
        if not match:
            raise SafeTimesError(
                gettext_noop("“%(text)s” has no time range: write days and times, like Mon-Fri 10:00-14:00"),
                text=segment,
            )
        days_text, start_text, end_text = match.groups()
        days = _days(days_text) if days_text.strip() else tuple(range(7))
        start, end = _clock(start_text), _clock(end_text)
        if end <= start:
            raise SafeTimesError(
                gettext_noop("“%(text)s” ends before it starts: a time past midnight needs two ranges"), text=segment
            )
        windows.append(SafeWindow(days, start, end))
    return windows


def time_decision(moment: datetime, windows: Collection[SafeWindow]) -> Decision:
    """Return whether a contact at this local (wall clock) moment is within the safe times.

    With no safe times recorded, any time is allowed: the arrangement has said nothing about time.
    """
    if not windows:
        return Decision(True, NO_SAFE_TIMES)
    if any(window.contains(moment) for window in windows):
        return Decision(True, WITHIN_SAFE_TIMES)
    return Decision(False, OUTSIDE_SAFE_TIMES)

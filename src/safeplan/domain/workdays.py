"""UK working days per nation, and deadlines counted in them (Victims' Code style).

A working day is a weekday that is not a bank holiday in the nation whose rules apply.
The day an event happened is always its calendar day in Europe/London, whatever time zone
the timestamp was given in, because the Victims' Code counts days as people in the UK see them.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")

# Subdivision codes of holidays.country_holidays("GB", ...). Wales has its own code in the
# package, but its bank holidays are England's by law (Banking and Financial Dealings Act 1971,
# schedule 1), so the combined jurisdiction uses England's list.
_SUBDIVISIONS = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}
NATIONS: tuple[str, ...] = tuple(_SUBDIVISIONS)

END_OF_DAY = time(23, 59, 59, 999999)
_SATURDAY = 5


def check_nation(nation: str) -> str:
    """Return the holidays subdivision code of the nation; raise ValueError if it is not one of NATIONS."""
    try:
        return _SUBDIVISIONS[nation]
    except (KeyError, TypeError):
        raise ValueError(f"unknown nation {nation!r}; use one of {list(NATIONS)}") from None


@functools.cache
def bank_holidays(nation: str, year: int) -> frozenset[date]:
    """Return the bank holidays of the nation in the year, substitute and one-off days included."""
    subdivision = check_nation(nation)
    # Neighbouring years are included so that a substitute day is found whichever year the
    # package files it under; only the dates that fall in the year asked for are kept.
    calendar = holidays.country_holidays("GB", subdiv=subdivision, years=(year - 1, year, year + 1))
    return frozenset(day for day in calendar if day.year == year)


def is_working_day(day: date, nation: str) -> bool:
    """Return True if the day is a weekday that is not a bank holiday in the nation."""
    if isinstance(day, datetime):
        # A datetime never equals a date, so a holiday lookup would silently miss: refuse it.
        raise TypeError("pass a date, not a datetime; take the day in Europe/London first")
    check_nation(nation)
    return day.weekday() < _SATURDAY and day not in bank_holidays(nation, day.year)


def end_of_day(day: date) -> datetime:
    """Return the last instant (23:59:59.999999) of the day in Europe/London, timezone-aware."""
    # London changes its clocks at 01:00 UTC, never near midnight, so this time always exists once.
    return datetime.combine(day, END_OF_DAY, tzinfo=LONDON)


def london_day(moment: datetime) -> date:
    """Return the calendar day of a timezone-aware moment in Europe/London."""
    if not isinstance(moment, datetime):
        raise TypeError(f"expected a datetime, got {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the datetime is naive; give it a time zone so its day in London is certain")
    return moment.astimezone(LONDON).date()


def previous_working_day(day: date, nation: str) -> date:
    """Return the last working day of the nation strictly before the day."""
    candidate = day - timedelta(days=1)
    while not is_working_day(candidate, nation):
        candidate -= timedelta(days=1)
    return candidate


def working_day_deadline(occurred_at: datetime, working_days: int, nation: str) -> datetime:
    """Return the end of the Nth working day after the day of the event, in Europe/London.

    occurred_at must be timezone-aware; its day is taken in Europe/London. The result is
    23:59:59.999999 Europe/London (timezone-aware) on the Nth working day strictly after that
    day, where working days are weekdays that are not bank holidays of the nation
    ("england-and-wales", "scotland" or "northern-ireland"), substitute and one-off bank
    holidays included. So an event at any time on Thursday 24 December 2026 in England with
    1 working day is due by the end of Tuesday 29 December (Christmas, the weekend and the
    Boxing Day substitute are skipped).

    0 working days means "by the end of the first working day on or after the event day":
    the event day itself when it is a working day, otherwise the next working day. A deadline
    therefore always falls on a working day, and 0 and 1 give the same deadline for an event
    on a weekend or bank holiday (1 is strictly later than 0 only when the event day is a
    working day; from 1 on, each extra working day is strictly later).

    Raise ValueError for a naive datetime, an unknown nation or a negative count, and
    TypeError when working_days is not an int (a bool is refused too).
    """
    event_day = london_day(occurred_at)
    check_nation(nation)
    if isinstance(working_days, bool) or not isinstance(working_days, int):
        raise TypeError(f"working_days must be an int, got {type(working_days).__name__}")
    if working_days < 0:
        raise ValueError(f"working_days must be 0 or more, got {working_days}")

    day = event_day
    if working_days == 0:
        while not is_working_day(day, nation):
            day += timedelta(days=1)
        return end_of_day(day)

    remaining = working_days
    try:
        while remaining:
            day += timedelta(days=1)
            if is_working_day(day, nation):
                remaining -= 1
    except OverflowError:
        raise ValueError(f"{working_days} working days after {event_day} is past the end of the calendar") from None
    return end_of_day(day)

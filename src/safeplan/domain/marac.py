"""MARAC rules that need no database: when a new incident makes a case a repeat.

A repeat (the MARAC definition) is any incident within 12 months after a
previous referral to a MARAC. The referral day itself is not "after" it: a
decision recorded the same day as the incident is the referral for that
incident, not a previous one.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, datetime

# A referral counts towards a repeat for this many calendar months after it.
REPEAT_WINDOW_MONTHS = 12


def add_months(day: date, months: int) -> date:
    """Return the same day `months` calendar months later (or earlier when negative).

    When that day does not exist in the target month it is the month's last day:
    29 February plus 12 months is 28 February, 31 January plus one month is
    28 (or 29) February.
    """
    _check_date("day", day)
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    if not date.min.year <= year <= date.max.year:
        raise ValueError(f"{day.isoformat()} plus {months} months is out of the calendar's range")
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def repeat_window_end(referral: date) -> date:
    """Return the last day on which an incident counts as a repeat of this referral."""
    return add_months(referral, REPEAT_WINDOW_MONTHS)


def is_repeat(incident_on: date, referrals: Iterable[date]) -> bool:
    """Return True when some referral r has r < incident_on <= r + 12 calendar months.

    An incident on a referral's own day is not a repeat of it; 29 February plus
    12 months is 28 February. Raise ValueError when a value is not a date (a
    datetime is refused too: it would compare by the wrong rule).
    """
    _check_date("incident_on", incident_on)
    for referral in referrals:
        _check_date("referral", referral)
        if referral < incident_on <= _window_end_or_max(referral):
            return True
    return False


def _window_end_or_max(referral: date) -> date:
    # A referral in the calendar's last year still has a window; it just ends at the end of time.
    try:
        return repeat_window_end(referral)
    except ValueError:
        return date.max


def _check_date(name: str, value: date) -> date:
    # datetime is a subclass of date but cannot be compared with one.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValueError(f"{name} must be a date, not {value!r}")
    return value

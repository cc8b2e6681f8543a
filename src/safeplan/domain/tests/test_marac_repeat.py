"""A repeat: an incident after a MARAC referral and within 12 calendar months of it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplan.domain.marac import add_months, is_repeat, repeat_window_end

# (incident, referrals, expected, why) -- every end date read off a printed calendar.
REPEATS = [
    (date(2026, 3, 10), [], False, "no referral"),
    (date(2026, 3, 10), [date(2026, 3, 10)], False, "the referral's own day is not a repeat"),
    (date(2026, 3, 11), [date(2026, 3, 10)], True, "the day after the referral"),
    (date(2027, 3, 10), [date(2026, 3, 10)], True, "exactly 12 months after"),
    (date(2027, 3, 11), [date(2026, 3, 10)], False, "12 months and a day after"),
    (date(2026, 3, 9), [date(2026, 3, 10)], False, "before the referral"),
    (date(2025, 2, 28), [date(2024, 2, 29)], True, "29 February plus 12 months is 28 February"),
    (date(2025, 3, 1), [date(2024, 2, 29)], False, "1 March is past 28 February"),
    (date(2025, 2, 28), [date(2024, 2, 28)], True, "28 February to 28 February"),
    (date(2028, 2, 29), [date(2027, 2, 28)], False, "a leap day after 28 February is past 12 months"),
    (date(2028, 2, 28), [date(2027, 2, 28)], True, "the same day the next year"),
    (date(2026, 1, 1), [date(2025, 1, 1)], True, "new year's day to new year's day"),
    (date(2027, 1, 1), [date(2025, 1, 1), date(2026, 12, 31)], True, "any one referral is enough"),
    (date(2027, 1, 2), [date(2025, 1, 1), date(2026, 1, 1)], False, "every referral too old"),
    (date(2026, 6, 1), [date(2026, 6, 1), date(2026, 5, 31)], True, "a same-day referral beside an earlier one"),
]


@pytest.mark.parametrize(("incident", "referrals", "expected", "why"), REPEATS, ids=[r[3] for r in REPEATS])
def test_it_decides_a_repeat(incident: date, referrals: list[date], expected: bool, why: str) -> None:
    assert is_repeat(incident, referrals) is expected


def test_it_accepts_any_iterable_of_referrals() -> None:
    assert is_repeat(date(2026, 3, 11), (day for day in [date(2026, 3, 10)]))


@pytest.mark.parametrize(
    ("incident", "referrals"),
    [
        (datetime(2026, 3, 11, 9), [date(2026, 3, 10)]),
        (date(2026, 3, 11), [datetime(2026, 3, 10, 9)]),
        ("2026-03-11", [date(2026, 3, 10)]),
        (date(2026, 3, 11), [None]),
    ],
)
def test_it_refuses_what_is_not_a_date(incident: date, referrals: list[date]) -> None:
    with pytest.raises(ValueError, match="must be a date"):
        is_repeat(incident, referrals)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
    ],
)
def test_adding_months_keeps_the_day_or_takes_the_last_of_the_month(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_a_referral_in_the_calendars_last_year_still_counts() -> None:
    assert is_repeat(date(9999, 12, 31), [date(9999, 6, 1)])


DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@given(DAYS)
def test_the_window_is_the_day_after_the_referral_to_12_months_later(referral: date) -> None:
    end = repeat_window_end(referral)
    assert not is_repeat(referral, [referral])
    assert is_repeat(referral + timedelta(days=1), [referral])
    assert is_repeat(end, [referral])
    assert not is_repeat(end + timedelta(days=1), [referral])
    assert not is_repeat(referral - timedelta(days=1), [referral])
    # Never short of a year, never over by more than the day 29 February loses.
    assert 365 <= (end - referral).days <= 366


@given(DAYS, st.lists(DAYS, max_size=6))
def test_a_repeat_is_a_repeat_of_some_one_referral(incident: date, referrals: list[date]) -> None:
    assert is_repeat(incident, referrals) == any(is_repeat(incident, [referral]) for referral in referrals)


def one_year_later(day: date) -> date:
    """12 calendar months later, worked out a different way from add_months: the same date next year."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + 1, day=28)


@given(DAYS, DAYS)
def test_it_agrees_with_the_same_date_next_year(incident: date, referral: date) -> None:
    assert is_repeat(incident, [referral]) == (referral < incident <= one_year_later(referral))


def test_a_leap_day_incident_is_not_a_repeat_of_28_february_the_year_before() -> None:
    # Counting back 12 months from 29 February 2028 gives 28 February 2027 and would call it a
    # repeat; counting forward from the referral, as the rule says, ends on 28 February 2028.
    assert not is_repeat(date(2028, 2, 29), [date(2027, 2, 28)])

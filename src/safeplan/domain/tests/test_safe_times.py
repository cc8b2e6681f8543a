"""Safe times as days and time ranges, and the check at every contact."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplan.domain.contact import SafeTimesError, SafeWindow, parse_safe_times, time_decision

WEEKDAY_MORNINGS = parse_safe_times("weekdays 10:00-12:00")


def test_days_and_ranges_are_read_in_the_ways_people_write_them() -> None:
    assert [str(w) for w in parse_safe_times("Mon - Fri 10am to 2pm; Sat 9:30-11:00")] == [
        "Mon–Fri 10:00–14:00",
        "Sat 09:30–11:00",
    ]
    assert [str(w) for w in parse_safe_times("Monday and Wednesday 18:00–19:30\nevery day 7am-8am")] == [
        "Mon, Wed 18:00–19:30",
        "Mon–Sun 07:00–08:00",
    ]
    assert parse_safe_times("  ") == []


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("when he is at work", "has no time range"),
        ("Funday 10:00-12:00", "is not a day of the week"),
        ("Mon 25:00-26:00", "is not a time"),
        ("Fri 22:00-02:00", "needs two ranges"),
        ("Sat 11:00-11:00", "ends before it starts"),
    ],
)
def test_what_cannot_be_read_is_refused_with_the_reason(text: str, says: str) -> None:
    with pytest.raises(SafeTimesError, match=says):
        parse_safe_times(text)


def test_a_text_at_quarter_past_six_on_a_saturday_is_outside_weekday_mornings() -> None:
    saturday = datetime(2026, 12, 5, 6, 15)
    assert saturday.weekday() == 5
    decision = time_decision(saturday, WEEKDAY_MORNINGS)
    assert not decision.allowed
    assert "outside" in decision.reason


def test_the_start_counts_and_the_end_does_not() -> None:
    monday = datetime(2026, 12, 7)
    assert time_decision(monday.replace(hour=10), WEEKDAY_MORNINGS).allowed
    assert time_decision(monday.replace(hour=11, minute=59), WEEKDAY_MORNINGS).allowed
    assert not time_decision(monday.replace(hour=12), WEEKDAY_MORNINGS).allowed
    assert not time_decision(monday.replace(hour=9, minute=59), WEEKDAY_MORNINGS).allowed


def test_without_safe_times_any_time_is_allowed() -> None:
    assert time_decision(datetime(2026, 12, 5, 3, 0), []).allowed


@given(
    days=st.sets(st.integers(0, 6), min_size=1),
    start=st.integers(0, 22 * 60),
    length=st.integers(1, 60),
)
def test_a_window_survives_storage_and_its_own_text(days: set[int], start: int, length: int) -> None:
    window = SafeWindow(
        tuple(sorted(days)), time(start // 60, start % 60), time((start + length) // 60, (start + length) % 60)
    )
    assert SafeWindow.from_data(window.as_data()) == window
    assert parse_safe_times(str(window)) == [window]

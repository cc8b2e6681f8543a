"""Working days per UK nation and the deadlines counted in them.

Every expected date below was worked out by hand from a printed calendar (``calendar.month``)
and the bank holiday list of the ``holidays`` package, never from the function under test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeplan.domain.workdays import NATIONS, is_working_day, working_day_deadline

LONDON = ZoneInfo("Europe/London")
ENGLAND_AND_WALES = "england-and-wales"
SCOTLAND = "scotland"
NORTHERN_IRELAND = "northern-ireland"


def london(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=LONDON)


# (occurred_at, working days, nation, expected deadline day, why)
DEADLINES = [
    # Christmas 2026: Fri 25 Christmas, Sat 26 Boxing Day -> substitute Mon 28.
    (london(2026, 12, 24, 17), 1, ENGLAND_AND_WALES, date(2026, 12, 29), "Thu 24 Dec 2026: skips 25, weekend, 28"),
    (london(2026, 12, 24, 17), 2, ENGLAND_AND_WALES, date(2026, 12, 30), "then Wed 30"),
    (london(2026, 12, 24, 17), 3, ENGLAND_AND_WALES, date(2026, 12, 31), "then Thu 31"),
    (london(2026, 12, 24, 17), 4, ENGLAND_AND_WALES, date(2027, 1, 4), "Fri 1 Jan 2027 is New Year's Day"),
    (london(2026, 12, 24, 17), 1, SCOTLAND, date(2026, 12, 29), "Scotland shares Christmas"),
    (london(2026, 12, 24, 17), 4, SCOTLAND, date(2027, 1, 5), "Sat 2 Jan 2027 -> substitute Mon 4 Jan"),
    (london(2026, 12, 24, 17), 4, NORTHERN_IRELAND, date(2027, 1, 4), "no 2 January holiday in NI"),
    # Christmas 2027: Sat 25 and Sun 26 -> substitutes Mon 27 and Tue 28.
    (london(2027, 12, 24, 17), 1, ENGLAND_AND_WALES, date(2027, 12, 29), "two substitute days"),
    (london(2027, 12, 24, 17), 1, SCOTLAND, date(2027, 12, 29), "two substitute days"),
    (london(2027, 12, 24, 17), 1, NORTHERN_IRELAND, date(2027, 12, 29), "two substitute days"),
    # Christmas 2022: Sun 25 -> Mon 26 Boxing Day, Tue 27 Christmas substitute.
    (london(2022, 12, 23, 17), 1, ENGLAND_AND_WALES, date(2022, 12, 28), "Christmas on a Sunday"),
    (london(2022, 12, 23, 17), 1, SCOTLAND, date(2022, 12, 28), "Christmas on a Sunday"),
    # New Year 2022: Sat 1 -> Mon 3 (and in Scotland Sun 2 -> Tue 4).
    (london(2021, 12, 31, 17), 1, ENGLAND_AND_WALES, date(2022, 1, 4), "New Year's Day substitute Mon 3"),
    (london(2021, 12, 31, 17), 1, SCOTLAND, date(2022, 1, 5), "Scottish substitutes Mon 3 and Tue 4"),
    # New Year 2023: Sun 1 -> Mon 2 (and in Scotland Mon 2 -> Tue 3).
    (london(2022, 12, 30, 17), 1, ENGLAND_AND_WALES, date(2023, 1, 3), "New Year's Day substitute Mon 2"),
    (london(2022, 12, 30, 17), 1, SCOTLAND, date(2023, 1, 4), "Scottish Mon 2 and Tue 3"),
    (london(2022, 12, 30, 17), 1, NORTHERN_IRELAND, date(2023, 1, 3), "New Year's Day substitute Mon 2"),
    # Easter 2026: Good Friday 3 April everywhere; Easter Monday 6 April not in Scotland.
    (london(2026, 4, 2, 15), 1, ENGLAND_AND_WALES, date(2026, 4, 7), "Good Friday and Easter Monday"),
    (london(2026, 4, 2, 15), 2, ENGLAND_AND_WALES, date(2026, 4, 8), "Good Friday and Easter Monday"),
    (london(2026, 4, 2, 15), 1, SCOTLAND, date(2026, 4, 6), "Scotland: Good Friday only"),
    (london(2026, 4, 2, 15), 1, NORTHERN_IRELAND, date(2026, 4, 7), "Good Friday and Easter Monday"),
    # Scotland's 2 January: Fri 2 Jan 2026.
    (london(2025, 12, 31, 15), 1, ENGLAND_AND_WALES, date(2026, 1, 2), "2 January is a working day"),
    (london(2025, 12, 31, 15), 1, SCOTLAND, date(2026, 1, 5), "2 January is a Scottish holiday"),
    (london(2025, 12, 31, 15), 1, NORTHERN_IRELAND, date(2026, 1, 2), "2 January is a working day"),
    # St Andrew's Day: Mon 30 Nov 2026; in 2025 Sun 30 Nov -> substitute Mon 1 Dec.
    (london(2026, 11, 27, 15), 1, SCOTLAND, date(2026, 12, 1), "St Andrew's Day on a Monday"),
    (london(2026, 11, 27, 15), 1, ENGLAND_AND_WALES, date(2026, 11, 30), "not a holiday in England"),
    (london(2025, 11, 28, 15), 1, SCOTLAND, date(2025, 12, 2), "St Andrew's Day substitute"),
    (london(2025, 11, 28, 15), 1, ENGLAND_AND_WALES, date(2025, 12, 1), "no substitute in England"),
    # August: Scotland's is the first Monday (3 Aug 2026), elsewhere the last (31 Aug 2026).
    (london(2026, 7, 31, 15), 1, SCOTLAND, date(2026, 8, 4), "first Monday of August"),
    (london(2026, 7, 31, 15), 1, ENGLAND_AND_WALES, date(2026, 8, 3), "first Monday of August is worked"),
    (london(2026, 7, 31, 15), 1, NORTHERN_IRELAND, date(2026, 8, 3), "first Monday of August is worked"),
    (london(2026, 8, 28, 15), 1, SCOTLAND, date(2026, 8, 31), "last Monday of August is worked"),
    (london(2026, 8, 28, 15), 1, ENGLAND_AND_WALES, date(2026, 9, 1), "last Monday of August"),
    (london(2026, 8, 28, 15), 1, NORTHERN_IRELAND, date(2026, 9, 1), "last Monday of August"),
    # St Patrick's Day: Tue 17 Mar 2026; Sun 17 Mar 2024 -> substitute Mon 18.
    (london(2026, 3, 16, 15), 1, NORTHERN_IRELAND, date(2026, 3, 18), "St Patrick's Day"),
    (london(2026, 3, 16, 15), 1, ENGLAND_AND_WALES, date(2026, 3, 17), "not a holiday in England"),
    (london(2026, 3, 16, 15), 1, SCOTLAND, date(2026, 3, 17), "not a holiday in Scotland"),
    (london(2024, 3, 15, 15), 1, NORTHERN_IRELAND, date(2024, 3, 19), "St Patrick's Day substitute"),
    (london(2024, 3, 15, 15), 1, ENGLAND_AND_WALES, date(2024, 3, 18), "no substitute in England"),
    # Battle of the Boyne: Sun 12 Jul 2026 -> substitute Mon 13; Mon 12 Jul 2027.
    (london(2026, 7, 10, 15), 1, NORTHERN_IRELAND, date(2026, 7, 14), "Boyne substitute"),
    (london(2026, 7, 10, 15), 1, ENGLAND_AND_WALES, date(2026, 7, 13), "not a holiday in England"),
    (london(2027, 7, 9, 15), 1, NORTHERN_IRELAND, date(2027, 7, 13), "Boyne on a Monday"),
    # One-off bank holidays, as the holidays package gives them.
    (london(2023, 5, 5, 15), 1, ENGLAND_AND_WALES, date(2023, 5, 9), "Coronation, Mon 8 May 2023"),
    (london(2023, 5, 5, 15), 1, SCOTLAND, date(2023, 5, 9), "Coronation, Mon 8 May 2023"),
    (london(2023, 5, 5, 15), 1, NORTHERN_IRELAND, date(2023, 5, 9), "Coronation, Mon 8 May 2023"),
    (london(2022, 9, 16, 15), 1, ENGLAND_AND_WALES, date(2022, 9, 20), "State funeral, Mon 19 Sep 2022"),
    (london(2022, 6, 1, 15), 1, ENGLAND_AND_WALES, date(2022, 6, 6), "Jubilee, Thu 2 and Fri 3 Jun 2022"),
    (london(2022, 6, 1, 15), 1, SCOTLAND, date(2022, 6, 6), "Jubilee, Thu 2 and Fri 3 Jun 2022"),
    (london(2026, 6, 12, 15), 1, SCOTLAND, date(2026, 6, 16), "Scottish one-off, Mon 15 Jun 2026"),
    (london(2026, 6, 12, 15), 1, ENGLAND_AND_WALES, date(2026, 6, 15), "not a holiday in England"),
    # The event day is the day in London, not in UTC or anywhere else.
    (utc(2026, 7, 15, 23, 30), 1, ENGLAND_AND_WALES, date(2026, 7, 17), "23:30 UTC Wed is 00:30 BST Thu"),
    (utc(2026, 1, 14, 23, 30), 1, ENGLAND_AND_WALES, date(2026, 1, 15), "23:30 UTC Wed is 23:30 GMT Wed"),
    (
        datetime(2026, 7, 16, 1, 0, tzinfo=ZoneInfo("Europe/Paris")),
        1,
        ENGLAND_AND_WALES,
        date(2026, 7, 17),
        "01:00 Paris Thu is 00:00 BST Thu",
    ),
    (
        datetime(2026, 7, 15, 19, 30, tzinfo=ZoneInfo("America/New_York")),
        1,
        ENGLAND_AND_WALES,
        date(2026, 7, 17),
        "19:30 New York Wed is 00:30 BST Thu",
    ),
    # Clocks go forward on Sun 29 Mar 2026 and back on Sun 25 Oct 2026.
    (london(2026, 3, 27, 17), 1, ENGLAND_AND_WALES, date(2026, 3, 30), "over the spring change"),
    (utc(2026, 3, 26, 23, 30), 1, ENGLAND_AND_WALES, date(2026, 3, 27), "23:30 UTC is still 23:30 GMT Thu"),
    (utc(2026, 3, 29, 0, 30), 1, ENGLAND_AND_WALES, date(2026, 3, 30), "00:30 GMT Sun, just before the change"),
    (utc(2026, 3, 30, 23, 30), 1, ENGLAND_AND_WALES, date(2026, 4, 1), "23:30 UTC Mon is 00:30 BST Tue"),
    (london(2026, 10, 23, 17), 1, ENGLAND_AND_WALES, date(2026, 10, 26), "over the autumn change"),
    (utc(2026, 10, 22, 23, 30), 1, ENGLAND_AND_WALES, date(2026, 10, 26), "23:30 UTC Thu is 00:30 BST Fri"),
    (utc(2026, 10, 25, 0, 30), 1, ENGLAND_AND_WALES, date(2026, 10, 26), "01:30 BST Sun, first time round"),
    (utc(2026, 10, 25, 1, 30), 1, ENGLAND_AND_WALES, date(2026, 10, 26), "01:30 GMT Sun, second time round"),
    # 0 working days: the end of the event day if it is a working day, else of the next one.
    (london(2026, 12, 24, 17), 0, ENGLAND_AND_WALES, date(2026, 12, 24), "a working day itself"),
    (london(2026, 12, 25, 10), 0, ENGLAND_AND_WALES, date(2026, 12, 29), "Christmas -> next working day"),
    (london(2026, 12, 26, 10), 0, ENGLAND_AND_WALES, date(2026, 12, 29), "Saturday -> next working day"),
    (london(2026, 12, 26, 10), 1, ENGLAND_AND_WALES, date(2026, 12, 29), "same as 0 on a non-working day"),
    (london(2026, 12, 28, 10), 0, SCOTLAND, date(2026, 12, 29), "Boxing Day substitute -> Tue"),
    # Longer counts cross several holidays.
    (london(2026, 12, 18, 9), 10, ENGLAND_AND_WALES, date(2027, 1, 6), "21 22 23 24 29 30 31 4 5 6"),
    (london(2026, 12, 18, 9), 10, SCOTLAND, date(2027, 1, 7), "21 22 23 24 29 30 31 5 6 7"),
]


@pytest.mark.parametrize(
    ("occurred_at", "working_days", "nation", "expected", "why"),
    DEADLINES,
    ids=[f"{row[2]}-{row[0].isoformat()}-{row[1]}" for row in DEADLINES],
)
def test_working_day_deadline_matches_the_calendar(
    occurred_at: datetime, working_days: int, nation: str, expected: date, why: str
) -> None:
    deadline = working_day_deadline(occurred_at, working_days, nation)

    assert deadline == end_of(expected), why
    assert deadline.tzinfo is LONDON
    assert deadline.replace(tzinfo=None) == datetime.combine(expected, time(23, 59, 59, 999999))


def test_the_deadline_carries_the_london_offset_of_its_own_day() -> None:
    spring = working_day_deadline(london(2026, 3, 27, 17), 1, ENGLAND_AND_WALES)
    autumn = working_day_deadline(london(2026, 10, 23, 17), 1, ENGLAND_AND_WALES)

    assert spring.utcoffset() == timedelta(hours=1)
    assert spring.astimezone(UTC) == utc(2026, 3, 30, 22, 59) + timedelta(seconds=59, microseconds=999999)
    assert autumn.utcoffset() == timedelta(0)
    assert autumn.astimezone(UTC) == utc(2026, 10, 26, 23, 59) + timedelta(seconds=59, microseconds=999999)


def test_it_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="naive"):
        working_day_deadline(datetime(2026, 12, 24, 17, 0), 1, ENGLAND_AND_WALES)


@pytest.mark.parametrize("nation", ["england", "wales", "uk", "ENG", "Scotland", "", "northern ireland"])
def test_it_refuses_an_unknown_nation(nation: str) -> None:
    with pytest.raises(ValueError, match="unknown nation"):
        working_day_deadline(london(2026, 12, 24), 1, nation)


def test_it_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        working_day_deadline(london(2026, 12, 24), -1, ENGLAND_AND_WALES)


@pytest.mark.parametrize("working_days", [True, 1.0, "1"])
def test_it_refuses_a_count_that_is_not_an_int(working_days: object) -> None:
    with pytest.raises(TypeError):
        working_day_deadline(london(2026, 12, 24), working_days, ENGLAND_AND_WALES)  # type: ignore[arg-type]


def test_the_nations_are_the_three_uk_jurisdictions() -> None:
    assert set(NATIONS) == {ENGLAND_AND_WALES, SCOTLAND, NORTHERN_IRELAND}


@pytest.mark.parametrize(
    ("day", "nation", "expected"),
    [
        (date(2026, 12, 24), ENGLAND_AND_WALES, True),
        (date(2026, 12, 25), ENGLAND_AND_WALES, False),
        (date(2026, 12, 26), ENGLAND_AND_WALES, False),
        (date(2026, 12, 27), ENGLAND_AND_WALES, False),
        (date(2026, 12, 28), ENGLAND_AND_WALES, False),
        (date(2026, 4, 6), ENGLAND_AND_WALES, False),
        (date(2026, 4, 6), SCOTLAND, True),
        (date(2026, 4, 6), NORTHERN_IRELAND, False),
        (date(2026, 1, 2), SCOTLAND, False),
        (date(2026, 1, 2), ENGLAND_AND_WALES, True),
        (date(2025, 12, 1), SCOTLAND, False),
        (date(2026, 8, 3), SCOTLAND, False),
        (date(2026, 8, 31), SCOTLAND, True),
        (date(2026, 3, 17), NORTHERN_IRELAND, False),
        (date(2026, 7, 13), NORTHERN_IRELAND, False),
        (date(2026, 7, 13), SCOTLAND, True),
        (date(2023, 5, 8), NORTHERN_IRELAND, False),
    ],
)
def test_is_working_day_knows_each_nations_holidays(day: date, nation: str, expected: bool) -> None:
    assert is_working_day(day, nation) is expected


def test_is_working_day_refuses_a_datetime() -> None:
    with pytest.raises(TypeError):
        is_working_day(datetime(2026, 12, 25, 12, tzinfo=LONDON), ENGLAND_AND_WALES)


def test_is_working_day_refuses_an_unknown_nation() -> None:
    with pytest.raises(ValueError, match="unknown nation"):
        is_working_day(date(2026, 12, 24), "wales")


def test_wales_has_the_same_bank_holidays_as_england() -> None:
    # England and Wales is one list by law; this guards the choice of the package's "ENG" list.
    years = range(2015, 2041)
    england = holidays.country_holidays("GB", subdiv="ENG", years=years)
    wales = holidays.country_holidays("GB", subdiv="WLS", years=years)

    assert set(england) == set(wales)


# Properties, checked against an oracle built straight from the holidays package.

_SUBDIVISION = {ENGLAND_AND_WALES: "ENG", SCOTLAND: "SCT", NORTHERN_IRELAND: "NIR"}
_ORACLE: dict[str, holidays.HolidayBase] = {
    nation: holidays.country_holidays("GB", subdiv=code, years=range(1999, 2043))
    for nation, code in _SUBDIVISION.items()
}


def oracle_is_working_day(day: date, nation: str) -> bool:
    return day.weekday() < 5 and day not in _ORACLE[nation]


def working_days_strictly_between(start: date, end: date, nation: str) -> int:
    return sum(oracle_is_working_day(start + timedelta(days=i), nation) for i in range(1, (end - start).days))


moments = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2040, 12, 31),
    timezones=st.sampled_from([UTC, LONDON, ZoneInfo("America/New_York"), ZoneInfo("Asia/Tokyo")]),
    allow_imaginary=False,
)
nations = st.sampled_from(NATIONS)
counts = st.integers(min_value=0, max_value=40)


@settings(max_examples=200, deadline=None)
@given(occurred_at=moments, working_days=counts, nation=nations)
def test_a_deadline_always_falls_at_the_end_of_a_working_day(
    occurred_at: datetime, working_days: int, nation: str
) -> None:
    deadline = working_day_deadline(occurred_at, working_days, nation)

    assert deadline.tzinfo is LONDON
    assert deadline.time() == time(23, 59, 59, 999999)
    assert oracle_is_working_day(deadline.date(), nation)


@settings(max_examples=200, deadline=None)
@given(occurred_at=moments, working_days=counts, nation=nations)
def test_more_working_days_are_never_earlier(occurred_at: datetime, working_days: int, nation: str) -> None:
    this = working_day_deadline(occurred_at, working_days, nation)
    after = working_day_deadline(occurred_at, working_days + 1, nation)

    if working_days >= 1 or oracle_is_working_day(occurred_at.astimezone(LONDON).date(), nation):
        assert after > this
    else:
        # On a weekend or holiday, 0 and 1 both mean the end of the next working day.
        assert after == this


@settings(max_examples=200, deadline=None)
@given(occurred_at=moments, working_days=counts, nation=nations)
def test_a_deadline_is_never_before_the_event(occurred_at: datetime, working_days: int, nation: str) -> None:
    deadline = working_day_deadline(occurred_at, working_days, nation)

    assert deadline >= occurred_at
    if working_days >= 1:
        assert deadline > occurred_at
        assert deadline.date() > occurred_at.astimezone(LONDON).date()


@settings(max_examples=200, deadline=None)
@given(occurred_at=moments, working_days=st.integers(min_value=1, max_value=40), nation=nations)
def test_n_working_days_leave_n_minus_one_working_days_in_between(
    occurred_at: datetime, working_days: int, nation: str
) -> None:
    event_day = occurred_at.astimezone(LONDON).date()
    deadline_day = working_day_deadline(occurred_at, working_days, nation).date()

    assert working_days_strictly_between(event_day, deadline_day, nation) == working_days - 1


@settings(max_examples=200, deadline=None)
@given(occurred_at=moments, nation=nations)
def test_zero_working_days_is_the_first_working_day_on_or_after_the_event_day(
    occurred_at: datetime, nation: str
) -> None:
    event_day = occurred_at.astimezone(LONDON).date()
    deadline_day = working_day_deadline(occurred_at, 0, nation).date()

    assert deadline_day >= event_day
    assert oracle_is_working_day(deadline_day, nation)
    assert not any(
        oracle_is_working_day(event_day + timedelta(days=i), nation) for i in range((deadline_day - event_day).days)
    )


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)), nation=nations)
def test_is_working_day_agrees_with_the_holiday_list(day: date, nation: str) -> None:
    assert is_working_day(day, nation) is oracle_is_working_day(day, nation)

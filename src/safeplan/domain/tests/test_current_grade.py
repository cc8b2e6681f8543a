"""A case's current risk grade: the latest checklist sets it, a later screen may only raise it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from random import Random
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplan.domain.risk import LEVELS, current_grade

LONDON = ZoneInfo("Europe/London")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


# (rows, expected, why)
GRADES = [
    ([], None, "no assessment yet"),
    ([(at(0), "ric", "medium")], "medium", "one checklist"),
    ([(at(0), "ric", "high"), (at(1), "ric", "medium")], "medium", "a later checklist may lower the grade"),
    ([(at(1), "ric", "medium"), (at(0), "ric", "high")], "medium", "rows in any order"),
    ([(at(0), "ric", "high"), (at(1), "stalking", "medium")], "high", "a screen never lowers the grade"),
    ([(at(0), "ric", "standard"), (at(1), "stalking", "high")], "high", "a later screen raises it"),
    ([(at(0), "ric", "medium"), (at(0), "stalking", "high")], "high", "a screen at the same instant counts"),
    ([(at(0), "stalking", "high"), (at(1), "ric", "medium")], "medium", "an older screen no longer counts"),
    (
        [(at(0), "ric", "standard"), (at(1), "stalking", "high"), (at(2), "ric", "medium")],
        "medium",
        "a new checklist reassesses what an earlier screen raised",
    ),
    (
        [(at(0), "ric", "standard"), (at(1), "stalking", "medium"), (at(2), "victim_view", "high")],
        "high",
        "the highest of several later screens",
    ),
    ([(at(0), "stalking", "medium")], "medium", "only a screen"),
    ([(at(0), "stalking", "medium"), (at(1), "victim_view", "standard")], "medium", "no checklist: highest screen"),
    ([(at(0), "ric", "medium"), (at(0), "ric", "high")], "high", "two checklists at one instant: the higher"),
    (
        [
            (datetime(2026, 3, 29, 1, 30, tzinfo=UTC), "ric", "high"),
            (datetime(2026, 3, 29, 2, 0, tzinfo=LONDON), "ric", "standard"),
        ],
        "high",
        "02:00 London on clocks-forward day is 01:00 UTC, so the high checklist is the later one",
    ),
]


@pytest.mark.parametrize(("rows", "expected", "why"), GRADES, ids=[why for _, _, why in GRADES])
def test_it_grades_the_case_from_its_assessments(
    rows: list[tuple[datetime, str, str]], expected: str, why: str
) -> None:
    assert current_grade(rows) == expected


def test_it_accepts_any_iterable_of_rows() -> None:
    assert current_grade(iter([(at(0), "ric", "medium")])) == "medium"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ((datetime(2026, 3, 2, 9), "ric", "high"), "timezone-aware"),
        ((T0.date(), "ric", "high"), "must be a datetime"),
        (("2026-03-02T09:00Z", "ric", "high"), "must be a datetime"),
        ((T0, "ric", "very high"), "unknown level"),
        ((T0, "ric", "High"), "unknown level"),
        ((T0, "", "high"), "instrument_id"),
    ],
)
def test_it_refuses_a_naive_datetime_or_an_unknown_level(row: tuple[datetime, str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        current_grade([(at(-1), "ric", "standard"), row])


ROW = st.tuples(
    st.integers(min_value=0, max_value=20).map(lambda hour: at(hour)),
    st.sampled_from(["ric", "stalking", "victim_view"]),
    st.sampled_from(LEVELS),
)


@given(st.lists(ROW, max_size=12), st.randoms())
def test_it_does_not_depend_on_the_order_of_the_rows(rows: list[tuple[datetime, str, str]], rng: Random) -> None:
    shuffled = list(rows)
    rng.shuffle(shuffled)
    assert current_grade(shuffled) == current_grade(rows)


@given(st.lists(ROW, min_size=1, max_size=12), ROW)
def test_a_later_screen_never_lowers_the_grade(
    rows: list[tuple[datetime, str, str]], screen: tuple[datetime, str, str]
) -> None:
    latest = max(completed_at for completed_at, _, _ in rows)
    later = (latest + timedelta(minutes=1), "stalking", screen[2])
    before = current_grade(rows)
    after = current_grade([*rows, later])
    assert before is not None
    assert after is not None
    assert LEVELS.index(after) >= LEVELS.index(before)
    assert LEVELS.index(after) >= LEVELS.index(screen[2])


@given(st.lists(ROW, max_size=12), st.sampled_from(LEVELS))
def test_the_latest_checklist_alone_decides_when_nothing_follows_it(
    rows: list[tuple[datetime, str, str]], level: str
) -> None:
    latest = max((completed_at for completed_at, _, _ in rows), default=T0)
    assert current_grade([*rows, (latest + timedelta(minutes=1), "ric", level)]) == level


@given(st.lists(ROW, min_size=1, max_size=12))
def test_the_grade_is_one_of_the_levels_given(rows: list[tuple[datetime, str, str]]) -> None:
    assert current_grade(rows) in {level for _, _, level in rows}

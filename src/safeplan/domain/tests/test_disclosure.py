"""Clare's Law clocks and figures, without a database."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplan.domain.disclosure import days_between, disclosure_clocks, median, percentile

LONDON = ZoneInfo("Europe/London")


def test_the_clocks_of_a_request_received_on_a_friday_evening() -> None:
    received = datetime(2026, 12, 18, 19, 30, tzinfo=LONDON)  # a Friday before Christmas
    clocks = disclosure_clocks(
        received, nation="england-and-wales", initial_contact_hours=24, face_to_face_working_days=10, decision_days=28
    )
    assert clocks.initial_contact_due == datetime(2026, 12, 19, 19, 30, tzinfo=LONDON)
    # 10 working days skip two weekends, Christmas Day, Boxing Day (substitute Monday 28th) and 1 January.
    assert clocks.face_to_face_due.date() == datetime(2027, 1, 6).date()
    # 28 calendar days, to the end of the day.
    assert clocks.decision_due == datetime(2027, 1, 15, 23, 59, 59, 999999, tzinfo=LONDON)


def test_a_naive_time_or_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        disclosure_clocks(
            datetime(2026, 1, 1),
            nation="scotland",
            initial_contact_hours=24,
            face_to_face_working_days=10,
            decision_days=28,
        )
    with pytest.raises(ValueError, match="negative"):
        disclosure_clocks(
            datetime(2026, 1, 1, tzinfo=UTC),
            nation="scotland",
            initial_contact_hours=24,
            face_to_face_working_days=-1,
            decision_days=28,
        )


def test_days_to_decision_count_london_days() -> None:
    received = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # 23:30 in London too (GMT)
    assert days_between(received, datetime(2026, 3, 2, 0, 30, tzinfo=UTC)) == 1
    assert days_between(received, datetime(2026, 3, 1, 23, 59, tzinfo=UTC)) == 0


def test_median_and_nearest_rank_percentile() -> None:
    assert median([]) is None
    assert percentile([], 0.9) is None
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 2, 3]) == 2.5
    days = list(range(1, 11))
    assert percentile(days, 0.9) == 9
    assert percentile(days, 1) == 10
    assert percentile([40], 0.9) == 40


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=50))
def test_the_percentile_is_always_a_value_that_occurred(values: list[int]) -> None:
    p90 = percentile(values, 0.9)
    assert p90 in values
    assert sum(v <= p90 for v in values) >= 0.9 * len(values)

"""Clare's Law clocks and figures: the stage deadlines of a request, and the days it took to decide.

A request's clocks all run from when it was received: the initial contact and immediate-risk
check within a number of hours, the face-to-face meeting within a number of working days of
the nation, and the decision within a number of calendar days (every source says "28 days";
none says working days, so calendar days it is, and the number is a setting).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from safeplan.domain.workdays import end_of_day, london_day, working_day_deadline


@dataclass(frozen=True)
class Clocks:
    initial_contact_due: datetime
    face_to_face_due: datetime
    decision_due: datetime


def disclosure_clocks(
    received_at: datetime,
    *,
    nation: str,
    initial_contact_hours: int,
    face_to_face_working_days: int,
    decision_days: int,
) -> Clocks:
    """Return a request's stage deadlines. Raise ValueError for a naive time, an unknown nation or a negative count."""
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be timezone-aware")
    if min(initial_contact_hours, face_to_face_working_days, decision_days) < 0:
        raise ValueError("a clock cannot be negative")
    return Clocks(
        initial_contact_due=received_at + timedelta(hours=initial_contact_hours),
        face_to_face_due=working_day_deadline(received_at, face_to_face_working_days, nation),
        decision_due=end_of_day(london_day(received_at) + timedelta(days=decision_days)),
    )


def days_between(received_at: datetime, decided_at: datetime) -> int:
    """Return the calendar days (in Europe/London) from the day received to the day decided: same day is 0."""
    return (london_day(decided_at) - london_day(received_at)).days


def percentile(values: Sequence[float], share: float) -> float | None:
    """Return the nearest-rank percentile (share from 0 to 1) of the values, or None when there are none.

    Nearest rank, not interpolation: the figure is always a number of days that some request took.
    """
    if not 0 < share <= 1:
        raise ValueError("share must be above 0 and at most 1")
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


def median(values: Sequence[float]) -> float | None:
    """Return the median (the mean of the middle two for an even count), or None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2

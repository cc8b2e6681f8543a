"""Quarters and months in Europe/London: the periods every report counts over.

A quarter is written "2026-Q3" in addresses and exports; it runs from midnight in London on
its first day to midnight on the first day of the next, so an event at 00:30 BST on 1 July
falls in the third quarter whatever the server's clock says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from safeplan.domain.workdays import LONDON, london_day

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @property
    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, datetime.min.time(), tzinfo=LONDON)

    @property
    def end(self) -> datetime:
        """Return the start of the next quarter: a period is start <= t < end."""
        return self.next.start

    @property
    def months(self) -> list[str]:
        """Return the quarter's months as "2026-07", "2026-08", "2026-09"."""
        return [f"{self.year}-{month:02d}" for month in range(3 * self.number - 2, 3 * self.number + 1)]

    @property
    def last_day(self) -> date:
        return self.next.first_day - timedelta(days=1)


def quarter_of(moment: datetime | date) -> Quarter:
    day = london_day(moment) if isinstance(moment, datetime) else moment
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def current_quarter() -> Quarter:
    return quarter_of(timezone.now())


def recent_quarters(count: int = 8) -> list[Quarter]:
    """Return the current quarter and the count - 1 before it, newest first."""
    found = [current_quarter()]
    while len(found) < count:
        found.append(found[-1].previous)
    return found


def parse_quarter(text: str | None, default: Quarter | None = None) -> Quarter:
    """Return the quarter written as "2026-Q3"; the default (the current quarter) for anything else.

    Only a quarter offered by recent_quarters() is accepted, so an address cannot ask for a
    period nobody can choose (and a report never counts into the future).
    """
    choices = recent_quarters()
    match = QUARTER.match(text or "")
    if match:
        wanted = Quarter(int(match.group(1)), int(match.group(2)))
        if wanted in choices:
            return wanted
    return default or choices[0]

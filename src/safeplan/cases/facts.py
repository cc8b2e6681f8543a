"""What other apps know about a case, gathered for a page of cases in one query per app.

The case lists, the home page and the case header show a case's grade, the age of that grade,
its next due date and whether it has a safety plan. Those belong to apps above this one (risk,
timeline, plans), so each fills its part of CaseFacts for many cases at once from its
AppConfig.ready():

    facts.register(fill_risk_facts)

``filler(facts)`` gets {case id: CaseFacts} and sets its own fields, in one query whatever the
number of cases, reading only those cases (which have already passed the access check).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from safeplan.cases.models import Case


@dataclass
class CaseFacts:
    # risk: the case's grade ("standard", "medium", "high" or None), when the assessment that
    # set it was made, and when the routine review of that grade is due.
    grade: str | None = None
    grade_since: datetime | None = None
    review_due: datetime | None = None
    # timeline: the soonest deadline of the case's open obligations, and how many are overdue.
    next_due: datetime | None = None
    overdue: int = 0
    # plans: whether a safety plan has been saved, and whether a review of it is overdue.
    has_plan: bool = False
    plan_review_overdue: bool = False

    def review_overdue(self, now: datetime) -> bool:
        return self.review_due is not None and self.review_due < now

    def needs_attention(self, now: datetime) -> bool:
        """Return True for a high-risk case whose review is overdue or that has no current plan."""
        return self.grade == "high" and (self.review_overdue(now) or not self.has_plan or self.plan_review_overdue)


Filler = Callable[[dict[int, CaseFacts]], None]
FILLERS: list[Filler] = []


def register(filler: Filler) -> None:
    if filler not in FILLERS:
        FILLERS.append(filler)


@dataclass(frozen=True)
class Ordering:
    """A way to sort a case list by something another app knows (the next deadline)."""

    key: str
    label: Any
    apply: Callable[[QuerySet[Case]], QuerySet[Case]]


ORDERINGS: dict[str, Ordering] = {}


def register_ordering(ordering: Ordering) -> None:
    ORDERINGS.setdefault(ordering.key, ordering)


def facts_for(cases: Iterable[Case]) -> dict[int, CaseFacts]:
    """Return {case id: CaseFacts} for the cases, each registered app filling its part."""
    found = {case.pk: CaseFacts() for case in cases}
    if found:
        for filler in FILLERS:
            filler(found)
    return found


def attach(cases: Iterable[Case]) -> list[Case]:
    """Return the cases as a list, each with its CaseFacts as ``case.facts``."""
    listed = list(cases)
    found = facts_for(listed)
    for case in listed:
        case.facts = found[case.pk]  # type: ignore[attr-defined]
    return listed
